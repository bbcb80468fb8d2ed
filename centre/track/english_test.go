package track_test

import (
	"context"
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
		if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`document.getElementById("number").textContent !== ""`)); err != nil {
			t.Fatalf("%s: page did not load: %v", c.lang, err)
		}
		if got, _ := chromedp.Run(bctx, chromedp.Text("#service")); got != c.want {
			t.Errorf("%s page names the service %q, want %q", c.lang, got, c.want)
		}
	}
}
