package webhook_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/webhook"
)

func steps(t testing.TB, ctx context.Context, what string, acts ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browsertest.Do(t, ctx, what, acts...)
}

// until polls expr until it is true (browsertest.Until).
func until(expr string) chromedp.Action[chromedp.Void] { return browsertest.Until(expr) }

func eval[T any](t testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	return browsertest.Value(t, ctx, a)
}

func writeShot(t testing.TB, name string, png []byte) {
	t.Helper()
	dir := os.Getenv("CONSOLE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// A supervisor opens "Thông báo" from the console's navigation and
// "Webhook" from there (one link in the crowded console header), adds an
// endpoint with the form (the generated secret shown once), events reach
// the endpoint signed with that secret and the delivery log shows them;
// "Thông báo" lists messages with masked contacts. Screenshots:
// CONSOLE_SCREENSHOTS (docs/img) or a temporary folder.
func TestBrowserConsoleWebhook(t *testing.T) {
	e := newEnv(t, webhook.Config{RetryMin: "50ms", RetryMax: "100ms"})
	rc := newReceiver(t, "not-yet-known-secret")
	ctx := browsertest.Start(t, 1366, 900)
	steps(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), consolePassword),
		chromedp.Click(chromedp.ID("login-btn")),
	)
	steps(t, ctx, "console ready",
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		until(`!!document.querySelector('#pages a[href="/console/thong-bao"]')`),
	)
	steps(t, ctx, "open Webhook from Thông báo",
		chromedp.Click(chromedp.CSS(`#pages a[href="/console/thong-bao"]`)),
		chromedp.WaitVisible(chromedp.ID("messages")),
		chromedp.Click(chromedp.CSS(`nav.pages a[href="/console/webhook"]`)),
		chromedp.WaitVisible(chromedp.ID("add-form")),
		until(`!!(window.__webhook && window.__webhook.ready)`),
		chromedp.SendKeys(chromedp.ID("wh-url"), rc.URL+"/motcua"),
		chromedp.Click(chromedp.CSS(`#add-form input[value="ticket.issued"]`)),
		chromedp.Click(chromedp.CSS(`#add-form button[type=submit]`)),
		until(`!document.getElementById('new-secret').hidden`),
	)
	secret := eval(t, ctx, chromedp.Text(chromedp.CSS(`#new-secret code`)))
	if len(secret) != 64 {
		t.Fatalf("secret shown: %q", secret)
	}
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()
	hooks, _ := webhook.List(t.Context(), e.db)
	if len(hooks) != 1 || hooks[0].Secret != secret || strings.Join(hooks[0].Events, ",") != "ticket.issued,ticket.called,dossier.status" {
		t.Fatalf("hooks %+v", hooks)
	}
	tk := e.issue("hotich")
	e.issue("chungthuc")
	e.callNext(e.login("canbo1", "q1"))
	eventually(t, "deliveries recorded", func() bool {
		ds, _ := webhook.Deliveries(t.Context(), e.db, hooks[0].ID, 10)
		n := 0
		for _, d := range ds {
			if d.Status == "delivered" {
				n++
			}
		}
		return n == 3 && len(rc.events("ticket:"+tk.ID)) == 2
	})
	steps(t, ctx, "reload", chromedp.Navigate(e.ts.URL+"/console/webhook"), chromedp.WaitVisible(chromedp.ID("deliveries")))
	log := eval(t, ctx, chromedp.Text(chromedp.ID("deliveries")))
	if strings.Count(log, "Đã giao") != 3 || !strings.Contains(log, "ticket:"+tk.ID) {
		t.Fatalf("delivery log: %q", log)
	}
	if page := eval(t, ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); strings.Contains(page, secret) {
		t.Fatal("the page shows the secret after reload")
	}
	writeShot(t, "console-webhook.png", eval(t, ctx, chromedp.CaptureScreenshot()))

	// Notifications: a few messages as the notifier leaves them.
	now := time.Now()
	err := e.db.Write(t.Context(), func(tx *store.Tx) error {
		for i, r := range []struct{ id, kind, ch, mask, status, errText string }{
			{"booked:a1", "booked", "phone", "091*****78", "sent", ""},
			{"reminder:a1", "reminder", "phone", "091*****78", "pending", ""},
			{"away:t1", "away", "phone", "098*****21", "sent", ""},
			{"called:t1", "called", "phone", "098*****21", "pending", "sms gateway answered 503"},
			{"result:000.00.06.H26-261205-0001:email", "result", "email", "b********n@example.vn", "sent", ""},
			{"result:000.00.06.H26-261205-0001:phone", "result", "phone", "091*****33", "failed", "sms gateway: CodeResult = \"104\""},
		} {
			contact := ""
			if r.status == "pending" {
				contact = "0912345678"
			}
			at := now.Add(time.Duration(i) * time.Minute).UnixMilli()
			if _, err := tx.Exec(`INSERT INTO notify_outbox (id, kind, channel, contact, contact_mask, subject, params, status, attempts, next_at, expires_at, last_error, created_at, done_at)
				VALUES (?, ?, ?, ?, ?, '', '{}', ?, ?, ?, ?, ?, ?, ?)`, r.id, r.kind, r.ch, contact, r.mask, r.status, 1+i%3, at+60000, at+3600000, r.errText, at, at+1000); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	steps(t, ctx, "open Thông báo",
		chromedp.Navigate(e.ts.URL+"/console/thong-bao"),
		chromedp.WaitVisible(chromedp.ID("messages")),
	)
	msgs := eval(t, ctx, chromedp.Text(chromedp.ID("messages")))
	for _, want := range []string{"Xác nhận đặt lịch", "Nhắc lịch hẹn", "Sắp đến lượt", "Đến lượt", "Có kết quả hồ sơ", "091*****78", "b********n@example.vn", "Gửi không được", "Đang chờ gửi"} {
		if !strings.Contains(msgs, want) {
			t.Fatalf("messages lack %q: %q", want, msgs)
		}
	}
	if strings.Contains(msgs, "0912345678") {
		t.Fatal("a phone in clear on the page")
	}
	writeShot(t, "console-thong-bao.png", eval(t, ctx, chromedp.CaptureScreenshot()))

	// English, the console's switch: remembered from one page to the other.
	steps(t, ctx, "english",
		until(`!!(window.__thongbao && window.__thongbao.ready)`),
		chromedp.Click(chromedp.ID("lang")),
		until(`document.querySelector('header .brand strong').textContent === 'Notifications to citizens'`),
	)
	if h := eval(t, ctx, chromedp.Text(chromedp.ID("messages"))); !strings.Contains(h, "Booking confirmed") || !strings.Contains(h, "Failed") || strings.Contains(h, "Loại tin") {
		t.Fatalf("English messages: %q", h)
	}
	steps(t, ctx, "webhook in English",
		chromedp.Click(chromedp.CSS(`nav.pages a[href="/console/webhook"]`)),
		chromedp.WaitVisible(chromedp.ID("deliveries")),
		until(`!!(window.__webhook && window.__webhook.ready)`),
	)
	if h := eval(t, ctx, chromedp.Text(chromedp.ID("deliveries"))); !strings.Contains(h, "Delivered") || !strings.Contains(h, "Delivery id") {
		t.Fatalf("English delivery log: %q", h)
	}
	writeShot(t, "console-webhook-en.png", eval(t, ctx, chromedp.CaptureScreenshot()))
}
