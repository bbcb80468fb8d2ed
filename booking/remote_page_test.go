package booking_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/queue"
)

// TestRemotePageOnPhone takes a number on /lay-so in headless Chromium at a
// phone's size (390×844), follows it on the phone page (position, estimated
// wait), sees it called, misses the call, comes back within the grace with
// "Tôi đã đến" and is called again.
func TestRemotePageOnPhone(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 08:00")) // a Monday
	off := e.officer()                                       // counter 1 open
	for i := 0; i < 2; i++ {
		if code, body := e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, nil); code != 201 {
			t.Fatalf("walk-in: %d %s", code, body)
		}
	}
	ctx := browser(t, 390, 844)
	run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/lay-so"))
	run(t, ctx, "services", chromedp.Poll[bool](`document.querySelectorAll("#service option").length > 0 && document.getElementById("waiting").textContent !== ""`))
	page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(page, "Lấy số thứ tự từ xa") || !strings.Contains(page, "Đang có 2 người chờ.") ||
		!strings.Contains(page, "tối đa 2 lượt/ngày, 1 lượt/lĩnh vực") || strings.Contains(page, "{") || strings.Contains(strings.ToLower(page), "bạn") {
		t.Fatalf("page text %q", page)
	}
	run(t, ctx, "phone", chromedp.SendKeys("#phone", "0912 345 678"))
	shot(t, ctx, "lay-so-phone.png")
	run(t, ctx, "submit", chromedp.Click("#submit"))
	run(t, ctx, "result", chromedp.WaitVisible("#result"))
	if n, _ := chromedp.Run(ctx, chromedp.Text("#number")); n != "A003" {
		t.Fatalf("number on the page %q", n)
	}
	if a, _ := chromedp.Run(ctx, chromedp.Text("#r-ahead")); a != "2" {
		t.Fatalf("ahead on the page %q", a)
	}
	shot(t, ctx, "lay-so-done-phone.png")
	var id string
	e.db.Read().QueryRow(`SELECT id FROM tickets WHERE number = 'A003' AND device = 'remote'`).Scan(&id)
	if id == "" {
		t.Fatal("no remote ticket A003 in the queue")
	}

	// The phone page: two ahead, an estimate, then fewer as the queue moves.
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("track").getAttribute("href")`))
	if href != "/t/"+id+"?lang=vi" {
		t.Fatalf("track link %q", href)
	}
	run(t, ctx, "follow", chromedp.Navigate(e.ts.URL+href))
	run(t, ctx, "track page", chromedp.Poll[bool](`document.getElementById("number") && document.getElementById("number").textContent === "A003" && document.getElementById("ahead").textContent === "2"`))
	if w, _ := chromedp.Run(ctx, chromedp.Text("#wait")); !strings.HasSuffix(w, " phút") && w != "Sắp đến lượt" {
		t.Fatalf("estimated wait %q", w)
	}
	for i := 0; i < 2; i++ {
		tk, ok, err := off.CallNext(context.Background(), "q1", "")
		if err != nil || !ok {
			t.Fatalf("call walk-in: %v %v", ok, err)
		}
		off.Act(context.Background(), tk.ID, queue.OpFinish, "", "")
	}
	run(t, ctx, "nobody ahead", chromedp.Poll[bool](`document.getElementById("ahead").textContent === "0"`))
	shot(t, ctx, "lay-so-track-phone.png")
	// Called: the phone shows it.
	if tk, _, err := off.CallNext(context.Background(), "q1", ""); err != nil || tk.ID != id {
		t.Fatalf("call-next served %s (%v), want A003", tk.Number, err)
	}
	run(t, ctx, "called", chromedp.WaitVisible("#called"))
	if text, _ := chromedp.Run(ctx, chromedp.Text("#called-text")); text != "Mời đến quầy 1" {
		t.Fatalf("call text %q", text)
	}
	// Absent: the grace offers "Tôi đã đến" until 08:15.
	if _, err := off.Act(context.Background(), id, queue.OpNoShow, "", ""); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "grace", chromedp.WaitVisible("#back"))
	if g, _ := chromedp.Run(ctx, chromedp.Text("#grace-text")); !strings.Contains(g, "trước 08:15") {
		t.Fatalf("grace text %q", g)
	}
	shot(t, ctx, "lay-so-grace-phone.png")
	run(t, ctx, "back", chromedp.Click("#back"))
	run(t, ctx, "waiting again", chromedp.Poll[bool](`document.getElementById("grace").hidden && !document.getElementById("waiting").hidden && document.getElementById("status").textContent === "Đang chờ"`))
	if tk, _, err := off.CallNext(context.Background(), "q1", ""); err != nil || tk.ID != id {
		t.Fatalf("call-next after the grace served %s (%v), want A003", tk.Number, err)
	}
	run(t, ctx, "called again", chromedp.WaitVisible("#called"))
	// Absent again: the grace is spent; the page offers a new number instead.
	off.Act(context.Background(), id, queue.OpNoShow, "", "")
	run(t, ctx, "new number offered", chromedp.WaitVisible("#again"))
	if vis, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("grace").hidden`)); !vis {
		t.Fatal("the grace is offered twice")
	}

	// English on /lay-so; a second number for the sector is refused clearly.
	run(t, ctx, "again", chromedp.Navigate(e.ts.URL+"/lay-so"))
	run(t, ctx, "services 2", chromedp.Poll[bool](`document.querySelectorAll("#service option").length > 0`))
	run(t, ctx, "english", chromedp.Click("#lang"))
	if h1, _ := chromedp.Run(ctx, chromedp.Text("h1")); h1 != "Take a queue number remotely" {
		t.Fatalf("English title %q", h1)
	}
	run(t, ctx, "phone 2", chromedp.SendKeys("#phone", "0912345678"))
	run(t, ctx, "submit 2", chromedp.Click("#submit"))
	run(t, ctx, "refused", chromedp.WaitVisible("#error"))
	if msg, _ := chromedp.Run(ctx, chromedp.Text("#error")); !strings.Contains(msg, "per sector per day") {
		t.Fatalf("refusal %q", msg)
	}
	run(t, ctx, "back to vi", chromedp.Click("#lang"))
}

