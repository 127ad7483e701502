// Persistence on a bad day: stored data that does not parse, data from a newer release, storage
// that refuses to save, and storage that is disabled. None may silently reset the organization;
// the raw stored text is kept and can be downloaded; nothing held in memory is lost. And an
// earlier release's localStorage data: read, and moved to IndexedDB on the first change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer as addServerVia, store, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const KEY = 'mdm-link.state';

const addServer = (page, name) => addServerVia(app, name, path.join(EXAMPLES, 'rsa2048.pem'), page);

test('stored text that is not JSON: banner, exact download, and the stored text is never overwritten', async () => {
  const { page } = app;
  await app.open();
  const garbage = '{"schema": 2, "organization": {"name": "Acme", "servers": [ TRUNCATED';
  await store.change(page, { clear: true, puts: { [KEY]: garbage } });
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
  assert.equal(await store.get(page, KEY), garbage);
  // Only the admin's explicit choice replaces it.
  await page.getByRole('button', { name: 'Replace stored data with this organization' }).click();
  await page.getByRole('alertdialog', { name: 'Replace the stored data?' })
    .getByRole('button', { name: 'Replace stored data' }).click();
  await banner.waitFor({ state: 'detached' });
  const stored = await store.waitForRoot(page, (r) => r.schema === 4);
  assert.equal(stored.organization.servers.length, 1);
});

test('data from a newer release is kept and named, not reset', async () => {
  const { page } = app;
  const future = JSON.stringify({ schema: 99, organization: { name: 'From the future' } });
  await store.change(page, { clear: true, puts: { [KEY]: future } });
  await app.open('#/preferences/mdm-servers');
  const banner = page.getByRole('alert').filter({ hasText: 'read-only' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /99/);
  assert.match(await banner.innerText(), /newer/i);
  assert.equal(await store.get(page, KEY), future);
  await store.change(page, { clear: true });
});

test('a first-version document in localStorage (an earlier release) loads, and moves to IndexedDB on the first change', async () => {
  const { page } = app;
  const v1 = fs.readFileSync(path.join(EXAMPLES, 'state/v1-populated.json'), 'utf8');
  await store.change(page, { clear: true });
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, v1]);
  await app.open('#/preferences/mdm-servers');
  const rows = page.getByRole('table').first().locator('tbody tr');
  await rows.first().waitFor();
  const expected = JSON.parse(v1).organization.servers.length;
  assert.equal(await rows.count(), expected);
  assert.equal(await page.getByRole('alert').count(), 0);
  // Merely opening it changes nothing in either store.
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), v1);
  assert.equal(await store.root(page), null);
  // The first change moves it: IndexedDB has everything, localStorage only the marker that
  // makes an earlier release read-only.
  await page.getByLabel('Mac', { exact: true }).selectOption({ index: 1 });
  const moved = await store.waitForRoot(page, (r) => r.schema === 4);
  assert.equal(moved.organization.servers.length, expected);
  await page.waitForFunction((key) => JSON.parse(localStorage.getItem(key)).layout === 'moved', KEY);
  assert.deepEqual(JSON.parse(await page.evaluate((key) => localStorage.getItem(key), KEY)),
    { schema: 4, layout: 'moved', to: 'IndexedDB' });
  await app.open('#/preferences/mdm-servers');
  await rows.first().waitFor();
  assert.equal(await rows.count(), expected, 'read from IndexedDB now');
  await store.change(page, { clear: true });
  await page.evaluate(() => localStorage.clear());
});

test('storage refusing to save: the change stays on screen, the banner says it was not saved, and a later save recovers', async () => {
  const { page } = app;
  await app.open('#/preferences/mdm-servers');
  await page.evaluate(() => {
    window.__realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await addServer(page, 'Kept in memory');
  const banner = page.getByRole('alert').filter({ hasText: 'not saved' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /full|quota/i);
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  assert.ok(await page.getByRole('link', { name: 'Kept in memory' }).isVisible());
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__realPut; });
  await page.getByLabel('Mac', { exact: true }).selectOption({ label: 'Kept in memory' });
  await banner.waitFor({ state: 'detached' });
  const stored = await store.root(page);
  assert.ok(stored.organization.servers.some((s) => s.name === 'Kept in memory'));
});

test('storage disabled: the app works in memory and says so', async () => {
  const { page } = app;
  await page.addInitScript(() => {
    for (const name of ['indexedDB', 'localStorage']) {
      Object.defineProperty(window, name, {
        get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
      });
    }
  });
  await app.open('#/preferences/mdm-servers');
  const banner = page.getByRole('alert').filter({ hasText: 'not available' });
  await banner.waitFor();
  await addServer(page, 'Memory only');
  assert.ok(await page.getByRole('heading', { name: 'Memory only', level: 2 }).isVisible());
});

test('two tabs: a change in one shows in the other, and neither overwrites the other', async () => {
  const { context } = app;
  const fresh = await context.newPage();
  await fresh.goto('about:blank');
  // The previous test disabled storage through an init script on the first page only.
  const [tabA, tabB] = [fresh, await context.newPage()];
  for (const tab of [tabA, tabB]) {
    await tab.goto(app.baseUrl + '#/preferences/mdm-servers');
    await tab.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
  }
  await store.change(tabA, { clear: true });
  for (const tab of [tabA, tabB]) await tab.reload();
  await tabB.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
  await tabB.evaluate(() => { window.__sameDocument = true; });
  await addServerVia(app, 'From tab A', path.join(EXAMPLES, 'rsa2048.pem'), tabA);
  // Tab B was not reloaded (the marker survives) and shows tab A's server.
  await tabB.getByRole('link', { name: 'From tab A' }).waitFor();
  assert.equal(await tabB.evaluate(() => window.__sameDocument), true);
  await tabB.getByRole('button', { name: 'Add', exact: true }).click();
  await tabB.getByLabel('Name', { exact: true }).fill('From tab B');
  await tabB.getByLabel('Public key certificate').setInputFiles(path.join(EXAMPLES, 'rsa2048.pem'));
  await tabB.getByText('can be used for an MDM server').waitFor();
  await tabB.getByRole('button', { name: 'Save' }).click();
  await tabB.getByRole('heading', { name: 'From tab B', level: 2 }).waitFor();
  await tabA.evaluate(() => { window.__sameDocument = true; });
  await tabA.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  await tabA.getByRole('link', { name: 'From tab B' }).waitFor();
  assert.equal(await tabA.evaluate(() => window.__sameDocument), true);
  const stored = await store.root(tabA);
  assert.deepEqual(stored.organization.servers.map((s) => s.name).sort(), ['From tab A', 'From tab B']);
  await tabA.close();
  await tabB.close();
});
