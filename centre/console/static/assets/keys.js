// Keyboard-only use of the console (issue 18, Decree 42/2022 Art. 14): a
// "skip to content" link first in the Tab order, Alt+1…4 open the tabs
// (announced with aria-keyshortcuts), and a line at the foot of the page
// listing the keys. The focus ring itself is app.css's :focus-visible.
(function () {
  'use strict';
  const text = {
    vi: {
      skip: 'Bỏ qua đến nội dung chính',
      keys: 'Phím tắt: Alt+1 Giám sát · Alt+2 Báo cáo · Alt+3 Quản trị · Alt+4 Nhật ký · ←/→ chuyển thẻ · Tab/Shift+Tab di chuyển · Enter/Space chọn · Esc đóng thông báo',
    },
    en: {
      skip: 'Skip to main content',
      keys: 'Shortcuts: Alt+1 Monitor · Alt+2 Reports · Alt+3 Admin · Alt+4 Audit · ←/→ switch tabs · Tab/Shift+Tab move · Enter/Space choose · Esc close the message',
    },
  };
  function lang() { return document.documentElement.lang === 'en' ? 'en' : 'vi'; }
  function render() {
    const t = text[lang()];
    document.querySelectorAll('[data-k]').forEach((n) => { n.textContent = t[n.dataset.k]; });
  }
  function setup() {
    const main = document.querySelector('main');
    if (!main) return;
    if (!main.id) main.id = 'main';
    main.tabIndex = -1;
    const skip = document.createElement('a');
    skip.className = 'skip';
    skip.href = '#' + main.id;
    skip.dataset.k = 'skip';
    skip.addEventListener('click', (ev) => { ev.preventDefault(); main.focus(); });
    document.body.prepend(skip);
    const foot = document.createElement('footer');
    foot.className = 'keys small muted';
    foot.id = 'keys-help';
    foot.dataset.k = 'keys';
    document.body.append(foot);
    const tabs = Array.from(document.querySelectorAll('[role=tab]'));
    tabs.forEach((b, i) => { if (i < 9) b.setAttribute('aria-keyshortcuts', 'Alt+' + (i + 1)); });
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        const toast = document.getElementById('toast');
        if (toast && !toast.hidden) toast.hidden = true;
        return;
      }
      if (!ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      const m = /^Digit([1-9])$/.exec(ev.code); // the key, whatever Alt makes of it on this layout
      const b = m && tabs[Number(m[1]) - 1];
      if (!b) return;
      ev.preventDefault();
      b.click();
      b.focus();
    });
    new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    render();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
