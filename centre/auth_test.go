package centre_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// Who may call what: every refusal is 401 or 403 with the JSON error body.
func TestRoles(t *testing.T) {
	e := newEnv(t, nil)
	officer := e.login("canbo1", "q1")
	sup := e.login("giamsat", "")
	tk := e.issue("hotich")
	ticket := "/api/v1/tickets/" + tk.ID

	tests := []struct {
		name, method, path, token, body string
		want                            int
	}{
		// kiosk: issue, read; nothing an officer does
		{"kiosk issues", "POST", "/api/v1/tickets", e.kiosk, `{"service":"chungthuc"}`, 201},
		{"kiosk reads services", "GET", "/api/v1/services", e.kiosk, "", 200},
		{"kiosk reads a ticket", "GET", ticket, e.kiosk, "", 200},
		{"kiosk cannot call next", "POST", "/api/v1/counters/q1/call-next", e.kiosk, "", 403},
		{"kiosk cannot act", "POST", ticket + "/cancel", e.kiosk, "", 403},
		{"kiosk cannot pause", "POST", "/api/v1/counters/q1/pause", e.kiosk, `{"reason":"x"}`, 403},
		{"kiosk cannot read stats", "GET", "/api/v1/stats", e.kiosk, "", 403},
		{"kiosk cannot post notices", "POST", "/api/v1/notice", e.kiosk, `{"text":"x"}`, 403},
		{"kiosk cannot log out", "POST", "/api/v1/logout", e.kiosk, "", 403},
		// display: subscribe (and say who it is), nothing else
		{"display me", "GET", "/api/v1/me", e.display, "", 200},
		{"display cannot issue", "POST", "/api/v1/tickets", e.display, `{"service":"hotich"}`, 403},
		{"display cannot read services", "GET", "/api/v1/services", e.display, "", 403},
		{"display cannot read snapshot", "GET", "/api/v1/snapshot", e.display, "", 403},
		{"display cannot read tickets", "GET", ticket, e.display, "", 403},
		{"display cannot call", "POST", "/api/v1/counters/q1/call-next", e.display, "", 403},
		{"display reports state", "POST", "/api/v1/devices/state", e.display, `{"state":"ok"}`, 204},
		// counter PC device: reads, but calling needs an officer's session
		{"counter device reads", "GET", "/api/v1/counters", e.counter, "", 200},
		{"counter device cannot call", "POST", "/api/v1/counters/q1/call-next", e.counter, "", 403},
		// officers
		{"officer cannot post notices", "POST", "/api/v1/notice", officer, `{"text":"x"}`, 403},
		{"officer cannot report device state", "POST", "/api/v1/devices/state", officer, `{"state":"x"}`, 403},
		{"officer at q1 cannot call at q2", "POST", "/api/v1/counters/q2/call-next", officer, "", 403},
		{"officer at q1 cannot pause q2", "POST", "/api/v1/counters/q2/pause", officer, `{"reason":"họp"}`, 403},
		{"officer calls at own counter", "POST", "/api/v1/counters/q1/call-next", officer, "", 200},
		{"officer reads stats", "GET", "/api/v1/stats", officer, "", 200},
		{"supervisor posts notice", "POST", "/api/v1/notice", sup, `{"text":"Chào mừng"}`, 204},
		{"supervisor calls anywhere", "POST", "/api/v1/counters/q2/call-next", sup, "", 200},
		// no or bad credentials
		{"no token", "GET", "/api/v1/services", "", "", 401},
		{"forged token", "GET", "/api/v1/services", centre.NewToken(), "", 401},
		{"garbage token", "POST", "/api/v1/tickets", "not a token", `{"service":"hotich"}`, 401},
		{"no token call", "POST", "/api/v1/counters/q1/call-next", "", "", 401},
		{"public ticket needs no token", "GET", "/api/v1/public/tickets/" + tk.ID, "", "", 200},
		{"public ticket with a short id", "GET", "/api/v1/public/tickets/abc", "", "", 404},
		{"health needs no token", "GET", "/healthz", "", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.do(tt.method, tt.path, tt.token, tt.body, nil)
			if status != tt.want {
				t.Fatalf("%s %s: %d %s, want %d", tt.method, tt.path, status, body, tt.want)
			}
			want := map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found"}[status]
			if want != "" && errorCode(t, body) != want {
				t.Errorf("code %s, want %s", errorCode(t, body), want)
			}
		})
	}
	// The display subscribes; a kiosk token does too (kiosks show waiting counts).
	h := http.Header{"Authorization": {"Bearer " + e.display}}
	c, _, err := websocket.DefaultDialer.Dial(e.wsURL(""), h)
	if err != nil {
		t.Fatalf("display subscribe: %v", err)
	}
	c.Close()
}

