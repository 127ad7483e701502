// Hostile input in the browser (issue 12), as a table: certificate fields with markup, a
// right-to-left override and isolate, NUL, 10,000 characters and invalid UTF-8
// (tests/examples/hostile/, made by tests/hostile_input.rs), and names with the same. Each shows
// literally in the certificate check, the server page, the server list, the activity log, the
// CSV, the calendar file, the token file name, and again after a reload; names the rules refuse
// get their reason and change nothing. No markup is ever parsed: no element appears, no script
// runs (a dialog would fail the test), and the harness fails the file on any CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, EXAMPLES, OUT } from './harness.mjs';

const MARKUP = `<script>alert(1)</script><img src=x onerror=alert(2)> & "q" 'a'`;
const hostile = (name) => path.join(EXAMPLES, 'hostile', name);

/** What the certificate check shows of each file's subject (RFC 4514 escaping). */
const SHOWN = {
  'markup.der': `CN=${MARKUP.replace(/"/g, '\\"')}`,
  'rtl-override.der': 'CN=Invoice \\E2\\80\\AEgpj.exe',
  'rtl-isolate.der': 'CN=a\\E2\\81\\A7b\\E2\\81\\A9c',
  'nul.der': 'CN=before\\00after',
  'long.der': `CN=${'Ab'.repeat(5000)}`,
  'invalid-utf-8.der': 'CN=caf\uFFFD \uFFFD\uFFFD name',
};
const DANGEROUS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069]/;

let app;
const dialogs = [];
before(async () => {
  app = await launch();
  app.page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
});
after(async () => { await app?.close(); });

async function noMarkupParsed(page) {
  assert.equal(await page.locator('img[src="x"], body script:not([src])').count(), 0, 'no element made of a name or field');
  assert.deepEqual(dialogs, [], 'no script ran');
}

test('certificate fields show literally, visibly escaped, in the certificate check', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  await page.getByLabel('Certificate files').setInputFiles(Object.keys(SHOWN).map(hostile));
  for (const [file, subject] of Object.entries(SHOWN)) {
    const article = page.getByRole('article', { name: file, exact: true });
    await article.waitFor();
    const text = await article.innerText();
    assert.ok(text.includes(subject), `${file} shows ${subject.slice(0, 80)}`);
    assert.doesNotMatch(text, DANGEROUS, `${file}: nothing invisible or direction-changing is shown raw`);
  }
  await noMarkupParsed(page);
});

test('names the rules refuse get their reason; markup in a name and in a certificate shows literally everywhere, also after a reload', async () => {
  const { page } = app;
  await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
  const name = page.getByLabel('Name', { exact: true });
  const help = page.locator('#server-name-help');
  for (const [typed, reason] of [
    ['Invoice \u202Egpj.exe', /direction|right-to-left|U\+202E/i],
    ['a\u2067b\u2069c', /direction|right-to-left|U\+2067/i],
    ['before\u0000after', /control|invisible|U\+0000/i],
    // The field takes at most a few hundred characters of a 10,000-character paste (maxlength), and the rules say the length.
    ['Ab'.repeat(5000), /characters long; use at most 100/],
  ]) {
    await name.fill(typed);
    await assert.doesNotReject(help.getByText(reason).waitFor({ timeout: 5000 }), `a reason for ${JSON.stringify(typed.slice(0, 20))}: ${await help.innerText()}`);
  }

  // One server with a markup name and the markup certificate, one with the override certificate.
  await name.fill(MARKUP);
  await page.getByLabel('Public key certificate').setInputFiles(hostile('markup.der'));
  await page.getByText('can be used for an MDM server').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: MARKUP, level: 2 }).waitFor();
  const serverUrl = page.url();
  assert.ok((await page.locator('main').innerText()).includes(SHOWN['markup.der']), 'the server page shows the subject literally');
  await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
  await page.getByLabel('Name', { exact: true }).fill('Override subject');
  await page.getByLabel('Public key certificate').setInputFiles(hostile('rtl-override.der'));
  await page.getByText('can be used for an MDM server').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Override subject', level: 2 }).waitFor();
  const overrideUrl = page.url();
  assert.ok((await page.locator('main').innerText()).includes(SHOWN['rtl-override.der']));

  // The token file name and the calendar file.
  await page.goto(serverUrl);
  await page.getByRole('heading', { name: MARKUP, level: 2 }).waitFor();
  const [token] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Token', exact: true }).click(),
  ]);
  const fileName = token.suggestedFilename();
  assert.match(fileName, /^_script_alert\(1\)__script__img src=x onerror=alert\(2\)_ & _q_ 'a'_Token_.*Z_smime\.p7m$/, fileName);
  assert.doesNotMatch(fileName, /[<>:"/\\|?*]/);
  const [reminder] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Add reminder to calendar' }).click(),
  ]);
  const icsFile = path.join(OUT, 'hostile.ics');
  await reminder.saveAs(icsFile);
  const ics = fs.readFileSync(icsFile, 'utf8').replace(/\r\n /g, '');
  assert.ok(ics.includes(`SUMMARY:Renew MDM server token: ${MARKUP}`), 'the calendar file has the name literally');

  // The activity log and its CSV.
  await page.goto(app.baseUrl + '#/activity');
  await page.getByRole('table').waitFor();
  assert.ok((await page.getByRole('table').innerText()).includes(MARKUP), 'the activity log shows the name literally');
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csvFile = path.join(OUT, 'hostile.csv');
  await csvDownload.saveAs(csvFile);
  assert.ok(fs.readFileSync(csvFile, 'utf8').includes(`"${MARKUP.replace(/"/g, '""')}"`), 'the CSV has the name, quoted');
  await noMarkupParsed(page);

  // After a reload: the list, both server pages.
  await app.open('#/preferences/mdm-servers');
  const list = await page.getByRole('table').first().innerText();
  assert.ok(list.includes(MARKUP) && list.includes('Override subject'));
  await page.goto(serverUrl);
  await page.getByRole('heading', { name: MARKUP, level: 2 }).waitFor();
  assert.ok((await page.locator('main').innerText()).includes(SHOWN['markup.der']));
  await page.goto(overrideUrl);
  await page.getByRole('heading', { name: 'Override subject', level: 2 }).waitFor();
  const text = await page.locator('main').innerText();
  assert.ok(text.includes(SHOWN['rtl-override.der']));
  assert.doesNotMatch(text, DANGEROUS);
  await noMarkupParsed(page);
  assert.deepEqual(app.pageErrors, []);
});
