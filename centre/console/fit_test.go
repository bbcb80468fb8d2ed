package console_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/internal/browsertest"
)

// realLinks are the header links the packages mounted by `motcua serve`
// add (notify, petition, inbox, booking, ratingpad ×2), with their labels.
var realLinks = [][3]string{
	{"/console/thong-bao", "Thông báo", "Notifications"},
	{"/console/hoi-dap", "Hỏi đáp, phản ánh", "Questions & petitions"},
	{"/console/hop-thu", "Hộp thư trực tuyến", "Online inbox"},
	{"/console/dat-lich", "Đặt lịch, lấy số từ xa", "Bookings & remote numbers"},
	{"/console/danh-gia-can-bo", "Đánh giá cán bộ", "Officer ratings"},
	{"/console/may-danh-gia", "Máy đánh giá", "Rating pads"},
}

// clippedJS lists what does not fit: a header control outside the
// viewport or the header, the header taller than one line (wrapped tabs),
// a monitor table cell outside its card, or the page scrolling sideways.
const clippedJS = `(() => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const name = (n) => n.id || (n.tagName.toLowerCase() + (n.getAttribute('href') ? '[' + n.getAttribute('href') + ']' : '') + ':' + n.textContent.trim().slice(0, 24));
  const hdr = document.querySelector('header.top').getBoundingClientRect();
  if (hdr.height > 60) out.push('header ' + Math.round(hdr.height) + 'px tall (wrapped)');
  const tabs = Array.from(document.querySelectorAll('.tabs [role=tab]'));
  if (new Set(tabs.map((b) => Math.round(b.getBoundingClientRect().top))).size > 1) out.push('tabs wrap');
  for (const n of document.querySelectorAll('header.top button, header.top a, header.top summary, header.top #me, header.top #conn, header.top .brand')) {
    const r = n.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue; // inside the closed menu
    if (r.left < 0 || r.right > vw + 0.5 || r.top < hdr.top - 0.5 || r.bottom > hdr.bottom + 0.5) out.push('header: ' + name(n) + ' at ' + Math.round(r.left) + '..' + Math.round(r.right) + ' × ' + Math.round(r.top) + '..' + Math.round(r.bottom));
  }
  for (const tb of document.querySelectorAll('#monitor table.data')) {
    const card = tb.closest('.card').getBoundingClientRect();
    for (const c of tb.querySelectorAll('th, td, td button, td select')) {
      const r = c.getBoundingClientRect();
      if (r.right > card.right + 0.5 || r.left < card.left - 0.5 || r.right > vw + 0.5) out.push(tb.id + ': ' + name(c) + ' right ' + Math.round(r.right) + ' > card ' + Math.round(card.right));
    }
  }
  if (document.documentElement.scrollWidth > vw + 0.5) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
  return out.join('\n');
})()`

