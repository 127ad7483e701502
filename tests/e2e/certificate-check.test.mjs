// Certificate check, as an admin uses it: choose files, drop files, paste text; read the verdict,
// the fingerprint and the specific message for whatever is not a usable certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, dropFiles, listFiles, EXAMPLES, SHARED, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const example = (name) => path.join(EXAMPLES, name);
/** The result article headed by `name` (role article, found by its accessible name). */
const result = (page, name) => page.getByRole('article', { name, exact: true });

async function checkFiles(page, files) {
  await page.getByLabel('Certificate files').setInputFiles(files);
}

test('a good certificate is Usable and shows the SHA-256 fingerprint openssl computes', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  await checkFiles(page, [example('rsa2048.pem')]);
  const article = result(page, 'rsa2048.pem');
  await article.waitFor();
  const text = await article.innerText();
  assert.match(text, /\bUsable\b/);
  assert.doesNotMatch(text, /Not usable/);
  // openssl x509 -noout -fingerprint -sha256, recorded when the vector was made.
  const expected = fs.readFileSync(example('rsa2048.sha256.txt'), 'utf8').trim().split('=')[1];
  assert.equal(await article.locator('code[id$="-sha256"]').innerText(), expected);
  assert.match(text, /RSA 2048 bits, exponent 65537/);
  assert.ok(await article.getByRole('button', { name: 'Copy SHA-256 fingerprint' }).isVisible());
  await page.screenshot({ path: path.join(OUT, 'certificate-usable.png'), fullPage: true });
});

test('the same certificate as DER, and pasted as text, gives the same fingerprint', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  await checkFiles(page, [example('rsa2048.der')]);
  const der = result(page, 'rsa2048.der');
  await der.waitFor();
  await page.getByLabel('Paste certificate').fill(fs.readFileSync(example('variant-crlf.pem'), 'utf8'));
  await page.getByRole('button', { name: 'Check pasted text' }).click();
  const pasted = result(page, 'Pasted text 1');
  await pasted.waitFor();
  assert.match(await pasted.innerText(), /\bUsable\b/);
  assert.equal(
    await pasted.locator('code[id$="-sha256"]').innerText(),
    await der.locator('code[id$="-sha256"]').innerText(),
  );
});

test('a private key, a CSR and an EC certificate each get their own message', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  await checkFiles(page, [example('key-pkcs1.pem'), example('csr.pem'), example('ec-p256.pem')]);

  const key = result(page, 'key-pkcs1.pem');
  await key.waitFor();
  const keyText = await key.innerText();
  assert.match(keyText, /private key/i);
  assert.match(keyText, /never be shared/i);
  assert.match(keyText, /public key certificate only/i);
  // The key itself is never echoed: no line of its base64 appears anywhere on the page.
  const keyLines = fs.readFileSync(example('key-pkcs1.pem'), 'utf8').split('\n').filter((l) => l.length > 40 && !l.startsWith('-----'));
  const pageText = await page.locator('body').innerText();
  for (const line of keyLines) assert.ok(!pageText.includes(line.slice(0, 24)), 'private key text must not be shown');

  const csr = result(page, 'csr.pem');
  assert.match(await csr.innerText(), /certificate signing request/i);

  const ec = result(page, 'ec-p256.pem');
  const ecText = await ec.innerText();
  assert.match(ecText, /Not usable/);
  assert.match(ecText, /RSA/);
  assert.match(ecText, /key-not-rsa/);
});

test('markup in a subject shows literally, and a chain says an entry takes exactly one', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  await checkFiles(page, [example('markup-subject.pem'), example('chain3.pem')]);
  const markup = result(page, 'markup-subject.pem');
  await markup.waitFor();
  assert.match(await markup.innerText(), /<script>alert\(1\)<\/script>/);
  assert.equal(await page.locator('article script').count(), 0);
  const chain = result(page, 'chain3.pem');
  assert.match(await chain.innerText(), /contains 3 certificates/);
  assert.match(await chain.innerText(), /takes exactly\s+one/);
  assert.equal(await chain.getByRole('region', { name: /Certificate \d of 3/ }).count(), 3);
  assert.match(await chain.innerText(), /The file contains 3 certificates/);
  // The same chain pasted is called what it is.
  await page.getByLabel('Paste certificate').fill(fs.readFileSync(example('chain3.pem'), 'utf8'));
  await page.getByRole('button', { name: 'Check pasted text' }).click();
  const pasted = result(page, 'Pasted text 1');
  await pasted.waitFor();
  assert.match(await pasted.innerText(), /The pasted text contains 3 certificates/);
  assert.doesNotMatch(await pasted.innerText(), /\b(the|this) file\b/i);
});

test('a file over 1 MiB is refused unread', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  const big = path.join(OUT, 'too-big.pem');
  fs.writeFileSync(big, Buffer.alloc(1024 * 1024 + 1, 0x41));
  await checkFiles(page, [big]);
  const article = result(page, 'too-big.pem');
  await article.waitFor();
  assert.match(await article.innerText(), /the limit is 1 MiB\), so it was not read/);
});

test('dropping 50 corpus files gives 50 results, each a verdict or a specific message', async (t) => {
  const corpus = path.join(SHARED, 'corpora/frankencert-seeds');
  if (!fs.existsSync(corpus)) {
    t.skip('../shared/corpora not found');
    return;
  }
  const { page } = app;
  await app.open('#/certificate-check');
  const files = listFiles(corpus).filter((f) => !/LICENSE|README/i.test(f)).slice(0, 50);
  assert.equal(files.length, 50);
  const zone = page.locator('.drop-zone');
  await dropFiles(page, zone, files);
  await page.getByRole('status').filter({ hasText: '50 results.' }).waitFor();
  const articles = page.getByRole('article');
  assert.equal(await articles.count(), 50);
  for (let i = 0; i < 50; i++) {
    const text = await articles.nth(i).innerText();
    assert.ok(/\bUsable\b|Not usable|[a-z]{3,}/.test(text.split('\n').slice(1).join(' ')), `result ${i} has content`);
    assert.doesNotMatch(text, /invalid file/i);
  }
  assert.deepEqual(app.pageErrors, []);
});
