// Console page "Webhook": add and remove endpoints, posted as JSON with the
// session's CSRF header.
'use strict';

let me = null;
let lang = localStorage.getItem('console.lang') || 'vi';
const $ = (s) => document.querySelector(s);

function applyLang() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-en]').forEach((n) => {
    if (n.dataset.vi === undefined) n.dataset.vi = n.textContent;
    n.textContent = lang === 'en' ? n.dataset.en : n.dataset.vi;
  });
  $('#lang').textContent = lang === 'vi' ? 'EN' : 'VI';
}

function toast(msg, bad) {
  const b = $('#toast');
  b.textContent = msg; b.hidden = false; b.className = bad ? 'bad' : 'ok';
  setTimeout(() => { b.hidden = true; }, bad ? 8000 : 2500);
}

async function post(path, body) {
  const r = await fetch(path, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me ? me.csrf : '' },
    body: JSON.stringify(body),
  });
  if (r.status === 401) { location.href = '/console/login'; return null; }
  const data = await r.json().catch(() => null);
  if (!r.ok) {
    const e = (data && data.error) || {};
    throw new Error((lang === 'en' ? e.message_en : e.message) || ('HTTP ' + r.status));
  }
  return data;
}

document.addEventListener('DOMContentLoaded', async () => {
  applyLang();
  $('#lang').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi'; localStorage.setItem('console.lang', lang); applyLang();
  });
  try {
    const r = await fetch('/console/api/me', { credentials: 'same-origin' });
    if (r.status === 401) { location.href = '/console/login'; return; }
    me = await r.json();
    $('#me').textContent = me.full_name || me.username;
  } catch (e) { toast(String(e), true); }
  $('#add-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const events = [...document.querySelectorAll('input[name=ev]:checked')].map((n) => n.value);
    try {
      const out = await post('/console/webhook/add', { url: $('#wh-url').value, secret: $('#wh-secret').value, events });
      if (out && out.secret) {
        const p = $('#new-secret');
        p.querySelector('code').textContent = out.secret;
        p.hidden = false;
        toast((lang === 'en' ? 'Webhook added: ' : 'Đã thêm webhook ') + out.id);
        setTimeout(() => location.reload(), 15000);
      } else {
        location.reload();
      }
    } catch (e) { toast(e.message, true); }
  });
  document.querySelectorAll('button.remove').forEach((b) => b.addEventListener('click', async () => {
    if (!confirm(lang === 'en' ? 'Remove webhook ' + b.dataset.id + '? Its pending deliveries are dropped.'
      : 'Xóa webhook ' + b.dataset.id + '? Các lần gửi đang chờ sẽ bị hủy.')) return;
    try { await post('/console/webhook/' + encodeURIComponent(b.dataset.id) + '/remove', {}); location.reload(); } catch (e) { toast(e.message, true); }
  }));
  window.__webhook = { ready: true };
});
