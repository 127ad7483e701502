// The shell a person sees: sidebar, the name menu, Preferences > MDM Server Assignment,
// URLs that can be bookmarked, Back, keyboard use and a tablet-sized window; the certificate
// check working while the stored organization is still being read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, addServer, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

test('sidebar leads to Certificate check; the name menu leads to Preferences; Back works', async () => {
  const { page } = app;
  await app.open();
  await page.getByRole('link', { name: 'Certificate check' }).click();
  await page.getByRole('heading', { name: 'Certificate check', level: 1 }).waitFor();
  assert.match(page.url(), /#\/certificate-check$/);
  assert.equal(await page.getByRole('link', { name: 'Certificate check' }).getAttribute('aria-current'), 'page');

  const nameButton = page.getByRole('navigation', { name: 'MDM Link' }).getByRole('button', { name: /Administrator/ });
  await nameButton.click();
  await page.getByRole('menuitem', { name: 'Preferences' }).click();
  const pane = page.getByRole('region', { name: 'MDM Server Assignment' });
  await pane.waitFor();
  assert.match(await pane.innerText(), /No MDM servers are linked yet/);
  assert.match(page.url(), /#\/preferences\/mdm-servers$/);

  await page.goBack();
  await page.getByRole('heading', { name: 'Certificate check', level: 1 }).waitFor();
  await page.goForward();
  await page.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
  assert.deepEqual(app.pageErrors, []);
});

test('a bookmarked view opens directly, and an unknown address says so', async () => {
  const { page } = app;
  await page.goto(app.baseUrl + '#/preferences/mdm-servers');
  await page.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
  await page.goto(app.baseUrl + '#/no-such-view');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
});

test('the name menu works by keyboard alone', async () => {
  const { page } = app;
  await app.open('#/certificate-check');
  const nameButton = page.getByRole('button', { name: /Administrator/ });
  await nameButton.focus();
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitem', { name: 'Preferences' });
  await item.waitFor();
  assert.equal(await item.evaluate((el) => el === document.activeElement), true, 'first item is focused');
  await page.keyboard.press('Escape');
  await item.waitFor({ state: 'detached' });
  assert.equal(await nameButton.evaluate((el) => el === document.activeElement), true, 'focus returns to the button');
  assert.equal(await nameButton.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowDown');
  await item.waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'MDM Server Assignment' }).waitFor();
});

test('readable on a laptop and a tablet: nothing overflows sideways', async () => {
  const { page } = app;
  for (const [name, width, height] of [['laptop', 1366, 768], ['tablet', 768, 1024], ['tablet-landscape', 1024, 768]]) {
    await page.setViewportSize({ width, height });
    await app.open('#/certificate-check');
    await page.getByLabel('Certificate files').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: page is ${overflow}px wider than the window`);
    assert.ok(await page.getByRole('link', { name: 'Certificate check' }).isVisible(), `${name}: sidebar link visible`);
    assert.ok(await page.getByRole('button', { name: /Administrator/ }).isVisible(), `${name}: name visible`);
    await page.screenshot({ path: path.join(OUT, `shell-${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

/**
 * Holds the app's store busy from another page of the same site: a readwrite transaction on
 * `kv` kept alive, so the app's readonly read waits behind it (as a slow disk would make it
 * wait). Returns `release()`.
 */
async function holdStore(context, baseUrl) {
  const holder = await context.newPage();
  await holder.goto(baseUrl + 'icon.svg');
  await holder.evaluate(() => new Promise((started, failed) => {
    const open = indexedDB.open('mdm-link', 1);
    open.onerror = () => failed(open.error);
    open.onsuccess = () => {
      const kv = open.result.transaction('kv', 'readwrite').objectStore('kv');
      const again = () => { if (!window.released) kv.get('mdm-link.state').onsuccess = again; };
      again();
      started();
    };
  }));
  return async () => {
    await holder.evaluate(() => { window.released = true; });
    await holder.close();
  };
}

test('a host that serves the .wasm with another MIME type still starts the app, and it checks a file', async () => {
  // The loader compiles the wasm itself (streaming, while the glue loads); where that is refused
  // it hands the glue the address, and the glue fetches it and instantiates the bytes.
  const other = await launch();
  try {
    const warnings = [];
    other.page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
    let served = 0;
    await other.context.route(/_bg\.wasm$/, async (route) => {
      const response = await route.fetch();
      served++;
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    });
    await other.open('#/certificate-check');
    await other.page.getByLabel('Certificate files').setInputFiles(path.join(EXAMPLES, 'rsa2048.pem'));
    const checked = other.page.getByRole('article', { name: 'rsa2048.pem', exact: true });
    await checked.waitFor();
    assert.match(await checked.innerText(), /\bUsable\b/);
    assert.ok(served >= 2, `the wasm was served ${served} times: the loader's refused compile, then the glue's fetch`);
    assert.ok(warnings.some((w) => /application\/wasm/.test(w)), `the glue said why it fell back: ${warnings.join(' | ')}`);
    assert.deepEqual(other.pageErrors, []);
  } finally {
    await other.close();
  }
});

test('while the stored organization is still being read, the certificate check works; the rest waits and then shows it', async () => {
  const { page, context, baseUrl } = app;
  await addServer(app, 'Lab Macs', path.join(EXAMPLES, 'rsa2048.pem'));

  let release = await holdStore(context, baseUrl);
  await page.goto('about:blank');
  await page.goto(baseUrl + '#/certificate-check');
  await page.getByRole('heading', { name: 'Certificate check', level: 1 }).waitFor();
  const main = page.getByRole('main');
  assert.equal(await main.getAttribute('aria-busy'), 'true', 'the stored data is still being read');
  assert.equal(await page.getByRole('button', { name: /Administrator/ }).count(), 0, 'no name menu before the people are known');
  await page.getByLabel('Certificate files').setInputFiles(path.join(EXAMPLES, 'rsa2048.pem'));
  const checked = page.getByRole('article', { name: 'rsa2048.pem', exact: true });
  await checked.waitFor();
  assert.match(await checked.innerText(), /\bUsable\b/);
  assert.equal(await main.getAttribute('aria-busy'), 'true', 'checked before the stored data was read');
  await release();
  await page.locator('main:not([aria-busy])').waitFor();
  assert.match(await checked.innerText(), /\bUsable\b/, 'the result stays once the organization is read');
  await page.getByRole('button', { name: /Administrator/ }).waitFor();

  // A view that needs the organization says the app is opening, then shows it.
  release = await holdStore(context, baseUrl);
  await page.goto('about:blank');
  await page.goto(baseUrl + '#/preferences/mdm-servers');
  await page.getByRole('status').filter({ hasText: 'Opening MDM Link…' }).waitFor();
  assert.equal(await page.getByRole('cell', { name: 'Lab Macs' }).count(), 0);
  await release();
  await page.getByRole('cell', { name: 'Lab Macs' }).waitFor();
  assert.deepEqual(app.pageErrors, []);
});
