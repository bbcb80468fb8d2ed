package webhook_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/webhook"
)

// Events reach a receiver signed (HMAC-SHA256 over timestamp.body) with a
// delivery id; a ticket whose first delivery fails waits — its later events
// are held back and arrive in order — while another ticket's events go on;
// dossier.status carries no personal data; each delivery id arrives once.
func TestSignedDeliveriesOrderedPerSubject(t *testing.T) {
	e := newEnv(t, webhook.Config{RetryMin: "50ms", RetryMax: "200ms"})
	const secret = "bi-mat-cua-he-thong-nhan-0123456789"
	rc := newReceiver(t, secret)
	var mu sync.Mutex
	failFirst := map[string]int{}
	var t1 string
	rc.fail = func(p webhook.Payload) int {
		mu.Lock()
		defer mu.Unlock()
		if p.Subject == "ticket:"+t1 && p.Event == "ticket.issued" && failFirst[p.ID] < 3 {
			failFirst[p.ID]++
			return 503
		}
		return 0
	}
	h, err := webhook.Add(t.Context(), e.db, rc.URL+"/motcua?k=1", secret, []string{"ticket.issued", "ticket.called", "ticket.finished", webhook.EventDossierStatus})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	tk1 := e.issue("hotich")
	t1 = tk1.ID
	mu.Unlock()
	tk2 := e.issue("hotich")
	off := e.login("canbo1", "q1")
	e.callNext(off) // tk1 called
	e.callNext(off) // tk1 finished, tk2 called

	want1 := []string{"ticket.issued", "ticket.called", "ticket.finished"}
	eventually(t, "ticket 1's events", func() bool { return slices.Equal(rc.events("ticket:"+tk1.ID), want1) })
	eventually(t, "ticket 2's events", func() bool {
		return slices.Equal(rc.events("ticket:"+tk2.ID), []string{"ticket.issued", "ticket.called"})
	})
	// Ticket 2 was not held back by ticket 1's failing delivery.
	got := rc.payloads()
	first1, first2 := -1, -1
	for i, p := range got {
		if p.Subject == "ticket:"+tk1.ID && first1 < 0 {
			first1 = i
		}
		if p.Subject == "ticket:"+tk2.ID && first2 < 0 {
			first2 = i
		}
	}
	if first2 > first1 {
		t.Fatalf("ticket 2's first event came after ticket 1's retried one: %d > %d", first2, first1)
	}
	mu.Lock()
	if n := len(failFirst); n != 1 || failFirst[h.ID+"-e1"] != 3 {
		t.Fatalf("failures %v", failFirst)
	}
	mu.Unlock()
	for _, p := range got {
		if p.Centre == "" || p.OccurredAt.IsZero() || !strings.HasPrefix(p.ID, h.ID+"-") {
			t.Fatalf("payload %+v", p)
		}
		if b, _ := json.Marshal(p.Data); strings.Contains(string(b), "canbo1") {
			t.Fatalf("a payload names the officer: %s", b)
		}
	}

	// A dossier received then resolved: two dossier.status, in order.
	body := `{"procedure_code":"1.001193","ticket_id":"` + tk2.ID + `",
	 "applicant":{"name":"Trần Thị Bích","id_number":"001199012345","address":"Số 2 Hàng Bài","phone":"0911222333","email":"bich.tran@example.vn"},
	 "components":[{"name":"Tờ khai đăng ký khai sinh","originals":1}],"fees":[{"name":"Lệ phí","amount":0}]}`
	var dv centre.DossierView
	if code, out := e.do("POST", "/api/v1/dossiers", off, body, &dv); code != 201 {
		t.Fatalf("receive: %d %s", code, out)
	}
	if code, out := e.do("POST", "/api/v1/dossiers/"+dv.Dossier.Code+"/resolve", off, `{"result":"Giấy khai sinh"}`, nil); code != 200 {
		t.Fatalf("resolve: %d %s", code, out)
	}
	subj := "dossier:" + dv.Dossier.Code
	eventually(t, "dossier.status twice", func() bool { return len(rc.events(subj)) == 2 })
	var statuses []float64
	for _, p := range rc.payloads() {
		if p.Subject != subj {
			continue
		}
		b, _ := json.Marshal(p.Data)
		for _, secretText := range []string{"Trần Thị Bích", "0911222333", "bich.tran", "001199012345"} {
			if strings.Contains(string(b), secretText) {
				t.Fatalf("dossier.status carries personal data: %s", b)
			}
		}
		statuses = append(statuses, p.Data.(map[string]any)["status"].(float64))
	}
	if !slices.Equal(statuses, []float64{2, 9}) {
		t.Fatalf("statuses %v", statuses)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.bad != 0 {
		t.Fatalf("%d badly signed requests", rc.bad)
	}
	for id, n := range rc.ids {
		if n != 1 {
			t.Fatalf("delivery %s accepted %d times", id, n)
		}
	}
	// The delivery log shows the retried one with its attempts.
	var ds []webhook.Delivery
	eventually(t, "every delivery recorded", func() bool {
		var err error
		if ds, err = webhook.Deliveries(t.Context(), e.db, h.ID, 100); err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Status == "pending" {
				return false
			}
		}
		return true
	})
	for _, d := range ds {
		if d.Status != "delivered" {
			t.Fatalf("delivery %+v", d)
		}
		if d.ID == h.ID+"-e1" && (d.Attempts != 4 || d.LastStatus != 204) {
			t.Fatalf("retried delivery %+v", d)
		}
	}
}

