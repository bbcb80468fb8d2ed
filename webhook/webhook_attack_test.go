package webhook_test

// Attacks on the webhook console and deliveries (session 5 review,
// docs/SECURITY.md): server-side request forgery into loopback and the LAN,
// cross-site and cross-session console POSTs, roles, hostile bodies.

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/webhook"
)

// A supervisor cannot make the centre post to its own loopback services,
// the LAN or link-local metadata addresses: literal addresses and
// "localhost" are refused when added, and a name that resolves to such an
// address (added by the CLI, or a DNS answer that changed) is refused when
// dialled — the loopback receiver never sees a request. An address the
// administrator listed in allow_networks is reached.
func TestAttackWebhookSSRF(t *testing.T) {
	e := newEnv(t, webhook.Config{RetryMin: "20ms", RetryMax: "40ms", MaxAttempts: 2, AllowNetworks: []string{"198.51.100.7"}})
	var hits atomic.Int32
	rc := newReceiver(t, "")
	rc.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.WriteHeader(204) })
	port := rc.URL[strings.LastIndex(rc.URL, ":")+1:]
	b := e.browser()
	b.login("giamsat")
	for _, u := range []string{
		rc.URL, "http://localhost:" + port + "/", "http://LOCALHOST.:" + port, "http://a.localhost:" + port,
		"http://[::1]:" + port, "http://[::ffff:127.0.0.1]:" + port, "http://0.0.0.0:" + port,
		"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.10:8080/", "http://172.16.5.5/",
		"http://[fe80::1]/", "http://[fd00::1]/", "http://100.64.0.1/",
	} {
		st, body := b.post("/console/webhook/add", b.csrf, map[string]any{"url": u, "events": []string{"ticket.issued"}})
		if st != 400 || !strings.Contains(body, "allow_networks") {
			t.Errorf("console add %s: %d %s", u, st, body)
		}
	}
	hooks, _ := webhook.List(t.Context(), e.db)
	if len(hooks) != 0 {
		t.Fatalf("%d hooks stored", len(hooks))
	}
	// Past the console check (the CLI's add, a name resolving to loopback):
	// the dialler refuses it.
	for _, u := range []string{"http://localhost:" + port + "/x", "http://2130706433:" + port + "/"} {
		if _, err := webhook.Add(t.Context(), e.db, u, "a-secret-of-sixteen+", []string{"ticket.issued"}); err != nil {
			t.Fatal(err)
		}
	}
	e.issue("hotich")
	eventually(t, "deliveries given up", func() bool {
		ds, _ := webhook.Deliveries(t.Context(), e.db, "", 10)
		dead := 0
		for _, d := range ds {
			if d.Status == "dead" {
				dead++
			}
		}
		return len(ds) == 2 && dead == 2
	})
	if n := hits.Load(); n != 0 {
		t.Fatalf("the loopback receiver got %d requests", n)
	}
	ds, _ := webhook.Deliveries(t.Context(), e.db, "", 10)
	for _, d := range ds {
		if d.Attempts == 0 || d.LastError == "" {
			t.Fatalf("delivery %+v", d)
		}
	}

	// Allowed explicitly: the receiver is reached.
	e2 := newEnv(t, webhook.Config{RetryMin: "20ms", RetryMax: "40ms"}) // allow_networks = 127.0.0.1 (env)
	rc2 := newReceiver(t, "")
	b2 := e2.browser()
	b2.login("giamsat")
	if st, body := b2.post("/console/webhook/add", b2.csrf, map[string]any{"url": rc2.URL, "events": []string{"ticket.issued"}}); st != 201 {
		t.Fatalf("allowed address: %d %s", st, body)
	}
	e2.issue("hotich")
	eventually(t, "delivery to an allowed address", func() bool {
		rc2.mu.Lock()
		defer rc2.mu.Unlock()
		return len(rc2.got)+rc2.bad > 0
	})
	if _, err := (webhook.Config{AllowNetworks: []string{"not-a-net"}}).Defaults(); err == nil {
		t.Fatal("allow_networks accepted a bad entry")
	}
}

