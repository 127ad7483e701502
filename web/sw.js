// MDM Link's service worker: the app works with the network off after the first visit.
// scripts/sw-assets.mjs (a Trunk post_build hook) fills in ASSETS (every file of the build,
// hashed names included, and the vendor view's and worker's files, whose names are not hashed)
// and VERSION (a hash of their contents), so a new deployment is a new cache.
// A new version installs beside the old one and waits until no tab runs the old one, or until
// the admin presses "Reload to update" (web/loader.js), which sends "skip-waiting".
const VERSION = '__MDM_LINK_VERSION__';
const ASSETS = ['__MDM_LINK_ASSETS__'];
const CACHE = `mdm-link-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(ASSETS.map((asset) => new Request(asset, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key.startsWith('mdm-link-') && key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

// Cache first for the app's own files; a page load (any hash route) gets index.html.
// Anything else goes to the network as if there were no service worker.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope).pathname;
  const key = request.mode === 'navigate' ? 'index.html' : url.pathname.slice(scope.length);
  if (!ASSETS.includes(key)) return;
  event.respondWith(caches.open(CACHE)
    .then((cache) => cache.match(key))
    .then((hit) => hit || fetch(request)));
});
