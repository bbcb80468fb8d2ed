package webhook_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/webhook"
)

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
	browsertest.Do(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), consolePassword),
		chromedp.Click(chromedp.ID("login-btn")),
	)
	browsertest.Do(t, ctx, "console ready",
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		browsertest.Until(`!!document.querySelector('#pages a[href="/console/thong-bao"]')`),
	)
	browsertest.Do(t, ctx, "open Webhook from Thông báo",
		chromedp.Click(chromedp.CSS(`#pages a[href="/console/thong-bao"]`)),
		chromedp.WaitVisible(chromedp.ID("messages")),
		chromedp.Click(chromedp.CSS(`nav.pages a[href="/console/webhook"]`)),
		chromedp.WaitVisible(chromedp.ID("add-form")),
		browsertest.Until(`!!(window.__webhook && window.__webhook.ready)`),
		chromedp.SendKeys(chromedp.ID("wh-url"), rc.URL+"/motcua"),
		chromedp.Click(chromedp.CSS(`#add-form input[value="ticket.issued"]`)),
		chromedp.Click(chromedp.CSS(`#add-form button[type=submit]`)),
		browsertest.Until(`!document.getElementById('new-secret').hidden`),
	)
	secret := browsertest.Value(t, ctx, chromedp.Text(chromedp.CSS(`#new-secret code`)))
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
	browsertest.Do(t, ctx, "reload", chromedp.Navigate(e.ts.URL+"/console/webhook"), chromedp.WaitVisible(chromedp.ID("deliveries")))
	log := browsertest.Value(t, ctx, chromedp.Text(chromedp.ID("deliveries")))
	if strings.Count(log, "Đã giao") != 3 || !strings.Contains(log, "ticket:"+tk.ID) {
		t.Fatalf("delivery log: %q", log)
	}
	if page := browsertest.Value(t, ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); strings.Contains(page, secret) {
		t.Fatal("the page shows the secret after reload")
	}
	browsertest.Shot(t, "CONSOLE_SCREENSHOTS", "console-webhook.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))

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
	browsertest.Do(t, ctx, "open Thông báo",
		chromedp.Navigate(e.ts.URL+"/console/thong-bao"),
		chromedp.WaitVisible(chromedp.ID("messages")),
	)
	msgs := browsertest.Value(t, ctx, chromedp.Text(chromedp.ID("messages")))
	for _, want := range []string{"Xác nhận đặt lịch", "Nhắc lịch hẹn", "Sắp đến lượt", "Đến lượt", "Có kết quả hồ sơ", "091*****78", "b********n@example.vn", "Gửi không được", "Đang chờ gửi"} {
		if !strings.Contains(msgs, want) {
			t.Fatalf("messages lack %q: %q", want, msgs)
		}
	}
	if strings.Contains(msgs, "0912345678") {
		t.Fatal("a phone in clear on the page")
	}
	browsertest.Shot(t, "CONSOLE_SCREENSHOTS", "console-thong-bao.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))

	// English, the console's switch: remembered from one page to the other.
	browsertest.Do(t, ctx, "english",
		browsertest.Until(`!!(window.__thongbao && window.__thongbao.ready)`),
		chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.querySelector('header .brand strong').textContent === 'Notifications to citizens'`),
	)
	if h := browsertest.Value(t, ctx, chromedp.Text(chromedp.ID("messages"))); !strings.Contains(h, "Booking confirmed") || !strings.Contains(h, "Failed") || strings.Contains(h, "Loại tin") {
		t.Fatalf("English messages: %q", h)
	}
	browsertest.Do(t, ctx, "webhook in English",
		chromedp.Click(chromedp.CSS(`nav.pages a[href="/console/webhook"]`)),
		chromedp.WaitVisible(chromedp.ID("deliveries")),
		browsertest.Until(`!!(window.__webhook && window.__webhook.ready)`),
	)
	if h := browsertest.Value(t, ctx, chromedp.Text(chromedp.ID("deliveries"))); !strings.Contains(h, "Delivered") || !strings.Contains(h, "Delivery id") {
		t.Fatalf("English delivery log: %q", h)
	}
	browsertest.Shot(t, "CONSOLE_SCREENSHOTS", "console-webhook-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
}
