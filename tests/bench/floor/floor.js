// The least a page must do to show the first 100 rows of the stored server list, written by hand
// in plain JavaScript, so the browser benchmark can say how much of the app's navigation time is
// the browser's and IndexedDB's: open the app's database, read every key and text in one readonly
// transaction (as web/loader.js does), parse every text (JSON; certificates from base64), sort the
// servers by name, and put 100 rows of six cells in the table. Served with a copy of the app's
// service worker (cache first), on an origin of its own, holding a copy of the app's store.
const open = indexedDB.open('mdm-link', 1);
open.onupgradeneeded = () => open.result.createObjectStore('kv');
open.onsuccess = () => {
  const db = open.result;
  if (location.hash === '#seed') {
    window.floorSeed = (keys, values) => new Promise((done) => {
      const tx = db.transaction('kv', 'readwrite');
      keys.forEach((key, i) => tx.objectStore('kv').put(values[i], key));
      tx.oncomplete = () => done(keys.length);
    });
    return;
  }
  const kv = db.transaction('kv', 'readonly').objectStore('kv');
  const keys = kv.getAllKeys();
  const values = kv.getAll();
  values.onsuccess = () => {
    db.close();
    const servers = [];
    let other = 0;
    values.result.forEach((text, i) => {
      const key = keys.result[i];
      if (key.startsWith('mdm-link.certificate.')) other += atob(text).length;
      else if (key.startsWith('mdm-link.server.')) servers.push(JSON.parse(text));
      else other += JSON.stringify(JSON.parse(text)).length;
    });
    const now = Date.now();
    servers.forEach((s) => { s.sortKey = s.name.toLowerCase(); });
    servers.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id - b.id));
    const tbody = document.querySelector('tbody');
    for (const server of servers.slice(0, 100)) {
      const token = server.tokens.find((t) => t.replaced_at === null);
      const cells = [
        server.name,
        !token ? 'No token yet' : token.expires_at < now ? 'Expired' : 'Active',
        token ? new Date(token.expires_at).toISOString().slice(0, 10) : '',
        server.allow_release_devices ? 'Yes' : 'No',
        new Date(server.added_at).toISOString().slice(0, 10),
        server.certificate.subject,
      ];
      const row = document.createElement('tr');
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      tbody.append(row);
    }
    window.floorRead = { servers: servers.length, other };
  };
};
navigator.serviceWorker.register('./sw.js');
