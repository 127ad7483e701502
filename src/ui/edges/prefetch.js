// Reads the stored organization while the app's wasm compiles; see take_prefetched in
// src/ui/edges/idb.rs (same database, version and store). Never creates the database.
"use strict";
window.mdmLinkPrefetch = new Promise((done) => {
  try {
    const open = indexedDB.open("mdm-link", 1);
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = open.onblocked = (e) => { e.preventDefault(); done(null); };
    open.onsuccess = () => {
      const db = open.result;
      try {
        const kv = db.transaction("kv", "readonly").objectStore("kv");
        const keys = kv.getAllKeys(), values = kv.getAll();
        values.onsuccess = () => { db.close(); done([keys.result, values.result]); };
        values.onerror = (e) => { e.preventDefault(); db.close(); done(null); };
      } catch (_) { db.close(); done(null); }
    };
  } catch (_) { done(null); }
});
