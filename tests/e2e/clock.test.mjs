// A page left open: token status is computed from the stored facts and the current time, and
// re-evaluated on a timer and when the tab regains focus. Playwright's fake clock moves time
// forward without reloading the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, addServer, EXAMPLES, OUT } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const DAY = 24 * 60 * 60 * 1000;

test('a token left open turns "Expires soon", then "Expired", without a reload', async () => {
  const { page } = app;
  const start = Date.UTC(2027, 0, 10, 9, 0, 0);
  await page.clock.install({ time: start });
  await app.open();
  await addServer(app, 'Overnight', path.join(EXAMPLES, 'token/rsa2048.crt.pem'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Token', exact: true }).click(),
  ]);
  await download.saveAs(path.join(OUT, 'overnight-' + download.suggestedFilename()));
  assert.match(download.suggestedFilename(), /_Token_2027-01-10T09-00-\d{2}Z_smime\.p7m$/);
  const status = page.locator('#token-status');
  assert.match(await status.innerText(), /^Active, expires on 2028-01-10 \(in 365 days\)/);
  await page.evaluate(() => { window.__sameDocument = true; });

  // 340 days later (the timer fires while the page sits open): within 30 days of expiry.
  await page.clock.fastForward(340 * DAY);
  await page.waitForFunction(() => document.querySelector('#token-status')?.textContent.startsWith('Expires soon'));
  assert.match(await status.innerText(), /^Expires soon/);
  assert.match(await status.innerText(), /2028-01-10/);
  const banner = page.getByRole('region', { name: /server tokens? needs? action/ });
  await banner.waitFor();
  assert.match(await banner.innerText(), /Overnight: Expires soon/);

  // Past expiry.
  await page.clock.fastForward(30 * DAY);
  await page.waitForFunction(() => document.querySelector('#token-status')?.textContent.startsWith('Expired'));
  assert.match(await status.innerText(), /^Expired on 2028-01-10/);
  assert.match(await banner.innerText(), /Overnight: Expired on 2028-01-10/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
});

test('the "expires soon" threshold is adjustable in Preferences', async () => {
  const { page } = app;
  // Now 315 days after issue: 50 days left, "Active" with the default 30-day warning.
  await page.clock.setSystemTime(Date.UTC(2027, 10, 21, 9, 0, 0));
  await app.open('#/preferences/mdm-servers');
  await page.getByRole('link', { name: 'Overnight' }).first().click();
  const status = page.locator('#token-status');
  await page.waitForFunction(() => document.querySelector('#token-status')?.textContent.startsWith('Active'));
  await page.goto(app.baseUrl + '#/preferences/organization');
  const days = page.getByLabel('Days before expiry to warn');
  await days.fill('60');
  await page.getByRole('region', { name: 'Organization' }).getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('link', { name: 'MDM Server Assignment' }).first().click();
  await page.getByRole('link', { name: 'Overnight' }).first().click();
  await page.waitForFunction(() => document.querySelector('#token-status')?.textContent.startsWith('Expires soon'));
  assert.match(await status.innerText(), /^Expires soon/);
});
