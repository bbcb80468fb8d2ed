package centre_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/store"
)

// dialAs opens /ws with token (Authorization header), from loopback ip
// ("" for the default).
func (e *env) dialAs(token, ip string, hdr http.Header) (*websocket.Conn, *http.Response, error) {
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	if ip != "" {
		nd := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		d.NetDialContext = nd.DialContext
	}
	if hdr == nil {
		hdr = http.Header{}
	}
	if token != "" {
		hdr.Set("Authorization", "Bearer "+token)
	}
	c, resp, err := d.Dial(e.wsURL(""), hdr)
	if err == nil {
		e.t.Cleanup(func() { c.Close() })
	}
	return c, resp, err
}

// subscribed opens /ws with token and reads its snapshot.
func (e *env) subscribed(t *testing.T, token string) *websocket.Conn {
	t.Helper()
	c, resp, err := e.dialAs(token, "", nil)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	if m := readMsg(t, c); m.Type != "snapshot" {
		t.Fatalf("first frame %+v", m)
	}
	return c
}

// expectClosed reads until the server closes the socket with a
// policy-violation frame; a socket still open after a generous deadline
// (or still delivering events) fails the test.
func expectClosed(t *testing.T, c *websocket.Conn, what string) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, _, err := c.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) && ce.Code == websocket.ClosePolicyViolation {
			return
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("%s: the socket is still open", what)
		}
		t.Fatalf("%s: socket ended with %v, want a policy-violation close", what, err)
	}
}

// expectEvent reads until an event of kind arrives.
func expectEvent(t *testing.T, c *websocket.Conn, kind string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c.SetReadDeadline(deadline)
		m := readMsg(t, c)
		if m.Event != nil && string(m.Event.Kind) == kind {
			return
		}
	}
}

// A device revoked through the server loses its open socket; another
// device keeps its own. (On the old code the revoked board kept receiving
// events: pings kept it alive forever.)
func TestRevokedDeviceSocketClosed(t *testing.T) {
	e := newEnv(t, nil)
	board := e.subscribed(t, e.display)
	kiosk := e.subscribed(t, e.kiosk)
	if err := e.srv.RevokeDevice(context.Background(), "board-1"); err != nil {
		t.Fatal(err)
	}
	expectClosed(t, board, "revoked board")
	e.issue("hotich")
	expectEvent(t, kiosk, "ticket.issued")
}

// A revocation written by another process (motcua admin device revoke
// changes the database directly) closes the socket too, by the periodic
// recheck.
func TestCLIRevokeClosesSocket(t *testing.T) {
	e := newEnv(t, nil)
	board := e.subscribed(t, e.display)
	e.write(func(tx *store.Tx) error { return tx.RevokeDevice("board-1") })
	expectClosed(t, board, "board revoked from the CLI")
}

// An officer's socket closes when the officer logs out, and when the
// account is disabled (here by a direct database change, as the CLI does).
func TestOfficerSocketEndsWithSession(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.login("canbo1", "q1")
	ws := e.subscribed(t, tok)
	if s, b := e.do("POST", "/api/v1/logout", tok, "", nil); s != 204 {
		t.Fatalf("logout: %d %s", s, b)
	}
	expectClosed(t, ws, "after logout")

	sup := e.login("giamsat", "")
	ws = e.subscribed(t, sup)
	e.write(func(tx *store.Tx) error {
		return tx.UpdateOfficer("giamsat", "Lê Văn Cường", "supervisor", true, "")
	})
	expectClosed(t, ws, "disabled supervisor")
}

