// Roles and the token lifecycle through people: a Staff member finds every changing control
// of MDM Server Assignment disabled with its reason; a token downloaded by a Device Enrollment
// Manager needs replacing when that person's password is reset and when they leave; the banner
// follows each; the activity CSV has a row for each change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer as addServerVia, addUser as addUserVia, describedBy as description, signInAs as signInVia, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const SERVERS_DENIED = /Only an Administrator or a Device Enrollment Manager can .+ You are signed in as Staff\./;
const sidebar = () => app.page.getByRole('navigation', { name: 'MDM Link' });


const signInAs = (name) => signInVia(app.page, name);

async function addUser(name, account, role) {
  const { page } = app;
  await sidebar().getByRole('link', { name: 'Users' }).click();
  await addUserVia(page, name, account, role);
  await page.getByRole('table', { name: 'People' }).getByRole('row', { name: new RegExp(name) }).waitFor();
}

const addServer = (name, certificate) => addServerVia(app, name, certificate);

async function openServer(name) {
  const { page } = app;
  await page.goto(app.baseUrl + '#/preferences/mdm-servers');
  await page.getByRole('table').first().getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

async function downloadToken() {
  const { page } = app;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Token', exact: true }).click(),
  ]);
  await download.saveAs(path.join(OUT, `roles-${Date.now()}-${download.suggestedFilename()}`));
}

const status = () => app.page.locator('#token-status').innerText();
const banner = () => app.page.getByRole('region', { name: /server tokens? needs? action/ });

test('a Staff member sees every changing control disabled, each with its reason', async () => {
  const { page } = app;
  await app.open();
  await addServer('Staff View', path.join(EXAMPLES, 'rsa2048.pem'));
  await downloadToken();
  await page.getByLabel('Upload new public key').setInputFiles(path.join(EXAMPLES, 'token/rsa3072.crt.pem'));
  await page.getByRole('button', { name: 'Replace certificate' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Replace public key' }).click();
  await addUser('Sam Staffer', 'sam@example.com', 'Staff');
  await signInAs('Sam Staffer');

  await page.goto(app.baseUrl + '#/preferences/mdm-servers');
  const add = page.getByRole('button', { name: 'Add', exact: true });
  assert.ok(await add.isDisabled());
  assert.match(await description(add), SERVERS_DENIED);
  for (const device of ['Mac', 'iPhone', 'iPad', 'Apple TV', 'Apple Vision Pro', 'Apple Watch']) {
    const select = page.getByLabel(device, { exact: true });
    assert.ok(await select.isDisabled(), `${device} default is disabled`);
    assert.match(await description(select), SERVERS_DENIED);
  }
  // The banner explains instead of offering a download.
  await banner().waitFor();
  assert.equal(await banner().getByRole('button').count(), 0);
  assert.match(await banner().innerText(), /Ask one of them to download new tokens/);

  await page.getByRole('link', { name: 'Staff View', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Staff View', level: 2 }).waitFor();
  for (const name of ['Download Token', 'Rename', 'Delete']) {
    const button = page.getByRole('button', { name, exact: true });
    assert.ok(await button.isDisabled(), `${name} is disabled`);
    assert.match(await description(button), SERVERS_DENIED, `${name} says why`);
  }
  const upload = page.getByLabel('Upload new public key');
  assert.ok(await upload.isDisabled());
  assert.match(await description(upload), SERVERS_DENIED);
  const release = page.getByLabel('Allow this MDM server to release devices');
  assert.ok(await release.isDisabled());
  assert.match(await description(release), SERVERS_DENIED);
  // Reading is still allowed: the certificate and token history are visible.
  assert.ok(await page.getByRole('table', { name: 'Token history' }).isVisible());
  await page.screenshot({ path: path.join(OUT, 'server-page-staff.png'), fullPage: true });
  await signInAs('Administrator');
});

test('a token stops working when its downloader changes their password or leaves', async () => {
  const { page } = app;
  await addServer('People Lifecycle', path.join(EXAMPLES, 'token/rsa2048.crt.pem'));
  await addUser('Dana Enroll', 'dana@example.com', 'Device Enrollment Manager');
  await signInAs('Dana Enroll');
  await openServer('People Lifecycle');
  await downloadToken();
  assert.match(await status(), /^Active, expires on/);
  await signInAs('Administrator');

  // Dana changes their Managed Apple Account password.
  await sidebar().getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Record password change for Dana Enroll' }).click();
  const reset = page.getByRole('alertdialog', { name: 'Record password change' });
  await reset.getByRole('button', { name: 'Record password change' }).click();
  await reset.waitFor({ state: 'detached' });
  await openServer('People Lifecycle');
  assert.match(await status(), /^Needs a new token: Dana Enroll, who downloaded it, changed their password on \d{4}-\d{2}-\d{2}/);
  assert.match(await banner().innerText(), /People Lifecycle: Needs a new token: Dana Enroll, who downloaded it, changed their password/);

  // Dana downloads a new one; then Dana leaves the organization.
  await signInAs('Dana Enroll');
  await openServer('People Lifecycle');
  await downloadToken();
  assert.match(await status(), /^Active, expires on/);
  await signInAs('Administrator');
  await sidebar().getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Remove Dana Enroll' }).click();
  const remove = page.getByRole('alertdialog', { name: 'Remove from organization' });
  await remove.getByRole('button', { name: 'Remove' }).click();
  await remove.waitFor({ state: 'detached' });
  await openServer('People Lifecycle');
  assert.match(await status(), /^Needs a new token: Dana Enroll, who downloaded it, left the organization on \d{4}-\d{2}-\d{2}/);
  assert.match(await banner().innerText(), /People Lifecycle: Needs a new token: Dana Enroll, who downloaded it, left the organization/);
  const history = await page.getByRole('table', { name: 'Token history' }).locator('tbody tr').allInnerTexts();
  assert.equal(history.length, 2);
  assert.match(history[0], /Dana Enroll/);
  // The first token stopped working when Dana's password changed, before it was replaced.
  assert.match(history[1], /Stopped working on \d{4}-\d{2}-\d{2}: Dana Enroll changed their password/);

  // The admin downloads a fresh token: the banner entry goes.
  await downloadToken();
  assert.match(await status(), /^Active, expires on/);
  assert.doesNotMatch(await banner().innerText().catch(() => ''), /People Lifecycle/);
});

test('the activity CSV has a row for every change, newest first', async () => {
  const { page } = app;
  await sidebar().getByRole('link', { name: 'Activity' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const file = path.join(OUT, 'roles-activity.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
  assert.equal(lines[0], '\uFEFFtime,actor,action,subject,name,detail', 'a UTF-8 byte-order mark, then the header');
  const rows = lines.slice(1).map((line) => line.split(','));
  const actions = rows.map((r) => r[2]);
  for (const expected of ['server-added', 'token-downloaded', 'certificate-replaced', 'user-added', 'signed-in', 'password-reset', 'user-removed']) {
    assert.ok(actions.includes(expected), `CSV has a ${expected} row`);
  }
  const times = rows.map((r) => r[0]);
  assert.deepEqual([...times].sort().reverse(), times, 'newest first');
  const downloads = rows.filter((r) => r[2] === 'token-downloaded' && r[4] === 'People Lifecycle');
  assert.equal(downloads.length, 3);
  assert.deepEqual(downloads.map((r) => r[1]).sort(), ['Administrator', 'Dana Enroll', 'Dana Enroll']);
  const table = page.getByRole('table', { name: 'Activity' });
  assert.equal(await table.locator('tbody tr').count(), rows.length);
});