func TestRevokedDeviceRefused(t *testing.T) {
	e := newEnv(t, nil)
	e.issue("hotich") // the token works and is now in the auth cache
	if err := e.srv.RevokeDevice(context.Background(), "kiosk-1"); err != nil {
		t.Fatal(err)
	}
	status, body := e.do("POST", "/api/v1/tickets", e.kiosk, `{"service":"hotich"}`, nil)
	if status != 401 || errorCode(t, body) != "unauthorized" {
		t.Fatalf("revoked kiosk: %d %s", status, body)
	}
	// A revoked display cannot subscribe either.
	if err := e.srv.RevokeDevice(context.Background(), "board-1"); err != nil {
		t.Fatal(err)
	}
	status, body = e.do("GET", "/ws", e.display, "", nil)
	if status != 401 {
		t.Fatalf("revoked display: %d %s", status, body)
	}
	if err := e.srv.RevokeDevice(context.Background(), "no-such-device"); err == nil {
		t.Error("revoking an unknown device succeeded")
	}
}

func TestLoginLockout(t *testing.T) {
	e := newEnv(t, nil)
	login := func(pw string) (int, string) {
		return e.do("POST", "/api/v1/login", "", fmt.Sprintf(`{"username":"canbo1","password":%q,"counter":"q1"}`, pw), nil)
	}
	for i := 1; i <= 5; i++ {
		status, body := login("saimatkhau")
		if status != 401 || errorCode(t, body) != "unauthorized" {
			t.Fatalf("attempt %d: %d %s", i, status, body)
		}
	}
	// Throttled now: even the right password waits, with a Vietnamese reason.
	status, body := login(testPassword)
	if status != http.StatusTooManyRequests || errorCode(t, body) != "rate_limited" || !strings.Contains(body, "thử lại sau") {
		t.Fatalf("after 5 failures: %d %s", status, body)
	}
	// Another officer is not affected.
	if tok := e.login("canbo2", "q2"); tok == "" {
		t.Fatal("canbo2 locked out too")
	}
	// Unknown users and wrong passwords look the same.
	s1, b1 := e.do("POST", "/api/v1/login", "", `{"username":"khongco","password":"matkhau123","counter":"q1"}`, nil)
	s2, b2 := e.do("POST", "/api/v1/login", "", `{"username":"canbo2","password":"sai-mat-khau","counter":"q1"}`, nil)
	if s1 != 401 || s2 != 401 || b1 != b2 {
		t.Errorf("unknown user %d %s / wrong password %d %s", s1, b1, s2, b2)
	}
	// An officer must pick a counter; an unknown counter is refused.
	if s, b := e.do("POST", "/api/v1/login", "", `{"username":"canbo2","password":"matkhau123"}`, nil); s != 400 {
		t.Errorf("officer without counter: %d %s", s, b)
	}
	if s, b := e.do("POST", "/api/v1/login", "", `{"username":"canbo2","password":"matkhau123","counter":"q99"}`, nil); s != 400 {
		t.Errorf("unknown counter: %d %s", s, b)
	}
}

func TestLogoutEndsSession(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.login("canbo1", "q1")
	var snap queue.Snapshot
	e.do("GET", "/api/v1/snapshot", tok, "", &snap)
	if snap.Counters[0].Status != "open" || snap.Counters[0].Officer != "canbo1" {
		t.Fatalf("q1 after login: %+v", snap.Counters[0])
	}
	if s, b := e.do("POST", "/api/v1/logout", tok, "", nil); s != 204 {
		t.Fatalf("logout: %d %s", s, b)
	}
	if s, _ := e.do("GET", "/api/v1/services", tok, "", nil); s != 401 {
		t.Errorf("token after logout: %d", s)
	}
	e.do("GET", "/api/v1/snapshot", e.kiosk, "", &snap)
	if snap.Counters[0].Status != "closed" {
		t.Errorf("q1 after logout: %+v", snap.Counters[0])
	}
}
