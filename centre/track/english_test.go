package track_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/internal/browsertest"
)

// TestPhonePageServiceNameInEnglish: the walk of 5/12/2026 found the
// English phone page naming the service in Vietnamese; it names it as the
// English kiosk does, and the Vietnamese page keeps the Vietnamese name.
func TestPhonePageServiceNameInEnglish(t *testing.T) {
	browsertest.Path(t)
	e := start(t)
	iss, err := e.kiosk.Issue(context.Background(), centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	bctx, cancel := context.WithTimeout(browsertest.Start(t, 390, 844), 60*time.Second)
	defer cancel()
	for _, c := range []struct{ lang, want string }{
		{"en", "Civil status registration"},
		{"vi", "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)"},
	} {
		if _, err := chromedp.Run(bctx, chromedp.Navigate(e.url+"/t/"+iss.ID+"?lang="+c.lang)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.getElementById("service").textContent !== ""`)); err != nil {
			t.Fatalf("%s: page did not load: %v", c.lang, err)
		}
		if got, _ := chromedp.Run(bctx, chromedp.Text("#service")); got != c.want {
			t.Errorf("%s page names the service %q, want %q", c.lang, got, c.want)
		}
	}
}

// TestPhonePageNoCounterOpen: the walk found the phone page promising
// "~8 phút" for a service no open counter serves, while the kiosk said
// "Chưa có quầy mở"; the page now says so too, and a service with an open
// counter keeps its estimate.
func TestPhonePageNoCounterOpen(t *testing.T) {
	browsertest.Path(t)
	e := start(t) // q1 (hộ tịch) open; đất đai's counters closed
	ctx := context.Background()
	none, err := e.kiosk.Issue(ctx, centre.IssueRequest{Service: "datdai"})
	if err != nil {
		t.Fatal(err)
	}
	open, err := e.kiosk.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	bctx, cancel := context.WithTimeout(browsertest.Start(t, 390, 844), 60*time.Second)
	defer cancel()
	for _, c := range []struct{ id, lang, want string }{
		{none.ID, "vi", "Chưa có quầy mở"},
		{none.ID, "en", "No counter open yet"},
		{open.ID, "vi", "~"},
	} {
		if _, err := chromedp.Run(bctx, chromedp.Navigate(e.url+"/t/"+c.id+"?lang="+c.lang)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.getElementById("wait").textContent !== "–"`)); err != nil {
			t.Fatalf("%s: page did not load: %v", c.lang, err)
		}
		got, _ := chromedp.Run(bctx, chromedp.Text("#wait"))
		// In words, in a smaller type than a figure: two lines at most on a 390 px phone.
		if lines, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`(function () { var r = document.createRange(); r.selectNodeContents(document.getElementById("wait"));
			var tops = {}; Array.from(r.getClientRects()).forEach(function (x) { tops[Math.round(x.top)] = 1; }); return Object.keys(tops).length; })()`)); lines < 1 || lines > 2 {
			t.Errorf("%s %s: the wait %q takes %d lines", c.id, c.lang, got, lines)
		}
		if c.want == "~" && (!strings.HasPrefix(got, "~") || !strings.HasSuffix(got, " phút")) || c.want != "~" && got != c.want {
			t.Errorf("%s %s: wait shows %q, want %q", c.id, c.lang, got, c.want)
		}
	}
}
