// A minimal static file server for dist/: what any static host does, with correct MIME types
// (application/wasm matters for streaming compilation). Used by `scripts/serve.sh` and by the
// end-to-end tests. Only serves files under the root; binds to 127.0.0.1 only.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/**
 * The headers a host that reads `_headers` (Netlify, Cloudflare Pages) would send for `urlPath`:
 * blocks of a path (`/*` or an exact path) followed by indented `Name: value` lines; `#` comments.
 */
export function hostHeaders(root, urlPath) {
  const file = path.join(root, '_headers');
  if (!fs.existsSync(file)) return {};
  const out = {};
  let applies = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      applies = pattern.endsWith('*') ? urlPath.startsWith(pattern.slice(0, -1)) : urlPath === pattern;
    } else if (applies) {
      const at = line.indexOf(':');
      out[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
    }
  }
  return out;
}

/** Serves `root`; with `headers` (the default) also the headers its `_headers` file names. */
export function startServer(root, port = 0, { headers = true } = {}) {
  const absRoot = path.resolve(root);
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (urlPath.endsWith('/')) urlPath += 'index.html';
    const file = path.resolve(absRoot, '.' + urlPath);
    if (!file.startsWith(absRoot + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        ...(headers ? hostHeaders(absRoot, urlPath) : {}),
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      server.requests.push({ path: urlPath, bytes: data.length });
      res.end(data);
    });
  });
  /** Every file served, in order ({path, bytes}): what a visit really fetched. */
  server.requests = [];
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  const server = await startServer(root, Number(port));
  console.log(`serving ${root} on http://127.0.0.1:${server.address().port}/`);
}
