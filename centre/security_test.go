package centre_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/store"
)

// The security review of the issue: what an outsider on the LAN would try.
// Roles, forged tokens, cross-counter actions and lockout are in
// auth_test.go; this file covers the rest.

// An expired officer session is refused like a forged one.
func TestExpiredSessionRefused(t *testing.T) {
	e := newEnv(t, nil)
	tok := centre.NewToken()
	e.write(func(tx *store.Tx) error {
		return tx.PutSession(store.HashToken(tok), "canbo1", "q1", time.Now().Add(-time.Minute))
	})
	status, body := e.do("POST", "/api/v1/counters/q1/call-next", tok, "", nil)
	if status != 401 || errorCode(t, body) != "unauthorized" {
		t.Fatalf("expired session: %d %s", status, body)
	}
}

// SQL-looking, oversized and control-character input in every text field
// is refused or stored verbatim, never interpreted; the schema survives.
func TestHostileTextFields(t *testing.T) {
	e := newDossierEnv(t, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	off := e.login("canbo1", "q1")
	hostile := []string{
		`'; DROP TABLE tickets; --`,
		`" OR 1=1 --`,
		`Robert'); DELETE FROM dossiers;--`,
		strings.Repeat("Ư", 5000),
		"tên\x00có\x07ký tự điều khiển",
		`<script>alert(1)</script>`,
	}
	for _, h := range hostile {
		js, _ := json.Marshal(h)
		bodies := map[string]string{
			"/api/v1/tickets":                 fmt.Sprintf(`{"service":%s}`, js),
			"/api/v1/counters/q1/pause":       fmt.Sprintf(`{"reason":%s}`, js),
			"/api/v1/login":                   fmt.Sprintf(`{"username":%s,"password":%s,"counter":"q1"}`, js, js),
			"/api/v1/dossiers":                fmt.Sprintf(`{"procedure_code":"1.001193","applicant":{"name":%s,"address":%s,"phone":%s,"email":%s},"components":[{"name":%s,"originals":1}],"summary":%s}`, js, js, js, js, js, js),
			"/api/v1/lookup/dossiers/by-cccd": fmt.Sprintf(`{"cccd":%s}`, js),
			"/api/v1/ratings":                 fmt.Sprintf(`{"ticket_id":%s,"level":1,"comment":%s}`, js, js),
		}
		for path, body := range bodies {
			token := off
			if strings.Contains(path, "tickets") || strings.Contains(path, "lookup") || strings.Contains(path, "ratings") {
				token = e.kiosk
			}
			status, resp := e.do("POST", path, token, body, nil)
			if status >= 500 {
				t.Fatalf("%s with %.40q: %d %s", path, h, status, resp)
			}
			verbatimOK := path == "/api/v1/counters/q1/pause" || path == "/api/v1/dossiers"
			if strings.ContainsAny(h, "\x00\x07") && path == "/api/v1/dossiers" {
				verbatimOK = false
			}
			if status < 300 && !verbatimOK {
				t.Fatalf("%s accepted hostile input %.40q: %d", path, h, status)
			}
		}
		e.do("POST", "/api/v1/counters/q1/resume", off, "", nil)
	}
	// The tables are all there and still work.
	e.issue("hotich")
	var n int
	if err := e.db.Read().QueryRow(`SELECT count(*) FROM tickets`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("tickets table after hostile input: %d %v", n, err)
	}
	// Whatever was stored is stored verbatim (e.g. a name with quotes).
	var v centre.DossierView
	name := `Nguyễn 'Văn' "An"; --`
	js, _ := json.Marshal(name)
	status, body := e.do("POST", "/api/v1/dossiers", off, fmt.Sprintf(`{"procedure_code":"1.001193","applicant":{"name":%s},"components":[{"name":"Tờ khai","originals":1}]}`, js), &v)
	if status != 201 || v.Dossier.Applicant.Name != name {
		t.Fatalf("quoted name: %d %s", status, body)
	}
}

// A flood of WebSocket connections and of frames from a client neither
// blocks the hub nor stops a well-behaved board receiving calls.
func TestWebSocketFlood(t *testing.T) {
	e := newEnv(t, nil)
	var conns []*websocket.Conn
	for i := 0; i < 60; i++ {
		c := e.dialWS("")
		conns = append(conns, c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	// One client sends oversized and junk frames: it is cut off.
	bad := conns[0]
	bad.WriteMessage(websocket.TextMessage, bytes.Repeat([]byte("x"), 64<<10))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			if bad.WriteMessage(websocket.TextMessage, []byte(`{"type":"snapshot"}`)) != nil {
				return
			}
		}
	}()
	good := conns[len(conns)-1]
	readMsg(t, good) // snapshot
	off := e.login("canbo1", "q1")
	tk := e.issue("hotich")
	e.callNext(off, "q1")
	deadline := time.Now().Add(10 * time.Second)
	for {
		good.SetReadDeadline(deadline)
		m := readMsg(t, good)
		if m.Event != nil && m.Event.Kind == "ticket.called" && m.Event.TicketID == tk.ID {
			break
		}
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := e.db.MaxSeq(ctx); err != nil {
		t.Fatal(err)
	}
}
