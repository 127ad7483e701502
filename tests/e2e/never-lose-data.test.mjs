// Never lose data, each fault caused in a real browser: a full quota (the site's quota lowered
// and the rest filled), stored data corrupted or incomplete, a newer release's data, the data
// deleted while the app is open (by a tool, and by clearing site data), site data cleared
// between visits. For each: the banner says what happened and what to do, what is in memory
// stays and can be exported, nothing is silently reset. Then backups: export, clear, import
// gives the same file; bad files change nothing; the reminder; storage use; archiving old
// activity after its CSV. The store is IndexedDB (`mdm-link` / `kv`), read here as a tool would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer as addServerVia, store, clearSiteData, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const ROOT_KEY = 'mdm-link.state';
const CERT = path.join(EXAMPLES, 'rsa2048.pem');
const addServer = (name, page = app.page, cert = CERT) => addServerVia(app, name, cert, page);
const root = (page = app.page) => store.root(page);
const appKeys = (page = app.page) => store.keys(page);
const serverNames = async (page = app.page) => ((await root(page))?.organization?.servers ?? []).map((s) => s.name).sort();

/** A fresh start: nothing stored, a new page load. */
async function clean(page = app.page) {
  await page.goto(app.baseUrl + '#/certificate-check');
  await store.change(page, { clear: true });
  await page.evaluate(() => localStorage.clear());
  await app.open('#/preferences/mdm-servers');
}

/** Clicks `button` and returns the download's text and name. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const saved = path.join(OUT, `download-${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), text: fs.readFileSync(saved, 'utf8'), path: saved };
}

/**
 * Lowers the site's quota to `bytes`. Chromium's IndexedDB remembers the space it found for a
 * while after a write, so this comes before the app writes anything; the session stays open
 * (closing it lifts the override).
 */
let quotaSession = null;
async function lowerQuota(page, bytes) {
  quotaSession = await app.context.newCDPSession(page);
  await quotaSession.send('Storage.overrideQuotaForOrigin', { origin: app.baseUrl.replace(/\/$/, ''), quotaSize: bytes });
}

/** Fills what is left of the quota with another database; returns what fitted. */
async function fillStorage(page, bytes) {
  return page.evaluate(async (limit) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('someone-else', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('junk');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    // Random bytes (the browser compresses repeated ones), smaller and smaller pieces until
    // not even 1 KiB more fits; never more than twice the quota, in case it is not enforced.
    let size = 256 * 1024;
    let n = 0;
    let written = 0;
    while (size >= 1024 && written < 2 * limit) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      const stored = await new Promise((resolve) => {
        const tx = db.transaction('junk', 'readwrite');
        tx.objectStore('junk').put(bytes, n);
        tx.oncomplete = () => resolve(true);
        tx.onabort = () => resolve(false);
      });
      if (stored) { n += 1; written += size; } else size >>= 1;
    }
    db.close();
    return { n, written };
  }, bytes);
}

async function freeStorage(page) {
  await page.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase('someone-else');
    request.onsuccess = request.onerror = request.onblocked = resolve;
  }));
  await quotaSession.send('Storage.overrideQuotaForOrigin', { origin: app.baseUrl.replace(/\/$/, '') });
  await quotaSession.detach();
  quotaSession = null;
}

