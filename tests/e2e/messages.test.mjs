// Messages in an admin's words (issue 10), as the admin reads them: every finding, refusal,
// alert, status line and field error the app shows in the views that have them (the
// certificate check with many kinds of bad file and pasted text, the Add form and "Upload new
// public key" with refused certificates and bad names, Users with bad input, a bad backup, a
// token opened with the wrong key) is a whole sentence: a capital first, exactly one full stop
// last, no "(s)", no "1 days", no raw `Some(`; a finding's stable code comes after its sentence,
// in a quieter style; and no view says the same sentence twice (a finding and its summary, a
// field error and an alert). The same rules as src/test_support.rs, where the core's every
// message is checked natively.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer, describedBy, listFiles, requireShared, EXAMPLES, SHARED, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const example = (name) => path.join(EXAMPLES, name);

/** Nouns the app counts: [singular, plural]. */
const COUNTED = [['day', 'days'], ['byte', 'bytes'], ['bit', 'bits'], ['certificate', 'certificates'],
  ['entry', 'entries'], ['server', 'servers'], ['record', 'records'], ['file', 'files'],
  ['result', 'results'], ['character', 'characters'], ['time', 'times'], ['person', 'people']];
const NONE_RATHER_THAN_ZERO = ['certificates', 'entries', 'servers', 'records', 'files', 'results', 'people', 'tokens'];
const isCode = (word) => /^[a-z0-9]+(-[a-z0-9]+)+[:.,]?$/.test(word);
/** A stable code as shown: kebab-case, one word or several (`expired`, `key-not-rsa`). */
const isStableCode = (word) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(word);

