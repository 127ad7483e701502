// Start-up benchmark (issue 12): navigation to the first certificate checked, cold (a fresh
// browser profile: nothing cached, no service worker) and from the cache (the service worker
// installed and controlling), with where the time goes: the wasm's response end, the app
// started (wasm-bindgen init done), the shell in the DOM, the result in the DOM. Also the bytes a
// repeat visit transfers over the network (responses not served by the service worker or the
// memory cache). Prints medians as JSON. Usage: node tests/bench/startup-bench.mjs [dist …] [--rounds N];
// with several builds the rounds interleave them, so a loaded machine slows each alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../e2e/static-server.mjs';
import { CHROMIUM_ARGS, ROOT, EXAMPLES } from '../e2e/harness.mjs';
import { SETTLE_MS } from './settle.mjs';

const args = process.argv.slice(2);
const given = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
const dists = given.length ? given.map((d) => path.resolve(d)) : [path.join(ROOT, 'dist')];
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 11;
const sample = path.join(EXAMPLES, 'token/rsa2048.crt.pem');
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// In the page before any of its scripts: the moments that matter, relative to navigation start;
// the sample file is chosen in the page the moment the input exists (no driver round trip).
function marks({ name, base64 }) {
  window.__marks = {};
  addEventListener('TrunkApplicationStarted', () => { window.__marks.started = performance.now(); });
  addEventListener('DOMContentLoaded', () => { window.__marks.parsed = performance.now(); });
  if (globalThis.indexedDB) {
    const open = indexedDB.open.bind(indexedDB);
    let n = 0;
    indexedDB.open = (...a) => {
      const r = open(...a);
      const k = `idb${n++}`;
      window.__marks[`${k}open`] = performance.now();
      r.addEventListener('success', () => { window.__marks[`${k}done`] = performance.now(); });
      r.addEventListener('error', () => { window.__marks[`${k}done`] = performance.now(); });
      return r;
    };
  }
  new MutationObserver((_, observer) => {
    if (!window.__marks.shell && document.querySelector('nav')) window.__marks.shell = performance.now();
    const input = document.querySelector('input[type=file]');
    if (input && !window.__marks.chosen) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name));
      input.files = transfer.files;
      window.__marks.chosen = performance.now();
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    if (document.querySelector('article.result')) {
      window.__marks.result = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

async function once(page, url) {
  await page.goto(url);
  await page.locator('article.result').first().waitFor();
  return page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    const nav = performance.getEntriesByType('navigation')[0];
    return { ...window.__marks, html: nav.responseEnd, wasmEnd: wasm?.responseEnd };
  });
}

/** Serves `dist`, counting the bytes it sends (a repeat visit may only see sw.js's update check). */
async function serve(dist) {
  const server = await startServer(dist, 0);
  const counter = { bytes: 0 };
  server.on('request', (request, response) => {
    const write = response.write.bind(response);
    const end = response.end.bind(response);
    response.write = (chunk, ...rest) => { counter.bytes += chunk?.length ?? 0; return write(chunk, ...rest); };
    response.end = (chunk, ...rest) => { if (chunk && typeof chunk !== 'function') counter.bytes += chunk.length; return end(chunk, ...rest); };
  });
  return { dist, server, counter, base: `http://127.0.0.1:${server.address().port}/`, cold: [], cached: [], repeat: [] };
}

const builds = await Promise.all(dists.map(serve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const file = { name: path.basename(sample), base64: fs.readFileSync(sample).toString('base64') };
try {
  for (let i = 0; i < rounds; i++) {
    for (const build of builds) {
      // Cold: a new context has an empty cache and no service worker.
      const context = await browser.newContext();
      await context.addInitScript(marks, file);
      const page = await context.newPage();
      // The renderer and connection first (not the app's cost): a same-origin file outside the app.
      await page.goto(`${build.base}icon.svg`);
      build.cold.push(await once(page, `${build.base}?cold=${i}#/certificate-check`));
      // Wait until the service worker controls the page, then a repeat visit.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
        }
      });
      await page.goto(`${build.base}icon.svg`);
      // The app's previous page is torn down in this renderer meanwhile (see SETTLE_MS).
      await page.waitForTimeout(SETTLE_MS);
      build.counter.bytes = 0;
      build.cached.push(await once(page, `${build.base}?again=${i}#/certificate-check`));
      build.repeat.push(build.counter.bytes);
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const build of builds) build.server.close();
}
const KEYS = ['html', 'parsed', 'wasmEnd', 'idb0open', 'idb0done', 'idb1open', 'idb1done', 'started', 'shell', 'chosen', 'result'];
const summary = (runs) => Object.fromEntries(KEYS.map((k) => [k, +median(runs.map((r) => r[k] ?? NaN)).toFixed(1)]));
console.log(JSON.stringify(builds.map((b) => ({
  dist: path.relative(ROOT, b.dist) || b.dist, rounds,
  cold: summary(b.cold), cached: summary(b.cached), repeat_visit_bytes_median: median(b.repeat),
})), null, 2));
