// Console page "Đánh giá cán bộ": the console's language switch
// (localStorage "console.lang") and the signed-in user's name.
'use strict';
(function () {
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
  document.addEventListener('DOMContentLoaded', async () => {
    $('#lang').addEventListener('click', () => {
      lang = lang === 'vi' ? 'en' : 'vi';
      localStorage.setItem('console.lang', lang);
      applyLang();
    });
    applyLang();
    try {
      const r = await fetch('/console/api/me', { credentials: 'same-origin' });
      if (r.ok) { const me = await r.json(); $('#me').textContent = me.full_name || me.username; }
    } catch (e) { /* the name is a courtesy */ }
  });
})();