// TestConsoleFitsTheScreen (issue 18): at 1366×768 (the office screen the
// console is made for) and 1920×1080, in Vietnamese and English, with every
// page the real server adds to the header and a busy monitor, nothing is
// clipped: the header stays one line (the pages that do not fit go into the
// "Thêm ▾" menu, whose links are reachable by keyboard), and the counters'
// actions stay inside their card.
func TestConsoleFitsTheScreen(t *testing.T) {
	for _, size := range [][2]int{{1366, 768}, {1920, 1080}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			e := newEnv(t)
			for _, l := range realLinks {
				console.NavLink(e.srv, l[0], l[1], l[2])
			}
			bg := context.Background()
			eng := e.srv.Engine()
			for _, k := range []string{"q1", "q2", "q3", "q4", "q5", "q7"} {
				officer := map[string]string{"q1": "canbo1", "q2": "canbo2"}[k]
				if err := eng.Open(bg, actor(officer, k), k); err != nil {
					t.Fatal(err)
				}
			}
			if err := eng.Pause(bg, actor("", "q5"), "q5", "Họp giao ban"); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"hotich", "hotich", "chungthuc", "datdai", "hotich", "dkkd"} {
				e.issue(s)
			}
			for _, k := range []string{"q1", "q2", "q3"} {
				if _, _, err := eng.CallNext(bg, actor("", k), k, ""); err != nil {
					t.Fatal(err)
				}
			}
			ctx := browsertest.Start(t, size[0], size[1])
			run(t, ctx, "log in",
				chromedp.Navigate(e.ts.URL+"/console"),
				chromedp.WaitVisible(chromedp.ID("username")),
				chromedp.SendKeys(chromedp.ID("username"), "quantri"),
				chromedp.SendKeys(chromedp.ID("password"), testPassword),
				chromedp.Click(chromedp.ID("login-btn")),
				chromedp.WaitVisible(chromedp.ID("tab-monitor")),
				poll(`!!(window.__console && window.__console.ready && document.querySelector('#counters tbody tr'))`),
				poll(`document.querySelectorAll('header.top a[href^="/console/"]').length === `+fmt.Sprint(len(realLinks))),
			)
			dir := shotDir(t)
			if size[0] == 1366 {
				// The menu by keyboard: Tab reaches "Thêm ▾", Enter opens it, Tab
				// walks into its links (each with the focus ring), Esc closes it and
				// gives the focus back.
				focus := func() string {
					return value(t, ctx, chromedp.Evaluate[string](`(() => { const a = document.activeElement; return (a.tagName + ' ' + (a.getAttribute('href') || a.textContent.trim())) + (getComputedStyle(a).outlineStyle !== 'none' && parseFloat(getComputedStyle(a).outlineWidth) >= 2 ? ' ring' : ''); })()`))
				}
				value(t, ctx, chromedp.Evaluate[bool](`(document.querySelector('#tab-audit').focus(), true)`))
				for i := 0; i < 12 && !strings.HasPrefix(focus(), "SUMMARY"); i++ {
					run(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
				}
				if f := focus(); f != "SUMMARY Thêm ▾ ring" {
					t.Fatalf("Tab did not reach the menu: %q", f)
				}
				run(t, ctx, "open", chromedp.KeyEvent(kb.Enter), poll(`document.querySelector('#pages details.more').open`))
				run(t, ctx, "into the menu", chromedp.KeyEvent(kb.Tab))
				if f := focus(); !strings.HasPrefix(f, "A /console/") || !strings.HasSuffix(f, " ring") || !strings.Contains(value(t, ctx, chromedp.Evaluate[string](`document.activeElement.closest('.menu') ? 'in menu' : ''`)), "in menu") {
					t.Fatalf("Tab after opening the menu: %q", f)
				}
				run(t, ctx, "esc", chromedp.KeyEvent(kb.Escape), poll(`!document.querySelector('#pages details.more').open`))
				if f := focus(); !strings.HasPrefix(f, "SUMMARY") {
					t.Fatalf("Esc left the focus on %q", f)
				}
			}
			for _, lang := range []string{"vi", "en"} {
				if lang == "en" {
					run(t, ctx, "english", chromedp.Click(chromedp.ID("lang")),
						poll(`document.documentElement.lang === 'en'`))
				}
				run(t, ctx, "settle", poll(`document.fonts.status === 'loaded'`))
				if lang == "en" {
					if left := value(t, ctx, chromedp.Evaluate[int](`$$('#monitor option').filter((o) => o.textContent === '— chọn quầy —').length`)); left != 0 {
						t.Errorf("%d \"— chọn quầy —\" options left in English", left)
					}
				}
				if bad := value(t, ctx, chromedp.Evaluate[string](clippedJS)); bad != "" {
					writeShot(t, t.TempDir(), "clipped.png", value(t, ctx, chromedp.CaptureScreenshot()))
					t.Errorf("%s at %dx%d, clipped:\n%s", lang, size[0], size[1], bad)
				}
				// Every page is one click (or Enter) away: inline, or in the open menu.
				hidden := value(t, ctx, chromedp.Evaluate[int](`(() => {
				  const more = document.querySelector('#pages details.more');
				  if (more && !more.hidden) more.open = true;
				  const n = Array.from(document.querySelectorAll('header.top a[href^="/console/"]')).filter((a) => { const r = a.getBoundingClientRect(); return r.width === 0 || r.right > document.documentElement.clientWidth; }).length;
				  return n;
				})()`))
				if hidden != 0 {
					t.Errorf("%s: %d header pages not reachable with the menu open", lang, hidden)
				}
				if bad := value(t, ctx, chromedp.Evaluate[string](`(() => { const r = document.querySelector('#pages .menu') && document.querySelector('#pages .menu').getBoundingClientRect(); return r && r.width && (r.right > document.documentElement.clientWidth || r.left < 0) ? 'menu ' + r.left + '..' + r.right : ''; })()`)); bad != "" {
					t.Errorf("%s: the open menu is off the screen: %s", lang, bad)
				}
				name := fmt.Sprintf("console-fit-%d", size[0])
				if lang == "en" {
					name += "-en"
				}
				writeShot(t, dir, name+".png", value(t, ctx, chromedp.CaptureScreenshot()))
				value(t, ctx, chromedp.Evaluate[bool](`(() => { const m = document.querySelector('#pages details.more'); if (m) m.open = false; return true; })()`))
			}
		})
	}
}
