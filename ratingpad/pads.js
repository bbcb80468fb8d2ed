// Console page "Máy đánh giá": bind a pad to a counter (admin), with the
// session's CSRF header; the console's language switch.
'use strict';
(function () {
  let lang = localStorage.getItem('console.lang') || 'vi';
  let me = null;
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
  document.addEventListener('DOMContentLoaded', async () => {
    $('#lang').addEventListener('click', () => {
      lang = lang === 'vi' ? 'en' : 'vi';
      localStorage.setItem('console.lang', lang);
      applyLang();
    });
    applyLang();
    try {
      const r = await fetch('/console/api/me', { credentials: 'same-origin' });
      if (r.ok) { me = await r.json(); $('#me').textContent = me.full_name || me.username; }
    } catch (e) { /* the name is a courtesy */ }
    document.querySelectorAll('#pads button.bind').forEach((btn) => {
      btn.addEventListener('click', async () => {
        const tr = btn.closest('tr');
        const counter = tr.querySelector('select.counter').value;
        btn.disabled = true;
        try {
          const r = await fetch('/console/may-danh-gia/' + encodeURIComponent(tr.dataset.id) + '/counter', {
            method: 'POST', credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me ? me.csrf : '' },
            body: JSON.stringify({ counter: counter }),
          });
          const data = await r.json().catch(() => null);
          if (!r.ok) {
            const e = (data && data.error) || {};
            throw new Error((lang === 'en' ? e.message_en : e.message) || ('HTTP ' + r.status));
          }
          toast(lang === 'en' ? 'Saved' : 'Đã lưu', false);
        } catch (e) {
          toast(e.message, true);
        } finally {
          btn.disabled = false;
        }
      });
    });
  });
})();
