package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/notify"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/webhook"
)

// receiver is a webhook endpoint that checks every signature.
type receiver struct {
	*httptest.Server
	t      *testing.T
	secret string
	mu     sync.Mutex
	got    []webhook.Payload // accepted, in arrival order
	ids    map[string]int    // delivery id → times accepted
	bad    int               // requests whose signature or headers were wrong
	fail   func(p webhook.Payload) int
}

func newReceiver(t *testing.T, secret string) *receiver {
	r := &receiver{t: t, secret: secret, ids: map[string]int{}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		ts, err := strconv.ParseInt(req.Header.Get(webhook.HeaderTimestamp), 10, 64)
		var p webhook.Payload
		jerr := json.Unmarshal(body, &p)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err != nil || jerr != nil || !webhook.Verify(r.secret, ts, body, req.Header.Get(webhook.HeaderSignature)) ||
			req.Header.Get(webhook.HeaderDelivery) != p.ID || req.Header.Get(webhook.HeaderEvent) != p.Event ||
			req.Header.Get("Content-Type") != "application/json" || time.Since(time.Unix(ts, 0)) > 5*time.Minute {
			r.bad++
			http.Error(w, "bad signature", 401)
			return
		}
		if r.fail != nil {
			if code := r.fail(p); code != 0 {
				http.Error(w, "busy", code)
				return
			}
		}
		r.got = append(r.got, p)
		r.ids[p.ID]++
		w.WriteHeader(204)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) payloads() []webhook.Payload {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]webhook.Payload(nil), r.got...)
}

// events lists the events accepted for a subject, in arrival order.
func (r *receiver) events(subject string) []string {
	var out []string
	for _, p := range r.payloads() {
		if p.Subject == subject {
			out = append(out, p.Event)
		}
	}
	return out
}

const consolePassword = centretest.Password

type env struct {
	t   *testing.T
	db  *store.DB
	srv *centre.Server
	ts  *centretest.Env
	wh  *webhook.Service
	kk  string
}

func newEnv(t *testing.T, cfg webhook.Config) *env {
	t.Helper()
	e := &env{t: t}
	if cfg.AllowNetworks == nil {
		cfg.AllowNetworks = []string{"127.0.0.1"} // the test receivers (httptest) listen there
	}
	log := slog.New(slog.DiscardHandler)
	e.ts = centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{},
		Devices:  []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"}, {Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"}},
		Mount: func(m centretest.Mount) error {
			e.db, e.srv = m.DB, m.Server
			if _, err := console.Mount(m.Server, m.DB, console.Options{}); err != nil {
				return err
			}
			var err error
			if e.wh, err = webhook.New(m.DB, cfg, webhook.Options{Logger: log, PollEvery: 20 * time.Millisecond, Centre: func() string { return m.Config.CentreName }}); err != nil {
				return err
			}
			e.wh.MountConsolePage(m.Server)
			nc, _ := notify.Config{}.Defaults()
			n, err := notify.New(m.DB, nc, notify.Options{Logger: log})
			if err != nil {
				return err
			}
			n.MountConsolePage(m.Server)
			m.Go(e.wh.Run)
			return nil
		},
	})
	e.kk = e.ts.Token("dev-kiosk")
	return e
}

func (e *env) do(method, path, token, body string, out any) (int, string) {
	e.t.Helper()
	return e.ts.Do(e.t, method, path, token, body, out)
}

func (e *env) login(user, counter string) string {
	e.t.Helper()
	return e.ts.Login(context.Background(), user, counter).Token()
}

func (e *env) issue(service string) centre.Issued {
	e.t.Helper()
	var tk centre.Issued
	if code, body := e.do("POST", "/api/v1/tickets", e.kk, `{"service":"`+service+`"}`, &tk); code != 201 {
		e.t.Fatalf("issue: %d %s", code, body)
	}
	return tk
}

func (e *env) callNext(tok string) centre.TicketView {
	e.t.Helper()
	var v centre.TicketView
	if code, body := e.do("POST", "/api/v1/counters/q1/call-next", tok, `{}`, &v); code != 200 {
		e.t.Fatalf("call-next: %d %s", code, body)
	}
	return v
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	centretest.Eventually(t, what, cond)
}

// browser is a cookie-jar client of the console that does not follow redirects.
type browser struct {
	e    *env
	hc   *http.Client
	csrf string
}

func (e *env) browser() *browser {
	return &browser{e: e, hc: consoletest.NewClient()}
}

func (b *browser) login(username string) {
	b.e.t.Helper()
	b.csrf = consoletest.Login(b.e.t, b.hc, b.e.ts.URL, username, consolePassword).CSRF
	if b.csrf == "" {
		b.e.t.Fatalf("%s: no CSRF token", username)
	}
}

func (b *browser) get(path string) (int, string, http.Header) {
	b.e.t.Helper()
	return consoletest.Get(b.e.t, b.hc, b.e.ts.URL+path)
}

func (b *browser) post(path, csrf string, in any) (int, string) {
	b.e.t.Helper()
	return consoletest.Post(b.e.t, b.hc, b.e.ts.URL+path, csrf, in)
}
