// MDM Server Assignment as an admin uses it: add servers with real certificates, have bad names
// and bad files refused with reasons, sort and filter, set defaults, rename, delete (moving a
// default first), and find everything again after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const example = (name) => path.join(EXAMPLES, name);

async function openAssignment(page) {
  await page.getByRole('button', { name: /Administrator/ }).click();
  await page.getByRole('menuitem', { name: 'Preferences' }).click();
  await page.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
}

async function addServer(page, name, certificate, { release = false } = {}) {
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('heading', { name: 'Add MDM server' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Public key certificate').setInputFiles(certificate);
  await page.getByText('can be used for an MDM server').waitFor();
  const release_box = page.getByLabel('Allow this MDM server to release devices');
  assert.equal(await release_box.isChecked(), false, 'release devices starts off');
  if (release) await release_box.check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

const serverRows = (page) => page.getByRole('table').first().locator('tbody tr');

test('add three servers; bad names and bad files are refused with their reasons', async () => {
  const { page } = app;
  await app.open();
  await openAssignment(page);
  assert.match(await page.getByRole('region', { name: 'MDM Server Assignment' }).innerText(), /No MDM servers are linked yet/);

  await addServer(page, 'Cupertino iPads', example('rsa2048.pem'), { release: true });
  assert.match(await page.locator('#token-status').innerText(), /^No token yet/);
  assert.match(page.url(), /#\/preferences\/mdm-servers\/\d+$/);
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  await addServer(page, 'Building 4 – Room 12', example('token/rsa3072.crt.der'));
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  await addServer(page, 'Berlin Macs', example('rsa4096.pem'));
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();

  // Names: reserved in any case and spacing, and a case-variant duplicate.
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const name = page.getByLabel('Name', { exact: true });
  const help = page.locator('#server-name-help');
  for (const [typed, reason] of [
    ['unassigned', /reserved/i],
    [' Reassigned ', /reserved/i],
    ['CUPERTINO ipads', /already|another server|in use/i],
    ['   ', /empty|enter a name|type a name/i],
    ['x'.repeat(101), /101 characters/],
  ]) {
    await name.fill(typed);
    assert.match(await help.innerText(), reason, `name ${JSON.stringify(typed)}`);
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
  }
  await name.fill('Cupertino iPads 2');
  assert.equal(await name.getAttribute('aria-invalid'), null);

  // Files: a private key and an EC certificate are refused; Save stays disabled.
  const file = page.getByLabel('Public key certificate');
  await file.setInputFiles(example('key-pkcs8.der'));
  const refusal = page.getByRole('alert').filter({ hasText: 'key-pkcs8.der' });
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /private key/i);
  assert.ok(await page.getByRole('button', { name: 'Save' }).isDisabled());
  await file.setInputFiles(example('ec-p256.pem'));
  const ec = page.getByRole('alert').filter({ hasText: 'ec-p256.pem' });
  await ec.waitFor();
  assert.match(await ec.innerText(), /RSA/);
  assert.ok(await page.getByRole('button', { name: 'Save' }).isDisabled());
  await file.setInputFiles(example('chain3.pem'));
  await page.getByRole('alert').filter({ hasText: 'exactly one' }).waitFor();
  // A certificate with warnings (valid for one day) may be used once the admin accepts them.
  await file.setInputFiles(example('one-day.pem'));
  await page.getByText('can be used for an MDM server').waitFor();
  const save = page.getByRole('button', { name: 'Save' });
  assert.ok(await save.isDisabled(), 'warnings not yet accepted');
  await page.getByLabel('I have read the warnings and want to use this certificate').check();
  assert.ok(await save.isEnabled(), 'warnings accepted');
  await page.getByRole('link', { name: 'Cancel' }).click();

  assert.equal(await serverRows(page).count(), 3);
  await page.screenshot({ path: path.join(OUT, 'servers-list.png'), fullPage: true });
});

test('the list sorts by column and filters by text', async () => {
  const { page } = app;
  await app.open('#/preferences/mdm-servers');
  const firstCells = async () => serverRows(page).locator('td:first-child').allInnerTexts();
  assert.deepEqual(await firstCells(), ['Berlin Macs', 'Building 4 – Room 12', 'Cupertino iPads']);
  await page.getByRole('button', { name: 'Name' }).click();
  assert.deepEqual(await firstCells(), ['Cupertino iPads', 'Building 4 – Room 12', 'Berlin Macs']);
  await page.getByRole('button', { name: 'Release devices' }).click();
  assert.equal((await firstCells())[2], 'Cupertino iPads', 'the one allowed to release sorts last ascending');
  await page.getByLabel('Filter servers').fill('berlin');
  assert.deepEqual(await firstCells(), ['Berlin Macs']);
  await page.getByLabel('Filter servers').fill('');
  assert.equal(await serverRows(page).count(), 3);
});

test('defaults per device type, rename, and delete moving a default first', async () => {
  const { page } = app;
  await app.open('#/preferences/mdm-servers');
  await page.getByLabel('iPad', { exact: true }).selectOption({ label: 'Cupertino iPads' });
  await page.getByLabel('Mac', { exact: true }).selectOption({ label: 'Berlin Macs' });
  await page.getByLabel('Apple TV', { exact: true }).selectOption({ label: 'Cupertino iPads' });
  const row = serverRows(page).filter({ hasText: 'Cupertino iPads' });
  assert.match(await row.innerText(), /iPad, Apple TV|Apple TV, iPad/);

  // Rename, with the same rules.
  await page.getByRole('link', { name: 'Berlin Macs' }).click();
  await page.getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByLabel('Name', { exact: true });
  await rename.fill('building 4 – room 12');
  assert.match(await page.locator('#rename-help').innerText(), /already|another server|in use/i);
  await rename.fill('Berlin Mac Lab');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByRole('heading', { name: 'Berlin Mac Lab', level: 2 }).waitFor();

  // Delete a server that is a default: the confirmation names it and asks where defaults go.
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  await page.getByRole('link', { name: 'Cupertino iPads' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  assert.match(await dialog.innerText(), /Delete “Cupertino iPads”\?/);
  assert.match(await dialog.innerText(), /default server for iPad, Apple TV/);
  await dialog.getByLabel('New default for iPad').selectOption({ label: 'Building 4 – Room 12' });
  await dialog.getByRole('button', { name: 'Delete “Cupertino iPads”' }).click();
  await page.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
  assert.equal(await serverRows(page).count(), 2);
  assert.equal(await page.getByLabel('iPad', { exact: true }).inputValue() !== '', true);
  assert.equal(
    await page.getByLabel('iPad', { exact: true }).locator('option:checked').innerText(),
    'Building 4 – Room 12',
  );
  assert.equal(await page.getByLabel('Apple TV', { exact: true }).locator('option:checked').innerText(), 'No default');
});

test('a reload brings back exactly what was there', async () => {
  const { page } = app;
  await app.open('#/preferences/mdm-servers');
  // What the admin sees: a closed picker shows its chosen option (the list behind it is filled
  // after the page is painted, so it is not compared).
  const shown = () => page.getByRole('region', { name: 'MDM Server Assignment' }).evaluate((region) => {
    const copy = region.cloneNode(true);
    const originals = region.querySelectorAll('select');
    copy.querySelectorAll('select').forEach((select, i) => {
      select.replaceWith(`[${originals[i].selectedOptions[0]?.text ?? ''}]`);
    });
    document.body.append(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
  });
  const before = await shown();
  await page.reload();
  await page.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
  const after = await shown();
  assert.equal(after, before);
  assert.deepEqual(await serverRows(page).locator('td:first-child').allInnerTexts(), ['Berlin Mac Lab', 'Building 4 – Room 12']);
  assert.equal(await page.getByLabel('Mac', { exact: true }).locator('option:checked').innerText(), 'Berlin Mac Lab');
  assert.deepEqual(app.pageErrors, []);
});
