// What a first visit downloads, measured from the responses a real page load receives.
//
// The issue-2 target is 200 KB gzipped (.wasm + .js + .css). The whole app is above it (see
// ARCHITECTURE.md, "Size budget"): this test does not claim the target. It stops the size from
// growing silently: raising FIRST_LOAD_CEILING_KIB is a decision to write down in
// ARCHITECTURE.md, not a number to bump until the test passes. It also checks that loading the
// app sends no request anywhere but its own origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, measureFirstLoad } from './harness.mjs';

/** Measured 310.6 KiB at the commit that added this test; the ceiling leaves ~3% headroom. */
const FIRST_LOAD_CEILING_KIB = 320;

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

test('a first visit loads one .wasm, one .js and one .css, all from the app itself, within the recorded ceiling', async () => {
  for (const hash of ['', '#/preferences/mdm-servers']) {
    const load = await measureFirstLoad(app, hash);
    assert.deepEqual(load.foreign, [], `requests left the page's origin on ${hash || 'the landing view'}`);
    const kinds = load.files.map((file) => file.url.split('.').pop()).filter((ext) => ['wasm', 'js', 'css'].includes(ext)).sort();
    assert.deepEqual(kinds, ['css', 'js', 'wasm'], `unexpected files: ${load.files.map((f) => f.url).join(', ')}`);
    const kib = load.appBytes.gzip / 1024;
    console.log(`first load of ${hash || 'the landing view'}: ${kib.toFixed(1)} KiB gzipped (${(load.appBytes.raw / 1024).toFixed(1)} KiB raw)`);
    assert.ok(kib <= FIRST_LOAD_CEILING_KIB,
      `first load is ${kib.toFixed(1)} KiB gzipped, over the recorded ceiling of ${FIRST_LOAD_CEILING_KIB} KiB`);
  }
  assert.deepEqual(app.pageErrors, []);
});

test('the release build exports none of the benchmark functions (they write storage without the rules)', async () => {
  const { page } = app;
  await app.open();
  const exported = await page.evaluate(() => Object.keys(window.wasmBindings || {}).filter((name) => /^bench/i.test(name)));
  assert.deepEqual(exported, []);
});