/** What is wrong with `text` as a sentence for the admin (the rules of src/test_support.rs). */
function sentenceProblems(text) {
  const problems = [];
  const problem = (what) => problems.push(`${what}: ${JSON.stringify(text)}`);
  if (!text) return ['empty'];
  if (text.trim() !== text) problem('leading or trailing whitespace');
  if (!/^[\p{Lu}\d“"'‘(]/u.test(text)) problem('does not start with a capital letter, a digit or a quote');
  if (isCode(text.split(/\s+/)[0])) problem('starts with a stable code');
  if (!/[.!?…]$/.test(text)) problem('does not end with a full stop, ! or ?');
  // What is quoted (a certificate's names, a server's name) is shown as it is.
  let outside = '';
  let depth = 0;
  for (const c of text) {
    if (c === '“') { depth += 1; if (depth === 1) outside += '“q'; } else if (c === '”' && depth > 0) { depth -= 1; if (depth === 0) outside += '”'; } else if (depth === 0) outside += c;
  }
  for (const doubled of ['..', '. .', '!.', '?.', ',.', ':.', ';.', '.,', '….']) {
    if (outside.includes(doubled)) problem(`doubled punctuation ${JSON.stringify(doubled)}`);
  }
  if (/ [.,:;!?](\s|$)/.test(outside)) problem('a space before a mark');
  if (/\((e?s)\)/.test(outside)) problem('a (s) plural');
  if (/ {2}|[\n\r\t]/.test(outside)) problem('doubled space or a line break');
  for (const raw of ['Some(', 'None', 'Ok(', 'Err(', '\\n', '{:', '{}', 'undefined', 'null', '[object']) {
    if (outside.includes(raw)) problem(`raw formatting ${JSON.stringify(raw)}`);
  }
  for (const glued of [': The ', ': This ', ': A ', ': An ', ': No ', ': It ', ': Reload ']) {
    if (outside.includes(glued)) problem(`a sentence glued on after a colon (${JSON.stringify(glued)})`);
  }
  const words = outside.split(/[\s()“”"',;:]+/).filter(Boolean).map((w) => w.replace(/[.!?…]+$/, ''));
  for (let i = 0; i + 1 < words.length; i++) {
    const [number, noun] = [words[i], words[i + 1]];
    if (number === '1' && COUNTED.some(([, many]) => many === noun)) problem(`"1 ${noun}"`);
    if (/^\d+$/.test(number) && number !== '1' && COUNTED.some(([one]) => one === noun)) problem(`"${number} ${noun}"`);
    if (number === '0' && NONE_RATHER_THAN_ZERO.includes(noun)) problem(`"0 ${noun}" where "no ${noun}" reads better`);
  }
  return problems;
}

test('the rules catch what issue 10 names', () => {
  assert.deepEqual(sentenceProblems('The file is empty. Choose another.'), []);
  assert.deepEqual(sentenceProblems('“Lab” is the default for Mac.'), []);
  for (const bad of ['the file is empty.', 'The file is empty', 'No token was made: it stopped..',
    'Checked 2 file(s).', 'It expires in 1 days.', 'No token was made: The worker stopped.', 'It was Some(3).']) {
    assert.notDeepEqual(sentenceProblems(bad), [], bad);
  }
});

/**
 * Collects what one view says: each sentence with where it was seen. `finish()` fails on any
 * rule broken and on any sentence said twice.
 */
function view(name) {
  const said = [];
  return {
    said,
    add(where, text) { said.push({ where, text: text.trim().replace(/\s+/g, ' ') }); },
    problems() {
      const out = said.flatMap(({ where, text }) => sentenceProblems(text).map((p) => `${name}, ${where}: ${p}`));
      const seen = new Map();
      for (const { where, text } of said) {
        if (seen.has(text)) out.push(`${name}: said twice (${seen.get(text)} and ${where}): ${JSON.stringify(text)}`);
        else seen.set(text, where);
      }
      return out;
    },
  };
}

/**
 * Every finding in `scope` (found as a person would: the lists named "Findings", their items):
 * "Severity: sentence code", the code after the sentence and quieter than it.
 */
async function findingsIn(scope, where, into) {
  const lists = scope.getByRole('list', { name: 'Findings' });
  for (let l = 0; l < await lists.count(); l++) {
    const items = lists.nth(l).getByRole('listitem');
    for (let i = 0; i < await items.count(); i++) {
      const item = items.nth(i);
      const text = (await item.innerText()).trim().replace(/\s+/g, ' ');
      const code = await item.getByRole('code').innerText();
      const parts = text.match(/^(Error|Warning|Info): (.+) (\S+)$/);
      assert.ok(parts, `${where}: a finding reads "Severity: sentence code": ${JSON.stringify(text)}`);
      assert.equal(parts[3], code, `${where}: the code comes last, after the sentence: ${text}`);
      assert.ok(isStableCode(code), `${where}: ${code} is a stable code`);
      const [codeSize, itemSize, codeColor, itemColor] = await item.evaluate((li) => {
        const c = li.querySelector('code');
        return [parseFloat(getComputedStyle(c).fontSize), parseFloat(getComputedStyle(li).fontSize), getComputedStyle(c).color, getComputedStyle(li).color];
      });
      assert.ok(codeSize < itemSize && codeColor !== itemColor, `${where}: the code ${code} is in a quieter style`);
      into.add(`${where}, finding ${code}`, parts[2]);
    }
  }
}

/** A refusal paragraph's sentence without its quiet code (the code is checked like a finding's). */
async function refusalsIn(scope, where, into) {
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  const paragraphs = scope.getByRole('paragraph').filter({ has: page.getByRole('code') });
  for (let i = 0; i < await paragraphs.count(); i++) {
    const p = paragraphs.nth(i);
    if (await p.locator('xpath=ancestor::li').count()) continue;
    const text = (await p.innerText()).trim().replace(/\s+/g, ' ');
    const code = await p.getByRole('code').innerText();
    assert.ok(text.endsWith(` ${code}`), `${where}: the refusal's code comes after its sentence: ${text}`);
    into.add(`${where}, refusal ${code}`, text.slice(0, -code.length - 1));
  }
}

/**
 * What a view says about the file just chosen: its refusal (the coded sentences, the plain
 * ones, and the findings inside it), or, when it was accepted, its findings as `accepted`.
 */
async function chosenFileIn(page, file, accepted, into) {
  const refused = page.getByRole('alert').filter({ hasText: file });
  if (!(await refused.count())) {
    await findingsIn(page, accepted, into);
    return;
  }
  await refusalsIn(refused, 'the refusal', into);
  const plain = refused.getByRole('paragraph').filter({ hasNot: page.getByRole('code') }).filter({ hasNotText: 'was not accepted' });
  for (const p of await plain.allInnerTexts()) into.add('the refusal', p);
  await findingsIn(refused, 'the refused file', into);
}

/**
 * Every alert and status line on the page that says something, paragraph by paragraph (a
 * button's label inside is not part of the sentence).
 */
async function alertsAndStatus(page, where, into) {
  for (const role of ['alert', 'status']) {
    const found = page.getByRole(role);
    for (let i = 0; i < await found.count(); i++) {
      const el = found.nth(i);
      if (!(await el.isVisible())) continue;
      // Findings and refusals inside are collected on their own, sentence by sentence.
      if (await el.getByRole('list', { name: 'Findings' }).count()) continue;
      const texts = await el.evaluate((node) => {
        const copy = node.cloneNode(true);
        copy.querySelectorAll('button').forEach((b) => b.remove());
        const paragraphs = [...copy.querySelectorAll('p')];
        return (paragraphs.length ? paragraphs : [copy]).map((p) => p.textContent);
      });
      for (const text of texts) if (text.trim()) into.add(`${where}, ${role}`, text);
    }
  }
}

/** No problem in any view, and (so that the test cannot pass by finding nothing) at least `least` findings read. */
function assertClean(views, least) {
  const findings = views.flatMap((v) => v.said).filter((s) => / finding /.test(s.where)).length;
  assert.ok(findings >= least, `only ${findings} findings were read (expected at least ${least})`);
  const problems = views.flatMap((v) => v.problems());
  assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
}

test('the certificate check: every finding and refusal of many kinds of bad file and pasted text is a sentence, said once per result', async (t) => {
  const { page } = app;
  await app.open('#/certificate-check');
  const files = [
    'ec-p256.pem', 'ed25519.pem', 'rsa1024.pem', 'md5-signed.pem', 'sha1-signed.pem', 'one-day.pem',
    'exponent3.pem', 'ku-digitalsignature.pem', 'chain3.pem', 'cert-and-key.pem', 'bundle.p7b',
    'bundle-one.p7b.pem', 'bundle-empty.p7b.pem', 'trusted.pem', 'variant-der-trailing.der',
    'variant-two-der.der', 'variant-text-around.pem', 'csr.pem', 'crl.pem', 'key-pkcs1.pem',
    'key-encrypted.pem', 'key-ec.pem', 'pubkey.pem', 'rsa-pubkey.pem', 'image.png', 'archive.zip',
    'document.pdf', 'empty.txt', 'whitespace.txt', 'broken-truncated.der', 'broken-truncated.pem',
    'broken-base64.pem', 'broken-unterminated.pem', 'broken-length.der', 'broken-not-x509.der',
    'broken-asn1-unknown.der', 'bundle.p12', 'token-smime.p7m', 'unsupported-label.pem', 'ssh.pub',
    'random.bin', 'markup-subject.pem', 'rsa-edge/bit-string-unused-bits.der',
    'rsa-edge/exponent-2pow40.der', 'rsa-edge/modulus-16392-bits.der',
    'rsa-edge/modulus-leading-zero.der', 'hostile/rtl-override.der', 'hostile/long.der',
  ].map(example);
  let corpus = [];
  if (requireShared(t, 'corpora/x509-limbo')) {
    // Real-world certificates of every kind: CA certificates, expired ones, odd issuers.
    corpus = listFiles(path.join(SHARED, 'corpora/x509-limbo')).filter((f) => /\.(pem|der|crt)$/.test(f)).slice(0, 40);
  }
  const all = [...files, ...corpus];
  await page.getByLabel('Certificate files').setInputFiles(all);
  await page.getByRole('status').filter({ hasText: `${all.length} results.` }).waitFor();

  const pasted = [
    fs.readFileSync(example('csr.pem'), 'utf8'),
    fs.readFileSync(example('broken-truncated.pem'), 'utf8'),
    fs.readFileSync(example('cert-and-key.pem'), 'utf8'),
    fs.readFileSync(example('chain3.pem'), 'utf8'),
    '{"servers": []}',
    '   ',
  ];
  for (const text of pasted) {
    await page.getByLabel('Paste certificate').fill(text);
    await page.getByRole('button', { name: 'Check pasted text' }).click();
  }
  const total = all.length + pasted.length;
  await page.getByRole('status').filter({ hasText: `${total} results.` }).waitFor();

  const articles = page.getByRole('article');
  assert.equal(await articles.count(), total);
  const views = [];
  const codes = new Set();
  for (let i = 0; i < total; i++) {
    const article = articles.nth(i);
    const name = await article.getByRole('heading', { level: 3 }).innerText();
    // One result is one view: its refusal or the file's findings, and each certificate's
    // section with them (a chain's certificates may each say "self-signed": they are
    // different certificates, each in its own section).
    const whole = view(name);
    await refusalsIn(article, 'the result', whole);
    await findingsIn(article, 'the result', whole);
    const sections = article.getByRole('region', { name: /^Certificate( \d+ of \d+)?$/ });
    const perSection = [];
    for (let s = 0; s < await sections.count(); s++) {
      const section = view(`${name}, certificate ${s + 1}`);
      await findingsIn(sections.nth(s), `certificate ${s + 1}`, section);
      perSection.push(section);
    }
    // What the file's own list says: the whole result less what the sections say.
    const fileLevel = [...whole.said];
    for (const section of perSection) {
      for (const { text } of section.said) {
        const at = fileLevel.findIndex((f) => f.text === text);
        if (at >= 0) fileLevel.splice(at, 1);
      }
    }
    if (perSection.length === 0) views.push(whole);
    for (const section of perSection) {
      section.said.unshift(...fileLevel.map((f) => ({ ...f, where: `the file, ${f.where}` })));
      views.push(section);
    }
    for (const code of await article.getByRole('code').allInnerTexts()) if (isStableCode(code)) codes.add(code);
  }
  const pageLevel = view('the certificate check page');
  await alertsAndStatus(page, 'the page', pageLevel);
  views.push(pageLevel);
  assertClean(views, 300);
  // The files above reach many different findings and refusals, not a few.
  assert.ok(codes.size >= 35, `only ${codes.size} different codes: ${[...codes].join(' ')}`);
  for (const code of ['key-not-rsa', 'rsa-key-too-short', 'private-key-in-file', 'several-certificates', 'trailing-data', 'expired', 'certificate-request', 'truncated', 'pem-unterminated', 'encrypted-message']) {
    assert.ok(codes.has(code), `reached ${code}`);
  }
  // A private key beside the certificate is an error of the file and of the certificate, said once.
  const keyFile = page.getByRole('article', { name: 'cert-and-key.pem', exact: true });
  assert.equal(await keyFile.getByText(/also contains a private key/).count(), 1);
  assert.match(await keyFile.innerText(), /For an MDM server: Not usable/);
  await page.screenshot({ path: path.join(OUT, 'messages-certificate-check.png'), fullPage: false });
  assert.deepEqual(app.pageErrors, []);
});

test('the Add form and "Upload new public key": bad names and refused certificates, each said once, in sentences', async () => {
  const { page } = app;
  await addServer(app, 'Cupertino iPads', example('rsa2048.pem'));
  const views = [];
  const save = page.getByRole('button', { name: 'Save', exact: true });
  const name = page.getByLabel('Name', { exact: true });
  const picker = page.getByLabel('Public key certificate');
  const cases = [
    ['', 'ec-p256.pem'],
    ['Unassigned', 'cert-and-key.pem'],
    ['cupertino  IPADS', 'chain3.pem'],
    ['x'.repeat(101), 'csr.pem'],
    ['Lab', 'rsa1024.pem'],
    ['Lab', 'broken-truncated.der'],
    ['Lab', 'one-day.pem'],
  ];
  for (const [typed, file] of cases) {
    await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
    await name.fill(typed);
    await name.blur();
    await picker.setInputFiles(example(file));
    await page.getByText(`“${file}”`).first().waitFor();
    const v = view(`Add form with “${typed.slice(0, 20)}” and ${file}`);
    v.add('the name field', await describedBy(name));
    if (await save.isDisabled()) v.add('why Save is off', await describedBy(save));
    const refused = page.getByRole('alert').filter({ hasText: file });
    if (await refused.count()) {
      const text = (await refused.innerText()).trim().replace(/\s+/g, ' ');
      assert.match(text, new RegExp(`^“${file.replace('.', '\\.')}” was not accepted\\.`), 'the refusal names the file first');
      v.add('the refused file', `“${file}” was not accepted.`);
    }
    await chosenFileIn(page, file, 'the accepted file', v);
    views.push(v);
  }
  // Upload new public key on the server page: a refused file, said once.
  await page.getByRole('navigation', { name: 'MDM Link' }).getByRole('link', { name: 'MDM Server Assignment' }).click();
  await page.getByRole('link', { name: 'Cupertino iPads' }).click();
  // The third replaces the key; the fourth is that same key again, which the core refuses.
  for (const [file, outcome] of [['ec-p256.pem'], ['cert-and-key.pem'], ['rsa3072.pem', /The public key was replaced/], ['rsa3072.pem', /already uses/]]) {
    await page.getByLabel('Upload new public key').setInputFiles(example(file));
    await page.getByText(`“${file}”`).first().waitFor();
    const v = view(`Upload new public key with ${file}`);
    await chosenFileIn(page, file, 'the chosen file', v);
    if (outcome) {
      await page.getByRole('button', { name: 'Replace certificate' }).click();
      const dialog = page.getByRole('alertdialog');
      v.add('the dialog', await dialog.getByRole('paragraph').first().innerText());
      await dialog.getByRole('button', { name: 'Replace public key' }).click();
      await page.getByText(outcome).waitFor();
    }
    await alertsAndStatus(page, 'the server page', v);
    views.push(v);
  }
  assertClean(views, 20);
  assert.deepEqual(app.pageErrors, []);
});

test('Users, a bad backup and a token opened with the wrong key: sentences, each said once', async () => {
  const { page } = app;
  const views = [];

  // Users: Save with an empty name and a bad account shows each at its field, not again below.
  await page.getByRole('navigation', { name: 'MDM Link' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Add user' }).click();
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('Managed Apple Account').fill('not an address');
  await form.getByRole('button', { name: 'Save' }).click();
  const users = view('Users, the add form');
  for (const label of ['Name', 'Managed Apple Account']) {
    users.add(`the ${label} field`, await describedBy(form.getByLabel(label, { exact: true })));
  }
  await alertsAndStatus(page, 'Users', users);
  views.push(users);

  // A bad backup: each refusal is a sentence that starts with the file's name in quotes.
  await page.goto(app.baseUrl + '#/preferences/organization');
  for (const [file, text] of [['cut.json', '{"format":"mdm-link-backup","backup_v'], ['certificate.pem', fs.readFileSync(example('rsa2048.pem'), 'utf8')], ['other.json', '{"servers": []}']]) {
    const full = path.join(OUT, file);
    fs.writeFileSync(full, text);
    await page.getByLabel('Backup file').setInputFiles(full);
    await page.getByRole('button', { name: 'Import backup' }).click();
    await page.getByRole('alert').filter({ hasText: file }).waitFor();
    const v = view(`Import backup of ${file}`);
    await alertsAndStatus(page, 'Organization', v);
    views.push(v);
  }

  // A token opened with the wrong key, an EC key and no key: the findings, once each.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.goto(app.baseUrl + '#/preferences/mdm-servers');
      await page.getByRole('link', { name: 'Cupertino iPads' }).click();
      await page.getByRole('button', { name: 'Download Token', exact: true }).click();
      const dialog = page.getByRole('alertdialog');
      if (await dialog.count()) await dialog.getByRole('button', { name: 'Download new token' }).click();
    })(),
  ]);
  const token = path.join(OUT, 'messages-token.p7m');
  await download.saveAs(token);
  await page.getByRole('navigation', { name: 'MDM Link' }).getByRole('link', { name: 'For MDM vendors' }).click();
  await page.getByRole('heading', { name: 'For MDM vendors', level: 1 }).waitFor();
  for (const key of ['token/rsa3072.key.pem', 'token/ec256.key.pem', 'rsa2048.pem', null]) {
    await page.getByLabel('Token file').setInputFiles(key === null ? example('csr.pem') : token);
    await page.getByLabel('Private key', { exact: true }).setInputFiles(key ? example(key) : []);
    await page.getByRole('button', { name: 'Open token' }).click();
    const result = page.getByRole('region', { name: /^Token (not )?opened$/ });
    await result.waitFor();
    const v = view(`Open token with ${key ?? 'a CSR and no key'}`);
    await findingsIn(result, 'the report', v);
    views.push(v);
  }
  assertClean(views, 6);
  assert.deepEqual(app.pageErrors, []);
});
