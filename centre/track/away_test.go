package track_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/internal/browsertest"
)

// TestPhonePageCounterAway: after Ctrl-C of `make run` the counter was
// closed (its app logged out) or away (its app gone past --counter-grace)
// with the citizen's number still called there, and the phone page still
// said "Mời đến quầy 1". It says the counter is away or closed, that the
// number is kept, and to wait or ask at the information desk; when the
// counter is back it says "Mời đến quầy 1" again. The ticket stays called
// while the counter is away or closed (no requeue); its officer's sign-out
// puts it back in the queue, first in line.
func TestPhonePageCounterAway(t *testing.T) {
	browsertest.Path(t)
	e := start(t)
	ctx := context.Background()
	iss, err := e.kiosk.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	bctx, cancel := context.WithTimeout(browsertest.Start(t, 390, 844), 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(bctx, chromedp.Navigate(e.url+"/t/"+iss.ID+"?lang=vi")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.getElementById("ahead").textContent === "0"`)); err != nil {
		t.Fatalf("page did not load: %v", err)
	}
	if v, ok, err := e.officer.CallNext(ctx, "q1", ""); err != nil || !ok || v.ID != iss.ID {
		t.Fatalf("call: %v %v", ok, err)
	}
	box := func(title, text string, away bool) string {
		a := "false"
		if away {
			a = "true"
		}
		return `(function () { var c = document.getElementById("called"); return !c.hidden && c.classList.contains("away") === ` + a + ` &&
			document.getElementById("called-title").textContent === "` + title + `" && document.getElementById("called-text").textContent === "` + text + `"; })()`
	}
	wait := func(what, expr string) {
		t.Helper()
		c, cancel := context.WithTimeout(bctx, 20*time.Second)
		defer cancel()
		if _, err := chromedp.Run(c, chromedp.Poll[bool](expr)); err != nil {
			page, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("called").outerHTML`))
			t.Fatalf("page never showed %s: %v; %s", what, err, page)
		}
	}
	const keep = "Số của Quý khách vẫn được giữ. Quý khách vui lòng chờ hoặc hỏi tại quầy hướng dẫn."
	wait("the call", box("Đã đến lượt Quý khách", "Mời đến quầy 1", false))

	// The counter's app is gone: the server pauses it as away.
	if err := e.officer.Pause(ctx, "q1", centre.AwayReason); err != nil {
		t.Fatal(err)
	}
	wait("counter 1 away", box("Quầy 1 đang tạm vắng", keep, true))
	page, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
	if st, _ := chromedp.Run(bctx, chromedp.Text("#status")); st != "Đã được gọi" {
		t.Errorf("status %q while the counter is away", st)
	}
	if strings.Contains(page, "Mời đến quầy") || strings.Contains(page, "Đang được mời") || strings.Contains(strings.ToLower(page), "bạn") {
		t.Errorf("away page text: %q", page)
	}
	shot(t, bctx, "track-counter-away.png")

	if err := e.officer.Resume(ctx, "q1"); err != nil {
		t.Fatal(err)
	}
	wait("the call again", box("Đã đến lượt Quý khách", "Mời đến quầy 1", false))

	// A supervisor closes counter 1 from the console with the number still
	// called there. (A sign-out no longer leaves it so: see below.)
	if err := e.srv.Engine().Close(ctx, centre.Actor{Officer: "giamsat", Role: "supervisor"}, "q1"); err != nil {
		t.Fatal(err)
	}
	wait("counter 1 closed", box("Quầy 1 đang đóng", keep, true))
	var tv struct {
		Status        string `json:"status"`
		CounterStatus string `json:"counter_status"`
	}
	_, body, _ := get(t, e.url+"/api/v1/public/tickets/"+iss.ID)
	if err := json.Unmarshal([]byte(body), &tv); err != nil || tv.Status != "called" || tv.CounterStatus != "closed" {
		t.Errorf("ticket API: %s (%v), want called at a closed counter", body, err)
	}

	if _, err := chromedp.Run(bctx, chromedp.Navigate(e.url+"/t/"+iss.ID+"?lang=en")); err != nil {
		t.Fatal(err)
	}
	wait("counter 1 closed in English", box("Counter 1 is closed for now", "Your number is kept. Please wait, or ask at the information desk.", true))
	shot(t, bctx, "track-counter-closed-en.png")

	// The officer signs out with the number still there and no choice made
	// (Ctrl-C of the app): it goes back to waiting, first in line
	// (docs/COUNTER.md, "Signing out with a number at the counter").
	if err := e.officer.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	wait("waiting again, first in line", `document.getElementById("called").hidden && document.getElementById("ahead").textContent === "0"`)
	_, body, _ = get(t, e.url+"/api/v1/public/tickets/"+iss.ID)
	if err := json.Unmarshal([]byte(body), &tv); err != nil || tv.Status != "waiting" {
		t.Errorf("ticket API after the sign-out: %s (%v), want waiting", body, err)
	}
}

func shot(t *testing.T, bctx context.Context, name string) {
	dir := os.Getenv("TRACK_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)) // 100: PNG, not JPEG
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, name), png, 0o644)
}
