// One truth per rule, end to end: a key the check once let through is refused by the check and
// the Add form with the core's sentence (it used to be saved, and then Download Token failed);
// two changes fired in one event both land; pasted texts are numbered and never called a file;
// a full quota says what to do and recovers when asked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, addServer, store, EXAMPLES } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const KEY = 'mdm-link.state';
const stored = (page) => store.root(page);

test('a certificate whose RSA modulus has an extra leading zero is Not usable in the check and refused by the Add form', async () => {
  const { page } = app;
  const file = path.join(EXAMPLES, 'rsa-edge/modulus-leading-zero.der');
  await app.open('#/certificate-check');
  await page.getByLabel('Certificate files').setInputFiles(file);
  const article = page.getByRole('article', { name: 'modulus-leading-zero.der' });
  await article.waitFor();
  assert.match(await article.innerText(), /For an MDM server: Not usable/);
  const finding = article.locator('[data-code="rsa-key-malformed"]');
  assert.match(await finding.innerText(), /modulus is written with extra leading zero bytes/);

  await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
  await page.getByLabel('Name', { exact: true }).fill('Zero padded');
  await page.getByLabel('Public key certificate').setInputFiles(file);
  const refusal = page.getByRole('alert').filter({ hasText: 'cannot be used for an MDM server' });
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /extra leading zero bytes/);
  assert.equal(await page.getByRole('button', { name: 'Save' }).isDisabled(), true);
  assert.equal((await stored(page))?.organization?.servers?.length ?? 0, 0);
  assert.deepEqual(app.pageErrors, []);
});

test('two default changes fired in one event are both kept', async () => {
  const { page } = app;
  await addServer(app, 'Cupertino iPads', path.join(EXAMPLES, 'rsa2048.pem'));
  await addServer(app, 'Lab Macs', path.join(EXAMPLES, 'rsa3072.pem'));
  await page.goto(app.baseUrl + '#/preferences/mdm-servers');
  await page.getByLabel('iPad', { exact: true }).waitFor();
  const ids = Object.fromEntries((await stored(page)).organization.servers.map((s) => [s.name, String(s.id)]));
  // Both changes in one task: no render can happen between them.
  await page.evaluate(([ipad, mac]) => {
    const pick = (label, value) => {
      const select = [...document.querySelectorAll('select')].find((s) => s.labels[0]?.textContent === label);
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    pick('iPad', ipad);
    pick('Mac', mac);
  }, [ids['Cupertino iPads'], ids['Lab Macs']]);
  await store.waitForRoot(page, (r) => r.organization.defaults.ipad !== null && r.organization.defaults.mac !== null);
  const defaults = (await stored(page)).organization.defaults;
  assert.equal(String(defaults.ipad), ids['Cupertino iPads']);
  assert.equal(String(defaults.mac), ids['Lab Macs']);
  assert.equal(await page.getByLabel('iPad', { exact: true }).locator('option:checked').innerText(), 'Cupertino iPads');
  assert.equal(await page.getByLabel('Mac', { exact: true }).locator('option:checked').innerText(), 'Lab Macs');
});

test('pasted texts are numbered, and their messages speak of pasted text', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  const paste = page.getByLabel('Paste certificate');
  for (const text of ['not a certificate at all', '{"json": true}']) {
    await paste.fill(text);
    await page.getByRole('button', { name: 'Check pasted text' }).click();
  }
  const first = page.getByRole('article', { name: 'Pasted text 1', exact: true });
  const second = page.getByRole('article', { name: 'Pasted text 2', exact: true });
  await second.waitFor();
  for (const article of [first, second]) {
    const text = await article.innerText();
    assert.match(text, /The pasted text contains no certificate/);
    assert.doesNotMatch(text.split('\n').slice(1).join(' '), /\bfile\b/i);
  }
  assert.match(await second.innerText(), /JSON data/);
});

test('storage full: the banner says to free space, and Try saving again saves once there is room', async () => {
  const { page } = app;
  await page.goto(app.baseUrl + '#/preferences/organization');
  await page.getByLabel('Organization name').waitFor();
  await page.evaluate(() => {
    window.__realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.getByLabel('Organization name').fill('Acme While Full');
  await page.getByRole('button', { name: 'Save name' }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'not saved' });
  await banner.waitFor();
  const text = await banner.innerText();
  assert.match(text, /Free space for this site/);
  assert.doesNotMatch(text, /will be saved with your next change/);
  assert.notEqual((await stored(page)).organization.name, 'Acme While Full');
  // Still full: trying again keeps the banner and the text in the page.
  await banner.getByRole('button', { name: 'Try saving again' }).click();
  await banner.filter({ hasText: 'Tried 2 times; still not saved.' }).waitFor();
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__realPut; });
  await banner.getByRole('button', { name: 'Try saving again' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.equal((await stored(page)).organization.name, 'Acme While Full');
});
