package console_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/motcua/motcua/internal/browsertest"
)

// ringJS describes the focused element: its id (or tag.class), whether it
// is shown, and whether its focus ring is visible — an outline of at least
// 2 px whose colour contrasts ≥ 3:1 with the first opaque background behind
// the element (WCAG 2.2 SC 2.4.7 and the 3:1 of SC 1.4.11).
const ringJS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body|hidden|no ring';
  const name = el.id || (el.tagName.toLowerCase() + '.' + el.className);
  const r = el.getBoundingClientRect();
  const shown = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && getComputedStyle(el).visibility !== 'hidden';
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bgEl = el.parentElement, bg = [255, 255, 255];
  while (bgEl) { const c = rgb(getComputedStyle(bgEl).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c.slice(0, 3); break; } bgEl = bgEl.parentElement; }
  // The calendar button of a date field takes the focus inside the field
  // (the field then matches no :focus); Chromium draws its own ring there,
  // which page CSS cannot reach or measure.
  if (el.type === 'date' && !el.matches(':focus')) return name + '|' + (shown ? 'shown' : 'hidden') + '|picker';
  const cs = getComputedStyle(el);
  const w = parseFloat(cs.outlineWidth) || 0;
  const oc = rgb(cs.outlineColor).slice(0, 3);
  const a = lum(oc), b = lum(bg);
  const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const ring = cs.outlineStyle !== 'none' && w >= 2 && contrast >= 3;
  return name + '|' + (shown ? 'shown' : 'hidden') + '|' + (ring ? 'ring' : 'no ring ' + cs.outlineStyle + ' ' + w + 'px ' + contrast.toFixed(1) + ':1');
})()`

// TestConsoleKeyboardOnly (issue 18): a supervisor uses the console with
// the keyboard alone. Log in typing and Enter; the first Tab lands on the
// "skip to content" link, shown while focused; Enter on it puts the focus
// in the page; Alt+2 opens the reports; Tab walks the controls in order,
// each shown with a visible focus ring (≥ 2 px, ≥ 3:1), none hidden;
// Enter on "Xem" runs the report; the shortcut line lists the keys, in
// English too.
func TestConsoleKeyboardOnly(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	focused := func() (name, shown, ring string) {
		t.Helper()
		// Let the focus settle (a date field moves it inside itself on the key).
		run(t, ctx, "settle", chromedp.Sleep(50*time.Millisecond))
		parts := strings.SplitN(value(t, ctx, chromedp.Evaluate[string](ringJS)), "|", 3)
		return parts[0], parts[1], parts[2]
	}
	key := func(what string, keys string, opts ...chromedp.KeyOption) {
		t.Helper()
		run(t, ctx, what, chromedp.KeyEvent(keys, opts...))
	}

	run(t, ctx, "login page", chromedp.Navigate(e.ts.URL+"/console"), chromedp.WaitVisible(chromedp.ID("username")))
	if n, _, _ := focused(); n != "username" {
		t.Fatalf("login page starts with the focus on %q", n)
	}
	key("user name", "giamsat")
	key("to the password", kb.Tab)
	if n, _, ring := focused(); n != "password" || ring != "ring" {
		t.Fatalf("Tab from the user name: %s (%s)", n, ring)
	}
	key("password", testPassword)
	key("to the button", kb.Tab)
	if n, _, ring := focused(); n != "login-btn" || ring != "ring" {
		t.Fatalf("Tab from the password: %s (%s)", n, ring)
	}
	key("log in", kb.Enter)
	// The form posts and the browser navigates: wait for the console page
	// (a query that races the navigation is retried).
	for i := 0; ; i++ {
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		_, err := chromedp.Run(c, chromedp.WaitVisible(chromedp.ID("tab-monitor")))
		cancel()
		if err == nil {
			break
		}
		if i == 5 {
			t.Fatalf("console page: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	run(t, ctx, "console ready", poll(`!!(window.__console && window.__console.ready)`))

	key("first Tab", kb.Tab)
	if n, shown, ring := focused(); !strings.HasPrefix(n, "a.skip") || shown != "shown" || ring != "ring" {
		t.Fatalf("first Tab: %s %s %s; want the skip link, shown with a ring", n, shown, ring)
	}
	key("skip", kb.Enter)
	if n, _, _ := focused(); n != "main" {
		t.Fatalf("the skip link took the focus to %q", n)
	}
	key("Alt+2", "2", chromedp.KeyModifiers(chromedp.ModifierAlt))
	if sel := value(t, ctx, chromedp.Evaluate[string](`document.getElementById('tab-reports').getAttribute('aria-selected') + ' ' + !document.getElementById('reports').hidden`)); sel != "true true" {
		t.Fatalf("Alt+2: reports selected and shown = %s", sel)
	}
	if n, _, ring := focused(); n != "tab-reports" || ring != "ring" {
		t.Fatalf("Alt+2 left the focus on %s (%s)", n, ring)
	}
	// Walk forward: every stop is shown with a ring; "Xem" is reached.
	var order []string
	pickers := 0
	for i := 0; i < 40; i++ {
		key("Tab", kb.Tab)
		n, shown, ring := focused()
		order = append(order, n)
		if ring == "picker" {
			pickers++
			ring = "ring"
		}
		if shown != "shown" || ring != "ring" {
			t.Errorf("Tab stop %d %s: %s, %s", i+1, n, shown, ring)
		}
		if n == "rp-go" {
			break
		}
	}
	if order[len(order)-1] != "rp-go" {
		t.Fatalf("Tab never reached “Xem”: %v", order)
	}
	t.Logf("Tab order from the reports tab: %v", order)
	if pickers != 2 {
		t.Errorf("%d stops on a date field's calendar button, want 2 (from, to)", pickers)
	}
	writeShot(t, shotDir(t), "console-keyboard.png", value(t, ctx, chromedp.CaptureScreenshot()))
	key("run the report", kb.Enter)
	run(t, ctx, "report shown", chromedp.WaitVisible(chromedp.ID("report-table")))

	help := value(t, ctx, chromedp.Text(chromedp.ID("keys-help")))
	if !strings.Contains(help, "Alt+1 Giám sát") || !strings.Contains(help, "Tab/Shift+Tab") {
		t.Errorf("shortcut line %q", help)
	}
	if ks := value(t, ctx, chromedp.Evaluate[string](`document.getElementById('tab-audit').getAttribute('aria-keyshortcuts')`)); ks != "Alt+4" {
		t.Errorf("audit tab aria-keyshortcuts %q", ks)
	}
	run(t, ctx, "English", chromedp.Click(chromedp.ID("lang")))
	if help := value(t, ctx, chromedp.Text(chromedp.ID("keys-help"))); !strings.HasPrefix(help, "Shortcuts: Alt+1 Monitor") {
		t.Errorf("English shortcut line %q", help)
	}
}
