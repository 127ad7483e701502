// "For MDM vendors" as a person uses it, in headless Chromium against the release build:
// make a 2048-bit test certificate and key, download both, link a server with the certificate
// ("Use this certificate for a new server"), download its token, open it with the key and see
// the consumer key `openssl smime -decrypt` finds in the downloaded file; open Apple's real
// token; try a wrong key and a password-protected one; and the page stays responsive while a
// 4096-bit key is generated (the click-handling delay is measured and printed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer, requireShared, EXAMPLES, OUT, ROOT, SHARED } from './harness.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** The same axe-core WCAG 2.1 A/AA audit as accessibility.test.mjs. */
async function audit(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(problems, [], `${what}: accessibility violations`);
}

let app;
before(async () => {
  app = await launch();
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
});
after(async () => { await app?.close(); });

const APPLE = path.join(SHARED, 'vectors/apple-issued-token');
const dir = path.join(OUT, 'vendors');
fs.mkdirSync(dir, { recursive: true });

async function openVendors(page) {
  await page.getByRole('navigation', { name: 'MDM Link' }).getByRole('link', { name: 'For MDM vendors' }).click();
  await page.getByRole('heading', { name: 'For MDM vendors', level: 1 }).waitFor();
}

async function save(page, button) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

/** Opens `token` with `key` (and `password`) in the Open token panel; returns the panel's result. */
async function openToken(page, token, key, password = '') {
  await page.getByLabel('Token file').setInputFiles(token);
  if (key) await page.getByLabel('Private key', { exact: true }).setInputFiles(key);
  await page.getByLabel('Private key password').fill(password);
  await page.getByRole('button', { name: 'Open token' }).click();
  const result = page.getByRole('region', { name: /^Token (not )?opened$/ });
  await result.waitFor();
  return result;
}

const consumerKeyOf = (file, key) => {
  const plain = execFileSync('openssl', ['smime', '-decrypt', '-in', file, '-inkey', key]).toString('utf8');
  return JSON.parse(plain.split('\n')[4]);
};

