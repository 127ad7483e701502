// Shared set-up for end-to-end tests: serve the release build from dist/ on a free loopback
// port and drive Debian's Chromium through playwright-core (no browser download).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(ROOT, '../shared');
export const EXAMPLES = path.join(ROOT, 'tests/examples');
export const OUT = path.join(ROOT, 'tests/e2e/out');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Starts the server and a fresh browser profile; returns helpers and a `close()`. Serves
 * `dist/` (the release build), or the folder named by `MDM_LINK_DIST` (the benchmark build, or
 * an older build to show a new test fails on it).
 */
export async function launch({ dist = process.env.MDM_LINK_DIST || path.join(ROOT, 'dist'), headers = true } = {}) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: run scripts/build.sh first');
  }
  const server = await startServer(dist, 0, { headers });
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mdm-link-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const policy = await watchPolicy(context, baseUrl, dist);
  const page = context.pages()[0] || (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  fs.mkdirSync(OUT, { recursive: true });
  return {
    baseUrl, context, page, pageErrors, policy, server,
    /** A fresh page load of the app at `hash` (a hash-only change would keep the old page). */
    async open(hash = '') {
      await page.goto('about:blank');
      await page.goto(baseUrl + hash);
      await page.getByRole('navigation', { name: 'MDM Link' }).waitFor();
      // The shell comes before the stored organization is read (main is aria-busy until then).
      await page.locator('main:not([aria-busy])').waitFor();
    },
    async close() {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(profile, { recursive: true, force: true });
      policy.assertClean();
    },
  };
}

/**
 * Watches every page of `context` over a whole test file (issue 12): a `securitypolicyviolation`
 * listener installed before any page script on every page and reload, and the request log, where
 * only the app's own static files (same origin, a file in `dist`) may appear. `close()` fails the
 * file on any violation or other request; `policy.take()` hands a test what was seen so far.
 */
async function watchPolicy(context, baseUrl, dist) {
  const violations = [];
  const foreign = [];
  await context.exposeBinding('__mdmLinkPolicyViolation', (_source, v) => { violations.push(v); });
  await context.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) => {
      const v = { directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample, page: location.href };
      (window.__mdmLinkPolicyViolations ||= []).push(v);
      window.__mdmLinkPolicyViolation?.(v);
    }, true);
  });
  context.on('request', (request) => {
    const url = request.url();
    if (url === 'about:blank' || url.startsWith('data:') || url.startsWith(`blob:${baseUrl.replace(/\/$/, '')}/`)) return;
    const own = url.startsWith(baseUrl)
      && fs.existsSync(path.join(dist, decodeURIComponent(new URL(url).pathname).replace(/^\/$/, '/index.html')));
    if (!own) foreign.push(`${request.method()} ${url}`);
  });
  return {
    violations, foreign,
    /** What was seen so far, emptied (for a test that provokes a violation on purpose). */
    take() { return { violations: violations.splice(0), foreign: foreign.splice(0) }; },
    assertClean() {
      const problems = [
        ...violations.map((v) => `Content-Security-Policy violation: ${JSON.stringify(v)}`),
        ...foreign.map((r) => `a request that is not one of the app's own files: ${r}`),
      ];
      if (problems.length) throw new Error(problems.join('\n'));
    },
  };
}

/** Simulates a person dropping files on the element `target` (a Playwright locator). */
export async function dropFiles(page, target, files) {
  const payload = files.map((file) => ({
    name: path.basename(file),
    data: fs.readFileSync(file).toString('base64'),
  }));
  const handle = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name));
    }
    return transfer;
  }, payload);
  await target.dispatchEvent('dragenter', { dataTransfer: handle });
  await target.dispatchEvent('dragover', { dataTransfer: handle });
  await target.dispatchEvent('drop', { dataTransfer: handle });
}

