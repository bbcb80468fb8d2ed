// Console page "Thông báo": the language switch shared with the console
// (localStorage "console.lang").
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  let lang = localStorage.getItem('console.lang') || 'vi';
  const btn = document.getElementById('lang');
  const apply = () => {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-en]').forEach((n) => {
      if (n.dataset.vi === undefined) n.dataset.vi = n.textContent;
      n.textContent = lang === 'en' ? n.dataset.en : n.dataset.vi;
    });
    btn.textContent = lang === 'vi' ? 'EN' : 'VI';
  };
  btn.addEventListener('click', () => { lang = lang === 'vi' ? 'en' : 'vi'; localStorage.setItem('console.lang', lang); apply(); });
  apply();
  window.__thongbao = { ready: true };
});
