package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// TestConsolePagesNoVietnameseInEnglish: `motcua serve` with every page the
// real server adds to the console, an administrator logged in through the
// form in headless Chromium who switches to English: every page of the
// header (monitor, notifications, questions, online inbox, bookings, officer
// ratings, rating pads, webhooks) shows no Vietnamese letter but the proper
// names — the centre, the officers, the names the centre gave its devices.
// CONSOLE_SCREENSHOTS=dir keeps console-en-page-*.png.
func TestConsolePagesNoVietnameseInEnglish(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	browsertest.Path(t)
	cfg := queue.DemoConfig()
	h := newHall(t, cfg)
	h.officer(t, "quantri", "admin", "Phạm Thị Dung")
	h.officer(t, "canbo1", "officer", "Nguyễn Văn An")
	kioskTok := h.device(t, "kiosk", "kiosk-1")
	h.serve(t)
	// A question from the kiosk: its kind, topic and status are listed.
	q := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Làm lại giấy khai sinh bị mất cần gì?"}`, cfg.Sectors[0].ID)
	if st, _ := apiCall(t, "POST", h.base+"/api/v1/petitions", kioskTok, q, nil); st != http.StatusCreated {
		t.Fatalf("kiosk question: %d", st)
	}
	// "NĐ-CP" is part of a decree's official number (42/2022/NĐ-CP), cited as it is written.
	// The citizen's question is theirs, as they wrote it.
	names := []string{cfg.CentreName, "Phạm Thị Dung", "Nguyễn Văn An", "Tiếng Việt / English", "/NĐ-CP",
		"Làm lại giấy khai sinh bị mất cần gì?"}

	bctx, cancel := context.WithTimeout(browsertest.Start(t, 1920, 1080), 180*time.Second)
	defer cancel()
	do := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		browsertest.Do(t, bctx, what, acts...)
	}
	do("log in",
		chromedp.Navigate(h.base+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("password"), "matkhau123"),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
	)
	browsertest.Value(t, bctx, chromedp.Evaluate[bool](`(localStorage.setItem('console.lang', 'en'), true)`))
	do("in English", chromedp.Reload(),
		browsertest.Until(`document.documentElement.lang === 'en' && !!document.querySelector('header.top a[href^="/console/"]')`))
	paths, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.from(new Set(Array.from(document.querySelectorAll('header.top a[href^="/console/"]')).map((a) => a.getAttribute('href'))))`))
	if err != nil || len(paths) < 5 {
		t.Fatalf("header links %q, %v", paths, err)
	}
	const texts = `[document.title, document.body.innerText]
	  .concat(Array.from(document.querySelectorAll('[placeholder]')).filter((n) => n.offsetParent).map((n) => n.placeholder))`
	// Pages without an English switch, left out and said in the report
	// (docs/ENGLISH.md): they are Vietnamese-only by design of their owner.
	noSwitch := map[string]bool{"/console/hop-thu": true}
	for _, p := range append([]string{"/console"}, paths...) {
		if noSwitch[p] {
			t.Logf("%s has no English switch: not checked", p)
			continue
		}
		do("open "+p, chromedp.Navigate(h.base+p),
			browsertest.Until(`document.readyState === 'complete' && document.documentElement.lang === 'en'`))
		// The page fills itself from its API: read once its text stops changing.
		var got []string
		for i, last := 0, ""; i < 40; i++ {
			got, err = chromedp.Run(bctx, chromedp.Evaluate[[]string](texts))
			if err != nil {
				t.Fatal(err)
			}
			now := strings.Join(got, "\n")
			if now == last && i > 2 {
				break
			}
			last = now
			time.Sleep(150 * time.Millisecond)
		}
		lines := strings.Split(strings.Join(got, "\n"), "\n")
		if left := entext.Leftovers(lines, names...); len(left) > 0 {
			t.Errorf("%s in English shows Vietnamese: %q", p, left)
		}
		if png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot()); err == nil {
			browsertest.Shot(t, "CONSOLE_SCREENSHOTS", fmt.Sprintf("console-en-page%s.png", strings.ReplaceAll(p, "/", "-")), png)
		}
	}

	// The centre's public questions page, as the real server mounts it,
	// reached through its "English" button (petition.TestPetitionPageNoVietnameseInEnglish
	// walks it further: answers, a refusal, the thank-you note).
	do("/hoi-dap in English", chromedp.Navigate(h.base+"/hoi-dap?lang=vi"),
		browsertest.Until(`document.documentElement.lang === 'vi'`), chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.readyState === 'complete' && document.documentElement.lang === 'en'`))
	got, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](texts+`.concat(Array.from(document.querySelectorAll('option')).map((n) => n.textContent))`))
	if err != nil {
		t.Fatal(err)
	}
	if left := entext.Leftovers(strings.Split(strings.Join(got, "\n"), "\n"), cfg.CentreName, "Tiếng Việt"); len(left) > 0 {
		t.Errorf("/hoi-dap in English shows Vietnamese: %q", left)
	}
}
