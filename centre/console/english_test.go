package console_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// consoleNames are what the console may show in Vietnamese in English
// mode: the centre's and the officers' names, the names the centre gave its
// devices (env_test.go: "Kiosk sảnh", "Bảng gọi số"; names, as typed at
// enrolment), and the EN/VI switch's title, which names both languages.
func consoleNames(e *env) []string {
	return []string{e.srv.Engine().Config().CentreName, "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
		"Kiosk sảnh", "Bảng gọi số", "Tiếng Việt / English"}
}

// TestConsoleNoVietnameseInEnglish: the supervisor console switched to
// English in headless Chromium, with a busy monitor (counters open, one
// paused for an offered reason, numbers waiting and called), on each of
// its four tabs: no Vietnamese letter in the visible text, the title, the
// placeholders and the tooltips, but the proper names.
func TestConsoleNoVietnameseInEnglish(t *testing.T) {
	e := newEnv(t)
	for _, l := range realLinks {
		console.NavLink(e.srv, l[0], l[1], l[2])
	}
	bg := context.Background()
	eng := e.srv.Engine()
	for _, k := range []string{"q1", "q2", "q3"} {
		officer := map[string]string{"q1": "canbo1", "q2": "canbo2"}[k]
		if err := eng.Open(bg, actor(officer, k), k); err != nil {
			t.Fatal(err)
		}
	}
	if err := eng.Pause(bg, actor("", "q3"), "q3", "Họp, công tác"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"hotich", "hotich", "chungthuc", "datdai"} {
		e.issue(s)
	}
	if _, _, err := eng.CallNext(bg, actor("", "q1"), "q1", ""); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Start(t, 1920, 1080)
	run(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		poll(`!!(window.__console && window.__console.ready && document.querySelector('#counters tbody tr'))`),
		chromedp.Click(chromedp.ID("lang")),
		poll(`document.documentElement.lang === 'en'`),
	)
	const texts = `[document.title, document.body.innerText]
	  .concat(Array.from(document.querySelectorAll('[placeholder]')).filter((n) => n.offsetParent).map((n) => n.placeholder))
	  .concat(Array.from(document.querySelectorAll('[title]')).filter((n) => n.offsetParent).map((n) => n.title))`
	for _, tab := range []string{"monitor", "reports", "admin", "audit"} {
		run(t, ctx, tab, chromedp.Click(chromedp.ID("tab-"+tab)), poll(`!document.getElementById('`+tab+`').hidden`))
		got := value(t, ctx, chromedp.Evaluate[[]string](texts))
		lines := strings.Split(strings.Join(got, "\n"), "\n")
		if left := entext.Leftovers(lines, consoleNames(e)...); len(left) > 0 {
			t.Errorf("%s tab in English shows Vietnamese: %q", tab, left)
		}
		if png := value(t, ctx, chromedp.CaptureScreenshot()); len(png) > 0 {
			os.WriteFile(filepath.Join(shotDir(t), "console-en-"+tab+".png"), png, 0o644)
		}
	}
}

// TestConsolePauseReasonsMatch: the console translates the same pause
// reasons, with the same English, as the boards, the pads and the counter.
func TestConsolePauseReasonsMatch(t *testing.T) {
	js, err := os.ReadFile("static/assets/app.js")
	if err != nil {
		t.Fatal(err)
	}
	for vi, en := range queue.PauseReasonsEN() {
		if !strings.Contains(string(js), "'"+vi+"': '"+en+"'") {
			t.Errorf("app.js lacks %q → %q", vi, en)
		}
	}
}
