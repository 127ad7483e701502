// The offline check of the npm test tooling's lock file (scripts/test.sh). `npm audit` needs the
// registry's advisory service, which no machine here reaches, so this checks what can be checked
// offline, against scripts/npm-allowlist.json (reviewed by hand):
//   - package-lock.json holds exactly the allowed packages (no new or transitive package), each at
//     the allowed version with the allowed sha512 integrity (npm ci refuses a tarball whose hash
//     differs, so a re-published or swapped tarball fails), none with an install script;
//   - package.json pins those exact versions (no ranges);
//   - what is installed in node_modules is those versions (what runs is what was reviewed).
// What it does not prove: that the allowed versions have no known advisory (there is no offline
// npm advisory copy; the review date is in the allow list), nor anything about files changed in
// node_modules after npm installed them (npm keeps no hash of the unpacked files).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The problems found (empty when the tooling is exactly the allowed set). */
export function checkLock({ lock, pkg, allow, nodeModules }) {
  const problems = [];
  const allowed = allow.packages || {};
  if (lock.lockfileVersion !== 3) problems.push(`package-lock.json lockfileVersion ${lock.lockfileVersion}, expected 3`);
  const locked = {};
  for (const [where, entry] of Object.entries(lock.packages || {})) {
    if (where === '') continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    locked[name] = entry;
    const ok = allowed[name];
    if (!ok) { problems.push(`${name}@${entry.version} (${where}) is not in the allow list`); continue; }
    if (where !== `node_modules/${name}`) problems.push(`${name} is nested at ${where}: a second copy`);
    if (entry.version !== ok.version) problems.push(`${name} is ${entry.version}, allowed ${ok.version}`);
    if (entry.integrity !== ok.integrity) problems.push(`${name}@${entry.version} has integrity ${entry.integrity}, allowed ${ok.integrity}`);
    if (entry.hasInstallScript) problems.push(`${name}@${entry.version} runs an install script`);
    if (entry.link || (entry.resolved && !entry.resolved.endsWith(`/-/${name.split('/').pop()}-${entry.version}.tgz`))) {
      problems.push(`${name} comes from ${entry.resolved}, not a registry tarball`);
    }
  }
  for (const name of Object.keys(allowed)) {
    if (!locked[name]) problems.push(`${name} is allowed but not in package-lock.json (remove it from the allow list)`);
  }
  const declared = { ...(pkg.dependencies || {}), ...(pkg.devDependencies || {}) };
  for (const [name, version] of Object.entries(declared)) {
    if (!allowed[name]) problems.push(`package.json declares ${name}, which is not allowed`);
    else if (version !== allowed[name].version) problems.push(`package.json wants ${name} "${version}", not the exact ${allowed[name].version}`);
  }
  if (nodeModules) {
    for (const [name, ok] of Object.entries(allowed)) {
      const file = path.join(nodeModules, name, 'package.json');
      if (!fs.existsSync(file)) { problems.push(`${name} is not installed (run scripts/setup.sh)`); continue; }
      const installed = JSON.parse(fs.readFileSync(file, 'utf8')).version;
      if (installed !== ok.version) problems.push(`node_modules has ${name}@${installed}, allowed ${ok.version}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const read = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  const problems = checkLock({
    lock: read('package-lock.json'), pkg: read('package.json'), allow: read('scripts/npm-allowlist.json'),
    nodeModules: path.join(root, 'node_modules'),
  });
  if (problems.length) {
    console.error(`[npm-lock-check] the npm test tooling differs from scripts/npm-allowlist.json:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const allow = read('scripts/npm-allowlist.json');
  console.log(`[npm-lock-check] ${Object.keys(allow.packages).length} packages, exactly as allowed (reviewed ${allow.reviewed}); no install scripts`);
}