// One address cannot hold more than MaxSocketsPerAddr sockets; another
// address is not affected.
func TestSocketsPerAddressCapped(t *testing.T) {
	e := newEnv(t, nil)
	for i := 0; i < 64; i++ {
		if _, resp, err := e.dialAs(e.display, "127.0.0.7", nil); err != nil {
			t.Fatalf("socket %d: %v %v", i+1, err, resp)
		}
	}
	_, resp, err := e.dialAs(e.display, "127.0.0.7", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("65th socket from one address: %v %v", err, resp)
	}
	if _, resp, err := e.dialAs(e.display, "127.0.0.8", nil); err != nil {
		t.Fatalf("socket from another address: %v %v", err, resp)
	}
	// Tokenless phone sockets count too.
	tk := e.issue("hotich")
	d := websocket.Dialer{NetDialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.9")}}).DialContext}
	for i := 0; i <= 64; i++ {
		c, resp, err := d.Dial(e.wsURL("?ticket="+tk.ID), nil)
		if i < 64 && err != nil {
			t.Fatalf("phone socket %d: %v %v", i+1, err, resp)
		}
		if i == 64 && (err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests) {
			t.Fatalf("65th phone socket from one address: %v %v", err, resp)
		}
		if err == nil {
			defer c.Close()
		}
	}
}

// A page on another site cannot open the socket with a board's or the
// console's credentials (cross-site WebSocket hijacking); pages of this
// server and clients without an Origin (the apps) can.
func TestSocketOriginChecked(t *testing.T) {
	e := newEnv(t, nil)
	host := strings.TrimPrefix(e.ts.URL, "http://")
	_, resp, err := e.dialAs(e.display, "", http.Header{"Origin": {"http://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != 403 {
		t.Fatalf("foreign origin: %v %v", err, resp)
	}
	if b, _ := io.ReadAll(resp.Body); errorCode(t, string(b)) != "forbidden" {
		t.Fatalf("foreign origin body %s", b)
	}
	if _, resp, err := e.dialAs(e.display, "", http.Header{"Origin": {"http://" + host}}); err != nil {
		t.Fatalf("same origin: %v %v", err, resp)
	}
	if _, resp, err := e.dialAs(e.display, "", nil); err != nil {
		t.Fatalf("no origin: %v %v", err, resp)
	}
}

// The tokenless views (the phone page's JSON and its socket) carry no
// officer's username: docs/API.md promises no personal data there. (On the
// old code both carried "officer":"canbo1".)
func TestPublicTicketHasNoOfficer(t *testing.T) {
	e := newEnv(t, nil)
	tk := e.issue("hotich")
	phone, _, err := websocket.DefaultDialer.Dial(e.wsURL("?ticket="+tk.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer phone.Close()
	readMsg(t, phone) // snapshot
	off := e.login("canbo1", "q1")
	e.callNext(off, "q1")
	e.do("POST", "/api/v1/tickets/"+tk.ID+"/start", off, "", nil)
	status, body := e.do("GET", "/api/v1/public/tickets/"+tk.ID, "", "", nil)
	if status != 200 || strings.Contains(body, "canbo1") || strings.Contains(body, `"officer"`) {
		t.Fatalf("public ticket: %d %s", status, body)
	}
	var v map[string]any
	json.Unmarshal([]byte(body), &v)
	if v["number"] != tk.Number || v["status"] != "serving" || v["counter_number"] != float64(1) {
		t.Fatalf("public ticket lost what the phone page shows: %s", body)
	}
	// The phone's own ticket events do not name the officer either.
	phone.SetReadDeadline(time.Now().Add(20 * time.Second))
	for seen := 0; seen < 2; {
		_, data, err := phone.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "canbo1") {
			t.Fatalf("phone frame names the officer: %s", data)
		}
		if strings.Contains(string(data), "ticket.called") || strings.Contains(string(data), "ticket.started") {
			seen++
		}
	}
	// Officers still see who serves (the counter app needs it); devices do
	// not (TestPublicTicketViewHasNoOfficer).
	status, body = e.do("GET", "/api/v1/tickets/"+tk.ID, off, "", nil)
	if status != 200 || !strings.Contains(body, `"officer":"canbo1"`) {
		t.Fatalf("authenticated ticket view: %d %s", status, body)
	}
}

// A socket opened with a session that then expires is closed by the
// periodic recheck (nothing else happens: no logout, no change).
func TestExpiredSessionSocketClosed(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.login("giamsat", "")
	ws := e.subscribed(t, tok)
	// The clock passes the session's end (moved here instead of waiting 12 h).
	e.write(func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE sessions SET expires_at=? WHERE token_hash=?`, time.Now().Add(-time.Second).UnixMilli(), store.HashToken(tok))
		return err
	})
	expectClosed(t, ws, "expired session")
}
