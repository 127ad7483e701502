// Not a test: walks the app as a new admin would at 1366×800 and 820×1180, in the light and the
// dark colour scheme, and saves a screenshot of each step under the folder given as the first
// argument (default tests/e2e/out/walk). Run after scripts/build.sh:
//   node tests/e2e/walk-screenshots.mjs /work/notes/screenshots
import fs from 'node:fs';
import path from 'node:path';
import { launch, addServer, addUser, EXAMPLES, OUT } from './harness.mjs';

const target = process.argv[2] || path.join(OUT, 'walk');
fs.mkdirSync(target, { recursive: true });
const long = 'Building-4-Room-12-'.repeat(6).slice(0, 100);

for (const [width, height] of [[1366, 800], [820, 1180]]) {
  for (const scheme of ['light', 'dark']) {
    const app = await launch();
    const { page } = app;
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    const shot = async (name, fullPage = false) => {
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(target, `${width}-${scheme}-${name}.png`), fullPage });
    };
    await app.open('#/preferences/mdm-servers');
    await shot('01-get-started');
    await page.getByRole('button', { name: 'Where MDM servers take the token' }).click();
    await page.getByRole('region', { name: 'Where MDM servers take the token' }).waitFor();
    await shot('02-vendor-guide', true);
    await page.goto(app.baseUrl + '#/preferences/mdm-servers/new');
    await page.getByLabel('Name', { exact: true }).fill('Cupertino iPads');
    await page.getByLabel('Public key certificate').setInputFiles(path.join(EXAMPLES, 'one-day.pem'));
    await page.getByText('can be used for an MDM server').waitFor();
    await shot('03-add-form-warnings');
    await page.getByLabel('I have read the warnings and want to use this certificate').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Cupertino iPads', level: 2 }).waitFor();
    const [d1] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Token', exact: true }).click()]);
    await d1.cancel().catch(() => {});
    await page.locator('#token-status').filter({ hasText: /^Active/ }).waitFor();
    await shot('04-server-page-token', true);
    await page.getByRole('button', { name: 'Download Token', exact: true }).click();
    await page.getByRole('alertdialog').waitFor();
    await shot('05-download-confirmation');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByLabel('Allow this MDM server to release devices').click();
    await page.getByRole('alertdialog').waitFor();
    await shot('06-release-confirmation');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Allow releasing' }).click();
    await shot('07-release-announced');
    await addServer(app, long, path.join(EXAMPLES, 'rsa2048.pem'));
    await addServer(app, 'Berlin Macs', path.join(EXAMPLES, 'rsa3072.pem'));
    await page.getByLabel('Upload new public key').setInputFiles(path.join(EXAMPLES, 'rsa2048.pem'));
    await page.getByText('can be used for an MDM server').waitFor();
    await page.getByRole('button', { name: 'Replace certificate' }).click();
    await page.getByRole('alertdialog').waitFor();
    await shot('08-replace-confirmation');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Replace public key' }).click();
    await page.goto(app.baseUrl + '#/preferences/mdm-servers');
    await page.getByRole('table').first().waitFor();
    await shot('09-server-list');
    await shot('10-server-list-full', true);
    await page.getByLabel('Filter servers').fill('zzz');
    await shot('11-no-match');
    await page.goto(app.baseUrl + '#/users');
    await addUser(page, 'Sam Staffer', 'sam@example.com', 'Staff');
    await page.getByRole('button', { name: 'Record password change for Administrator' }).click();
    await page.getByRole('alertdialog').waitFor();
    await shot('12-record-password-change');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'MDM Link' }).getByRole('button', { expanded: false }).click();
    await page.getByRole('menuitem', { name: 'Sign in as' }).click();
    await page.getByRole('dialog', { name: 'Sign in as' }).getByRole('button', { name: /^Sam Staffer —/ }).click();
    await page.goto(app.baseUrl + '#/users');
    await page.getByRole('table', { name: 'People' }).waitFor();
    await shot('13-users-as-staff', true);
    await page.goto(app.baseUrl + '#/activity');
    await shot('14-activity');
    await page.goto(app.baseUrl + '#/certificate-check');
    await page.getByLabel('Certificate files').setInputFiles([path.join(EXAMPLES, 'rsa2048.pem'), path.join(EXAMPLES, 'ec-p256.pem')]);
    await page.getByRole('article').nth(1).waitFor();
    await shot('15-certificate-check', true);
    await page.keyboard.press('Tab');
    await shot('16-skip-link');
    await app.close();
  }
}
console.log(`screenshots in ${target}`);