test('quota exceeded after filling storage: the change stays on screen, a backup can be exported, and Try saving again saves once space is freed', async () => {
  const { page } = app;
  await lowerQuota(page, 4 * 1024 * 1024);
  await clean();
  await addServer('Before full');
  const filled = await fillStorage(page, 4 * 1024 * 1024);
  assert.ok(filled.written < 8 * 1024 * 1024, `the lowered quota stopped the filling (${filled.written} bytes)`);
  await addServer('Kept in memory');
  const banner = page.getByRole('alert').filter({ hasText: 'not saved' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /full|quota/i);
  assert.match(await banner.innerText(), /Free space for this site/);
  assert.deepEqual(await serverNames(), ['Before full'], 'storage still holds the last saved state');
  const backup = await download(page, banner.getByRole('button', { name: 'Export backup now' }));
  assert.match(backup.name, /^MDM Link backup My Organization \d{4}-\d{2}-\d{2}\.json$/);
  const inBackup = JSON.parse(backup.text).organization.servers.map((s) => s.name).sort();
  assert.deepEqual(inBackup, ['Before full', 'Kept in memory'], 'the backup holds what is in memory');
  // Recording the export's date is a change too, so it tries to save and fails again; wait for
  // that before freeing space, or it may be that save (not the button) which succeeds.
  await banner.filter({ hasText: 'Tried 2 times; still not saved.' }).waitFor();
  await freeStorage(page);
  await banner.getByRole('button', { name: 'Try saving again' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(await serverNames(), ['Before full', 'Kept in memory']);
  assert.deepEqual(app.pageErrors, []);
});

test('an incomplete store (a certificate blob removed by hand) is kept, named, and replaced only after confirmation', async () => {
  const { page } = app;
  await clean();
  await addServer('Lab Macs');
  const stored = await root();
  const sha = stored.organization.servers[0].certificate.sha256_hex;
  assert.equal(stored.organization.servers[0].certificate.der_base64, undefined, 'the root holds no DER');
  await store.change(page, { deletes: [`mdm-link.certificate.${sha}`] });
  const before = await appKeys();
  await app.open('#/preferences/mdm-servers');
  const banner = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /the certificate of “Lab Macs”.*is missing/s);
  await banner.getByRole('button', { name: 'Replace stored data with this organization' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Replace the stored data?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await appKeys(), before, 'cancel changes nothing');
  await banner.getByRole('button', { name: 'Replace stored data with this organization' }).click();
  await dialog.getByRole('button', { name: 'Replace stored data' }).click();
  await banner.waitFor({ state: 'detached' });
  // The save runs once the cross-tab lock is granted, just after the banner goes.
  await store.waitForRoot(page, (r) => r.organization.servers.length === 0);
  assert.deepEqual(await serverNames(), [], 'replaced by the (empty) organization on screen');
  assert.ok(!(await appKeys()).includes(`mdm-link.certificate.${sha}`));
});

test('data from a newer release makes the app read-only and is never overwritten', async () => {
  const { page } = app;
  await clean();
  const future = JSON.stringify({ schema: 99, revision: 3, layout: 'root', organization: { name: 'From the future' } });
  await store.change(page, { puts: { [ROOT_KEY]: future } });
  await app.open('#/preferences/organization');
  const banner = page.getByRole('alert').filter({ hasText: 'read-only' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /newer release/);
  assert.match(await banner.innerText(), /schema 99/);
  assert.equal(await banner.getByRole('button', { name: 'Replace stored data with this organization' }).count(), 0);
  await page.getByLabel('Organization name').fill('Overwritten?');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByText(/MDM Link is read-only here: the data stored in this browser was written by a newer release/).first().waitFor();
  assert.equal(await store.get(page, ROOT_KEY), future);
});

test('the stored data deleted by a tool while the page is open: the next change says so, keeps everything, and saves only when asked', async () => {
  const { page } = app;
  await clean();
  await addServer('First');
  await store.change(page, { clear: true });
  await addServer('Second');
  const banner = page.getByRole('alert').filter({ hasText: 'was deleted' });
  await banner.waitFor();
  assert.deepEqual(await appKeys(), [], 'nothing written behind the admin\'s back');
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  for (const name of ['First', 'Second']) await page.getByRole('link', { name }).waitFor();
  await banner.getByRole('button', { name: 'Save it again' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(await serverNames(), ['First', 'Second']);
});

test('the site\'s data cleared while the page is open shows at once, and nothing is lost', async () => {
  const { page } = app;
  await clean();
  await addServer('Watched');
  await clearSiteData(app);
  const banner = page.getByRole('alert').filter({ hasText: 'was deleted' });
  await banner.waitFor();
  assert.ok(await page.getByRole('heading', { name: 'Watched', level: 2 }).isVisible());
  assert.deepEqual(await appKeys(), [], 'nothing written behind the admin\'s back');
  await banner.getByRole('button', { name: 'Save it again' }).click();
  await banner.waitFor({ state: 'detached' });
  await store.waitForRoot(page, (r) => r.organization.servers.some((s) => s.name === 'Watched'));
});

test('site data cleared between visits: the next visit says how to restore, and importing the backup brings back the same state, byte for byte', async () => {
  const { page } = app;
  await clean();
  await addServer('Cupertino iPads');
  await addServer('Lab Macs', page, path.join(EXAMPLES, 'rsa3072.pem'));
  await page.goto(app.baseUrl + '#/preferences/organization');
  const first = await download(page, page.getByRole('button', { name: 'Export backup', exact: true }));
  await page.goto('about:blank');
  await clearSiteData(app);
  await app.open('#/preferences/mdm-servers');
  const note = page.getByRole('status').filter({ hasText: 'No MDM Link data is stored in this browser yet' });
  await note.waitFor();
  await note.getByRole('link', { name: /Import backup/ }).click();
  await page.getByLabel('Backup file').setInputFiles(first.path);
  await page.getByRole('button', { name: 'Import backup' }).click();
  const preview = page.getByRole('region', { name: /would change/ });
  await preview.waitFor();
  assert.match(await preview.innerText(), /2 servers added: “Cupertino iPads”, “Lab Macs”/);
  await preview.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Imported the backup' }).waitFor();
  await store.waitForRoot(page, (r) => r.organization.servers.length === 2);
  assert.deepEqual(await serverNames(), ['Cupertino iPads', 'Lab Macs']);
  const second = await download(page, page.getByRole('button', { name: 'Export backup', exact: true }));
  assert.equal(second.text, first.text, 'export, clear, import, export: the same bytes');
});

test('a truncated, edited, foreign or newer backup is refused with what and where, and changes nothing', async () => {
  const { page } = app;
  await clean();
  await addServer('Stays');
  await page.goto(app.baseUrl + '#/preferences/organization');
  const good = await download(page, page.getByRole('button', { name: 'Export backup', exact: true }));
  const doc = JSON.parse(good.text);
  const cases = [
    ['truncated.json', good.text.slice(0, good.text.length / 2), /JSON is damaged at line 1, column \d+/],
    ['newer.json', JSON.stringify({ ...doc, backup_version: 7 }), /newer release of MDM Link \(backup version 7/],
    ['edited.json', JSON.stringify({ ...doc, organization: { ...doc.organization, servers: [{ ...doc.organization.servers[0], certificate: { ...doc.organization.servers[0].certificate, subject: 'CN=evil' } }] } }), /certificate of “Stays” \(server 1 in the file\) does not match/],
    ['certificate.pem', fs.readFileSync(CERT, 'utf8'), /JSON is damaged/],
    ['other.json', '{"servers": []}', /not an MDM Link backup/],
  ];
  const before = await appKeys();
  const stored = await store.get(page, ROOT_KEY);
  for (const [name, text, says] of cases) {
    const file = path.join(OUT, name);
    fs.writeFileSync(file, text);
    await page.getByLabel('Backup file').setInputFiles(file);
    await page.getByRole('button', { name: 'Import backup' }).click();
    const alert = page.getByRole('alert').filter({ hasText: name });
    await alert.waitFor();
    assert.match(await alert.innerText(), says, name);
  }
  assert.deepEqual(await appKeys(), before);
  assert.equal(await store.get(page, ROOT_KEY), stored);
});

test('the backup reminder: after the first server, gone after an export, back after a change to servers; storage use and persistence are shown', async () => {
  const { page } = app;
  await clean();
  const reminder = page.getByRole('status').filter({ hasText: /backup/i }).filter({ hasText: /No backup of this organization yet|Last backup/ });
  assert.equal(await reminder.count(), 0, 'no reminder before any server');
  await addServer('Reminded');
  await reminder.waitFor();
  assert.match(await reminder.innerText(), /No backup of this organization yet/);
  await download(page, reminder.getByRole('button', { name: 'Export backup now' }));
  await reminder.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Reminded again');
  await page.getByRole('button', { name: 'Save name' }).click();
  await reminder.waitFor();
  assert.match(await reminder.innerText(), /Last backup: \d{4}-\d{2}-\d{2}, before your latest changes to servers/);
  await page.goto(app.baseUrl + '#/preferences/organization');
  assert.match(await page.locator('#storage-used').innerText(), /This organization takes [\d.]+ KiB in this browser's storage\./);
  assert.match(await page.locator('#storage-estimate').innerText(), /The browser lets this site keep up to [\d.]+ [KMG]iB; [\d.]+ (bytes|KiB|MiB) is in use \(\d+%\)\./);
  assert.match(await page.locator('#storage-persisted').innerText(), /persistent storage (granted|not granted)|does not say/);
  assert.ok((await root()).meta.backup_exported_at > 0, 'the export date is kept in this browser');
});

test('a log over 5,000 entries offers its oldest chunks as CSV, then archives them and says so', async () => {
  const { page } = app;
  await clean();
  await addServer('Busy');
  const stored = JSON.parse(await store.get(page, ROOT_KEY));
  // 5,600 more entries in the open part of the root (the app chunks them on its next save).
  const entry = stored.organization.activity.at(-1);
  const extra = Array.from({ length: 5600 }, (_, i) => ({ ...entry, detail: `entry ${i}`, at: entry.at + i }));
  stored.organization.activity.push(...extra);
  await store.change(page, { puts: { [ROOT_KEY]: JSON.stringify(stored) } });
  await app.open('#/activity');
  const offer = page.getByText(/1000 old entries can be archived/);
  await offer.waitFor();
  const csv = await download(page, page.getByRole('button', { name: 'Download CSV and archive' }));
  assert.equal(csv.text.trim().split('\r\n').length, 1 + 1000, 'header + the 1,000 oldest entries');
  const archived = page.locator('#activity-archived');
  await archived.waitFor();
  assert.match(await archived.innerText(), /1000 earlier entries were archived/);
  await store.waitForRoot(page, (r) => r.organization.activity_archive.count === 1000);
  const keys = await appKeys();
  assert.ok(!keys.includes('mdm-link.activity.0') && !keys.includes('mdm-link.activity.1'), keys.join(' '));
  assert.ok(keys.includes('mdm-link.activity.2'), 'later chunks keep their numbers');
  await app.open('#/activity');
  await archived.waitFor();
  assert.deepEqual(app.pageErrors, []);
});