test('make a 2048-bit test certificate, link a server with it, and open its token with the key', async () => {
  const { page } = app;
  // From the Add form, as a new admin without a vendor certificate would come.
  await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
  await page.getByRole('link', { name: 'No certificate yet? Make a test certificate' }).click();
  await page.getByRole('heading', { name: 'For MDM vendors', level: 1 }).waitFor();
  await audit(page, 'For MDM vendors, empty');
  assert.equal(await page.getByLabel('Common name').inputValue(), 'mdm-link-test');
  assert.equal(await page.getByLabel('Valid for (days)').inputValue(), '365');
  assert.equal(await page.getByLabel('Key size').inputValue(), '2048');
  // What is typed is checked before anything is made.
  await page.getByLabel('Common name').fill('  ');
  await page.getByRole('button', { name: 'Make test certificate' }).click();
  await page.getByRole('alert').filter({ hasText: 'Type a common name for the certificate' }).waitFor();
  await page.getByLabel('Common name').fill('mdm-link-test');
  await page.getByLabel('Valid for (days)').fill('0');
  await page.getByRole('button', { name: 'Make test certificate' }).click();
  await page.getByRole('alert').filter({ hasText: 'from 1 to 3650' }).waitFor();
  await page.getByLabel('Valid for (days)').fill('365');
  // By keyboard: Enter in a field submits the form.
  await page.getByLabel('Common name').press('Enter');
  await page.getByText('Test certificate made.').waitFor({ timeout: 120_000 });
  await audit(page, 'For MDM vendors, a test certificate made');
  const made = page.getByRole('article', { name: 'TEST-ONLY_mdm-link-test_certificate.pem' });
  assert.match(await made.innerText(), /For an MDM server: Usable/);
  assert.match(await made.innerText(), /O=MDM Link test certificate, CN=mdm-link-test/);

  const certificate = await save(page, 'Download certificate (.pem)');
  const der = await save(page, 'Download certificate (.der)');
  const key = await save(page, 'Download private key (.pem)');
  assert.deepEqual(
    [certificate, der, key].map((f) => path.basename(f)),
    ['TEST-ONLY_mdm-link-test_certificate.pem', 'TEST-ONLY_mdm-link-test_certificate.der', 'TEST-ONLY_mdm-link-test_private-key.pem'],
  );
  assert.match(fs.readFileSync(key, 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
  // Independent tools read what the browser made: the signature verifies with its own key.
  const verified = JSON.parse(execFileSync('python3', [path.join(ROOT, 'tests/tools/verify_certificate.py'), certificate, key]));
  assert.equal(verified.bits, 2048);
  assert.equal(verified.subject, 'CN=mdm-link-test,O=MDM Link test certificate');
  assert.ok(BigInt('0x' + verified.serial) >= 2n ** 64n, 'a random serial of at least 64 bits');
  assert.deepEqual(
    execFileSync('openssl', ['x509', '-in', der, '-inform', 'DER', '-outform', 'PEM']).toString(),
    fs.readFileSync(certificate, 'utf8'), 'the .der and .pem hold the same certificate');

  // "Use this certificate for a new server": the Add form gets it as if picked.
  await page.getByRole('button', { name: 'Use this certificate for a new server' }).click();
  await page.getByRole('heading', { name: 'Add MDM server' }).waitFor();
  await page.getByText('“TEST-ONLY_mdm-link-test_certificate.pem” can be used for an MDM server.').waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Vendor kit test');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Vendor kit test', level: 2 }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Token', exact: true }).click(),
  ]);
  const token = path.join(dir, download.suggestedFilename());
  await download.saveAs(token);
  const json = consumerKeyOf(token, key);

  await openVendors(page);
  // The view was left: the certificate and its key are gone with it.
  assert.equal(await page.getByText('Test certificate made.').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Download private key (.pem)' }).count(), 0);
  const result = await openToken(page, token, key);
  assert.match(await result.getByRole('heading').innerText(), /^Token opened$/);
  assert.equal(await result.locator('#opened-consumer-key').innerText(), json.consumer_key);
  const text = await result.innerText();
  assert.match(text, /Expiry\s+\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \(36[45] days left\)/);
  assert.match(text, /Encrypted for\s+The certificate issued by “O=MDM Link test certificate, CN=mdm-link-test”/);
  // Secrets are masked until revealed, and copied on request.
  assert.ok(!text.includes(json.consumer_secret) && !text.includes(json.access_secret), 'secrets masked');
  await result.getByRole('button', { name: 'Reveal consumer secret' }).press('Enter');
  await result.getByText(json.consumer_secret).waitFor();
  await audit(page, 'For MDM vendors, a token opened');
  assert.equal(await result.getByRole('button', { name: 'Hide consumer secret' }).getAttribute('aria-pressed'), 'true');
  await result.getByRole('button', { name: 'Copy access secret' }).click();
  await result.getByText('Access secret copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), json.access_secret);
  // Nothing of the key reached storage or the activity log.
  const stored = await page.evaluate(() => JSON.stringify(Object.assign({}, localStorage)));
  const keyBody = fs.readFileSync(key, 'utf8').split('\n')[1];
  assert.ok(!stored.includes(keyBody) && !stored.includes(json.consumer_secret), 'no key or secret stored');
  assert.deepEqual(app.pageErrors, []);
});

test("opens Apple's real token with its key, and names a wrong key and an encrypted one", async (t) => {
  if (!requireShared(t, 'vectors/apple-issued-token')) return;
  const { page } = app;
  await app.open('#/vendors');
  const apple = path.join(APPLE, 'apple-mdm-client-tests-1-server-token.p7m');
  const appleKey = path.join(APPLE, 'apple-mdm-client-tests-1.pem');
  const json = consumerKeyOf(apple, appleKey);
  let result = await openToken(page, apple, appleKey);
  assert.equal(await result.locator('#opened-consumer-key').innerText(), json.consumer_key);
  let text = await result.innerText();
  assert.match(text, /This token expired on 2026-01-17/);
  assert.match(text, /token-expired/);
  assert.match(text, /C=DE, OU=com\.github\.petarov, CN=apple-mdm-client-tests” with serial number 70:FE:DD:C7:D5:AF:A3:93/);
  assert.match(text, /AES-128-CBC/);

  // A wrong key: the diagnosis names the certificate the token was made for.
  result = await openToken(page, apple, path.join(EXAMPLES, 'token/rsa2048.key.pem'));
  text = await result.innerText();
  assert.match(await result.getByRole('heading').innerText(), /^Token not opened$/);
  assert.match(text, /This private key does not open the token: the token was encrypted for the certificate issued by “C=DE, OU=com\.github\.petarov, CN=apple-mdm-client-tests”/);
  assert.match(text, /usual cause when an MDM server reports an invalid token/);
  assert.match(text, /key-does-not-open-token/);
  assert.equal(await result.locator('#opened-consumer-key').count(), 0);
  await audit(page, 'For MDM vendors, a token not opened');

  // A file that is no token, and a certificate given as the key.
  result = await openToken(page, path.join(EXAMPLES, 'rsa2048.pem'), path.join(EXAMPLES, 'rsa2048.pem'));
  text = await result.innerText();
  assert.match(text, /not-cms/);
  assert.match(text, /no-private-key/);
  assert.deepEqual(app.pageErrors, []);
});

test('a password-protected key asks for its password, and opens the token once it is typed', async () => {
  const { page } = app;
  await addServer(app, 'Password key server', path.join(EXAMPLES, 'rsa2048.pem'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Token', exact: true }).click(),
  ]);
  const token = path.join(dir, 'password-' + download.suggestedFilename());
  await download.saveAs(token);
  await openVendors(page);
  const encrypted = path.join(EXAMPLES, 'key-encrypted.pem');
  let result = await openToken(page, token, encrypted);
  assert.match(await result.innerText(), /This private key is protected by a password\. Type the password in “Private key password”/);
  result = await openToken(page, token, encrypted, 'wrong');
  assert.match(await result.innerText(), /wrong-private-key-password/);
  result = await openToken(page, token, encrypted, 'vectors');
  assert.equal(
    await result.locator('#opened-consumer-key').innerText(),
    consumerKeyOf(token, path.join(EXAMPLES, 'rsa2048.key.pem')).consumer_key,
  );
  assert.match(await result.innerText(), /PEM, PKCS#8, password-protected/);
});

test('the page stays responsive while a 4096-bit key is generated, and Cancel stops it', async () => {
  const { page } = app;
  await app.open('#/vendors');
  await page.getByLabel('Key size').selectOption('4096');
  await page.getByRole('button', { name: 'Make test certificate' }).click();
  const progress = page.getByRole('progressbar', { name: 'Key generation progress' });
  await progress.waitFor();
  await page.getByRole('status').filter({ hasText: /\(step [12] of 3\)\./ }).waitFor();
  // A click elsewhere on the page (the name menu in the sidebar, handled by the app on the
  // main thread) while the worker computes: from the click to the DOM change it causes. A
  // click counts only if the generation was running before and after it; a key found early
  // (4096-bit keys take 2 to 20 s) just means another one is made.
  const make = page.getByRole('button', { name: 'Make test certificate' });
  const clickDelay = () => page.evaluate(async () => {
    const button = document.querySelector('.account-button');
    const before = button.getAttribute('aria-expanded');
    return new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (button.getAttribute('aria-expanded') !== before) {
          observer.disconnect();
          resolve(performance.now() - start);
        }
      });
      observer.observe(button, { attributes: true });
      const start = performance.now();
      button.click();
    });
  });
  const delays = [];
  let generations = 1;
  while (delays.length < 6) {
    if (!(await progress.isVisible())) {
      await make.click();
      await progress.waitFor();
      generations += 1;
    }
    const delay = await clickDelay();
    if (await progress.isVisible()) delays.push(delay);
    await page.waitForTimeout(150);
  }
  const max = Math.max(...delays);
  console.log(`click handled during 4096-bit generation: ${delays.map((d) => d.toFixed(1)).join(', ')} ms (max ${max.toFixed(1)} ms, ${generations} generation(s))`);
  assert.ok(max < 100, `a click took ${max.toFixed(1)} ms to be handled during key generation`);
  if (await page.getByRole('menu').count()) await page.keyboard.press('Escape');
  if (!(await progress.isVisible())) {
    await make.click();
    await progress.waitFor();
  }
  // Playwright hears of a new worker a moment after the page shows progress.
  const worker = page.workers()[0] ?? await page.waitForEvent('worker');
  assert.ok(worker, 'the generation runs in a web worker');
  await Promise.all([
    worker.waitForEvent('close'),
    page.getByRole('button', { name: 'Cancel' }).click(),
  ]);
  await page.getByText('Cancelled: no key was made.').waitFor();
  assert.equal(await progress.count(), 0);
  assert.ok(await make.isEnabled());
  assert.equal(page.workers().length, 0, 'Cancel terminated the worker');

  // Leaving the view mid-generation ends the worker too; coming back starts afresh.
  await make.click();
  await progress.waitFor();
  const second = page.workers()[0] ?? await page.waitForEvent('worker');
  await Promise.all([
    second.waitForEvent('close'),
    page.getByRole('navigation', { name: 'MDM Link' }).getByRole('link', { name: 'Users' }).click(),
  ]);
  await openVendors(page);
  assert.equal(await progress.count(), 0);
  assert.equal(page.workers().length, 0);
  assert.deepEqual(app.pageErrors, []);
});