// TestRemotePageDesktop is /lay-so on a desktop screen, and closed in the
// last minutes of a session (screenshots for docs/).
func TestRemotePageDesktop(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 09:00"))
	e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, nil)
	ctx := browser(t, 1280, 900)
	run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/lay-so"))
	run(t, ctx, "services", chromedp.Poll[bool](`document.querySelectorAll("#service option").length > 0 && document.getElementById("waiting").textContent === "Đang có 1 người chờ."`))
	shot(t, ctx, "lay-so-desktop.png")
	e.set(at("2026-09-07 16:45"))
	run(t, ctx, "reload", chromedp.Navigate(e.ts.URL+"/lay-so"))
	run(t, ctx, "closed", chromedp.WaitVisible("#closed"))
	if msg, _ := chromedp.Run(ctx, chromedp.Text("#closed")); !strings.Contains(msg, "kết thúc lúc 17:00") {
		t.Fatalf("closed message %q", msg)
	}
	if dis, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("submit").disabled`)); !dis {
		t.Fatal("the button takes numbers while closed")
	}
	shot(t, ctx, "lay-so-closed-desktop.png")
}

// TestConsoleBookingPageInBrowser: a supervisor signs in to the console in
// Chromium, changes the capacity and the grace on "Đặt lịch, lấy số từ xa"
// (applied at once), and reads the booking no-shows in the report tab.
func TestConsoleBookingPageInBrowser(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.withConsole()
	e.book("hotich", at("2026-09-07 08:00"), "0900000001", "") // never comes
	e.set(at("2026-09-07 09:00"))
	e.remote("datdai", "0900000002", "")
	ctx := browser(t, 1280, 900)
	run(t, ctx, "log in", chromedp.Navigate(e.ts.URL+"/console"))
	run(t, ctx, "login form", chromedp.WaitVisible("#username"))
	run(t, ctx, "user", chromedp.SendKeys("#username", "giamsat"))
	run(t, ctx, "password", chromedp.SendKeys("#password", "matkhau123"))
	run(t, ctx, "submit", chromedp.Click("#login-btn"))
	run(t, ctx, "console", chromedp.WaitVisible("#tab-monitor"))
	run(t, ctx, "nav link", chromedp.Poll[bool](`Array.from(document.querySelectorAll("a")).some(a => a.getAttribute("href") === "/console/dat-lich")`))
	run(t, ctx, "page", chromedp.Navigate(e.ts.URL+"/console/dat-lich"))
	run(t, ctx, "ready", chromedp.Poll[bool](`!!(window.__datlich && window.__datlich.ready)`))
	if n, _ := chromedp.Run(ctx, chromedp.Text("#today-noshow")); n != "1" {
		t.Fatalf("today's no-shows on the page %q", n)
	}
	run(t, ctx, "capacity", chromedp.SetValue("#capacity", "8"))
	run(t, ctx, "grace", chromedp.SetValue("#grace", "20"))
	run(t, ctx, "bad sector cap", chromedp.SetValue("#persector", "5"))
	run(t, ctx, "save bad", chromedp.Click("#save"))
	run(t, ctx, "refused", chromedp.Poll[bool](`!document.getElementById("toast").hidden && document.getElementById("toast").textContent.includes("không được lớn hơn")`))
	if c := e.svc.Config(); c.Capacity != 4 {
		t.Fatalf("a refused save changed the capacity: %d", c.Capacity)
	}
	run(t, ctx, "good sector cap", chromedp.SetValue("#persector", "1"))
	run(t, ctx, "save", chromedp.Click("#save"))
	run(t, ctx, "saved", chromedp.Poll[bool](`document.getElementById("toast").textContent === "Đã lưu và áp dụng."`))
	if c := e.svc.Config(); c.Capacity != 8 || c.Remote.GraceMin != 20 || c.MaxPerSector != 1 {
		t.Fatalf("after the save: %+v", c)
	}
	run(t, ctx, "reload", chromedp.Navigate(e.ts.URL+"/console/dat-lich"))
	run(t, ctx, "reloaded", chromedp.Poll[bool](`document.getElementById("capacity").value === "8" && !!(window.__datlich && window.__datlich.ready) && document.body.innerText.includes("Lưu lần cuối bởi giamsat")`))
	shot(t, ctx, "console-dat-lich.png")
	// The report tab has the bookings' section.
	run(t, ctx, "console again", chromedp.Navigate(e.ts.URL+"/console"))
	run(t, ctx, "reports", chromedp.WaitVisible("#tab-reports"))
	run(t, ctx, "console ready", chromedp.Poll[bool](`!!(window.__console && window.__console.ready)`))
	run(t, ctx, "tab", chromedp.Click("#tab-reports"))
	run(t, ctx, "period", chromedp.SetValue("#rp-period", "custom"))
	run(t, ctx, "from", chromedp.SetValue("#rp-from", "2026-09-07"))
	run(t, ctx, "to", chromedp.SetValue("#rp-to", "2026-09-07"))
	run(t, ctx, "go", chromedp.Click("#rp-go"))
	run(t, ctx, "section", chromedp.WaitVisible("#report-bookings"))
	if n, _ := chromedp.Run(ctx, chromedp.Text(`#report-bookings td[data-key="no_show"]`)); n != "1" {
		t.Fatalf("no-shows in the report %q", n)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Text(`#report-bookings td[data-key="remote"]`)); n != "1" {
		t.Fatalf("remote numbers in the report %q", n)
	}
	run(t, ctx, "scroll", chromedp.ScrollIntoView("#report-bookings"))
	if dir := os.Getenv("BOOKING_SHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.Screenshot("#report-bookings"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "console-report-bookings.png"), png, 0o644)
	}
}
