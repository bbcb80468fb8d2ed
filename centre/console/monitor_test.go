package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func TestLogin(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, user, pw string
		status         int
		want           string
	}{
		{"wrong password", "giamsat", "sai-mat-khau", 401, "Sai tên đăng nhập hoặc mật khẩu"},
		{"unknown user", "khongco", testPassword, 401, "Sai tên đăng nhập hoặc mật khẩu"},
		{"officer refused", "canbo1", testPassword, 403, "Chỉ giám sát viên và quản trị viên"},
		{"supervisor", "giamsat", testPassword, 303, ""},
		{"admin", "quantri", testPassword, 303, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := e.anon()
			status, body := c.formLogin(tc.user, tc.pw)
			if status != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("got %d %q, want %d containing %q", status, body, tc.status, tc.want)
			}
		})
	}
}

func TestSessionCookieFlags(t *testing.T) {
	e := newEnv(t)
	c := e.anon()
	resp, err := c.hc.Get(e.ts.URL + "/console/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var tok string
	for _, ck := range resp.Cookies() {
		tok = ck.Value
	}
	resp, err = c.hc.PostForm(e.ts.URL+"/console/login", map[string][]string{"username": {"giamsat"}, "password": {testPassword}, "csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var found bool
	for _, ck := range resp.Cookies() {
		if ck.Name == "motcua_console" && ck.Value != "" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/console" {
				t.Fatalf("session cookie flags: %+v", ck)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set")
	}
}

func TestLoginNeedsFormToken(t *testing.T) {
	e := newEnv(t)
	resp, err := http.PostForm(e.ts.URL+"/console/login", map[string][]string{"username": {"giamsat"}, "password": {testPassword}, "csrf": {"doan-bua"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("login without the double-submit cookie: %d, want 403", resp.StatusCode)
	}
}

func TestLockoutAfterFailures(t *testing.T) {
	e := newEnv(t)
	c := e.anon()
	for range 5 {
		c.formLogin("giamsat", "sai-mat-khau")
	}
	status, body := c.formLogin("giamsat", testPassword)
	if status != 429 || !strings.Contains(body, "thử lại sau") {
		t.Fatalf("after 5 failures: %d %s", status, body)
	}
}

func TestNeedsSessionAndCSRF(t *testing.T) {
	e := newEnv(t)
	anon := e.anon()
	if st, _ := anon.get("/console/api/monitor", nil); st != 401 {
		t.Fatalf("monitor without a session: %d", st)
	}
	resp, err := anon.hc.Get(e.ts.URL + "/console")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/console/login" {
		t.Fatalf("page without a session: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	sup := e.login("giamsat")
	good := sup.csrf
	for _, tok := range []string{"", "0000", good[:len(good)-1] + "x"} {
		sup.csrf = tok
		if st, body := sup.post("/console/api/notice", map[string]string{"text": "x"}, nil); st != 403 || !strings.Contains(body, "chống giả mạo") {
			t.Fatalf("POST with CSRF %q: %d %s", tok, st, body)
		}
	}
	// A bearer token of the same officer is not a console session.
	st, _ := e.api("GET", "/console/api/monitor", e.kiosk, nil)
	if st != 401 {
		t.Fatalf("bearer token on the console: %d", st)
	}
	sup.csrf = good
	if st, body := sup.post("/console/api/notice", map[string]string{"text": "Chiều nay nghỉ từ 16:00"}, nil); st != 204 {
		t.Fatalf("notice: %d %s", st, body)
	}
	if got := e.srv.Engine().Notice(); got != "Chiều nay nghỉ từ 16:00" {
		t.Fatalf("notice = %q", got)
	}
	// Logout ends the session.
	if st, _ := sup.post("/console/logout", nil, nil); st != 204 {
		t.Fatalf("logout: %d", st)
	}
	if st, _ := sup.get("/console/api/me", nil); st != 401 {
		t.Fatalf("after logout: %d", st)
	}
}

func TestMonitor(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.issue("hotich")
	e.issue("hotich")
	e.issue("datdai")
	sup := e.login("giamsat")
	if st, body := sup.post("/console/api/counters/q1/open", nil, nil); st != 204 {
		t.Fatalf("open: %d %s", st, body)
	}
	tk, ok, err := e.srv.Engine().CallNext(ctx, actor("canbo1", "q1"), "q1", "")
	if err != nil || !ok {
		t.Fatalf("call next: %v %v", ok, err)
	}
	// The kiosk reports its printer out of paper; the board never connected.
	if st, body := e.api("POST", "/api/v1/devices/state", e.kiosk, map[string]string{"state": "printer:paper_out"}); st != 204 {
		t.Fatalf("device state: %d %s", st, body)
	}
	var m console.Monitor
	if st, body := sup.get("/console/api/monitor", &m); st != 200 {
		t.Fatalf("monitor: %d %s", st, body)
	}
	q1 := findCounter(t, m, "q1")
	if q1.Status != "open" || q1.Current == nil || q1.Current.Number != tk.Number || q1.Officer != "canbo1" || q1.OfficerName != "Nguyễn Văn An" {
		t.Fatalf("q1 = %+v (current %+v)", q1, q1.Current)
	}
	ht := findService(t, m, "hotich")
	if ht.Waiting != 1 || ht.OldestAt == nil || ht.TargetWaitMin != 15 {
		t.Fatalf("hotich = %+v", ht)
	}
	kinds := alertKinds(m)
	if !kinds["paper"] || !kinds["board_offline"] || kinds["wait"] {
		t.Fatalf("alerts = %+v", m.Alerts)
	}
	kiosk := findDevice(t, m, "dev-kiosk-1")
	if !kiosk.Online || kiosk.Printer != "paper_out" {
		t.Fatalf("kiosk = %+v", kiosk)
	}

	// The board connects: online, and its alert goes.
	ws, _, err := websocket.DefaultDialer.Dial(strings.Replace(e.ts.URL, "http", "ws", 1)+"/ws?token="+e.board, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, _, err := ws.ReadMessage(); err != nil { // the snapshot: the server has counted the connection
		t.Fatal(err)
	}
	sup.get("/console/api/monitor", &m)
	if b := findDevice(t, m, "dev-board-1"); !b.Online || b.Connected != 1 || alertKinds(m)["board_offline"] {
		t.Fatalf("board connected: %+v alerts %+v", b, m.Alerts)
	}

	// The counter app logs in as its officer (not as a device): its
	// WebSocket shows on the counter's row.
	if q1.AppConnected {
		t.Fatal("q1's app shown connected before it connected")
	}
	var login struct {
		Token string `json:"token"`
	}
	if st, body := e.api("POST", "/api/v1/login", "", map[string]string{"username": "canbo1", "password": "matkhau123", "counter": "q1"}); st != 200 {
		t.Fatalf("officer login: %d %s", st, body)
	} else if err := json.Unmarshal([]byte(body), &login); err != nil {
		t.Fatal(err)
	}
	app, _, err := websocket.DefaultDialer.Dial(strings.Replace(e.ts.URL, "http", "ws", 1)+"/ws?token="+login.Token, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, _, err := app.ReadMessage(); err != nil {
		t.Fatal(err)
	}
	sup.get("/console/api/monitor", &m)
	if q1 := findCounter(t, m, "q1"); !q1.AppConnected {
		t.Fatalf("q1's app connected but the monitor says %+v", q1)
	}
}

func TestWaitAlert(t *testing.T) {
	// The console's clock runs 20 minutes ahead: the ticket has waited past
	// the 15-minute target of hộ tịch but not the 20-minute one of đất đai.
	e := newEnvWith(t, console.Options{Now: func() time.Time { return time.Now().Add(20 * time.Minute) }})
	e.issue("hotich")
	e.issue("datdai")
	var m console.Monitor
	e.login("giamsat").get("/console/api/monitor", &m)
	var waits []string
	for _, a := range m.Alerts {
		if a.Kind == "wait" {
			waits = append(waits, a.Target)
		}
	}
	if len(waits) != 1 || waits[0] != "hotich" {
		t.Fatalf("wait alerts for %v, want [hotich]; all: %+v", waits, m.Alerts)
	}
	if !strings.Contains(m.Alerts[0].Message, "vượt mục tiêu 15 phút") {
		t.Fatalf("message %q", m.Alerts[0].Message)
	}
}

func TestSupervisorActions(t *testing.T) {
	for _, who := range []string{"giamsat", "quantri"} {
		t.Run(who, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			c := e.login(who)
			a := e.issue("hotich")
			b := e.issue("hotich")
			d := e.issue("chungthuc")
			steps := []struct {
				name, path string
				body       any
				status     int
				check      func() bool
			}{
				{"open q2", "/console/api/counters/q2/open", nil, 204, func() bool { return counterStatus(e, "q2") == "open" }},
				{"pause needs reason", "/console/api/counters/q2/pause", map[string]string{"reason": ""}, 400, nil},
				{"pause", "/console/api/counters/q2/pause", map[string]string{"reason": "Họp giao ban"}, 204, func() bool { return counterStatus(e, "q2") == "paused" }},
				{"resume", "/console/api/counters/q2/resume", nil, 204, func() bool { return counterStatus(e, "q2") == "open" }},
				{"unknown counter", "/console/api/counters/q99/open", nil, 404, nil},
				{"unknown op", "/console/api/counters/q2/explode", nil, 404, nil},
				{"call to counter", "/console/api/tickets/" + b.ID + "/call", map[string]string{"counter": "q2"}, 200,
					func() bool { return ticketStatus(e, b.ID) == queue.Called && ticketCounter(e, b.ID) == "q2" }},
				{"call needs a counter", "/console/api/tickets/" + a.ID + "/call", map[string]string{"counter": ""}, 400, nil},
				{"redirect to a closed counter refused", "/console/api/tickets/" + a.ID + "/redirect", map[string]string{"counter": "q3"}, 409, nil},
				{"open q3", "/console/api/counters/q3/open", nil, 204, func() bool { return counterStatus(e, "q3") == "open" }},
				{"redirect", "/console/api/tickets/" + a.ID + "/redirect", map[string]string{"counter": "q3"}, 200,
					func() bool { t, _ := e.db.Ticket(ctx, a.ID); return t.TargetCounter == "q3" }},
				{"cancel", "/console/api/tickets/" + d.ID + "/cancel", nil, 200, func() bool { return ticketStatus(e, d.ID) == queue.Cancelled }},
				{"cancel again refused", "/console/api/tickets/" + d.ID + "/cancel", nil, 409, nil},
				{"reactivate", "/console/api/tickets/" + d.ID + "/reactivate", nil, 200, func() bool { return ticketStatus(e, d.ID) == queue.Waiting }},
				{"unknown ticket", "/console/api/tickets/khongco/cancel", nil, 404, nil},
				{"move officer", "/console/api/officers/canbo2/move", map[string]string{"counter": "q4"}, 204,
					func() bool { return counterOfficer(e, "q4") == "canbo2" }},
				{"move to unknown counter", "/console/api/officers/canbo2/move", map[string]string{"counter": "q99"}, 400, nil},
				{"close", "/console/api/counters/q2/close", nil, 204, func() bool { return counterStatus(e, "q2") == "closed" }},
				{"notice too long", "/console/api/notice", map[string]string{"text": strings.Repeat("á", 301)}, 400, nil},
				{"notice", "/console/api/notice", map[string]string{"text": "Hệ thống bảo trì lúc 12:00"}, 204,
					func() bool { return e.srv.Engine().Notice() == "Hệ thống bảo trì lúc 12:00" }},
			}
			for _, s := range steps {
				st, body := c.post(s.path, s.body, nil)
				if st != s.status {
					t.Fatalf("%s: %d %s, want %d", s.name, st, body, s.status)
				}
				if s.check != nil && !s.check() {
					t.Fatalf("%s: answered %d but the state did not change", s.name, st)
				}
			}
			entries, err := e.db.Audit(ctx, 100)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, en := range entries {
				if en.Actor != who && en.Action != "login" {
					t.Fatalf("audit entry by %q, want %q: %+v", en.Actor, who, en)
				}
				got[en.Action] = true
			}
			for _, want := range []string{"login", "counter.open", "counter.pause", "counter.resume", "counter.close", "ticket.call",
				"ticket.redirect", "ticket.cancel", "ticket.reactivate", "officer.move", "notice"} {
				if !got[want] {
					t.Errorf("no audit entry %q (have %v)", want, got)
				}
			}
		})
	}
}

func TestMoveOfficerClosesOldCounterAndMovesSession(t *testing.T) {
	e := newEnv(t)
	st, body := e.api("POST", "/api/v1/login", "", map[string]string{"username": "canbo1", "password": testPassword, "counter": "q1"})
	if st != 200 {
		t.Fatalf("officer login: %d %s", st, body)
	}
	tok := between(body, `"token":"`, `"`)
	sup := e.login("giamsat")
	if st, body := sup.post("/console/api/officers/canbo1/move", map[string]string{"counter": "q5"}, nil); st != 204 {
		t.Fatalf("move: %d %s", st, body)
	}
	if counterStatus(e, "q1") != "closed" || counterOfficer(e, "q5") != "canbo1" {
		t.Fatalf("q1 %s, q5 officer %q", counterStatus(e, "q1"), counterOfficer(e, "q5"))
	}
	// The officer's counter app now acts at q5, and no longer at q1.
	_, me := e.api("GET", "/api/v1/me", tok, nil)
	if !strings.Contains(me, `"counter":"q5"`) {
		t.Fatalf("officer session after move: %s", me)
	}
}

func TestTicketList(t *testing.T) {
	e := newEnv(t)
	a := e.issue("hotich")
	e.issue("datdai")
	var rows []console.TicketRow
	if st, body := e.login("giamsat").get("/console/api/tickets?status=waiting", &rows); st != 200 || len(rows) != 2 {
		t.Fatalf("tickets: %d %s", st, body)
	}
	if rows[0].ID != a.ID || rows[0].ServiceName == "" || rows[0].StatusLabel != "Đang chờ" {
		t.Fatalf("first row %+v", rows[0])
	}
}

func TestConsoleWebSocket(t *testing.T) {
	e := newEnv(t)
	sup := e.login("giamsat")
	u := strings.Replace(e.ts.URL, "http", "ws", 1) + "/console/ws"
	if _, resp, err := websocket.DefaultDialer.Dial(u, nil); err == nil || resp.StatusCode != 401 {
		t.Fatalf("websocket without a session: %v", err)
	}
	hdr := http.Header{}
	for _, ck := range sup.hc.Jar.Cookies(mustURL(e.ts.URL + "/console/")) {
		hdr.Add("Cookie", ck.Name+"="+ck.Value)
	}
	ws, _, err := websocket.DefaultDialer.Dial(u, hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	var snap queue.Message
	if err := ws.ReadJSON(&snap); err != nil || snap.Type != "snapshot" {
		t.Fatalf("first frame %+v %v", snap, err)
	}
	tk := e.issue("hotich")
	var ev queue.Message
	if err := ws.ReadJSON(&ev); err != nil || ev.Event == nil || ev.Event.Number != tk.Number {
		t.Fatalf("event %+v %v", ev, err)
	}
}

func TestRevokedOfficerSessionEnds(t *testing.T) {
	e := newEnv(t)
	sup := e.login("giamsat")
	e.write(func(tx *store.Tx) error {
		return tx.UpdateOfficer("giamsat", "Lê Văn Cường", "supervisor", true, "")
	})
	if st, _ := sup.get("/console/api/monitor", nil); st != 401 {
		t.Fatalf("disabled supervisor still in: %d", st)
	}
}
