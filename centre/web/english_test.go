package web_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/centre/web"
	"github.com/motcua/motcua/display/displaytest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// pageTexts is every text of the board a reader or a screen reader meets:
// the page's title, its visible text, the labels of its regions and the
// texts of its overlays (hidden until needed).
const pageTexts = `[document.title, document.body.innerText]
  .concat(Array.from(document.querySelectorAll('[aria-label]')).map(function (e) { return e.getAttribute('aria-label'); }))
  .concat(Array.from(document.querySelectorAll('.overlay')).map(function (e) { return e.textContent; }))`

// TestBrowserBoardNoVietnameseInEnglish: the web board with ?lang=en, in
// headless Chromium against a real centre (the demo config): a call, a
// counter paused for a reason the counter offers, the notice in both
// languages, then a Vietnamese-only notice — no Vietnamese letter anywhere
// but the centre's name.
func TestBrowserBoardNoVietnameseInEnglish(t *testing.T) {
	browsertest.Path(t)
	ctx := context.Background()
	env := displaytest.Start(t, func(s *centre.Server) { web.Register(s) })
	eng := env.Srv.Engine()
	if err := eng.SetNoticeEN(ctx, engine.Actor{Officer: "giamsat", Role: "supervisor"}, env.Cfg.Notice, env.Cfg.NoticeEN); err != nil {
		t.Fatal(err)
	}
	env.Issue(ctx, "hotich")
	if err := env.Officer(ctx, "q2").Pause(ctx, "q2", "Họp, công tác"); err != nil {
		t.Fatal(err)
	}
	bctx := browsertest.Start(t, 1920, 1080)
	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL()+"/board?sound=0&lang=en&token="+env.Display)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "the snapshot", `window.__board && window.__board.snapshots >= 1 && document.getElementById('banner').hidden`)
	n := env.CallNext(ctx, "q3")
	waitJS(t, bctx, n, fmt.Sprintf(`document.getElementById('fnum').textContent === %q`, n))
	check := func(when string) string {
		t.Helper()
		texts, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](pageTexts))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.Join(texts, "\n"), "\n")
		if left := entext.Leftovers(lines, env.Cfg.CentreName); len(left) > 0 {
			t.Errorf("%s: the English board shows Vietnamese: %q", when, left)
		}
		return strings.Join(lines, "\n")
	}
	text := check("with the notice in both languages")
	for _, want := range []string{"Paused: Meeting or official duty", "Opening hours:"} {
		if !strings.Contains(text, want) {
			t.Errorf("English board lacks %q: %s", want, text)
		}
	}
	if lang, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "en" {
		t.Errorf("page language %q", lang)
	}
	if png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot()); err == nil {
		artifact(t, "board-web-en-demo.png", png)
		if dir := os.Getenv("BOARD_SHOTS"); dir != "" {
			browsertest.Shot(t, "BOARD_SHOTS", "board-web-en-demo.png", png)
		}
	}
	// A supervisor changes the notice in Vietnamese only: the English
	// board drops its notice rather than show it.
	if err := eng.SetNotice(ctx, engine.Actor{Officer: "giamsat", Role: "supervisor"}, "Chiều nay trung tâm nghỉ để bảo trì."); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "the notice gone", `document.getElementById('notice').textContent === ''`)
	check("after a Vietnamese-only notice")
}

// TestBoardPauseReasonsMatch: the web board translates the same pause
// reasons, with the same English, as the Fyne board and the counter
// (queue.PauseReasonsEN).
func TestBoardPauseReasonsMatch(t *testing.T) {
	js, err := os.ReadFile("static/board.js")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)var PAUSE_EN = \{(.*?)\};`).FindSubmatch(js)
	if block == nil {
		t.Fatal("no PAUSE_EN in board.js")
	}
	got := map[string]string{}
	for _, m := range regexp.MustCompile(`"([^"]+)": "([^"]+)"`).FindAllSubmatch(block[1], -1) {
		got[string(m[1])] = string(m[2])
	}
	want := queue.PauseReasonsEN()
	if len(got) != len(want) {
		t.Errorf("board.js has %d pause reasons, queue %d", len(got), len(want))
	}
	for vi, en := range want {
		if got[vi] != en {
			t.Errorf("%q: board.js %q, queue %q", vi, got[vi], en)
		}
	}
}
