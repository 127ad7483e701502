// Trunk post_build hook (index.html): writes the list of the build's files and a hash of their
// contents into the staged sw.js (see web/sw.js). Runs on $TRUNK_STAGING_DIR, which already
// holds every hashed file and index.html. A file whose content changes changes the version,
// even when its name does not (the worker's files, or a wasm-opt change alone).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run through trunk build');
const EXCLUDED = new Set(['sw.js', '_headers']);
const files = fs.readdirSync(dir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && !EXCLUDED.has(entry.name)).map((entry) => entry.name).sort();
const hash = crypto.createHash('sha256');
for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(path.join(dir, file))).update('\0');
const version = hash.digest('hex').slice(0, 16);
const swPath = path.join(dir, 'sw.js');
const sw = fs.readFileSync(swPath, 'utf8');
if (!sw.includes('__MDM_LINK_VERSION__') || !sw.includes("['__MDM_LINK_ASSETS__']")) throw new Error('sw.js has no placeholders');
fs.writeFileSync(swPath, sw.replace('__MDM_LINK_VERSION__', version)
  .replace("['__MDM_LINK_ASSETS__']", JSON.stringify(files)));
console.log(`[sw-assets] sw.js: version ${version}, ${files.length} files`);
