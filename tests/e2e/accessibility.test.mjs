// Automated accessibility audit (axe-core, WCAG 2.1 A/AA rules) of every view in the states an
// admin sees them: empty and populated, a certificate result, the Add form with a refusal, a
// server page with a token, Users with its form and dialogs, Activity, and as a Staff member
// with disabled controls. Any violation fails with its rule and the offending elements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer, signInAs, EXAMPLES, ROOT } from './harness.mjs';


const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function auditPage(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(problems, [], `${what}: accessibility violations`);
}

// The same walk in the light and the dark colour scheme (`prefers-color-scheme`, issue 10): each
// in a fresh profile, so both see the same states.
for (const scheme of ['light', 'dark']) {
  test(`every view passes an axe-core WCAG 2.1 AA audit (${scheme} colour scheme)`, async () => {
    const app = await launch();
    try {
      await app.page.emulateMedia({ colorScheme: scheme });
      assert.equal(await app.page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
      await walk(app, scheme);
    } finally {
      await app.close();
    }
  });
}

async function walk(app, scheme) {
  const { page } = app;
  const audit = (p, what) => auditPage(p, `${what} (${scheme})`);
  await app.open('#/certificate-check');
  await audit(page, 'empty certificate check');
  await page.getByLabel('Certificate files').setInputFiles([path.join(EXAMPLES, 'rsa2048.pem'), path.join(EXAMPLES, 'chain3.pem'), path.join(EXAMPLES, 'key-pkcs1.pem')]);
  await page.getByRole('article').nth(2).waitFor();
  await audit(page, 'certificate results');

  await app.open('#/preferences/mdm-servers');
  await audit(page, 'empty MDM Server Assignment');
  await page.getByRole('button', { name: 'Where MDM servers take the token' }).click();
  await page.getByRole('region', { name: 'Where MDM servers take the token' }).waitFor();
  await audit(page, 'Get started with the vendor guide');
  await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
  await page.getByLabel('Name', { exact: true }).fill('unassigned');
  await page.getByLabel('Public key certificate').setInputFiles(path.join(EXAMPLES, 'ec-p256.pem'));
  await page.getByRole('alert').first().waitFor();
  await audit(page, 'Add form with refusals');

  await addServer(app, 'Audit server', path.join(EXAMPLES, 'rsa2048.pem'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download Token', exact: true }).click(),
  ]);
  await download.cancel().catch(() => {});
  await page.getByRole('table', { name: 'Token history' }).waitFor();
  await audit(page, 'server page with a token');
  await page.getByRole('button', { name: 'Download Token', exact: true }).click();
  await page.getByRole('alertdialog', { name: /Download a new token/ }).waitFor();
  await audit(page, 'Download Token confirmation');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('alertdialog').waitFor();
  await audit(page, 'delete confirmation');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

  await page.goto(app.baseUrl + '#/preferences/mdm-servers');
  await page.getByRole('table').first().waitFor();
  await audit(page, 'populated MDM Server Assignment');
  await page.goto(app.baseUrl + '#/preferences/organization');
  await audit(page, 'Preferences > Organization');

  await page.goto(app.baseUrl + '#/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('form', { name: 'Add user' }).getByLabel('Managed Apple Account').fill('not an address');
  await audit(page, 'Users with the Add user form');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('Name').fill('Sam Staffer');
  await form.getByLabel('Managed Apple Account').fill('sam@example.com');
  await form.getByLabel('Role').selectOption({ label: 'Staff' });
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Record password change for Sam Staffer' }).click();
  await page.getByRole('alertdialog', { name: 'Record password change' }).waitFor();
  await audit(page, 'Record password change dialog');
  await page.keyboard.press('Escape');

  await page.goto(app.baseUrl + '#/activity');
  await page.getByRole('table', { name: 'Activity' }).waitFor();
  await audit(page, 'Activity');

  await signInAs(page, 'Sam Staffer');
  await page.goto(app.baseUrl + '#/preferences/mdm-servers');
  await audit(page, 'MDM Server Assignment as Staff');
  await page.getByRole('table').first().getByRole('link', { name: 'Audit server' }).click();
  await page.getByRole('heading', { name: 'Audit server', level: 2 }).waitFor();
  await audit(page, 'server page as Staff');
  await page.goto(app.baseUrl + '#/users');
  await audit(page, 'Users as Staff');
}

