// Console page "Đặt lịch, lấy số từ xa": the booking settings form, posted
// as JSON with the session's CSRF header; the language switch is the console's.
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

const num = (id) => Number($(id).value);

function collect() {
  const caps = {};
  document.querySelectorAll('input[data-svc]').forEach((i) => { if (i.value !== '') caps[i.dataset.svc] = Number(i.value); });
  return {
    capacity: num('#capacity'),
    service_capacity: caps,
    walk_in_share: $('#walkin-none').checked ? -1 : num('#walkin') / 100,
    checkin_early_min: num('#early'),
    checkin_late_min: num('#late'),
    max_per_day: num('#perday'),
    max_per_sector: num('#persector'),
    remote_grace_min: num('#grace'),
    remote_disabled: !$('#remote-on').checked,
    verify_phone: $('#verify-mode').value,
  };
}

document.addEventListener('DOMContentLoaded', async () => {
  applyLang();
  $('#lang').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi'; localStorage.setItem('console.lang', lang); applyLang();
  });
  $('#walkin-none').addEventListener('change', () => { $('#walkin').disabled = $('#walkin-none').checked; });
  $('#settings-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = $('#save');
    btn.disabled = true;
    try {
      const r = await fetch('/console/dat-lich/settings', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me ? me.csrf : '' },
        body: JSON.stringify(collect()),
      });
      if (r.status === 401) { location.href = '/console/login'; return; }
      const data = await r.json().catch(() => null);
      if (!r.ok) {
        const e = (data && data.error) || {};
        throw new Error((lang === 'en' ? e.message_en : e.message) || ('HTTP ' + r.status));
      }
      toast(lang === 'en' ? 'Saved and applied.' : 'Đã lưu và áp dụng.');
      window.__datlich.saved = (window.__datlich.saved || 0) + 1;
    } catch (e) {
      toast(e.message, true);
    }
    btn.disabled = false;
  });
  try {
    const r = await fetch('/console/api/me', { credentials: 'same-origin' });
    if (r.status === 401) { location.href = '/console/login'; return; }
    me = await r.json();
    applyLang();
  } catch (e) { toast(String(e), true); }
  window.__datlich = { ready: true };
});
