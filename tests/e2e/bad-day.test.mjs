// An admin's bad day (issue 10): actions that break a working MDM server ask first and name the
// servers they break; every change says what happened (role=status); disabled controls say why
// where the admin looks; the list fits a laptop with a 100-character name; token status has a
// colour and an icon by severity everywhere; focus goes where the admin's attention goes; files
// dropped anywhere never replace the app; a first visit gets a Get started card; the activity
// CSV opens in Excel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer, addUser, signInAs, dropFiles, describedBy, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const example = (name) => path.join(EXAMPLES, name);
const focusedText = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return `${el?.tagName} ${el?.textContent?.trim()}`;
});

async function downloadNow(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  await download.cancel().catch(() => {});
  return download.suggestedFilename();
}

test('Download Token asks first only when a working token exists, and names what stops working', async () => {
  const { page } = app;
  await app.open('#/preferences/mdm-servers');
  await addServer(app, 'Cupertino iPads', example('rsa2048.pem'));
  const downloadButton = page.getByRole('button', { name: 'Download Token', exact: true });

  // First download: no dialog, no "previous token".
  await downloadNow(page, () => downloadButton.click());
  assert.equal(await page.getByRole('alertdialog').count(), 0, 'no confirmation on the first download');
  const said = page.getByRole('status').filter({ hasText: 'Downloaded' });
  await said.waitFor();
  assert.doesNotMatch(await said.innerText(), /previous/);

  // Second download: the dialog names the consequence; Cancel changes nothing, focus returns.
  await downloadButton.click();
  const dialog = page.getByRole('alertdialog', { name: 'Download a new token for “Cupertino iPads”?' });
  await dialog.getByText('The token now installed on “Cupertino iPads” stops working; the MDM server must get the new one.').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focusedText(page), 'BUTTON Download Token', 'focus back on the opener');
  assert.equal(await page.getByRole('table', { name: 'Token history' }).getByRole('row').count(), 2, 'one token, still');

  await downloadButton.click();
  await downloadNow(page, () => dialog.getByRole('button', { name: 'Download new token' }).click());
  await page.getByRole('status').filter({ hasText: 'the previous token no longer works' }).waitFor();
  assert.equal(await page.getByRole('table', { name: 'Token history' }).getByRole('row').count(), 3);
});

test('Replace certificate and the release setting ask first; rename, release and default changes are announced', async () => {
  const { page } = app;
  // Replace certificate: the working token's consequence, Cancel keeps the key.
  const fingerprint = await page.locator('#certificate-sha256').innerText();
  await page.getByLabel('Upload new public key').setInputFiles(example('rsa3072.pem'));
  await page.getByText('“rsa3072.pem” can be used for an MDM server').waitFor();
  assert.equal(await page.locator('.file-name').innerText(), 'rsa3072.pem', 'the picker names the file it read');
  await page.getByRole('button', { name: 'Replace certificate' }).click();
  const replace = page.getByRole('alertdialog', { name: 'Replace the public key of “Cupertino iPads”?' });
  await replace.getByText('The token now installed on “Cupertino iPads” stops working; the MDM server must get the new one.').waitFor();
  await replace.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.locator('#certificate-sha256').innerText(), fingerprint, 'Cancel changes nothing');
  await page.getByRole('button', { name: 'Replace certificate' }).click();
  await replace.getByRole('button', { name: 'Replace public key' }).click();
  await page.getByRole('status').filter({ hasText: 'The public key was replaced.' }).waitFor();
  assert.notEqual(await page.locator('#certificate-sha256').innerText(), fingerprint);

  // Release devices, on then off: each asks, the box follows only the confirmation.
  const box = page.getByLabel('Allow this MDM server to release devices');
  await box.click();
  const allow = page.getByRole('alertdialog', { name: 'Allow “Cupertino iPads” to release devices?' });
  await allow.getByText(/a released device leaves your organization for good/).waitFor();
  assert.equal(await box.isChecked(), false, 'unchanged until confirmed');
  await allow.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await box.isChecked(), false);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'server-allow-release', 'focus back on the box');
  await box.click();
  await allow.getByRole('button', { name: 'Allow releasing' }).click();
  await page.getByRole('status').filter({ hasText: '“Cupertino iPads” may now release devices.' }).waitFor();
  assert.equal(await box.isChecked(), true);
  await box.click();
  const stop = page.getByRole('alertdialog', { name: 'Stop “Cupertino iPads” releasing devices?' });
  await stop.getByRole('button', { name: 'Stop releasing' }).click();
  await page.getByRole('status').filter({ hasText: '“Cupertino iPads” may no longer release devices.' }).waitFor();
  assert.equal(await box.isChecked(), false);

  // Rename: announced, and focus back on Rename.
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Cupertino iPads 2');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByRole('status').filter({ hasText: 'Renamed “Cupertino iPads” to “Cupertino iPads 2”.' }).waitFor();
  assert.equal(await focusedText(page), 'BUTTON Rename');

  // A default: announced on the list.
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  await page.getByLabel('iPhone', { exact: true }).selectOption({ label: 'Cupertino iPads 2' });
  await page.getByRole('status').filter({ hasText: 'New iPhone devices now go to “Cupertino iPads 2”.' }).waitFor();
  await page.getByLabel('iPhone', { exact: true }).selectOption({ label: 'No default' });
  await page.getByRole('status').filter({ hasText: 'iPhone devices have no default server now.' }).waitFor();
});

