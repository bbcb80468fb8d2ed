package ratingpad_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// TestBrowserWebPadNoVietnameseInEnglish: the web pad switched to English
// in headless Chromium, against a real centre: idle, paused for a reason
// the counter offers, serving, the rating with its reasons, thanks — the
// page's title and text hold no Vietnamese letter but the officer's name.
func TestBrowserWebPadNoVietnameseInEnglish(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	bctx := browsertest.Start(t, 1024, 600)
	browsertest.Do(t, bctx, "open the pad",
		chromedp.Navigate(e.ts.URL+"/pad#token="+e.pad1),
		browsertest.Until(`document.getElementById('counter').textContent === 'Quầy 1'`),
		chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.documentElement.lang === 'en'`),
	)
	// The officer's name, and the switch that names Vietnamese in Vietnamese.
	officers := []string{"Nguyễn Văn An", "Tiếng Việt"}
	check := func(screen string) {
		t.Helper()
		texts := browsertest.Value(t, bctx, chromedp.Evaluate[[]string](`[document.title, document.body.innerText]`))
		lines := strings.Split(strings.Join(texts, "\n"), "\n")
		if left := entext.Leftovers(lines, officers...); len(left) > 0 {
			t.Errorf("%s: the English pad shows Vietnamese: %q", screen, left)
		}
		browsertest.Shot(t, "PAD_SCREENSHOTS", "ratingpad-web-en-"+screen+".png", browsertest.Value(t, bctx, chromedp.CaptureScreenshot()))
	}
	check("closed")
	oc := e.client("")
	if _, err := oc.Login(ctx, "canbo1", password, "q1"); err != nil {
		t.Fatal(err)
	}
	if err := oc.Pause(ctx, "q1", "Nghỉ giải lao"); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, bctx, "paused", browsertest.Until(`document.getElementById('idleHint').textContent === 'Counter paused: Short break'`))
	check("paused")
	if err := oc.Resume(ctx, "q1"); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, bctx, "idle", browsertest.Until(`document.getElementById('idleHint').textContent === 'Please wait for your number to be called.'`))
	check("idle")
	tk := e.serve("canbo1", "q1", false)
	browsertest.Do(t, bctx, "serving", browsertest.Until(`document.getElementById('ticketNumber').textContent === '`+tk.Number+`'`))
	check("serving")
	if _, err := oc.Act(ctx, tk.ID, queue.OpFinish, "", "q1"); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, bctx, "rate",
		browsertest.Until(`!document.getElementById('rate').hidden && document.querySelectorAll('#levels button').length === 3`),
		chromedp.Click(chromedp.CSS(`#levels button[data-level="3"]`)),
		browsertest.Until(`!document.getElementById('reasonsBox').hidden`),
	)
	check("reasons")
	browsertest.Do(t, bctx, "send",
		chromedp.Click(chromedp.CSS(`#reasons button:nth-child(1)`)),
		chromedp.Click(chromedp.ID("send")),
		browsertest.Until(`!document.getElementById('thanks').hidden`),
	)
	check("thanks")
}

// TestPadPauseReasonsMatch: the web pad translates the same pause reasons,
// with the same English, as the boards and the counter.
func TestPadPauseReasonsMatch(t *testing.T) {
	js, err := os.ReadFile("static/pad.js")
	if err != nil {
		t.Fatal(err)
	}
	for vi, en := range queue.PauseReasonsEN() {
		if !regexp.MustCompile(`'` + regexp.QuoteMeta(vi) + `': '` + regexp.QuoteMeta(en) + `'`).Match(js) {
			t.Errorf("pad.js lacks %q → %q", vi, en)
		}
	}
}
