package booking_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"

	"github.com/motcua/motcua/booking"
)

func browser(t *testing.T, w, h int) context.Context {
	bctx, cancel := context.WithTimeout(browsertest.Start(t, w, h), 90*time.Second)
	t.Cleanup(cancel)
	return bctx
}

func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) {
	t.Helper()
	if _, err := chromedp.Run(ctx, a); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func shot(t *testing.T, ctx context.Context, name string) {
	if dir := os.Getenv("BOOKING_SHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
}

// TestBookingPageOnPhone books a slot on /dat-lich in headless Chromium at
// a phone's size, checks the booking in at the kiosk, sees the officer's
// call-next serve it before a walk-in, and cancels another booking from its link.
func TestBookingPageOnPhone(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	ctx := browser(t, 390, 844)
	run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/dat-lich"))
	run(t, ctx, "services", chromedp.Poll[bool](`document.querySelectorAll("#service option").length > 0`))
	// Sunday is closed and greyed out.
	run(t, ctx, "sunday", chromedp.Poll[bool](`document.querySelector('.chip[data-day="2026-09-13"]').disabled`))
	page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(page, "Đặt lịch hẹn trực tuyến") || !strings.Contains(page, "tối đa 2 lịch/ngày, 1 lịch/lĩnh vực") ||
		strings.Contains(page, "{") || strings.Contains(strings.ToLower(page), "bạn") {
		t.Fatalf("page text %q", page)
	}
	run(t, ctx, "days", chromedp.Poll[bool](`document.querySelector('.chip[data-day="2026-09-07"] small').textContent !== ""`))
	run(t, ctx, "day", chromedp.Click(`.chip[data-day="2026-09-07"]`))
	slot := `button.slot[data-start="2026-09-07T09:00:00+07:00"]`
	// 09:00 with two places online (capacity 4, half kept for walk-ins).
	run(t, ctx, "slots", chromedp.Poll[bool](`(function (b) { return !!b && b.textContent === "09:00còn 2 chỗ"; })(document.querySelector('`+slot+`'))`))
	run(t, ctx, "pick", chromedp.Click(slot))
	run(t, ctx, "phone", chromedp.SendKeys("#phone", "0912 345 678"))
	shot(t, ctx, "booking-form-phone.png")
	run(t, ctx, "submit", chromedp.Click("#submit"))
	run(t, ctx, "result", chromedp.WaitVisible("#result"))
	run(t, ctx, "qr", chromedp.Poll[bool](`document.getElementById("qr").complete && document.getElementById("qr").naturalWidth > 0`))
	code, _ := chromedp.Run(ctx, chromedp.Text("#code"))
	if !codeRe.MatchString(code) {
		t.Fatalf("code on the page %q", code)
	}
	when, _ := chromedp.Run(ctx, chromedp.Text("#r-when"))
	if when != "09:00–09:30 07/09/2026" {
		t.Fatalf("time on the page %q", when)
	}
	shot(t, ctx, "booking-done-phone.png")

	// The kiosk checks it in; the officer's call serves it before the walk-in.
	e.set(at("2026-09-07 08:50"))
	if code, body := e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, nil); code != 201 {
		t.Fatalf("walk-in: %d %s", code, body)
	}
	var in booking.CheckedIn
	if c, body := e.do("POST", "/api/v1/bookings/"+code+"/check-in", e.kiosk, nil, &in); c != 201 {
		t.Fatalf("check-in: %d %s", c, body)
	}
	// The link shows the booking as checked in, with the ticket to follow.
	run(t, ctx, "reload", chromedp.Navigate(e.ts.URL+"/dat-lich?ma="+code))
	run(t, ctx, "status", chromedp.Poll[bool](`document.getElementById("r-status").textContent === "Đã lấy số"`))
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("track").getAttribute("href")`))
	if href != "/t/"+in.ID+"?lang=vi" { // the phone page keeps the language chosen here
		t.Fatalf("track link %q", href)
	}
	// Follow it: the phone page waits behind nobody (the appointment is due) …
	run(t, ctx, "track", chromedp.Navigate(e.ts.URL+href))
	run(t, ctx, "track page", chromedp.Poll[bool](`document.getElementById("number") && document.getElementById("number").textContent === "`+in.Number+`"`))
	// … and the officer's call-next serves it before the walk-in and the phone shows the call.
	called := make(chan error, 1)
	go func() {
		_, err := chromedp.Run(ctx, chromedp.WaitVisible("#called"))
		called <- err
	}()
	tk, ok, err := e.officer().CallNext(context.Background(), "q1", "")
	if err != nil || !ok || tk.ID != in.ID {
		t.Fatalf("call-next served %s, want the booking's %s", tk.Number, in.Number)
	}
	if err := <-called; err != nil {
		t.Fatalf("the phone never showed the call: %v", err)
	}
	if text, _ := chromedp.Run(ctx, chromedp.Text("#called-text")); text != "Mời đến quầy 1" {
		t.Fatalf("call text %q", text)
	}

	// Cancel another booking from its link, in English.
	other, c, body := e.book("datdai", at("2026-09-07 14:00"), "0987654321", "")
	if c != 201 {
		t.Fatalf("book: %d %s", c, body)
	}
	run(t, ctx, "open link", chromedp.Navigate(e.ts.URL+"/dat-lich?ma="+strings.ToLower(other.Code)))
	run(t, ctx, "loaded", chromedp.WaitVisible("#cancel"))
	// Move it to 15:00 first.
	run(t, ctx, "move", chromedp.Click("#move"))
	run(t, ctx, "move days", chromedp.Poll[bool](`document.querySelector('.chip.sel') !== null && document.querySelector('.chip.sel').dataset.day === "2026-09-07"`))
	moveTo := `button.slot[data-start="2026-09-07T15:00:00+07:00"]`
	run(t, ctx, "move slots", chromedp.WaitVisible(moveTo))
	if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("contact").hidden && document.getElementById("service").disabled`)); !hidden {
		t.Fatal("moving asks for the phone again or lets the service change")
	}
	run(t, ctx, "pick 15:00", chromedp.Click(moveTo))
	run(t, ctx, "submit move", chromedp.Click("#submit"))
	run(t, ctx, "moved", chromedp.Poll[bool](`!document.getElementById("result").hidden && document.getElementById("r-when").textContent === "15:00–15:30 07/09/2026"`))
	if moved, _ := chromedp.Run(ctx, chromedp.Text("#code")); moved != other.Code {
		t.Fatalf("code after the move %q, want %q", moved, other.Code)
	}
	run(t, ctx, "english", chromedp.Click("#lang"))
	h1, _ := chromedp.Run(ctx, chromedp.Text("h1"))
	if h1 != "Book an appointment online" {
		t.Fatalf("English title %q", h1)
	}
	run(t, ctx, "confirm", chromedp.Evaluate[bool](`window.confirm = function () { return true; }; true`))
	run(t, ctx, "cancel", chromedp.Click("#cancel"))
	run(t, ctx, "cancelled", chromedp.Poll[bool](`document.getElementById("r-status").textContent === "Cancelled"`))
	var v booking.View
	if e.do("GET", "/api/v1/bookings/"+other.Code, "", nil, &v); v.Status != "cancelled" {
		t.Fatalf("after cancel on the page: %+v", v)
	}
	shot(t, ctx, "booking-cancelled-phone-en.png")
}

// TestBookingPageDesktop is the page on a desktop screen (screenshot for docs/).
func TestBookingPageDesktop(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.book("hotich", at("2026-09-07 08:00"), "0900000001", "")
	ctx := browser(t, 1280, 900)
	run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/dat-lich"))
	run(t, ctx, "services", chromedp.Poll[bool](`document.querySelectorAll("#service option").length > 0`))
	run(t, ctx, "days", chromedp.Poll[bool](`document.querySelector('.chip[data-day="2026-09-07"] small').textContent !== ""`))
	run(t, ctx, "day", chromedp.Click(`.chip[data-day="2026-09-07"]`))
	// One place left at 08:00 after one booking.
	run(t, ctx, "slots", chromedp.Poll[bool](`(function (b) { return !!b && b.textContent === "08:00còn 1 chỗ"; })(document.querySelector('button.slot[data-start="2026-09-07T08:00:00+07:00"]'))`))
	shot(t, ctx, "booking-form-desktop.png")
}
