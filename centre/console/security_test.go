package console_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// anonFrom is a browser whose connections come from the loopback address ip.
func (e *env) anonFrom(ip string) *client {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext}
	e.t.Cleanup(tr.CloseIdleConnections)
	return &client{e: e, hc: &http.Client{Jar: jar, Transport: tr, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Console login shares the centre's throttle: wrong passwords from one
// address make that address wait, never the supervisor at another. (On the
// old code five failures from anywhere locked the account for everyone.)
func TestConsoleLoginThrottlePerAddress(t *testing.T) {
	e := newEnv(t)
	attacker := e.anonFrom("127.0.0.2")
	for i := 0; i < 5; i++ {
		if status, _ := attacker.formLogin("giamsat", "sai-mat-khau"); status != 401 {
			t.Fatalf("attempt %d: %d", i+1, status)
		}
	}
	if status, body := attacker.formLogin("giamsat", testPassword); status != 429 || !strings.Contains(body, "thử lại sau") {
		t.Fatalf("attacker's 6th try: %d", status)
	}
	sup := e.anonFrom("127.0.0.3")
	if status, body := sup.formLogin("giamsat", testPassword); status != http.StatusSeeOther {
		t.Fatalf("supervisor at another address: %d %s", status, body)
	}
	// The officers list shows that someone must wait before trying giamsat again.
	adm := e.login("quantri")
	var rows []struct {
		Username string `json:"username"`
		Locked   bool   `json:"locked"`
	}
	if st, b := adm.get("/console/api/officers", &rows); st != 200 {
		t.Fatalf("officers: %d %s", st, b)
	}
	for _, r := range rows {
		if r.Locked != (r.Username == "giamsat") {
			t.Errorf("%s locked=%v", r.Username, r.Locked)
		}
	}
	// An unknown name is answered like a wrong password.
	other := e.anonFrom("127.0.0.4")
	s1, b1 := other.formLogin("khongco", "sai-mat-khau")
	s2, b2 := other.formLogin("canbo2", "sai-mat-khau")
	if s1 != 401 || s2 != 401 || msg(b1) != msg(b2) {
		t.Fatalf("unknown user %d %q, wrong password %d %q", s1, msg(b1), s2, msg(b2))
	}
}

// msg is the error paragraph of the login page.
func msg(page string) string {
	_, rest, _ := strings.Cut(page, `id="login-error">`)
	m, _, _ := strings.Cut(rest, "<")
	return m
}

// consoleWS opens the console's WebSocket with the client's session cookie.
func (c *client) consoleWS() *websocket.Conn {
	c.e.t.Helper()
	d := websocket.Dialer{Jar: c.hc.Jar, HandshakeTimeout: 10 * time.Second}
	conn, resp, err := d.Dial("ws"+strings.TrimPrefix(c.e.ts.URL, "http")+"/console/ws", nil)
	if err != nil {
		st := 0
		if resp != nil {
			st = resp.StatusCode
		}
		c.e.t.Fatalf("console ws: %v (%d)", err, st)
	}
	c.e.t.Cleanup(func() { conn.Close() })
	return conn
}

// closedWithin reads until the server closes the socket; it fails if the
// socket is still open after a generous deadline.
func closedWithin(t *testing.T, conn *websocket.Conn, what string) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, _, err := conn.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) && ce.Code == websocket.ClosePolicyViolation {
			return
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("%s: socket still open", what)
		}
		t.Fatalf("%s: socket ended with %v, want a policy-violation close", what, err)
	}
}

// Logging out of the console closes that session's live WebSocket; a
// supervisor disabled by an admin loses hers; others keep theirs. (On the
// old code both sockets stayed open and kept receiving events.)
func TestConsoleSocketsEndWithSession(t *testing.T) {
	e := newEnv(t)
	sup := e.login("giamsat")
	adm := e.login("quantri")
	supWS := sup.consoleWS()
	admWS := adm.consoleWS()
	if st, b := sup.post("/console/logout", nil, nil); st != 204 {
		t.Fatalf("logout: %d %s", st, b)
	}
	closedWithin(t, supWS, "after logout")

	sup = e.login("giamsat")
	supWS = sup.consoleWS()
	if st, b := adm.post("/console/api/officers/giamsat", map[string]any{"full_name": "Lê Văn Cường", "role": "supervisor", "disabled": true}, nil); st != 204 {
		t.Fatalf("disable: %d %s", st, b)
	}
	closedWithin(t, supWS, "after disable")

	// The admin's socket is still live: it gets the next event.
	e.issue("hotich")
	admWS.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, data, err := admWS.ReadMessage()
		if err != nil {
			t.Fatalf("admin's socket: %v", err)
		}
		if strings.Contains(string(data), "ticket.issued") {
			break
		}
	}
}

// /console/static/ serves the stylesheet and script, never the page
// templates, however the path is spelled. (On the old code
// /console/static/..%2flogin.html answered 200 with the raw template.)
func TestStaticServesOnlyAssets(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"app.css", "app.js", "print.css"} {
		st, body := rawGet(t, e.ts.URL+"/console/static/"+p)
		if st != 200 || len(body) < 100 {
			t.Fatalf("%s: %d (%d bytes)", p, st, len(body))
		}
	}
	for _, p := range []string{
		"..%2flogin.html", "..%2Flogin.html", "%2e%2e%2flogin.html", "..%5clogin.html", "login.html", "index.html",
		"print.html", "..%2fstatic%2flogin.html", "assets%2fapp.css", "%2e%2e/login.html", "./login.html", "",
		"..%2f..%2fconsole.go", "app.css%00", "..%252flogin.html",
	} {
		st, body := rawGet(t, e.ts.URL+"/console/static/"+p)
		if st == 200 || strings.Contains(body, "{{") || strings.Contains(body, "<form") {
			t.Errorf("/console/static/%s: %d %.80q", p, st, body)
		}
	}
}

// rawGet sends the path exactly as written (no client-side cleaning).
func rawGet(t *testing.T, u string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
