// Starts the app without an inline script; registers the service worker. See ARCHITECTURE.md, "Locked down".
const m = document.querySelector('meta[name="trunk-app"]');
const b = await import(m.dataset.js);
const wasm = await b.default({ module_or_path: m.dataset.wasm });
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
