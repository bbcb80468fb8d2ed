package booking_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
)

// TestConsoleVerifyPhoneAdminOnly: verify_phone on the console's booking
// settings page — a supervisor sees it and cannot change it (403, nothing
// changed, their other settings saved as before), nor undo an admin's
// choice by leaving the field out; an admin changes it, it applies at once
// (no code asked for, /api/v1/phone-codes refuses), the audit log names the
// admin with from → to, and it survives a restart; a bad mode is refused,
// and "always" is refused where no channel reaches phones.
func TestConsoleVerifyPhoneAdminOnly(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.withConsole()
	good := func(mode string) map[string]any {
		in := map[string]any{"capacity": 4, "walk_in_share": 0.5, "checkin_early_min": 15, "checkin_late_min": 10, "max_per_day": 2, "max_per_sector": 1, "remote_grace_min": 15}
		if mode != "" {
			in["verify_phone"] = mode
		}
		return in
	}
	audits := func(action string) int {
		var n int
		e.db.Read().QueryRow(`SELECT COUNT(*) FROM console_audit WHERE action = ?`, action).Scan(&n)
		return n
	}
	sup := e.consoleLogin("giamsat")
	if st, page := sup.get("/console/dat-lich"); st != 200 || !strings.Contains(page, `<select id="verify-mode" disabled>`) ||
		!strings.Contains(page, "Chỉ quản trị viên được thay đổi mục này.") || !strings.Contains(page, `<option value="auto" selected`) {
		t.Fatalf("supervisor's page: %d %s", st, page)
	}
	if st, body := sup.post("/console/dat-lich/settings", sup.csrf, good("never")); st != 403 ||
		errOf(t, body).Error.Message != "Chỉ quản trị viên được thay đổi việc xác nhận số điện thoại bằng mã." {
		t.Fatalf("supervisor turns codes off: %d %s", st, body)
	}
	if !e.svc.Verifying() || audits("booking.settings") != 0 {
		t.Fatal("a refused change applied or audited")
	}
	if st, body := sup.post("/console/dat-lich/settings", sup.csrf, good("auto")); st != 200 {
		t.Fatalf("supervisor saves with the mode unchanged: %d %s", st, body)
	}
	adm := e.consoleLogin("quantri")
	if st, page := adm.get("/console/dat-lich"); st != 200 || !strings.Contains(page, `<select id="verify-mode">`) {
		t.Fatalf("admin's page: %d %s", st, page)
	}
	for _, bad := range []string{"sometimes", ""} {
		in := good("")
		in["verify_phone"] = bad
		if st, body := adm.post("/console/dat-lich/settings", adm.csrf, in); st != 400 {
			t.Fatalf("mode %q: %d %s", bad, st, body)
		}
	}
	if st, body := adm.post("/console/dat-lich/settings", adm.csrf, good("never")); st != 200 {
		t.Fatalf("admin turns codes off: %d %s", st, body)
	}
	if e.svc.Verifying() || e.svc.Config().VerifyPhone != booking.VerifyNever {
		t.Fatal("codes still asked for")
	}
	if c, body := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": "0912345678"}, nil); c != 400 || !strings.Contains(body, "không yêu cầu mã xác nhận") {
		t.Fatalf("a code after turning codes off: %d %s", c, body)
	}
	var who, detail string
	e.db.Read().QueryRow(`SELECT actor, detail FROM console_audit WHERE action = 'booking.verify_phone'`).Scan(&who, &detail)
	if audits("booking.verify_phone") != 1 || who != "quantri" || detail != `{"from":"auto","to":"never"}` {
		t.Fatalf("audit: %d %q %q", audits("booking.verify_phone"), who, detail)
	}
	// A supervisor's save without the field keeps the admin's choice.
	if st, body := sup.post("/console/dat-lich/settings", sup.csrf, good("")); st != 200 || e.svc.Config().VerifyPhone != booking.VerifyNever {
		t.Fatalf("supervisor's save without the field: %d %s, mode %q", st, body, e.svc.Config().VerifyPhone)
	}
	if st, body := sup.post("/console/dat-lich/settings", sup.csrf, good("always")); st != 403 {
		t.Fatalf("supervisor turns codes on: %d %s", st, body)
	}
	if audits("booking.verify_phone") != 1 {
		t.Fatal("more verify_phone audit entries")
	}
	// A restart keeps it.
	srv2, err := centre.New(context.Background(), centre.Options{Config: e.srv.Engine().Config(), DB: e.db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc2, err := booking.Mount(ctx, srv2, e.db, booking.Config{Enabled: true}.Defaults(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if svc2.Config().VerifyPhone != booking.VerifyNever {
		t.Fatalf("after a restart: %q", svc2.Config().VerifyPhone)
	}

	// Without a channel that reaches phones, "always" cannot be chosen.
	off := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	off.withConsole()
	a2 := off.consoleLogin("quantri")
	if _, page := a2.get("/console/dat-lich"); !strings.Contains(page, `<option value="always" disabled`) || !strings.Contains(page, "Chưa có kênh gửi tin nhắn đến điện thoại") {
		t.Fatalf("page without a phone channel: %s", page)
	}
	if st, body := a2.post("/console/dat-lich/settings", a2.csrf, good("always")); st != 400 || !strings.Contains(errOf(t, body).Error.Message, "Không bật được “Luôn yêu cầu”") {
		t.Fatalf("always without a channel: %d %s", st, body)
	}
}

// TestConsoleVerifyPhoneInBrowser: an admin turns the phone codes off on
// "Đặt lịch, lấy số từ xa" in Chromium, in English too; the report tab's
// bookings section has the phone codes' counts. Screenshots in BOOKING_SHOTS.
func TestConsoleVerifyPhoneInBrowser(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.withConsole()
	e.sendCode("0912345601")
	ctx := browser(t, 1280, 1000)
	run(t, ctx, "log in", chromedp.Navigate(e.ts.URL+"/console"))
	run(t, ctx, "login form", chromedp.WaitVisible("#username"))
	run(t, ctx, "user", chromedp.SendKeys("#username", "quantri"))
	run(t, ctx, "password", chromedp.SendKeys("#password", "matkhau123"))
	run(t, ctx, "submit", chromedp.Click("#login-btn"))
	run(t, ctx, "console", chromedp.WaitVisible("#tab-monitor"))
	run(t, ctx, "page", chromedp.Navigate(e.ts.URL+"/console/dat-lich"))
	run(t, ctx, "ready", chromedp.Poll[bool](`!!(window.__datlich && window.__datlich.ready)`))
	run(t, ctx, "mode", chromedp.SetValue("#verify-mode", "never"))
	run(t, ctx, "save", chromedp.Click("#save"))
	run(t, ctx, "saved", chromedp.Poll[bool](`document.getElementById("toast").textContent === "Đã lưu và áp dụng."`))
	if e.svc.Verifying() {
		t.Fatal("codes still asked for after the admin's save")
	}
	run(t, ctx, "reload", chromedp.Navigate(e.ts.URL+"/console/dat-lich"))
	run(t, ctx, "reloaded", chromedp.Poll[bool](`!!(window.__datlich && window.__datlich.ready) && document.getElementById("verify-mode").value === "never" && document.getElementById("verify-phone").innerText.includes("đang tắt")`))
	run(t, ctx, "scroll", chromedp.ScrollIntoView("#verify-mode"))
	shot(t, ctx, "console-dat-lich-verify-phone.png")
	run(t, ctx, "English", chromedp.Click("#lang"))
	if txt, _ := chromedp.Run(ctx, chromedp.Text("#settings-form")); !strings.Contains(txt, "Phone confirmation by a one-time code (SMS/Zalo)") || !strings.Contains(txt, "Never ask for a code") ||
		!strings.Contains(txt, "Administrators only.") {
		t.Fatalf("English form: %q", txt)
	}
	shot(t, ctx, "console-dat-lich-verify-phone-en.png")
	run(t, ctx, "Vietnamese", chromedp.Click("#lang"))
	// The report's phone codes.
	run(t, ctx, "console again", chromedp.Navigate(e.ts.URL+"/console"))
	run(t, ctx, "reports", chromedp.WaitVisible("#tab-reports"))
	run(t, ctx, "console ready", chromedp.Poll[bool](`!!(window.__console && window.__console.ready)`))
	run(t, ctx, "tab", chromedp.Click("#tab-reports"))
	run(t, ctx, "period", chromedp.SetValue("#rp-period", "custom"))
	run(t, ctx, "from", chromedp.SetValue("#rp-from", "2026-09-07"))
	run(t, ctx, "to", chromedp.SetValue("#rp-to", "2026-09-07"))
	run(t, ctx, "go", chromedp.Click("#rp-go"))
	run(t, ctx, "section", chromedp.WaitVisible("#report-bookings"))
	if n, _ := chromedp.Run(ctx, chromedp.Text(`#report-bookings td[data-key="phone_codes_sent"]`)); n != "1" {
		t.Fatalf("codes sent in the report %q", n)
	}
	if txt, _ := chromedp.Run(ctx, chromedp.Text("#report-bookings")); !strings.Contains(txt, "Mã xác nhận số điện thoại đã gửi") || strings.Contains(txt, "0912345601") {
		t.Fatalf("report section: %q", txt)
	}
	run(t, ctx, "scroll", chromedp.ScrollIntoView("#report-bookings"))
	if dir := os.Getenv("BOOKING_SHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.Screenshot("#report-bookings"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "console-report-phone-codes.png"), png, 0o644)
	}
}
