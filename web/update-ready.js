// "Reload to update" (loaded by web/loader.js only when a new version's service worker is
// installed and waiting while this tab runs the old one): tells the waiting worker to take over,
// then reloads once it controls the page. Not part of the first load.
export function offer(waiting) {
  if (document.getElementById('update-ready')) return;
  const bar = document.createElement('div');
  bar.id = 'update-ready';
  // Styled through CSSOM (allowed under style-src 'self'; a style attribute is not), so the
  // first load's stylesheet carries nothing for this rare bar.
  for (const [property, value] of Object.entries({
    position: 'fixed', right: '1rem', bottom: '1rem', 'z-index': '50', display: 'flex', 'align-items': 'center',
    gap: '.6rem', padding: '.6rem .8rem', 'border-radius': '10px', background: 'var(--panel)',
    border: '1px solid var(--line)', 'box-shadow': '0 4px 16px rgba(0,0,0,.15)',
  })) bar.style.setProperty(property, value);
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
}