// A delivery that keeps failing is given up after max_attempts ("dead",
// its error in the log) and the subject's later events go on; a signature
// made with another secret or over another body does not verify.
func TestDeadDeliveryUnblocksSubject(t *testing.T) {
	e := newEnv(t, webhook.Config{RetryMin: "20ms", RetryMax: "40ms", MaxAttempts: 2})
	const secret = "another-secret-of-32-characters!"
	rc := newReceiver(t, secret)
	rc.fail = func(p webhook.Payload) int {
		if p.Event == "ticket.issued" {
			return 500
		}
		return 0
	}
	h, err := webhook.Add(t.Context(), e.db, rc.URL, secret, []string{"ticket.issued", "ticket.called"})
	if err != nil {
		t.Fatal(err)
	}
	tk := e.issue("hotich")
	e.callNext(e.login("canbo1", "q1"))
	eventually(t, "called after the dead delivery", func() bool { return slices.Equal(rc.events("ticket:"+tk.ID), []string{"ticket.called"}) })
	ds, _ := webhook.Deliveries(t.Context(), e.db, h.ID, 10)
	var dead *webhook.Delivery
	for i := range ds {
		if ds[i].Event == "ticket.issued" {
			dead = &ds[i]
		}
	}
	if dead == nil || dead.Status != "dead" || dead.Attempts != 2 || dead.LastStatus != 500 || dead.LastError != "answered 500" {
		t.Fatalf("dead delivery %+v", dead)
	}
	body := []byte(`{"id":"x"}`)
	sig := webhook.Sign(secret, 1700000000, body)
	if !webhook.Verify(secret, 1700000000, body, sig) || webhook.Verify("other-secret-0123456789", 1700000000, body, sig) ||
		webhook.Verify(secret, 1700000001, body, sig) || webhook.Verify(secret, 1700000000, []byte(`{"id":"y"}`), sig) {
		t.Fatal("signature check")
	}
}

func TestHookChecks(t *testing.T) {
	for _, u := range []string{"ftp://x.vn/", "http://user:pw@x.vn/", "https://", "javascript:alert(1)", "http://x.vn/#f", "https://x.vn/" + strings.Repeat("a", 2000)} {
		if webhook.CheckURL(u) == nil {
			t.Errorf("%q accepted", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:9000/hook", "https://he-thong.gov.vn/motcua?x=1"} {
		if err := webhook.CheckURL(u); err != nil {
			t.Errorf("%q: %v", u, err)
		}
	}
	if _, err := webhook.ParseEvents("ticket.called, dossier.status,ticket.called"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "ticket.flew", "ticket.called,x"} {
		if _, err := webhook.ParseEvents(s); err == nil {
			t.Errorf("events %q accepted", s)
		}
	}
	e := newEnv(t, webhook.Config{})
	if _, err := webhook.Add(t.Context(), e.db, "https://x.vn/", "short", []string{"ticket.called"}); err == nil {
		t.Fatal("short secret accepted")
	}
	if err := webhook.Remove(t.Context(), e.db, "wh-none"); err != webhook.ErrNoHook {
		t.Fatalf("remove unknown: %v", err)
	}
}

// A receiver that hangs is cut off at the timeout ("timeout", retried);
// an endless answer is read only up to its bound and the delivery counts.
func TestSlowReceiverTimesOut(t *testing.T) {
	e := newEnv(t, webhook.Config{RetryMin: "20ms", RetryMax: "40ms", Timeout: "300ms"})
	var mu sync.Mutex
	calls := 0
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.WriteHeader(200)
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for i := 0; i < 1000; i++ { // 64 MB if anyone read it all
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	defer close(release)
	h, err := webhook.Add(t.Context(), e.db, srv.URL, "secret-of-the-slow-receiver", []string{"ticket.issued"})
	if err != nil {
		t.Fatal(err)
	}
	e.issue("hotich")
	var ds []webhook.Delivery
	eventually(t, "delivered after a timeout", func() bool {
		ds, _ = webhook.Deliveries(t.Context(), e.db, h.ID, 10)
		return len(ds) == 1 && ds[0].Status == "delivered"
	})
	if ds[0].Attempts < 2 {
		t.Fatalf("delivery %+v: the hanging attempt was not cut off", ds[0])
	}
}
