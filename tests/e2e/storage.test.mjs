// Persistence on a bad day: stored data that does not parse, data from a newer release, storage
// that is full, and storage that is disabled. None may silently reset the organization; the raw
// stored text is kept and can be downloaded; nothing held in memory is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const KEY = 'mdm-link.state';

async function addServer(page, name) {
  await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Public key certificate').setInputFiles(path.join(EXAMPLES, 'rsa2048.pem'));
  await page.getByText('can be used for an MDM server').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

test('stored text that is not JSON: banner, exact download, and the stored text is never overwritten', async () => {
  const { page } = app;
  await app.open();
  const garbage = '{"schema": 2, "organization": {"name": "Acme", "servers": [ TRUNCATED';
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, garbage]);
  await app.open('#/preferences/mdm-servers');
  const banner = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /line 1, column \d+|not JSON|not valid JSON/i);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    banner.getByRole('button', { name: 'Download stored data' }).click(),
  ]);
  const saved = path.join(OUT, 'stored-data.json');
  await download.saveAs(saved);
  assert.equal(fs.readFileSync(saved, 'utf8'), garbage);
  // Working on meanwhile does not touch the stored text.
  await addServer(page, 'Scratch server');
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), garbage);
  // Only the admin's explicit choice replaces it.
  await page.getByRole('button', { name: 'Replace stored data with this organization' }).click();
  await banner.waitFor({ state: 'detached' });
  const stored = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), KEY));
  assert.equal(stored.schema, 2);
  assert.equal(stored.organization.servers.length, 1);
});

test('data from a newer release is kept and named, not reset', async () => {
  const { page } = app;
  const future = JSON.stringify({ schema: 99, organization: { name: 'From the future' } });
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, future]);
  await app.open('#/preferences/mdm-servers');
  const banner = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /99/);
  assert.match(await banner.innerText(), /newer/i);
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), future);
  await page.evaluate((key) => localStorage.removeItem(key), KEY);
});

test('a first-version document migrates and loads', async () => {
  const { page } = app;
  const v1 = fs.readFileSync(path.join(EXAMPLES, 'state/v1-populated.json'), 'utf8');
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, v1]);
  await app.open('#/preferences/mdm-servers');
  const rows = page.getByRole('table').first().locator('tbody tr');
  await rows.first().waitFor();
  const expected = JSON.parse(v1).organization.servers.length;
  assert.equal(await rows.count(), expected);
  assert.equal(await page.getByRole('alert').count(), 0);
  await page.evaluate((key) => localStorage.removeItem(key), KEY);
});

test('storage full: the change stays on screen, the banner says it was not saved, and a later save recovers', async () => {
  const { page } = app;
  await app.open('#/preferences/mdm-servers');
  await page.evaluate(() => {
    window.__realSetItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await addServer(page, 'Kept in memory');
  const banner = page.getByRole('alert').filter({ hasText: 'not saved' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /full|quota/i);
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  assert.ok(await page.getByRole('link', { name: 'Kept in memory' }).isVisible());
  await page.evaluate(() => { Storage.prototype.setItem = window.__realSetItem; });
  await page.getByLabel('Mac', { exact: true }).selectOption({ label: 'Kept in memory' });
  await banner.waitFor({ state: 'detached' });
  const stored = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), KEY));
  assert.ok(stored.organization.servers.some((s) => s.name === 'Kept in memory'));
});

test('storage disabled: the app works in memory and says so', async () => {
  const { page } = app;
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
    });
  });
  await app.open('#/preferences/mdm-servers');
  const banner = page.getByRole('alert').filter({ hasText: 'not available' });
  await banner.waitFor();
  await addServer(page, 'Memory only');
  assert.ok(await page.getByRole('heading', { name: 'Memory only', level: 2 }).isVisible());
});
