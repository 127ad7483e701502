// The strict Content-Security-Policy and the request log (issue 12). The harness itself fails
// every test file on any `securitypolicyviolation` event or any request that is not one of the
// app's own files (tests/e2e/harness.mjs, `watchPolicy`); this file checks that the watch sees
// what it must, that the page has nothing inline, that index.html's <meta>, web/_headers and the
// nginx snippet in docs/hosting.md say the same, and that the app, the vendor view and both
// workers run under the <meta> policy alone (a host that sends no headers).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer, listFiles, EXAMPLES, ROOT } from './harness.mjs';

const DIST = process.env.MDM_LINK_DIST || path.join(ROOT, 'dist');
const html = () => fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
// index.html is minified in release builds (attributes in any order, quotes only where needed).
const metaPolicy = () => {
  const tag = /<meta\b[^>]*\bhttp-equiv="?Content-Security-Policy"?[^>]*>/.exec(html())[0];
  return /\bcontent="([^"]+)"/.exec(tag)[1];
};
const HEADER_ONLY = "; frame-ancestors 'none'";
const OTHER_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const apps = [];
after(async () => { for (const app of apps) await app.close(); });
async function open(options) {
  const app = await launch(options);
  apps.push(app);
  return app;
}

test('the policy is strict: no inline code or remote origin, WebAssembly only through wasm-unsafe-eval', () => {
  const policy = metaPolicy();
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'|https?:|\*|data:|blob:/);
  for (const directive of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
    "worker-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
    assert.ok(policy.split('; ').includes(directive), `the policy has ${directive}`);
  }
  const page = html();
  const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attributes, body] of scripts) {
    assert.match(attributes, /\bsrc="?\/loader-[0-9a-f]+\.js"?/, 'the only script is the external loader');
    assert.match(attributes, /\bintegrity="?sha384-/);
    assert.equal(body.trim(), '', 'no inline script');
  }
  assert.doesNotMatch(page, /<style\b|\sstyle=/, 'no inline style in index.html');
  // Nor from Rust: no `style` attribute in any html! macro (Yew sets it with setAttribute,
  // which style-src 'self' blocks); classes or CSSOM instead.
  for (const file of listFiles(path.join(ROOT, 'src')).filter((f) => f.endsWith('.rs'))) {
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /\bstyle=\{|\bstyle="|set_attribute\("style"/, file);
  }
});

test('index.html, _headers and the nginx snippet state the same policy; the headers are sent', async () => {
  const policy = metaPolicy();
  const headersFile = fs.readFileSync(path.join(DIST, '_headers'), 'utf8');
  assert.ok(headersFile.includes(`Content-Security-Policy: ${policy}${HEADER_ONLY}\n`), '_headers has the policy + frame-ancestors');
  const nginx = fs.readFileSync(path.join(ROOT, 'docs/hosting.md'), 'utf8');
  const stated = [...nginx.matchAll(/add_header Content-Security-Policy "([^"]+)"/g)].map((m) => m[1]);
  assert.ok(stated.length >= 1);
  for (const s of stated) assert.equal(s, policy + HEADER_ONLY, 'the nginx snippet has the same policy');
  for (const [name, value] of Object.entries(OTHER_HEADERS)) {
    assert.ok(nginx.toLowerCase().includes(`add_header ${name} "${value}" always;`), `nginx sends ${name}`);
  }
  const app = await open();
  const response = await app.page.goto(app.baseUrl);
  const sent = response.headers();
  assert.equal(sent['content-security-policy'], policy + HEADER_ONLY);
  for (const [name, value] of Object.entries(OTHER_HEADERS)) assert.equal(sent[name], value, name);
});

test('the watch sees a violation and a request for something that is not a file of the app', async () => {
  const app = await open();
  await app.open();
  assert.deepEqual(app.policy.take(), { violations: [], foreign: [] });
  await app.page.evaluate(async () => {
    document.body.setAttribute('style', 'color: red');
    await fetch('/api/leak', { method: 'POST', body: 'x' }).catch(() => {});
    await fetch('http://127.0.0.2:9/elsewhere').catch(() => {});
  });
  await app.page.waitForFunction(() => (window.__mdmLinkPolicyViolations || []).length >= 2);
  const seen = app.policy.take();
  // Each is reported once per policy that refuses it: the header's and the <meta>'s.
  assert.deepEqual([...new Set(seen.violations.map((v) => v.directive))].sort(), ['connect-src', 'style-src-attr']);
  assert.deepEqual(seen.foreign, [`POST ${app.baseUrl}api/leak`], 'the same-origin request for no file is caught (the other was refused before it left)');
  await app.page.evaluate(() => document.body.removeAttribute('style'));
});

test('with no headers (the <meta> alone) the app, the vendor view and both workers run without a violation', async () => {
  const app = await open({ headers: false });
  const response = await app.page.goto(app.baseUrl);
  assert.equal(response.headers()['content-security-policy'], undefined);
  await app.open();
  await addServer(app, 'CSP meta only', path.join(EXAMPLES, 'token/rsa2048.crt.pem'));
  const [download] = await Promise.all([
    app.page.waitForEvent('download'),
    app.page.getByRole('button', { name: 'Download Token', exact: true }).click(),
  ]);
  assert.match(download.suggestedFilename(), /_smime\.p7m$/);
  await app.open('#/vendors');
  await app.page.getByRole('button', { name: 'Open token' }).click();
  await app.page.getByLabel('Token file').setInputFiles({ name: 'empty.p7m', mimeType: 'application/pkcs7-mime', buffer: Buffer.from(' ') });
  await app.page.getByRole('button', { name: 'Open token' }).click();
  await app.page.getByText('The token file is empty.').waitFor();
  assert.deepEqual(app.pageErrors, []);
  assert.deepEqual(app.policy.take(), { violations: [], foreign: [] });
});
