// The npm lock-file check (scripts/npm-lock-check.mjs): passes on the project's own files and
// fails on each kind of change it exists to catch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLock } from '../../scripts/npm-lock-check.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
const inputs = () => ({ lock: read('package-lock.json'), pkg: read('package.json'), allow: read('scripts/npm-allowlist.json') });

test('the project lock file and node_modules are exactly the allowed tooling', () => {
  assert.deepEqual(checkLock({ ...inputs(), nodeModules: path.join(ROOT, 'node_modules') }), []);
});

test('a new package, another version, another hash, an install script or a range each fail', () => {
  const cases = {
    'a transitive package': (i) => { i.lock.packages['node_modules/playwright-core/node_modules/evil'] = { version: '1.0.0', integrity: 'sha512-x' }; },
    'another version': (i) => { i.lock.packages['node_modules/axe-core'].version = '4.14.2'; },
    'another tarball hash': (i) => { i.lock.packages['node_modules/binaryen'].integrity = 'sha512-AAAA'; },
    'an install script': (i) => { i.lock.packages['node_modules/axe-core'].hasInstallScript = true; },
    'a version range in package.json': (i) => { i.pkg.devDependencies['axe-core'] = '^4.14.1'; },
    'a git dependency': (i) => { i.lock.packages['node_modules/axe-core'].resolved = 'git+ssh://git@example.org/axe.git#abc'; },
    'a package dropped from the lock': (i) => { delete i.lock.packages['node_modules/axe-core']; },
  };
  for (const [what, change] of Object.entries(cases)) {
    const i = inputs();
    change(i);
    assert.notDeepEqual(checkLock(i), [], `${what} must fail the check`);
  }
});
