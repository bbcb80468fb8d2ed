package track_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// TestPhonePageNoVietnameseInEnglish: the phone page with ?lang=en in
// headless Chromium at a phone's size, through a ticket's life — waiting,
// called, served, done — and for an unknown ticket: the page's title and
// text hold no Vietnamese letter but the centre's name and the switch back
// to Vietnamese.
func TestPhonePageNoVietnameseInEnglish(t *testing.T) {
	browsertest.Path(t)
	e := start(t)
	ctx := context.Background()
	iss, err := e.kiosk.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	bctx, cancel := context.WithTimeout(browsertest.Start(t, 390, 844), 90*time.Second)
	defer cancel()
	var centreName string
	check := func(state string) {
		t.Helper()
		texts := browsertest.Value(t, bctx, chromedp.Evaluate[[]string](`[document.title, document.body.innerText, document.querySelector('.centre').textContent]`))
		centreName = texts[2]
		lines := strings.Split(strings.Join(texts[:2], "\n"), "\n")
		if left := entext.Leftovers(lines, centreName, "Tiếng Việt"); len(left) > 0 {
			t.Errorf("%s: the English phone page shows Vietnamese: %q", state, left)
		}
		browsertest.Shot(t, "TRACK_SHOTS", "track-en-"+state+".png", browsertest.Value(t, bctx, chromedp.CaptureScreenshot()))
	}
	browsertest.Do(t, bctx, "open", chromedp.Navigate(e.url+"/t/"+iss.ID+"?lang=en"),
		browsertest.Until(`document.getElementById('status').textContent === 'Waiting'`))
	check("waiting")
	tk, ok, err := e.officer.CallNext(ctx, "q1", "")
	if err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	browsertest.Do(t, bctx, "called", browsertest.Until(`document.getElementById('status').textContent === 'Called'`))
	check("called")
	if _, err := e.officer.Act(ctx, tk.ID, queue.OpStart, "", ""); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, bctx, "serving", browsertest.Until(`document.title.indexOf('Being served') >= 0`))
	check("serving")
	if _, err := e.officer.Act(ctx, tk.ID, queue.OpFinish, "", ""); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, bctx, "done", browsertest.Until(`document.getElementById('status').textContent === 'Done'`))
	check("done")
	browsertest.Do(t, bctx, "unknown", chromedp.Navigate(e.url+"/t/zzzzzzzzzzzzzzzzzzzz?lang=en"),
		browsertest.Until(`!document.getElementById('notfound').hidden`))
	check("notfound")
}
