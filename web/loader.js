// Starts the app without an inline script, so the Content-Security-Policy needs no
// 'unsafe-inline' (index.html, web/_headers). Trunk writes the hashed names of the app's
// JavaScript and wasm into <meta name="trunk-app"> (Trunk.toml `pattern_script`); this file is
// itself hashed and carries an integrity attribute.
const meta = document.querySelector('meta[name="trunk-app"]');
const bindings = await import(meta.dataset.js);
const wasm = await bindings.default({ module_or_path: meta.dataset.wasm });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