test('navigation, Add and Delete move focus to the new view; the sidebar reaches MDM Server Assignment', async () => {
  const { page } = app;
  await app.open('#/users');
  const sidebar = page.getByRole('navigation', { name: 'MDM Link' });
  await sidebar.getByRole('link', { name: 'MDM Server Assignment' }).click();
  await page.getByRole('heading', { name: 'MDM Server Assignment', level: 2 }).waitFor();
  assert.equal(await focusedText(page), 'H2 MDM Server Assignment', 'focus on the new view\'s heading');
  assert.equal(await sidebar.getByRole('link', { name: 'MDM Server Assignment' }).getAttribute('aria-current'), 'page');
  await sidebar.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
  assert.equal(await focusedText(page), 'H1 Activity');

  // Add → Save: the new server's page, its heading focused.
  await addServer(app, 'Focus Lab', example('rsa2048.pem'));
  assert.equal(await focusedText(page), 'H2 Focus Lab');

  // Delete: the list says so, and its heading has focus.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete “Focus Lab”' }).click();
  await page.getByRole('status').filter({ hasText: 'Deleted “Focus Lab”.' }).waitFor();
  assert.equal(await focusedText(page), 'H2 MDM Server Assignment');
});

test('a "Skip to content" link is the first stop, and every control has a focus ring of at least 3:1', async () => {
  const { page } = app;
  await app.open('#/preferences/mdm-servers');
  await page.keyboard.press('Tab');
  assert.equal(await focusedText(page), 'A Skip to content');
  assert.ok(await page.getByRole('link', { name: 'Skip to content' }).isVisible(), 'visible when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
  assert.equal(new URL(page.url()).hash, '#/preferences/mdm-servers', 'the route is kept');

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await app.open('#/preferences/mdm-servers');
    await page.keyboard.press('Tab');
    const targets = [
      page.getByRole('button', { name: 'Add', exact: true }),
      page.getByRole('link', { name: 'Users' }),
      page.getByRole('link', { name: 'MDM Server Assignment' }).first(),
      page.getByRole('link', { name: 'Organization' }),
      page.getByLabel('Filter servers'),
      page.getByRole('button', { name: 'Name', exact: true }),
      page.getByRole('link', { name: 'Cupertino iPads 2' }).first(),
      page.getByLabel('iPhone', { exact: true }),
    ];
    for (const target of targets) await assertRing(page, target, `${scheme}: ${await target.evaluate((e) => e.outerHTML.slice(0, 60))}`);
    // A highlighted menu item (blue) keeps a visible ring.
    await page.getByRole('navigation', { name: 'MDM Link' }).getByRole('button', { expanded: false }).focus();
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem').first();
    await item.waitFor();
    await item.focus();
    await assertRing(page, item, `${scheme}: menu item`);
    await page.keyboard.press('Escape');
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

/** The focused element's outline: present, at least 2 px, and 3:1 against what it sits on. */
async function assertRing(page, target, what) {
  await target.focus();
  const ring = await target.evaluate((el) => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const background = (node) => {
      for (let n = node; n; n = n.parentElement) {
        const [r, g, b, a = 1] = parse(getComputedStyle(n).backgroundColor);
        if (a > 0.5) return [r, g, b];
      }
      return [255, 255, 255];
    };
    const style = getComputedStyle(el);
    const inside = parseFloat(style.outlineOffset) < 0;
    return {
      visible: el.matches(':focus-visible'),
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      color: parse(style.outlineColor).slice(0, 3),
      behind: background(inside ? el : el.parentElement),
    };
  });
  const lum = ([r, g, b]) => [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [lum(ring.color), lum(ring.behind)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  assert.ok(ring.visible, `${what}: :focus-visible`);
  assert.notEqual(ring.style, 'none', `${what}: has an outline`);
  assert.ok(ring.width >= 2, `${what}: outline ${ring.width}px`);
  assert.ok(ratio >= 3, `${what}: ring ${ring.color} on ${ring.behind} is ${ratio.toFixed(2)}:1`);
}

test('the Add form says why Save is off, keeps Save in view, names the chosen file, and refuses several files', async () => {
  const { page } = app;
  await page.setViewportSize({ width: 1366, height: 800 });
  await app.open('#/preferences/mdm-servers/new');
  const save = page.getByRole('button', { name: 'Save', exact: true });
  const why = async () => page.locator('#save-why').innerText();
  assert.equal(await save.isDisabled(), true);
  assert.equal(await why(), 'Enter a name for the MDM server.');
  assert.equal(await describedBy(save), 'Enter a name for the MDM server.', 'the reason is linked to Save');
  const help = page.locator('#server-name-help');
  assert.doesNotMatch(await help.innerText(), /Enter a name/, 'no error before the field is touched');
  await page.getByLabel('Name', { exact: true }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await help.innerText(), 'Enter a name for the MDM server.', 'once touched, the reason shows at the field');
  assert.equal(await why(), 'Correct the name above first.', 'and Save points to it rather than saying it twice');

  await page.getByLabel('Name', { exact: true }).fill('Laptop Lab');
  assert.equal(await why(), "Choose the MDM vendor's public key certificate.");
  const picker = page.getByLabel('Public key certificate');
  await picker.setInputFiles(example('ec-p256.pem'));
  await page.getByRole('alert').filter({ hasText: 'ec-p256.pem' }).waitFor();
  assert.equal(await why(), 'The chosen file cannot be used: choose another one.');
  await picker.setInputFiles(example('one-day.pem'));
  await page.getByText('“one-day.pem” can be used for an MDM server').waitFor();
  assert.equal(await why(), "Read the certificate's warnings and confirm them above.");
  assert.equal(await page.locator('.file-name').innerText(), 'one-day.pem');
  assert.equal(await page.getByText('No file chosen').count(), 0);

  // Save is on screen without scrolling, below the findings.
  const box = await save.boundingBox();
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.ok(box.y >= 0 && box.y + box.height <= 800, `Save at y=${box.y} is in the 800 px window`);
  await page.screenshot({ path: path.join(OUT, 'add-form-save-in-view.png') });
  await page.getByLabel('I have read the warnings and want to use this certificate').check();
  assert.equal(await save.isDisabled(), false);
  assert.equal(await page.locator('#save-why').count(), 0);

  // Several files dropped on the one-certificate zone: one is needed.
  const zone = page.locator('.drop-zone');
  await dropFiles(page, zone, [example('rsa2048.pem'), example('rsa3072.pem')]);
  await page.getByRole('alert').filter({ hasText: 'One certificate is needed.' }).waitFor();
  assert.match(await page.locator('.file-name').innerText(), /^2 files$/);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('a file dropped outside a drop zone is never opened by the browser in place of the app', async () => {
  const { page } = app;
  for (const hash of ['#/preferences/mdm-servers', '#/users', '#/certificate-check']) {
    await app.open(hash);
    const prevented = await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], 'stray.pem'));
      const target = document.querySelector('main h1, main h2');
      return ['dragover', 'drop'].map((type) => {
        const event = new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true });
        target.dispatchEvent(event);
        return event.defaultPrevented;
      });
    });
    assert.deepEqual(prevented, [true, true], `${hash}: the browser's default (open the file) is cancelled`);
  }
  // Certificate check lists what it read; the browser's own "No file chosen" text is hidden.
  await page.getByLabel('Certificate files').setInputFiles(example('rsa2048.pem'));
  await page.getByRole('article').first().waitFor();
  assert.equal(await page.getByLabel('Certificate files').evaluate((el) => getComputedStyle(el).color), 'rgba(0, 0, 0, 0)');
});

