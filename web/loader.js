// Starts the app without an inline script; registers the service worker. See ARCHITECTURE.md, "Locked down".
// First it starts reading the stored organization, so the read runs while the wasm downloads and
// compiles (idb::take_prefetched in src/ui/edges/idb.rs takes it once; same database, version and
// store; never creates the database: an upgrade request is aborted).
window.mdmLinkPrefetch = new Promise((done) => {
  try {
    const open = indexedDB.open('mdm-link', 1);
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = open.onblocked = (e) => { e.preventDefault(); done(null); };
    open.onsuccess = () => {
      const db = open.result;
      try {
        const kv = db.transaction('kv', 'readonly').objectStore('kv');
        const keys = kv.getAllKeys(), values = kv.getAll();
        values.onsuccess = () => { db.close(); done([keys.result, values.result]); };
        values.onerror = (e) => { e.preventDefault(); db.close(); done(null); };
      } catch (_) { db.close(); done(null); }
    };
  } catch (_) { done(null); }
});
// The wasm is fetched and compiled from here on, while the glue module loads (compiling only
// once the glue had loaded and called its init cost ~20 ms of the start). If compiling here fails
// (a host that serves .wasm with another MIME type), the glue is given the address and does its
// own fetch, with its fallback for that case.
const m = document.querySelector('meta[name="trunk-app"]');
const compiled = WebAssembly.compileStreaming(fetch(m.dataset.wasm)).catch(() => m.dataset.wasm);
const b = await import(m.dataset.js);
const wasm = await b.default({ module_or_path: await compiled });
window.wasmBindings = b;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
const sw = navigator.serviceWorker;
if (sw) {
  const watch = (w) => w && (w.state === 'installed' ? sw.controller && import('./update-ready.js').then((u) => u.offer(w))
    : w.addEventListener('statechange', () => watch(w)));
  sw.register('./sw.js').then((r) => {
    watch(r.waiting);
    watch(r.installing);
    r.addEventListener('updatefound', () => watch(r.installing));
  }, (e) => console.warn('MDM Link works online only here: the service worker was refused', e));
}
