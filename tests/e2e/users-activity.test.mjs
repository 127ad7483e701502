// People, roles and the activity log as an administrator meets them: add, edit, reset, remove,
// switch who is signed in, rename the organization, reload, and read and export the log.
// The tests run in order and share one browser profile (stored data persists between them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const today = () => new Date().toISOString().slice(0, 10);
const sidebar = () => app.page.getByRole('navigation', { name: 'MDM Link' });
const people = () => app.page.getByRole('table', { name: 'People' });
const former = () => app.page.getByRole('table', { name: 'Former members' });
const STAFF_MANAGE = 'Only an Administrator or a People Manager can add, edit or remove people. You are signed in as Staff.';
const STAFF_RESET = 'Only an Administrator or a People Manager can record other people’s password changes. You are signed in as Staff.';

/** The text of the element(s) an element's aria-describedby points at. */
async function description(locator) {
  return locator.evaluate((el) => (el.getAttribute('aria-describedby') || '')
    .split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
}

/** Whether `locator` gets focus within a couple of seconds (focus moves after a render). */
async function focused(locator) {
  for (let i = 0; i < 40; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function goToUsers() {
  await sidebar().getByRole('link', { name: 'Users' }).click();
  await app.page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
}

async function signInAs(pattern) {
  const { page } = app;
  await sidebar().getByRole('button', { expanded: false }).click();
  await page.getByRole('menuitem', { name: 'Sign in as' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in as' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: pattern }).click();
  await dialog.waitFor({ state: 'detached' });
}

test('first launch: the Administrator is signed in, at the bottom of the sidebar', async () => {
  const { page } = app;
  await app.open();
  await sidebar().getByRole('button', { name: 'Administrator', exact: true }).waitFor();
  await goToUsers();
  const me = people().getByRole('row', { name: /Administrator \(you\)/ });
  await me.waitFor();
  assert.equal(await people().getByRole('row').count(), 2, 'header and one person');
  await page.screenshot({ path: path.join(OUT, 'users-first-launch.png'), fullPage: true });
});

test('add a Device Enrollment Manager and a Staff user; a duplicate and a malformed account are refused with the reason beside the field', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Add user' }).click();
  const form = page.getByRole('form', { name: 'Add user' });
  const name = form.getByLabel('Name');
  const account = form.getByLabel('Managed Apple Account');
  assert.equal(await focused(name), true, 'Name gets the cursor');
  await name.fill('Dana Enroll');

  // Someone already has it (compared ignoring case): said beside the field as the admin types.
  await account.fill('ADMIN@example.com');
  await form.getByText('Administrator already uses this account.').first().waitFor();
  assert.equal(await account.getAttribute('aria-invalid'), 'true');
  assert.equal(await description(account), 'Administrator already uses this account.');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.equal(await description(account), 'Administrator already uses this account.', 'Save leaves the reason at the field');
  assert.equal((await form.getByRole('alert').innerText()).trim(), '', 'and does not say it a second time under the form (issue 10)');
  assert.equal(await people().getByRole('row').count(), 2, 'nothing was added');

  // Not an address at all.
  await account.fill('dana.example.com');
  await form.getByText('The account must look like name@example.com, with one “@”.').first().waitFor();
  assert.equal(await account.getAttribute('aria-invalid'), 'true');
  await form.getByRole('button', { name: 'Save' }).click();
  assert.match(await description(account), /^The account must look like/);
  assert.equal((await form.getByRole('alert').innerText()).trim(), '');
  assert.equal(await people().getByRole('row').count(), 2, 'nothing was added');

  await account.fill('dana@example.com');
  assert.equal(await account.getAttribute('aria-invalid'), null, 'a good account clears the error');
  await form.getByLabel('Role').selectOption({ label: 'Device Enrollment Manager' });
  await page.screenshot({ path: path.join(OUT, 'users-add-form.png'), fullPage: true });
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  await page.getByRole('status').getByText('Added Dana Enroll as Device Enrollment Manager.').waitFor();
  const dana = people().getByRole('row', { name: /Dana Enroll/ });
  await dana.getByRole('cell', { name: 'dana@example.com' }).waitFor();
  await dana.getByRole('cell', { name: 'Device Enrollment Manager' }).waitFor();

  await page.getByRole('button', { name: 'Add user' }).click();
  const second = page.getByRole('form', { name: 'Add user' });
  await second.getByLabel('Name').fill('Sam Staff');
  await second.getByLabel('Managed Apple Account').fill('sam@example.com');
  assert.equal(await second.getByLabel('Role').inputValue(), String(4), 'Staff is the default role');
  await second.getByRole('button', { name: 'Save' }).click();
  await second.waitFor({ state: 'detached' });
  const sam = people().getByRole('row', { name: /Sam Staff/ });
  await sam.getByRole('cell', { name: 'Staff', exact: true }).waitFor();
  assert.equal(await people().getByRole('row').count(), 4);
});

test('edit a person’s name inline', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Edit Sam Staff' }).click();
  const form = page.getByRole('form', { name: 'Edit Sam Staff' });
  const name = form.getByLabel('Name');
  assert.equal(await name.inputValue(), 'Sam Staff');
  assert.equal(await form.getByLabel('Managed Apple Account').inputValue(), 'sam@example.com');
  // Its own account is not "taken".
  assert.equal(await form.getByLabel('Managed Apple Account').getAttribute('aria-invalid'), null);
  await name.fill('Sam Staffer');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  await people().getByRole('rowheader', { name: 'Sam Staffer' }).waitFor();
  assert.equal(await focused(page.getByRole('button', { name: 'Edit Sam Staffer' })), true,
    'focus returns to the Edit button');
});

test('reset a password after confirming; the date shows', async () => {
  const { page } = app;
  const dana = people().getByRole('row', { name: /Dana Enroll/ });
  await dana.getByRole('cell', { name: 'Not recorded' }).waitFor();
  await page.getByRole('button', { name: 'Record password change for Dana Enroll' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Record password change' });
  await dialog.getByText('Record that Dana Enroll changed their Managed Apple Account password? No working server token was downloaded by Dana Enroll.').waitFor();
  await page.screenshot({ path: path.join(OUT, 'users-reset-dialog.png') });
  await dialog.getByRole('button', { name: 'Record password change' }).click();
  await dialog.waitFor({ state: 'detached' });
  await dana.getByRole('cell', { name: today() }).waitFor();
  await page.getByRole('status').getByText(`Recorded that Dana Enroll changed their password on ${today()}.`).waitFor();
});

test('the last Administrator cannot be removed: the reason is shown', async () => {
  const { page } = app;
  await page.getByRole('button', { name: 'Remove Administrator' }).click();
  await page.getByRole('alert').getByText('Administrator is the only Administrator. Make someone else an Administrator first, so the organization is never left without one.').waitFor();
  assert.equal(await page.getByRole('alertdialog').count(), 0, 'no confirmation for something that cannot be done');
  assert.equal(await people().getByRole('row').count(), 4);
});

test('remove a person after confirming: they move to Former members', async () => {
  const { page } = app;
  assert.equal(await former().count(), 0);
  await page.getByText('No one has left the organization.').waitFor();
  await page.getByRole('button', { name: 'Remove Dana Enroll' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Remove from organization' });
  await dialog.getByText('Remove Dana Enroll from the organization? No working server token was downloaded by Dana Enroll.').waitFor();
  // Escape cancels.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await people().getByRole('row', { name: /Dana Enroll/ }).count(), 1);

  await page.getByRole('button', { name: 'Remove Dana Enroll' }).click();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await dialog.waitFor({ state: 'detached' });
  await people().getByRole('row', { name: /Dana Enroll/ }).waitFor({ state: 'detached' });
  const gone = former().getByRole('row', { name: /Dana Enroll/ });
  await gone.getByRole('cell', { name: today() }).waitFor();
  await gone.getByRole('cell', { name: 'Device Enrollment Manager' }).waitFor();
  await page.screenshot({ path: path.join(OUT, 'users-admin.png'), fullPage: true });
});

test('signed in as Staff: every changing control is disabled with a visible reason', async () => {
  const { page } = app;
  await signInAs(/^Sam Staffer — Staff/);
  await sidebar().getByRole('button', { name: 'Sam Staffer', exact: true }).waitFor();
  await people().getByRole('row', { name: /Sam Staffer \(you\)/ }).waitFor();

  const add = page.getByRole('button', { name: 'Add user' });
  assert.equal(await add.isDisabled(), true);
  assert.equal(await description(add), STAFF_MANAGE);
  assert.ok(await page.getByText(STAFF_MANAGE).first().isVisible());

  for (const who of ['Administrator', 'Sam Staffer']) {
    for (const label of [`Edit ${who}`, `Remove ${who}`]) {
      const button = page.getByRole('button', { name: label });
      assert.equal(await button.isDisabled(), true, `${label} is disabled`);
      assert.equal(await description(button), STAFF_MANAGE, `${label} says why`);
    }
  }
  const resetOther = page.getByRole('button', { name: 'Record password change for Administrator' });
  assert.equal(await resetOther.isDisabled(), true);
  assert.equal(await description(resetOther), STAFF_RESET);
  // One explanation for the table, above it, instead of the same sentence under every row.
  assert.equal(await page.getByText(STAFF_RESET).count(), 1);
  assert.ok(await page.getByText(STAFF_RESET).isVisible());
  assert.equal(await people().locator('.why').count(), 0);
  // Everyone may record their own password change (the core allows it).
  assert.equal(await page.getByRole('button', { name: 'Record password change for Sam Staffer' }).isDisabled(), false);
  await page.screenshot({ path: path.join(OUT, 'users-staff.png'), fullPage: true });

  await sidebar().getByRole('button', { name: 'Sam Staffer', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Preferences' }).click();
  await page.getByRole('link', { name: 'Organization' }).click();
  const pane = page.getByRole('region', { name: 'Organization' });
  await pane.waitFor();
  const orgName = pane.getByLabel('Organization name');
  assert.equal(await orgName.isDisabled(), true);
  assert.equal(await pane.getByRole('button', { name: 'Save name' }).isDisabled(), true);
  const renameWhy = 'Only an Administrator can rename the organization. You are signed in as Staff.';
  assert.ok(await pane.getByText(renameWhy).isVisible());
  assert.equal(await description(orgName), renameWhy);
  const days = pane.getByLabel('Days before expiry to warn');
  assert.equal(await days.isDisabled(), true);
  assert.equal(await pane.getByRole('button', { name: 'Save', exact: true }).isDisabled(), true);
  const daysWhy = 'Only an Administrator or a Device Enrollment Manager can change when tokens count as expiring soon. You are signed in as Staff.';
  assert.ok(await pane.getByText(daysWhy).isVisible());
  assert.match(await description(days), new RegExp(daysWhy.replace(/[.]/g, '\\.')));
  await page.screenshot({ path: path.join(OUT, 'organization-staff.png'), fullPage: true });
});

test('sign back in as the Administrator by keyboard; Escape closes the dialog', async () => {
  const { page } = app;
  const nameButton = sidebar().getByRole('button', { name: 'Sam Staffer', exact: true });
  await nameButton.focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('menuitem', { name: 'Preferences' }).waitFor();
  await page.keyboard.press('ArrowDown');
  const item = page.getByRole('menuitem', { name: 'Sign in as' });
  assert.equal(await focused(item), true, 'arrow keys reach Sign in as');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Sign in as' });
  await dialog.waitFor();
  const current = dialog.getByRole('button', { name: /^Sam Staffer — Staff/ });
  assert.equal(await current.getAttribute('aria-current'), 'true');
  assert.equal(await dialog.getByRole('button', { name: /Dana Enroll/ }).count(), 0, 'former members cannot sign in');
  await page.screenshot({ path: path.join(OUT, 'sign-in-as-dialog.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focused(nameButton), true, 'focus returns to the name');

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: /^Administrator — Administrator/ }).focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await sidebar().getByRole('button', { name: 'Administrator', exact: true }).waitFor();
});

test('rename the organization and warn 45 days before expiry', async () => {
  const { page } = app;
  const pane = page.getByRole('region', { name: 'Organization' });
  await pane.getByText('My Organization', { exact: true }).waitFor();
  const orgName = pane.getByLabel('Organization name');
  assert.equal(await orgName.isDisabled(), false);
  await orgName.fill('   ');
  await pane.getByRole('button', { name: 'Save name' }).click();
  await pane.getByText('Enter a name for the organization.').waitFor();
  assert.equal(await orgName.getAttribute('aria-invalid'), 'true');
  await orgName.fill('Acme Schools');
  await pane.getByRole('button', { name: 'Save name' }).click();
  await pane.getByText('The organization is now called “Acme Schools”.').waitFor();

  const days = pane.getByLabel('Days before expiry to warn');
  assert.equal(await days.inputValue(), '30');
  await days.fill('400');
  await pane.getByRole('button', { name: 'Save', exact: true }).click();
  await pane.getByText('400 days is not allowed; choose between 1 and 365 days.').waitFor();
  await days.fill('45');
  await pane.getByRole('button', { name: 'Save', exact: true }).click();
  await pane.getByText('Tokens now count as expiring soon 45 days before they expire.').waitFor();
  await pane.getByText('45 days', { exact: true }).waitFor();
  await page.screenshot({ path: path.join(OUT, 'organization-admin.png'), fullPage: true });
});

test('after a reload everything is as it was', async () => {
  const { page } = app;
  await app.open('#/users');
  await sidebar().getByRole('button', { name: 'Administrator', exact: true }).waitFor();
  await people().getByRole('row', { name: /Administrator \(you\)/ }).waitFor();
  const sam = people().getByRole('row', { name: /Sam Staffer/ });
  await sam.getByRole('cell', { name: 'sam@example.com' }).waitFor();
  assert.equal(await people().getByRole('row').count(), 3);
  await former().getByRole('row', { name: /Dana Enroll/ }).getByRole('cell', { name: today() }).waitFor();

  await app.open('#/preferences/organization');
  const pane = page.getByRole('region', { name: 'Organization' });
  assert.equal(await pane.getByLabel('Organization name').inputValue(), 'Acme Schools');
  assert.equal(await pane.getByLabel('Days before expiry to warn').inputValue(), '45');
});

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 1; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const label = (code) => code.charAt(0).toUpperCase() + code.slice(1).replaceAll('-', ' ');

async function tableRows(page) {
  const table = page.getByRole('table', { name: 'Activity' });
  const rows = table.getByRole('row');
  const out = [];
  const count = await rows.count();
  for (let i = 1; i < count; i += 1) out.push(await rows.nth(i).getByRole('cell').allInnerTexts());
  return out;
}

test('Activity: newest first, the filter narrows it, and the CSV holds what is shown', async () => {
  const { page } = app;
  await sidebar().getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
  await page.getByRole('status').getByText('10 entries.', { exact: true }).waitFor();
  const all = await tableRows(page);
  assert.deepEqual(all.map((cells) => cells[2]), [
    'Settings changed', 'Organization renamed', 'Signed in', 'Signed in', 'User removed',
    'Password reset', 'User edited', 'User added', 'User added', 'Organization created',
  ]);
  for (const cells of all) assert.match(cells[0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  assert.deepEqual(all[0].slice(1, 4), ['Administrator', 'Settings changed', 'Expiring soon']);
  assert.deepEqual(all[2].slice(1, 4), ['Administrator', 'Signed in', 'Administrator']);
  assert.deepEqual(all[3].slice(1, 4), ['Sam Staffer', 'Signed in', 'Sam Staffer']);
  await page.screenshot({ path: path.join(OUT, 'activity.png'), fullPage: true });

  await page.getByLabel('Filter activity').fill('sam');
  await page.getByRole('status').getByText('4 entries.', { exact: true }).waitFor();
  const shown = await tableRows(page);
  assert.deepEqual(shown.map((cells) => cells[2]), ['Signed in', 'Signed in', 'User edited', 'User added']);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `mdm-link-activity-${today()}.csv`);
  const file = path.join(OUT, download.suggestedFilename());
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'a UTF-8 byte-order mark first, for Excel');
  const csv = parseCsv(text.slice(1));
  assert.deepEqual(csv[0], ['time', 'actor', 'action', 'subject', 'name', 'detail']);
  assert.equal(csv.length - 1, shown.length, 'one CSV row per row shown');
  csv.slice(1).forEach(([time, actor, action, , name, detail], i) => {
    const [when, person, what, subject, said] = shown[i];
    assert.equal(`${time.slice(0, 10)} ${time.slice(11, 16)} UTC`, when);
    assert.equal(actor, person);
    assert.equal(label(action), what);
    assert.equal(name, subject);
    assert.equal(detail, said);
  });

  await page.getByLabel('Filter activity').fill('no such thing anywhere');
  await page.getByRole('status').getByText('No entries.', { exact: true }).waitFor();
  await page.getByText('No activity matches the filter.').waitFor();
  assert.deepEqual(app.pageErrors, []);
});

test('the new views fit a tablet: nothing overflows sideways', async () => {
  const { page } = app;
  await page.setViewportSize({ width: 768, height: 1024 });
  for (const [name, hash] of [['users', '#/users'], ['activity', '#/activity'], ['organization', '#/preferences/organization']]) {
    await app.open(hash);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: page is ${overflow}px wider than the window`);
    await page.screenshot({ path: path.join(OUT, `${name}-tablet.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(app.pageErrors, []);
});