test('the server list fits 1366 px with a 100-character name; dates never break; narrow screens collapse minor columns; no match says so', async () => {
  const { page } = app;
  const long = 'X'.repeat(100);
  await addServer(app, long, example('rsa2048.pem'));
  for (const [width, height] of [[1366, 800], [820, 1180]]) {
    await page.setViewportSize({ width, height });
    await page.goto(app.baseUrl + '#/preferences/mdm-servers');
    await page.getByRole('link', { name: long }).waitFor();
    const fit = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      table: [...document.querySelectorAll('.table-scroll')].map((e) => e.scrollWidth - e.clientWidth),
      dates: [...document.querySelectorAll('.data-table td.date, .data-table .tone .date')].filter((td) => td.offsetParent)
        .map((td) => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; }),
      minor: [...document.querySelectorAll('.data-table thead .minor')].filter((th) => th.offsetParent).length,
    }));
    assert.equal(fit.page, 0, `${width} px: no horizontal page scroll`);
    assert.deepEqual(fit.table, [0], `${width} px: the table itself fits`);
    assert.ok(fit.dates.length > 0 && fit.dates.every((n) => n === 1), `${width} px: every date on one line (${fit.dates})`);
    assert.equal(fit.minor, width >= 1366 ? 3 : 0, `${width} px: minor columns ${width >= 1366 ? 'shown' : 'collapsed'}`);
    await page.screenshot({ path: path.join(OUT, `servers-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('Filter servers').fill('nothing like this');
  await page.getByText('No servers match “nothing like this”.').waitFor();
  // Clean up for the tests below.
  await page.getByRole('link', { name: long }).count();
});

test('token status has one colour and icon by severity in the list, the server page and the banner', async () => {
  const { page } = app;
  const tone = (locator) => locator.evaluate((el) => {
    const t = el.closest('.tone') || el.querySelector('.tone');
    return { color: getComputedStyle(t).color, icon: getComputedStyle(t, '::before').content };
  });
  const cell = (name) => page.locator('tbody tr', { has: page.getByRole('link', { name, exact: true }) }).locator('td.tone');
  await app.open('#/preferences/mdm-servers');
  const bad = await tone(cell('Cupertino iPads 2'));      // certificate replaced: needs a new token
  const none = await tone(cell('X'.repeat(100)));                 // no token yet
  await addServer(app, 'Green Lab', example('rsa2048.pem'));
  await downloadNow(page, () => page.getByRole('button', { name: 'Download Token', exact: true }).click());
  const okPage = await tone(page.locator('#token-status'));
  await app.open('#/preferences/mdm-servers');
  const ok = await tone(cell('Green Lab'));
  assert.deepEqual(okPage, ok, 'server page and list agree');
  const icons = new Set([bad.icon, none.icon, ok.icon]);
  assert.equal(icons.size, 3, `three different icons: ${[...icons]}`);
  assert.ok([...icons].every((icon) => icon && icon !== 'none'), 'every status has an icon');
  assert.equal(new Set([bad.color, none.color, ok.color]).size, 3, 'three different colours');
  const banner = page.getByRole('region', { name: /server tokens? needs? action/ });
  const inBanner = await tone(banner.getByText(/Needs a new token/));
  assert.deepEqual(inBanner, bad, 'the banner uses the same colour and icon');
  await page.getByRole('link', { name: 'Cupertino iPads 2' }).first().click();
  assert.deepEqual(await tone(page.locator('#token-status')), bad);
});

test('expiring soon is amber with its own icon, and the banner asks before replacing a working token', async () => {
  const clockApp = await launch();
  try {
    const { page } = clockApp;
    const start = Date.UTC(2027, 0, 10, 9, 0, 0);
    await page.clock.install({ time: start });
    await clockApp.open();
    await addServer(clockApp, 'Soon Lab', example('rsa2048.pem'));
    await downloadNow(page, () => page.getByRole('button', { name: 'Download Token', exact: true }).click());
    await page.clock.fastForward(340 * 24 * 60 * 60 * 1000);
    await page.waitForFunction(() => document.querySelector('#token-status')?.textContent.startsWith('Expires soon'));
    const soon = await page.locator('#token-status').evaluate((el) => ({ color: getComputedStyle(el).color, icon: getComputedStyle(el, '::before').content }));
    const banner = page.getByRole('region', { name: /server tokens? needs? action/ });
    const inBanner = await banner.locator('.tone').evaluate((el) => ({ color: getComputedStyle(el).color, icon: getComputedStyle(el, '::before').content }));
    assert.deepEqual(inBanner, soon);
    assert.ok(soon.icon && soon.icon !== 'none');
    await banner.getByRole('button', { name: 'Download Token' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Download a new token for “Soon Lab”?' });
    await dialog.getByText('The token now installed on “Soon Lab” stops working; the MDM server must get the new one.').waitFor();
    await downloadNow(page, () => dialog.getByRole('button', { name: 'Download new token' }).click());
    await page.locator('#token-status').filter({ hasText: /^Active/ }).waitFor();
  } finally {
    await clockApp.close();
  }
});

test('Record password change and Remove name the servers whose tokens stop working, in the dialog and the log', async () => {
  const { page } = app;
  await page.goto(app.baseUrl + '#/users');
  await addUser(page, 'Sam Staffer', 'sam@example.com', 'Staff');

  // The Administrator downloaded the working token of "Green Lab".
  await page.getByRole('button', { name: 'Record password change for Administrator' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Record password change' });
  await dialog.getByText('Record that Administrator changed their Managed Apple Account password? The server token of “Green Lab” stops working; its MDM server must get a new one.').waitFor();
  await dialog.getByRole('button', { name: 'Record password change' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focusedText(page), 'BUTTON Record password change', 'focus back on the opener');
  await page.goto(app.baseUrl + '#/activity');
  await page.getByRole('table', { name: 'Activity' }).getByText('password change recorded; the server token of “Green Lab” stops working').waitFor();

  // Someone who downloaded nothing: the dialog says so.
  await page.goto(app.baseUrl + '#/users');
  await page.getByRole('button', { name: 'Remove Sam Staffer' }).click();
  await page.getByRole('alertdialog', { name: 'Remove from organization' })
    .getByText('Remove Sam Staffer from the organization? No working server token was downloaded by Sam Staffer.').waitFor();
  await page.keyboard.press('Escape');
});

test('as Staff, Users gives one explanation for the table, and disabled buttons look disabled', async () => {
  const { page } = app;
  await signInAs(page, 'Sam Staffer');
  await page.goto(app.baseUrl + '#/users');
  const table = page.getByRole('table', { name: 'People' });
  await table.waitFor();
  assert.equal(await table.locator('.why').count(), 0, 'no sentence under each row');
  const sentences = await page.locator('.users .why').allInnerTexts();
  assert.equal(new Set(sentences).size, sentences.length, `no sentence printed twice: ${sentences}`);
  assert.equal(await describedBy(page.getByRole('button', { name: 'Add user' })), sentences[0], 'Add user points at the explanation');
  const reasons = page.locator('[id^=users-why-]');
  assert.ok(await reasons.count() >= 1);
  const edit = page.getByRole('button', { name: 'Edit Administrator' });
  assert.equal(await edit.isDisabled(), true);
  const reasonIds = (await edit.getAttribute('aria-describedby')).split(' ');
  assert.ok(reasonIds.every((id) => id.startsWith('users-why-')), 'linked to the one explanation');
  const look = (locator) => locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return `${s.borderStyle} ${s.color} ${s.backgroundColor} ${s.cursor}`;
  });
  const enabled = page.getByRole('button', { name: 'Record password change for Sam Staffer' });
  assert.equal(await enabled.isDisabled(), false);
  const [off, on] = [await look(edit), await look(enabled)];
  assert.notEqual(off, on);
  assert.match(off, /^dashed .* not-allowed$/, `disabled: ${off}`);
  await signInAs(page, 'Administrator');
});

test('demoting the person who downloaded a working token asks first and names the servers', async () => {
  const { page } = app;
  await page.goto(app.baseUrl + '#/users');
  await addUser(page, 'Dana Enroll', 'dana@example.com', 'Device Enrollment Manager');
  await signInAs(page, 'Dana Enroll');
  await app.open('#/preferences/mdm-servers');
  await page.getByRole('table').first().getByRole('link', { name: 'Green Lab' }).click();
  // Green Lab's token stopped working (the Administrator's password change): no question.
  await downloadNow(page, () => page.getByRole('button', { name: 'Download Token', exact: true }).click());
  await page.locator('#token-status').filter({ hasText: /^Active/ }).waitFor();
  await signInAs(page, 'Administrator');
  await page.goto(app.baseUrl + '#/users');
  await page.getByRole('button', { name: 'Edit Dana Enroll' }).click();
  const edit = page.getByRole('form', { name: 'Edit Dana Enroll' });
  await edit.getByLabel('Role').selectOption({ label: 'Staff' });
  await edit.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('alertdialog', { name: /^Make Dana Enroll .*Staff/ });
  await dialog.getByText('Dana Enroll downloaded the working token of “Green Lab”. As Staff, Dana Enroll can no longer download new tokens: someone who can must replace it before it expires.').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('row', { name: /Dana Enroll/ }).getByRole('cell', { name: 'Device Enrollment Manager' }).count(), 1, 'Cancel keeps the role');
  await edit.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await page.getByRole('row', { name: /Dana Enroll/ }).getByRole('cell', { name: 'Staff', exact: true }).waitFor();
});

test('with no servers, MDM Server Assignment shows Get started; the vendor guide loads on request and links out safely', async () => {
  const fresh = await launch();
  try {
    const { page } = fresh;
    const foreign = [];
    page.on('request', (request) => { if (!request.url().startsWith(fresh.baseUrl) && !request.url().startsWith('data:')) foreign.push(request.url()); });
    await fresh.open('#/preferences/mdm-servers');
    const card = page.getByRole('region', { name: 'Get started' });
    await card.waitFor();
    assert.equal(await card.getByRole('listitem').count(), 3, 'three steps');
    assert.match(await card.innerText(), /A server token is/);
    const more = card.getByRole('button', { name: 'Where MDM servers take the token' });
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    const guide = page.getByRole('region', { name: 'Where MDM servers take the token' });
    await guide.waitFor();
    for (const vendor of ['Jamf Pro', 'Microsoft Intune', 'Kandji (now Iru)', 'Mosyle', 'Fleet', 'MicroMDM', 'NanoDEP']) {
      await guide.getByText(vendor, { exact: true }).waitFor();
    }
    assert.match(await guide.innerText(), /Devices > Enrollment > Apple mobile/);
    assert.match(await guide.innerText(), /Settings > Integrations > MDM/);
    const links = await guide.getByRole('link').evaluateAll((as) => as.map((a) => ({ href: a.href, target: a.target, rel: a.rel })));
    assert.equal(links.length, 7);
    for (const link of links) {
      assert.match(link.href, /^https:\/\//);
      assert.equal(link.target, '_blank', link.href);
      assert.deepEqual(link.rel.split(' ').sort(), ['noopener', 'noreferrer'], link.href);
    }
    await page.screenshot({ path: path.join(OUT, 'get-started.png'), fullPage: true });
    assert.deepEqual(foreign, [], 'the app loads nothing from vendor sites');
  } finally {
    await fresh.close();
  }
});

test('the activity CSV starts with a UTF-8 byte-order mark so Excel reads names correctly', async () => {
  const { page } = app;
  await page.goto(app.baseUrl + '#/activity');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const file = path.join(OUT, 'activity-bom.csv');
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(bytes.subarray(3).toString('utf8').startsWith('time,actor,action,subject,name,detail\r\n'));
  assert.match(bytes.toString('utf8'), /“Cupertino iPads 2”/, 'curly quotes survive as UTF-8');
});