// The console's webhook routes: a session of another supervisor's CSRF
// token, a token in the URL, an officer's session, a device token, an
// oversized or hostile body — all refused, nothing stored; and the
// anonymous caller is refused before the body is read.
func TestAttackWebhookConsole(t *testing.T) {
	e := newEnv(t, webhook.Config{AllowNetworks: []string{"0.0.0.0/0"}})
	a, b := e.browser(), e.browser()
	a.login("giamsat")
	b.login("giamsat")
	add := map[string]any{"url": "https://hooks.example.vn/x", "events": []string{"ticket.called"}}
	if a.csrf == b.csrf {
		t.Fatal("two sessions share a CSRF token")
	}
	if st, _ := a.post("/console/webhook/add", b.csrf, add); st != http.StatusForbidden {
		t.Fatalf("another session's CSRF token: %d", st)
	}
	if st, _ := a.post("/console/webhook/add?csrf="+a.csrf, "", add); st != http.StatusForbidden {
		t.Fatalf("CSRF token in the URL: %d", st)
	}
	// An officer cannot log in to the console; their API session as a bearer token is no console session.
	if st, _ := e.do("POST", "/console/webhook/add", e.login("canbo1", "q1"), `{"url":"https://x.vn","events":["ticket.called"]}`, nil); st != http.StatusUnauthorized && st != http.StatusForbidden {
		t.Fatalf("officer token: %d", st)
	}
	if st, _ := e.do("POST", "/console/webhook/add", e.kk, `{"url":"https://x.vn","events":["ticket.called"]}`, nil); st != http.StatusUnauthorized && st != http.StatusForbidden {
		t.Fatalf("device token: %d", st)
	}
	for name, body := range map[string]any{
		"huge url":     map[string]any{"url": "https://x.vn/" + strings.Repeat("a", 3000), "events": []string{"ticket.called"}},
		"huge body":    `{"url":"https://x.vn","events":["` + strings.Repeat("ticket.called\",\"", 10000) + `"]}`,
		"many events":  map[string]any{"url": "https://x.vn", "events": append(webhook.Events, webhook.Events...)},
		"newline url":  map[string]any{"url": "https://x.vn/\r\nX-Injected: 1", "events": []string{"ticket.called"}},
		"secret lines": map[string]any{"url": "https://x.vn", "secret": "0123456789abcdef\r\nX: y", "events": []string{"ticket.called"}},
		"javascript":   map[string]any{"url": "javascript:alert(1)//https://x.vn", "events": []string{"ticket.called"}},
		"credentials":  map[string]any{"url": "https://user:pw@x.vn", "events": []string{"ticket.called"}},
	} {
		if st, resp := a.post("/console/webhook/add", a.csrf, body); st != 400 && st != 413 {
			t.Errorf("%s: %d %.200s", name, st, resp)
		}
	}
	if hooks, _ := webhook.List(t.Context(), e.db); len(hooks) != 0 {
		t.Fatalf("%d hooks stored: %+v", len(hooks), hooks)
	}
	// Removing: another session's token, then an unknown id, answered 404.
	if st, body := a.post("/console/webhook/add", a.csrf, add); st != 201 {
		t.Fatalf("add: %d %s", st, body)
	}
	hooks, _ := webhook.List(t.Context(), e.db)
	if st, _ := a.post("/console/webhook/"+hooks[0].ID+"/remove", b.csrf, nil); st != http.StatusForbidden {
		t.Fatalf("remove with another session's token: %d", st)
	}
	if st, _ := a.post("/console/webhook/wh-nope/remove", a.csrf, nil); st != http.StatusNotFound {
		t.Fatalf("remove unknown: %d", st)
	}
	if hooks, _ := webhook.List(t.Context(), e.db); len(hooks) != 1 {
		t.Fatalf("%d hooks", len(hooks))
	}
	// Anonymous: refused before the 100 MB body it announced.
	if st := centretest.HeadersOnly(t, e.ts.URL, "POST", "/console/webhook/add", nil, 100<<20); st != http.StatusUnauthorized && st != http.StatusForbidden {
		t.Fatalf("anonymous with a large body: %d", st)
	}
}
