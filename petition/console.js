// Console page "Hỏi đáp, phản ánh": language switch shared with the console
// (localStorage "console.lang") and the two forms, posted as JSON with the
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
  if (me) $('#me').textContent = me.full_name || me.username;
}

let toastTimer;
function toast(msg, bad) {
  const b = $('#toast');
  b.textContent = msg; b.hidden = false; b.className = bad ? 'bad' : 'ok';
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { b.hidden = true; }, bad ? 8000 : 2500);
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

function form(sel, body, done) {
  const f = $(sel);
  if (!f) return;
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = f.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      await post('/console/hoi-dap/' + encodeURIComponent(f.dataset.id) + '/' + done, body());
      location.reload();
    } catch (e) {
      toast(e.message, true);
      btn.disabled = false;
    }
  });
}

document.addEventListener('DOMContentLoaded', async () => {
  applyLang();
  $('#lang').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi'; localStorage.setItem('console.lang', lang); applyLang();
  });
  form('#assign-form', () => ({ officer: $('#pt-officer').value }), 'assign');
  form('#answer-form', () => ({ answer: $('#pt-answer').value, public: $('#pt-public').checked }), 'answer');
  try {
    const r = await fetch('/console/api/me', { credentials: 'same-origin' });
    if (r.status === 401) { location.href = '/console/login'; return; }
    me = await r.json();
    applyLang();
  } catch (e) { toast(String(e), true); }
  window.__hoidap = { ready: true };
});
