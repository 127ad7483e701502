// Offline and installable (issue 12): after the first visit the service worker (web/sw.js)
// serves every file of the app, so with the browser offline it reloads, adds a server,
// downloads a token (the background worker's wasm from the cache) and checks a certificate; a
// repeat visit fetches nothing but the browser's own update check of sw.js; a new deployment
// waits and is taken by "Reload to update"; the manifest names the app, its SVG icons and colour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, addServer, EXAMPLES, ROOT } from './harness.mjs';

const DIST = process.env.MDM_LINK_DIST || path.join(ROOT, 'dist');
let app;
let copy;
before(async () => {
  // A copy of the build, so the update test can "deploy" a new version into it.
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'mdm-link-dist-'));
  fs.cpSync(DIST, copy, { recursive: true });
  app = await launch({ dist: copy });
});
after(async () => {
  await app?.close();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

/** Opens the app and waits until the service worker controls the page with every file cached. */
async function installed(page) {
  await app.open();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('the manifest names the app, its SVG icons and theme colour; the service worker lists every file', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.webmanifest'), 'utf8'));
  assert.equal(manifest.name, 'MDM Link');
  assert.equal(manifest.display, 'standalone');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  for (const icon of manifest.icons) {
    assert.equal(icon.type, 'image/svg+xml');
    assert.match(fs.readFileSync(path.join(DIST, icon.src), 'utf8'), /^<svg /);
  }
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const assets = JSON.parse(/const ASSETS = (\[.*\]);/.exec(sw)[1]);
  const expected = fs.readdirSync(DIST).filter((f) => !['sw.js', '_headers'].includes(f)).sort();
  assert.deepEqual(assets, expected, 'every file of the build, worker and vendor view included');
  assert.match(/const VERSION = '([0-9a-f]{16})'/.exec(sw)[1], /^[0-9a-f]{16}$/);
});

test('offline after the first visit: reload, add a server, download a token, check a certificate', async () => {
  const { page, context } = app;
  await installed(page);
  await context.setOffline(true);
  try {
    await page.reload();
    await page.getByRole('navigation', { name: 'MDM Link' }).waitFor();
    await addServer(app, 'Offline iPads', path.join(EXAMPLES, 'token/rsa2048.crt.pem'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Token', exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^Offline iPads_Token_.*_smime\.p7m$/);
    assert.ok((await fs.promises.readFile(await download.path())).length > 500, 'a whole token');
    await page.goto(app.baseUrl + '#/certificate-check');
    await page.getByLabel('Certificate files').setInputFiles(path.join(EXAMPLES, 'rsa2048.pem'));
    const result = page.getByRole('article', { name: 'rsa2048.pem', exact: true });
    await result.waitFor();
    assert.match(await result.innerText(), /\bUsable\b/);
    await page.goto(app.baseUrl + '#/vendors');
    await page.getByRole('button', { name: 'Open token' }).waitFor();
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(app.pageErrors, []);
});

test('a repeat visit fetches nothing from the server but the browser\'s update check of sw.js', async () => {
  const { page } = app;
  await installed(page);
  app.server.requests.splice(0);
  await page.reload();
  await page.getByRole('navigation', { name: 'MDM Link' }).waitFor();
  await page.waitForLoadState('networkidle');
  const fetched = app.server.requests.splice(0);
  const bytes = fetched.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`repeat visit: ${fetched.length} requests to the server (${fetched.map((r) => r.path).join(', ') || 'none'}), ${bytes} bytes`);
  assert.deepEqual(fetched.filter((r) => r.path !== '/sw.js'), [], 'every file of the app came from the cache');
});

test('a new deployment waits while this tab runs; "Reload to update" switches to it', async () => {
  const { page } = app;
  await installed(page);
  const oldCaches = await page.evaluate(() => caches.keys());
  // "Deploy" a new version: a new sw.js (a changed file changes its version).
  const swFile = path.join(copy, 'sw.js');
  fs.writeFileSync(swFile, fs.readFileSync(swFile, 'utf8').replace(/const VERSION = '[0-9a-f]{16}'/, "const VERSION = '00000000deadbeef'"));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const update = page.getByRole('button', { name: 'Reload to update' });
  await update.waitFor();
  const during = await page.evaluate(() => caches.keys());
  assert.deepEqual(during.sort(), [...oldCaches, 'mdm-link-00000000deadbeef'].sort(), 'the new version is cached beside the old one, which still serves this tab');
  await Promise.all([page.waitForEvent('load'), update.click()]);
  await page.getByRole('navigation', { name: 'MDM Link' }).waitFor();
  assert.deepEqual(await page.evaluate(() => caches.keys()), ['mdm-link-00000000deadbeef'], 'the new version took over, the old cache is gone');
  assert.equal(await page.getByRole('button', { name: 'Reload to update' }).count(), 0);
});