/** Lists regular files under `dir`, sorted, recursively. */
export function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/** Links a server through the Add form (opened by its address) and waits for its page. */
export async function addServer(app, name, certificate, page = app.page) {
  await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Public key certificate').setInputFiles(certificate);
  await page.getByText('can be used for an MDM server').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

/** Adds a person through Users' Add user form (Users must be showing) and waits for it to close. */
export async function addUser(page, name, account, role) {
  await page.getByRole('button', { name: 'Add user' }).click();
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Managed Apple Account').fill(account);
  await form.getByLabel('Role').selectOption({ label: role });
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
}

/** The text of the element(s) an element's aria-describedby points at: its stated reason. */
export async function describedBy(locator) {
  return locator.evaluate((el) => (el.getAttribute('aria-describedby') || '')
    .split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
}

/** Switches the signed-in person through the name menu's "Sign in as" dialog. */
export async function signInAs(page, name) {
  const sidebar = page.getByRole('navigation', { name: 'MDM Link' });
  await sidebar.getByRole('button', { expanded: false }).click();
  await page.getByRole('menuitem', { name: 'Sign in as' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in as' });
  await dialog.getByRole('button', { name: new RegExp(`^${name} —`) }).click();
  await dialog.waitFor({ state: 'detached' });
  await sidebar.getByRole('button', { name, exact: true }).waitFor();
}

/**
 * What a fresh visit to the app at `hash` really downloads: every response the page receives
 * while it loads, each with its raw size and its size after `gzip -9` (the transfer size a static
 * host with gzip serves). `index.html` is listed but the first-load figure counts only
 * the .wasm, .js and .css, so `appBytes` sums those. `foreign` lists any request that went
 * anywhere but the app's own origin (there must be none: nothing leaves the page).
 */
export async function measureFirstLoad(app, hash = '') {
  const { page, baseUrl } = app;
  const responses = [];
  const foreign = [];
  const onRequest = (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && url !== 'about:blank') foreign.push(url);
  };
  const onResponse = (response) => { responses.push(response); };
  page.on('request', onRequest);
  page.on('response', onResponse);
  try {
    await app.open(hash);
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('request', onRequest);
    page.off('response', onResponse);
  }
  const files = [];
  for (const response of responses) {
    const body = await response.body();
    files.push({
      url: response.url().slice(baseUrl.length) || 'index.html',
      raw: body.length,
      gzip: zlib.gzipSync(body, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  const appFiles = files.filter((file) => /\.(wasm|js|css)$/.test(file.url));
  return {
    files,
    foreign,
    appBytes: {
      raw: appFiles.reduce((sum, file) => sum + file.raw, 0),
      gzip: appFiles.reduce((sum, file) => sum + file.gzip, 0),
      brotli: appFiles.reduce((sum, file) => sum + file.brotli, 0),
    },
  };
}

/**
 * The app's IndexedDB store (database `mdm-link`, object store `kv`), read and changed from
 * the page as a developer-tools user or another tool would, beside the app's own connection.
 */
export const store = {
  /** Every key of the store with its text, as an object (keys sorted). */
  async entries(page) {
    return page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('mdm-link', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('kv');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('kv', 'readonly');
        const keys = tx.objectStore('kv').getAllKeys();
        const values = tx.objectStore('kv').getAll();
        tx.oncomplete = () => {
          db.close();
          const out = {};
          keys.result.map((k, i) => [k, values.result[i]]).sort(([a], [b]) => (a < b ? -1 : 1))
            .forEach(([k, v]) => { out[k] = v; });
          resolve(out);
        };
        tx.onabort = () => { db.close(); reject(tx.error); };
      };
    }));
  },
  /** The text under `key`, or null. */
  async get(page, key) {
    return (await store.entries(page))[key] ?? null;
  },
  /**
   * The stored root, parsed, or null; its `organization.servers` read from the server records
   * it lists (`server_records`, see src/domain/persistence/layout.rs), as another tool reading
   * the layout would. A listed record that is missing reads as null.
   */
  async root(page) {
    const entries = await store.entries(page);
    const text = entries['mdm-link.state'] ?? null;
    if (text === null) return null;
    const root = JSON.parse(text);
    if (Array.isArray(root.server_records) && root.organization) {
      root.organization.servers = root.server_records
        .map((key) => (entries[key] === undefined ? null : JSON.parse(entries[key])));
    }
    return root;
  },
  /** The app's keys, sorted. */
  async keys(page) {
    return Object.keys(await store.entries(page));
  },
  /** Applies `puts` ({key: text}) and `deletes` ([key]) in one transaction; `clear` first. */
  async change(page, { puts = {}, deletes = [], clear = false } = {}) {
    return page.evaluate(([puts, deletes, clear]) => new Promise((resolve, reject) => {
      const open = indexedDB.open('mdm-link', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('kv');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('kv', 'readwrite');
        const kv = tx.objectStore('kv');
        if (clear) kv.clear();
        for (const key of deletes) kv.delete(key);
        for (const [key, value] of Object.entries(puts)) kv.put(value, key);
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onabort = () => { db.close(); reject(tx.error); };
      };
    }), [puts, deletes, clear]);
  },
  /** Waits until the stored root (parsed) satisfies `predicate`. */
  async waitForRoot(page, predicate, timeout = 10000) {
    const start = Date.now();
    for (;;) {
      const root = await store.root(page);
      if (root && predicate(root)) return root;
      if (Date.now() - start > timeout) throw new Error(`the stored root never matched: ${JSON.stringify(root)?.slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  },
};

/** Deletes the site's data between visits, as "Clear site data" does (all storage types). */
export async function clearSiteData(app, page = app.page) {
  const cdp = await app.context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: app.baseUrl.replace(/\/$/, ''), storageTypes: 'all' });
  await cdp.detach();
}

/**
 * Whether `../shared/<relative>` exists. When it does not, the test is skipped with the reason,
 * except under `CI=true`, where a missing `../shared` fails the test (a CI run must never pass
 * by doing nothing; the Rust tests follow the same rule in src/test_support.rs).
 */
export function requireShared(t, relative) {
  const full = path.join(SHARED, relative);
  if (fs.existsSync(full)) return true;
  if (/^(true|1)$/i.test(process.env.CI || '')) {
    throw new Error(`CI=true and ${full} (the shared corpora and vectors) is missing`);
  }
  t.skip(`${full} is missing (outside CI this is a skip, not a failure)`);
  return false;
}
