// Minifies the JavaScript glue wasm-bindgen writes and the app's loader (web/loader.js): Trunk
// minifies HTML and CSS, not these. In dist/ after `trunk build`: ~2.5 KiB of the first load's
// gzipped budget. index.html pins the main glue and the loader with Subresource Integrity
// hashes, so each hash is recomputed for what is written.
// Usage: a Trunk post_build hook (Trunk.toml: runs on $TRUNK_STAGING_DIR, before the service
// worker's file list is written), or node scripts/minify-glue.mjs DIR.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

const dist = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
const glue = fs.readdirSync(dist).filter((name) => /^(mdm-link-[0-9a-f]+|loader-[0-9a-f]+|vendors|worker)\.js$/.test(name));
if (!glue.some((name) => name.startsWith('mdm-link-'))) throw new Error(`no wasm-bindgen glue in ${dist}`);
const indexPath = path.join(dist, 'index.html');
let index = fs.readFileSync(indexPath, 'utf8');
for (const name of glue) {
  const file = path.join(dist, name);
  const source = fs.readFileSync(file, 'utf8');
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  fs.writeFileSync(file, code);
  const hash = `sha384-${crypto.createHash('sha384').update(code).digest('base64')}`;
  // The tags that name this file (a modulepreload link, the loader's script) carry its hash.
  index = index.replace(/<[^>]*>/g, (tag) => (tag.includes(`/${name}`) ? tag.replace(/sha384-[A-Za-z0-9+/=]+/, hash) : tag));
  console.log(`[minify] ${name}: ${source.length} → ${code.length} bytes`);
}
fs.writeFileSync(indexPath, index);
