package booking_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/internal/entext"
)

// pageLeftovers is the Vietnamese on the page but its allowed names: the
// centre's name, and the switch back to Vietnamese.
func pageLeftovers(t *testing.T, ctx context.Context, centre string) []string {
	t.Helper()
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.title, document.body.innerText]
	  .concat(Array.from(document.querySelectorAll('[placeholder]')).map((n) => n.placeholder))
	  .concat(Array.from(document.querySelectorAll('option')).map((n) => n.textContent))`))
	if err != nil {
		t.Fatal(err)
	}
	return entext.Leftovers(strings.Split(strings.Join(texts, "\n"), "\n"), centre, "Tiếng Việt")
}

// TestBookingPagesNoVietnameseInEnglish: /dat-lich and /lay-so in English
// on a phone in headless Chromium, against the demo centre: the form with
// its services and days, a booking made, its link reopened, a remote number
// taken — no Vietnamese letter but the centre's name.
func TestBookingPagesNoVietnameseInEnglish(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	centre := e.srv.Engine().Config().CentreName
	ctx := browser(t, 390, 844)
	run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/dat-lich"))
	run(t, ctx, "english", chromedp.Evaluate[bool](`localStorage.setItem("lang", "en"), true`))
	run(t, ctx, "reload", chromedp.Navigate(e.ts.URL+"/dat-lich"))
	run(t, ctx, "days", chromedp.Poll[bool](`document.documentElement.lang === "en" && document.querySelectorAll("#service option").length > 0 &&
	  document.querySelector('.chip[data-day="2026-09-07"] small') && document.querySelector('.chip[data-day="2026-09-07"] small').textContent !== ""`))
	if left := pageLeftovers(t, ctx, centre); len(left) > 0 {
		t.Errorf("/dat-lich form in English shows Vietnamese: %q", left)
	}
	run(t, ctx, "day", chromedp.Click(`.chip[data-day="2026-09-07"]`))
	slot := `button.slot[data-start="2026-09-07T09:00:00+07:00"]`
	run(t, ctx, "slots", chromedp.WaitVisible(slot))
	if left := pageLeftovers(t, ctx, centre); len(left) > 0 {
		t.Errorf("/dat-lich slots in English show Vietnamese: %q", left)
	}
	run(t, ctx, "pick", chromedp.Click(slot))
	run(t, ctx, "phone", chromedp.SendKeys("#phone", "0912 345 678"))
	run(t, ctx, "submit", chromedp.Click("#submit"))
	run(t, ctx, "result", chromedp.WaitVisible("#result"))
	if left := pageLeftovers(t, ctx, centre); len(left) > 0 {
		t.Errorf("/dat-lich booked in English shows Vietnamese: %q", left)
	}
	shot(t, ctx, "booking-done-phone-en.png")
	code, _ := chromedp.Run(ctx, chromedp.Text("#code"))
	run(t, ctx, "link", chromedp.Navigate(e.ts.URL+"/dat-lich?ma="+code))
	run(t, ctx, "loaded", chromedp.WaitVisible("#cancel"))
	if left := pageLeftovers(t, ctx, centre); len(left) > 0 {
		t.Errorf("/dat-lich?ma= in English shows Vietnamese: %q", left)
	}

	e.set(at("2026-09-07 08:00"))
	e.officer() // a counter open
	run(t, ctx, "lay-so", chromedp.Navigate(e.ts.URL+"/lay-so"))
	run(t, ctx, "services", chromedp.Poll[bool](`document.documentElement.lang === "en" && document.querySelectorAll("#service option").length > 0 && document.getElementById("waiting").textContent !== ""`))
	if left := pageLeftovers(t, ctx, centre); len(left) > 0 {
		t.Errorf("/lay-so in English shows Vietnamese: %q", left)
	}
	run(t, ctx, "phone", chromedp.SendKeys("#phone", "0912 345 679"))
	run(t, ctx, "submit", chromedp.Click("#submit"))
	run(t, ctx, "result", chromedp.WaitVisible("#result"))
	if left := pageLeftovers(t, ctx, centre); len(left) > 0 {
		t.Errorf("/lay-so taken in English shows Vietnamese: %q", left)
	}
	shot(t, ctx, "lay-so-done-phone-en.png")
}
