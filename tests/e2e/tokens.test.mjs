// Server tokens end to end: for RSA 2048, 3072 and 4096 certificates made by openssl, uploaded
// as PEM and as DER, add a server, press "Download Token", and decrypt the downloaded file with
// `openssl smime -decrypt`, `openssl cms -decrypt` and Python `cryptography`; the JSON must
// follow every format rule. Then the lifecycle: a second download replaces the first, a new
// public key invalidates the token, and the banner and calendar reminder follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer as addServerVia, EXAMPLES, OUT, ROOT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const token = (name) => path.join(EXAMPLES, 'token', name);
const FILE_NAME = /^(?<stem>.+)_Token_(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})T(?<h>\d{2})-(?<mi>\d{2})-(?<s>\d{2})Z_smime\.p7m$/;

const addServer = (page, name, certificate) => addServerVia(app, name, certificate, page);

let downloads = 0;
async function downloadToken(page, target, { replacing = false } = {}) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.getByRole('button', { name: 'Download Token', exact: true }).click();
      // A working token is replaced only after the admin confirms (issue 10).
      if (replacing) await page.getByRole('alertdialog').getByRole('button', { name: 'Download new token' }).click();
    })(),
  ]);
  // Two downloads in the same second have the same suggested name: keep both files.
  downloads += 1;
  const file = path.join(target, `${downloads}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, name: download.suggestedFilename() };
}

/** Decrypts with all three clients; returns the JSON object. Throws if any client fails. */
function decryptEverywhere(file, cert, key) {
  const smime = execFileSync('openssl', ['smime', '-decrypt', '-in', file, '-inkey', key]);
  const cms = execFileSync('openssl', ['cms', '-decrypt', '-in', file, '-inkey', key, '-recip', cert]);
  assert.deepEqual(cms, smime, 'openssl cms and smime agree');
  const python = execFileSync('python3', [path.join(ROOT, 'tests/tools/decrypt_token.py'), file, cert, key]);
  assert.deepEqual(python, smime, 'Python cryptography agrees with OpenSSL');
  const text = smime.toString('utf8');
  assert.ok(text.startsWith('Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n-----BEGIN MESSAGE-----\n'));
  assert.ok(text.endsWith('\n-----END MESSAGE-----\n'));
  const json = text.split('\n')[4];
  assert.match(json, /^\{"consumer_key":"CK_[0-9a-f]{96}","consumer_secret":"CS_[0-9a-f]{40}","access_token":"AT_O\d{10}O[0-9a-f]{40}O\d{13}","access_secret":"AS_[0-9a-f]{40}","access_token_expiry":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"\}$/);
  return JSON.parse(json);
}

for (const bits of [2048, 3072, 4096]) {
  for (const form of ['pem', 'der']) {
    test(`RSA ${bits} uploaded as ${form.toUpperCase()}: the downloaded token decrypts with OpenSSL and Python`, async () => {
      const { page } = app;
      const name = `Interop ${bits} ${form}: ${form === 'pem' ? 'Room/12' : 'Lab*'}`;
      await addServer(page, name, token(`rsa${bits}.crt.${form}`));
      const before = Date.now();
      const { file, name: fileName } = await downloadToken(page, OUT);
      const after = Date.now();
      const match = FILE_NAME.exec(fileName);
      assert.ok(match, `file name ${fileName}`);
      assert.ok(!/[<>:"/\\|?*]/.test(match.groups.stem), 'no characters unsafe on Windows, macOS or Linux');
      const named = Date.UTC(+match.groups.y, +match.groups.mo - 1, +match.groups.d, +match.groups.h, +match.groups.mi, +match.groups.s);
      assert.ok(named >= Math.floor(before / 1000) * 1000 && named <= after, 'file name carries the UTC download time');

      const outer = fs.readFileSync(file, 'utf8');
      assert.ok(outer.startsWith('Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="smime.p7m"\nContent-Description: S/MIME Encrypted Message\n\n'));
      const json = decryptEverywhere(file, token(`rsa${bits}.crt.pem`), token(`rsa${bits}.key.pem`));
      const issuedMs = Number(json.access_token.slice(-13));
      assert.ok(issuedMs >= before && issuedMs <= after, 'access token ends in the issue time in ms');
      const issued = new Date(issuedMs);
      const expiry = new Date(json.access_token_expiry);
      assert.equal(expiry.getUTCFullYear(), issued.getUTCFullYear() + 1);
      assert.equal(expiry.getUTCMonth(), issued.getUTCMonth());
      // The app shows it as active for a year.
      assert.match(await page.locator('#token-status').innerText(), /^Active, expires on \d{4}-\d{2}-\d{2} \(in 36[45] days\)/);
    });
  }
}

test('lifecycle: a new download replaces the old token; a new public key invalidates it; reminders', async () => {
  const { page } = app;
  await addServer(page, 'Lifecycle', token('rsa2048.crt.pem'));
  assert.match(await page.locator('#token-status').innerText(), /^No token yet/);
  const first = await downloadToken(page, OUT);
  const second = await downloadToken(page, OUT, { replacing: true });
  assert.notEqual(first.file, second.file);
  const history = page.getByRole('table', { name: 'Token history' });
  await history.waitFor();
  const rows = await history.locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /Active, expires on/);
  assert.match(rows[1], /Replaced on \d{4}-\d{2}-\d{2}/);
  // Both files decrypt, but they carry different secrets: only the second is valid.
  const a = decryptEverywhere(first.file, token('rsa2048.crt.pem'), token('rsa2048.key.pem'));
  const b = decryptEverywhere(second.file, token('rsa2048.crt.pem'), token('rsa2048.key.pem'));
  assert.notEqual(a.consumer_key, b.consumer_key);

  // Calendar reminders: valid iCalendar with events 30 and 7 days before expiry.
  const [ics] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Add reminder to calendar' }).click(),
  ]);
  const icsFile = path.join(OUT, ics.suggestedFilename());
  await ics.saveAs(icsFile);
  const calendar = fs.readFileSync(icsFile, 'utf8');
  assert.ok(calendar.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  assert.equal((calendar.match(/BEGIN:VEVENT/g) || []).length, 2);
  const expiry = new Date(b.access_token_expiry);
  const day = (offset) => {
    const d = new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth(), expiry.getUTCDate() - offset));
    return d.toISOString().slice(0, 10).replaceAll('-', '');
  };
  assert.match(calendar, new RegExp(`DTSTART;VALUE=DATE:${day(30)}`));
  assert.match(calendar, new RegExp(`DTSTART;VALUE=DATE:${day(7)}`));
  // An independent parser (Python icalendar, strict about RFC 5545) reads both events back.
  const parsed = execFileSync('python3', ['-c', `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for event in cal.walk('VEVENT'):
    print(event.decoded('DTSTART').isoformat(), event.get('SUMMARY'), len(event.walk('VALARM')))
`, icsFile]).toString().trim().split('\n');
  assert.equal(parsed.length, 2);
  const iso = (offset) => `${day(offset).slice(0, 4)}-${day(offset).slice(4, 6)}-${day(offset).slice(6)}`;
  assert.deepEqual(parsed.map((line) => line.split(' ')[0]).sort(), [iso(30), iso(7)].sort());
  for (const line of parsed) assert.match(line, /Renew MDM server token: Lifecycle 1$/);

  // A new public key: the token needs replacing, on the page and in the banner.
  await page.getByLabel('Upload new public key').setInputFiles(token('rsa3072.crt.pem'));
  await page.getByRole('button', { name: 'Replace certificate' }).click();
  await page.getByRole('alertdialog', { name: 'Replace the public key of “Lifecycle”?' }).getByRole('button', { name: 'Replace public key' }).click();
  await page.getByRole('status').filter({ hasText: 'The public key was replaced. Download a new token' }).waitFor();
  assert.match(await page.locator('#token-status').innerText(), /^Needs a new token: the public key was replaced on \d{4}-\d{2}-\d{2}/);
  const banner = page.getByRole('region', { name: /server tokens? needs? action/ });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Lifecycle: Needs a new token: the public key was replaced/);
  await app.open('#/certificate-check');
  await banner.waitFor();
  // Download from the banner itself: the token now decrypts with the new key only.
  const [fromBanner] = await Promise.all([
    page.waitForEvent('download'),
    banner.getByRole('button', { name: 'Download Token for Lifecycle' }).click(),
  ]);
  const bannerFile = path.join(OUT, 'banner-' + fromBanner.suggestedFilename());
  await fromBanner.saveAs(bannerFile);
  decryptEverywhere(bannerFile, token('rsa3072.crt.pem'), token('rsa3072.key.pem'));
  assert.throws(() => execFileSync('openssl', ['smime', '-decrypt', '-in', bannerFile, '-inkey', token('rsa2048.key.pem')], { stdio: 'pipe' }));
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(app.pageErrors, []);
});
