package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/webhook"
)

// countingReceiver accepts requests only while up, and counts what it
// accepted by id (the SMS gateway's RequestId, the webhook's delivery id).
type countingReceiver struct {
	*httptest.Server
	mu       sync.Mutex
	up       bool
	tried    map[string]int // refused while down
	accepted map[string]int
	bad      int
}

func newCountingReceiver(t *testing.T, id func(r *http.Request, body []byte) (string, bool)) *countingReceiver {
	c := &countingReceiver{tried: map[string]int{}, accepted: map[string]int{}}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		key, ok := id(r, b)
		c.mu.Lock()
		defer c.mu.Unlock()
		switch {
		case !ok:
			c.bad++
			http.Error(w, "bad", 401)
		case !c.up:
			c.tried[key]++
			http.Error(w, "down", 503)
		default:
			c.accepted[key]++
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"CodeResult":"100"}`)
		}
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *countingReceiver) snapshot() (tried, accepted map[string]int, bad int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	tried, accepted = map[string]int{}, map[string]int{}
	for k, v := range c.tried {
		tried[k] = v
	}
	for k, v := range c.accepted {
		accepted[k] = v
	}
	return tried, accepted, c.bad
}

func (c *countingReceiver) setUp(up bool) { c.mu.Lock(); c.up = up; c.mu.Unlock() }

// serveProc runs `motcua serve` and returns what SIGKILLs it and waits for
// its end (one goroutine waits for the process; Wait must not be called
// twice).
func serveProc(t *testing.T, dir, addr, dbPath, cfg, logName string) (kill func()) {
	t.Helper()
	logf, err := os.Create(filepath.Join(dir, logName))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(motcuaBin, "serve", "--addr", addr, "--db", dbPath, "--config", cfg)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); logf.Close(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("--- %s ---\n%s", logName, b)
		}
	})
	eventually(t, "server up", func() (bool, error) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false, err
		}
		resp.Body.Close()
		return resp.StatusCode == 200, nil
	})
	return func() {
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Error(err)
		}
		<-done
	}
}

func postJSON(t *testing.T, url, token string, body any, out any) int {
	t.Helper()
	code, rb := centretest.Call(t, "POST", url, token, body, out)
	if code >= 300 {
		t.Logf("POST %s: %d %s", url, code, rb)
	}
	return code
}

// The real `motcua serve` with messages pending when it is killed with
// SIGKILL: the SMS gateway and the webhook receiver are down while two
// bookings are made and tickets issued and called (each message tried and
// refused), the server is killed, the receivers come back, the server is
// started again on the same database: every booking confirmation and every
// webhook delivery arrives, each exactly once, signatures checked.
func TestNotificationsAndWebhooksSurviveKill9(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "centre.db")
	const secret = "khoa-ky-webhook-0123456789abcdef"
	gw := newCountingReceiver(t, func(r *http.Request, b []byte) (string, bool) {
		var v struct{ RequestId, Phone, Content string }
		if json.Unmarshal(b, &v) != nil || v.RequestId == "" || v.Phone == "" || !strings.Contains(v.Content, "Quý khách đã đặt lịch") {
			return "", false
		}
		return v.RequestId, true
	})
	rc := newCountingReceiver(t, func(r *http.Request, b []byte) (string, bool) {
		ts, err := strconv.ParseInt(r.Header.Get(webhook.HeaderTimestamp), 10, 64)
		if err != nil || !webhook.Verify(secret, ts, b, r.Header.Get(webhook.HeaderSignature)) {
			return "", false
		}
		var p webhook.Payload
		if json.Unmarshal(b, &p) != nil || p.ID != r.Header.Get(webhook.HeaderDelivery) {
			return "", false
		}
		return p.ID + " " + p.Event, true
	})

	// The example centre, open at any hour, with the SMS gateway and quick retries.
	src, err := os.ReadFile("../../docs/examples/centre.toml")
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.Replace(string(src), "saturday = [{start = \"07:30\", end = \"11:30\"}]\n",
		"saturday = [{start = \"07:30\", end = \"11:30\"}]\nalways_issue = true\n", 1)
	// this test books through the API without the one-time code (booking's own tests cover it)
	conf = strings.Replace(conf, "verify_phone      = \"auto\"", "verify_phone      = \"never\"", 1)
	conf += fmt.Sprintf(`
[notify]
phone = "sms"
retry_min = "300ms"
retry_max = "600ms"
max_attempts = 1000

[notify.sms]
url = %q
body = '{"Phone":"{{.Phone}}","Content":{{json .Text}},"RequestId":"{{.ID}}"}'
ok_field = "CodeResult"
ok_value = "100"

[webhooks]
allow_networks = ["127.0.0.1"]
retry_min = "300ms"
retry_max = "600ms"
max_attempts = 1000
`, gw.URL+"/sms")
	cfgPath := filepath.Join(dir, "centre.toml")
	if err := os.WriteFile(cfgPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	secFile := filepath.Join(dir, "webhook.secret")
	os.WriteFile(secFile, []byte(secret+"\n"), 0o600)
	out := run(t, nil, "admin", "webhook", "add", "--db", dbPath, "--url", rc.URL+"/motcua", "--secret-file", secFile, "--events", "ticket.issued,ticket.called")
	if !strings.Contains(out, "webhook wh-") || strings.Contains(out, secret) {
		t.Fatalf("webhook add: %s", out)
	}
	run(t, []string{"MOTCUA_OFFICER_PASSWORD=matkhau123"}, "admin", "officer", "add", "--db", dbPath, "--username", "canbo1")
	kiosk := lastLine(run(t, nil, "admin", "device", "add", "--db", dbPath, "--role", "kiosk", "--name", "k1"))

	addr := freeAddr(t)
	base := "http://" + addr
	first := serveProc(t, dir, addr, dbPath, cfgPath, "serve-1.log")

	// Two bookings two days or more ahead (no reminder due), three tickets, two calls.
	booked := 0
	for d := 2; d < 14 && booked < 2; d++ {
		day := time.Now().AddDate(0, 0, d).Format("2006-01-02")
		var slots struct {
			Slots []struct {
				Start     time.Time `json:"start"`
				Remaining int       `json:"remaining"`
			} `json:"slots"`
		}
		if code, err := getJSON(base+"/api/v1/slots?service=hotich&date="+day, &slots); err != nil || code != 200 {
			t.Fatalf("slots: %d %v", code, err)
		}
		if len(slots.Slots) == 0 {
			continue
		}
		phone := fmt.Sprintf("09123456%02d", booked)
		if code := postJSON(t, base+"/api/v1/bookings", "", map[string]any{"service": "hotich", "slot_start": slots.Slots[0].Start, "phone": phone}, nil); code != 201 {
			t.Fatalf("book: %d", code)
		}
		booked++
	}
	if booked != 2 {
		t.Fatal("no open day to book")
	}
	for range 3 {
		if code := postJSON(t, base+"/api/v1/tickets", kiosk, map[string]string{"service": "hotich"}, nil); code != 201 {
			t.Fatalf("issue: %d", code)
		}
	}
	var login struct {
		Token string `json:"token"`
	}
	if code := postJSON(t, base+"/api/v1/login", "", map[string]string{"username": "canbo1", "password": "matkhau123", "counter": "q1"}, &login); code != 200 {
		t.Fatalf("login: %d", code)
	}
	for range 2 {
		if code := postJSON(t, base+"/api/v1/counters/q1/call-next", login.Token, map[string]string{}, nil); code != 200 {
			t.Fatalf("call-next: %d", code)
		}
	}
	// Every message has been tried and refused: they are pending in the
	// outbox (the calls wait behind their tickets' issued events: the first
	// delivery of each ticket is the one tried).
	eventually(t, "every message tried while the receivers are down", func() (bool, error) {
		st, _, _ := gw.snapshot()
		wt, _, _ := rc.snapshot()
		return len(st) == 2 && len(wt) == 3, fmt.Errorf("sms %v webhooks %v", st, wt)
	})
	first() // SIGKILL, with messages pending
	gw.setUp(true)
	rc.setUp(true)
	serveProc(t, dir, addr, dbPath, cfgPath, "serve-2.log")

	wantSMS, _, _ := gw.snapshot()
	eventually(t, "every pending message delivered after the restart", func() (bool, error) {
		_, sa, _ := gw.snapshot()
		_, wa, _ := rc.snapshot()
		return len(sa) == len(wantSMS) && len(wa) == 5, fmt.Errorf("sms %v webhooks %v", sa, wa)
	})
	time.Sleep(1500 * time.Millisecond) // more than two retry periods: nothing is sent again
	_, sa, sbad := gw.snapshot()
	_, wa, wbad := rc.snapshot()
	if sbad != 0 || wbad != 0 {
		t.Fatalf("%d bad SMS requests, %d badly signed webhooks", sbad, wbad)
	}
	wantHooks := map[string]int{}
	for id := range wa {
		wantHooks[id] = 1
	}
	for _, m := range []struct {
		name      string
		want, got map[string]int
	}{{"sms", wantSMS, sa}, {"webhook", wantHooks, wa}} {
		var ids []string
		for id := range m.want {
			if m.got[id] != 1 {
				t.Errorf("%s %s delivered %d times", m.name, id, m.got[id])
			}
			ids = append(ids, id)
		}
		if len(m.got) != len(m.want) {
			t.Errorf("%s: delivered %v, want %v", m.name, m.got, m.want)
		}
		sort.Strings(ids)
		t.Logf("%s delivered once each: %s", m.name, strings.Join(ids, ", "))
	}
	var called, issued int
	for id := range wa {
		switch {
		case strings.HasSuffix(id, " ticket.called"):
			called++
		case strings.HasSuffix(id, " ticket.issued"):
			issued++
		}
	}
	if called != 2 || issued != 3 {
		t.Fatalf("webhooks: %d called, %d issued", called, issued)
	}

	// The CLI lists and removes the endpoint; the secret is never printed.
	list := run(t, nil, "admin", "webhook", "list", "--db", dbPath)
	if !strings.Contains(list, rc.URL+"/motcua") || strings.Contains(list, secret) {
		t.Fatalf("list: %s", list)
	}
	id := strings.Fields(strings.Split(strings.TrimSpace(list), "\n")[1])[0]
	if out := run(t, nil, "admin", "webhook", "remove", "--db", dbPath, "--id", id); !strings.Contains(out, "removed") {
		t.Fatalf("remove: %s", out)
	}
	cmd := exec.Command(motcuaBin, "admin", "webhook", "add", "--db", dbPath, "--url", "ftp://x.vn/", "--secret-file", secFile)
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "http") {
		t.Fatalf("ftp URL accepted: %s", b)
	}
}
