package webhook_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/webhook"
)

// The console pages "Webhook" and "Thông báo": supervisors only, adding
// and removing endpoints through the console session with its CSRF header
// (the generated secret shown once, never on the page), the delivery log,
// and the notification outbox with masked contacts.
func TestConsoleWebhookAndNotifyPages(t *testing.T) {
	e := newEnv(t, webhook.Config{RetryMin: "50ms", RetryMax: "100ms"})
	rc := newReceiver(t, "")
	anon := e.browser()
	for _, p := range []string{"/console/webhook", "/console/thong-bao"} {
		if st, _, h := anon.get(p); st != http.StatusSeeOther || h.Get("Location") != "/console/login" {
			t.Fatalf("anonymous %s: %d %s", p, st, h.Get("Location"))
		}
	}
	if st, _ := anon.post("/console/webhook/add", "", map[string]any{"url": rc.URL}); st != http.StatusUnauthorized && st != http.StatusForbidden {
		t.Fatalf("anonymous add: %d", st)
	}
	b := e.browser()
	b.login("giamsat")
	if st, _ := b.post("/console/webhook/add", "", map[string]any{"url": rc.URL, "events": []string{"ticket.called"}}); st != http.StatusForbidden {
		t.Fatalf("add without CSRF: %d", st)
	}
	if st, body := b.post("/console/webhook/add", b.csrf, map[string]any{"url": "ftp://x.vn", "events": []string{"ticket.called"}}); st != 400 || !strings.Contains(body, "http://") {
		t.Fatalf("bad URL: %d %s", st, body)
	}
	st, body := b.post("/console/webhook/add", b.csrf, map[string]any{"url": rc.URL + "/nhan", "events": []string{"ticket.called"}})
	var added struct{ ID, Secret string }
	if st != 201 || json.Unmarshal([]byte(body), &added) != nil || len(added.Secret) != 64 {
		t.Fatalf("add: %d %s", st, body)
	}
	rc.mu.Lock()
	rc.secret = added.Secret
	rc.mu.Unlock()
	tk := e.issue("hotich")
	e.callNext(e.login("canbo1", "q1"))
	eventually(t, "delivery recorded", func() bool {
		ds, _ := webhook.Deliveries(t.Context(), e.db, added.ID, 10)
		return len(rc.events("ticket:"+tk.ID)) == 1 && len(ds) == 1 && ds[0].Status == "delivered"
	})

	st, page, h := b.get("/console/webhook")
	if st != 200 || h.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("page: %d %v", st, h)
	}
	for _, want := range []string{added.ID, rc.URL + "/nhan", "ticket.called", "Đã giao", "ticket:" + tk.ID, "Nhật ký gửi"} {
		if !strings.Contains(page, want) {
			t.Fatalf("page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, added.Secret) {
		t.Fatal("the page shows the secret")
	}

	// The notification outbox, contact masked.
	err := e.db.Write(t.Context(), func(tx *store.Tx) error {
		_, err := tx.Exec(`INSERT INTO notify_outbox (id, kind, channel, contact, contact_mask, subject, params, status, attempts, next_at, expires_at, last_error, created_at)
			VALUES ('called:abc', 'called', 'phone', '0912345678', '091*****78', 'ticket:abc', '{}', 'pending', 2, ?, ?, 'sms gateway answered 503', ?)`,
			time.Now().Add(time.Hour).UnixMilli(), time.Now().Add(2*time.Hour).UnixMilli(), time.Now().UnixMilli())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	st, page, _ = b.get("/console/thong-bao?status=pending")
	if st != 200 {
		t.Fatalf("notify page: %d", st)
	}
	for _, want := range []string{"091*****78", "Đến lượt", "Đang chờ gửi</span> (1)", "sms gateway answered 503", `<td>2</td>`} {
		if !strings.Contains(page, want) {
			t.Fatalf("notify page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "0912345678") {
		t.Fatal("the notify page shows a phone number")
	}

	if st, body := b.post("/console/webhook/"+added.ID+"/remove", b.csrf, map[string]any{}); st != 200 {
		t.Fatalf("remove: %d %s", st, body)
	}
	if st, _ := b.post("/console/webhook/"+added.ID+"/remove", b.csrf, map[string]any{}); st != 404 {
		t.Fatalf("remove twice: %d", st)
	}
	if hooks, _ := webhook.List(t.Context(), e.db); len(hooks) != 0 {
		t.Fatalf("hooks left: %v", hooks)
	}
}
