// Starts the app without an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline' (index.html, web/_headers). Trunk writes the hashed names of the app's
// JavaScript and wasm into <meta name="trunk-app"> (Trunk.toml `pattern_script`); this file is
// itself hashed and carries an integrity attribute.
const meta = document.querySelector('meta[name="trunk-app"]');
const bindings = await import(meta.dataset.js);
const wasm = await bindings.default({ module_or_path: meta.dataset.wasm });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));

// Offline (web/sw.js): registered once the app runs, so its caching of every file never
// competes with the first load. A new deployment's worker waits while any tab runs this one;
// this tab offers to switch now.
if ('serviceWorker' in navigator) {
  const offerUpdate = (waiting) => {
    if (!waiting || !navigator.serviceWorker.controller || document.getElementById('update-ready')) return;
    const bar = document.createElement('div');
    bar.id = 'update-ready';
    bar.className = 'update-ready';
    bar.setAttribute('role', 'status');
    const text = document.createElement('span');
    text.textContent = 'A new version of MDM Link is ready.';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = 'Reload to update';
    button.addEventListener('click', () => {
      button.disabled = true;
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
      waiting.postMessage('skip-waiting');
    });
    bar.append(text, ' ', button);
    document.body.append(bar);
  };
  const watch = (worker) => {
    if (worker?.state === 'installed') offerUpdate(worker);
    else worker?.addEventListener('statechange', () => { if (worker.state === 'installed') offerUpdate(worker); });
  };
  navigator.serviceWorker.register('./sw.js').then((registration) => {
    watch(registration.waiting);
    watch(registration.installing);
    registration.addEventListener('updatefound', () => watch(registration.installing));
  }, (error) => console.warn('MDM Link works online only here: the service worker was refused', error));
}
