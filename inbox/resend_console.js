// Console page /console/hop-thu: "Gửi lại bàn giao kết quả" (docs/SYNC.md
// step 9). The sentence to confirm follows the corrections as they are
// typed; the form posts JSON with the session's CSRF header; the button is
// disabled while the request is out (the server refuses a second attempt
// anyway: 409). The page's language is the server's (?lang=en).
'use strict';

(function () {
  const en = document.documentElement.lang === 'en';
  let csrf = null;

  async function token() {
    if (csrf) return csrf;
    const r = await fetch('/console/api/me', { credentials: 'same-origin' });
    if (r.status === 401) { location.href = '/console/login'; throw new Error('login'); }
    csrf = (await r.json()).csrf;
    return csrf;
  }

  function say(form, msg, bad) {
    const p = form.querySelector('.ket-qua');
    p.textContent = msg;
    p.hidden = false;
    p.className = 'ket-qua ' + (bad ? 'bad-text' : 'ok-line');
  }

  function follow(form) {
    const name = form.elements.collected_by.value.trim();
    const place = form.elements.place.value.trim();
    form.querySelector('.nguoi-nhan').textContent = name || '…';
    form.querySelector('.noi-tra').textContent = place || '…';
  }

  async function send(form) {
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const r = await fetch('/console/hop-thu/' + encodeURIComponent(form.dataset.code) + '/gui-lai', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': await token() },
        body: JSON.stringify({
          attempt: Number(form.dataset.attempt),
          collected_by: form.elements.collected_by.value.trim(),
          place: form.elements.place.value.trim(),
        }),
      });
      if (r.status === 401) { location.href = '/console/login'; return; }
      const data = await r.json().catch(() => null);
      if (!r.ok) {
        const e = (data && data.error) || {};
        say(form, (en ? (e.message_en || e.message) : e.message) || ('HTTP ' + r.status), true);
        btn.disabled = false;
        return;
      }
      say(form, en ? data.message_en : data.thong_bao, false);
      form.querySelectorAll('input').forEach((i) => { i.disabled = true; });
      form.dataset.sent = String(data.lan_gui);
    } catch (e) {
      say(form, String(e.message || e), true);
      btn.disabled = false;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('form.gui-lai').forEach((form) => {
      form.addEventListener('input', () => follow(form));
      form.addEventListener('submit', (ev) => { ev.preventDefault(); send(form); });
    });
    window.__hopthu = { ready: true };
  });
})();
