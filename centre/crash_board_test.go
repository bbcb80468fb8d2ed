package centre_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// A call a board has shown is durable: the server is killed with SIGKILL the
// moment a batch board reads a call (the officer's own answer may not have
// left yet), and after each kill the database holds that call — its event
// with the same sequence, and a ticket no longer waiting. Boards are told
// straight after the commit, on several goroutines and before the officer's
// answer (fanout.go); this is the guarantee that must not move.
func TestCrashCallSeenByBoardIsDurable(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crash test")
	}
	const rounds, perRound = 3, 4 // kill on the 4th call a board reads
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "centre.db")
	logPath := filepath.Join(dir, "server.log")
	kioskToken, displayToken := centre.NewToken(), centre.NewToken()
	{
		db, err := store.Open(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Write(context.Background(), func(tx *store.Tx) error {
			if err := tx.PutDevice(store.Device{ID: "dev-kiosk", Name: "kiosk-1", Role: "kiosk"}, store.HashToken(kioskToken)); err != nil {
				return err
			}
			if err := tx.PutDevice(store.Device{ID: "dev-board", Name: "board-1", Role: "display"}, store.HashToken(displayToken)); err != nil {
				return err
			}
			return tx.PutOfficer(store.Officer{Username: "giamsat", FullName: "Giám sát", PasswordHash: fastHash(t, testPassword), Role: "supervisor"})
		})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	supToken := ""
	type seen struct {
		seq    int64
		ticket string
		number string
	}
	var all []seen
	for round := 0; round < rounds; round++ {
		c := startServer(t, dbPath, logPath)
		if supToken == "" {
			status, body, err := send(hc, "POST", c.base+"/api/v1/login", "", fmt.Sprintf(`{"username":"giamsat","password":%q}`, testPassword))
			if err != nil || status != 200 {
				t.Fatalf("login: %d %s %v", status, body, err)
			}
			var lr struct{ Token string }
			json.Unmarshal(body, &lr)
			supToken = lr.Token
		}
		for i := 0; i < perRound+2; i++ {
			if status, body, err := send(hc, "POST", c.base+"/api/v1/tickets", kioskToken, `{"service":"hotich"}`); err != nil || status != 201 {
				t.Fatalf("issue: %d %s %v", status, body, err)
			}
		}
		h := http.Header{}
		h.Set("Authorization", "Bearer "+displayToken)
		ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(c.base, "http")+"/ws?batch=1", h)
		if err != nil {
			t.Fatalf("dial board: %v", err)
		}
		// The caller presses "next" until the board has read perRound calls.
		ctx, cancel := context.WithCancel(context.Background())
		callerDone := make(chan struct{})
		go func() {
			defer close(callerDone)
			for ctx.Err() == nil {
				send(hc, "POST", c.base+"/api/v1/counters/q1/call-next", supToken, "")
				time.Sleep(20 * time.Millisecond)
			}
		}()
		n := 0
		ws.SetReadDeadline(time.Now().Add(60 * time.Second)) // liveness guard only
		for n < perRound {
			_, data, err := ws.ReadMessage()
			if err != nil {
				t.Fatalf("round %d: board read after %d calls: %v", round, n, err)
			}
			var msgs []queue.Message
			if bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
				err = json.Unmarshal(data, &msgs)
			} else {
				var m queue.Message
				err = json.Unmarshal(data, &m)
				msgs = []queue.Message{m}
			}
			if err != nil {
				t.Fatalf("board frame %q: %v", data, err)
			}
			for _, m := range msgs {
				if m.Type == "event" && m.Event != nil && m.Event.Kind == queue.EvCalled {
					all = append(all, seen{m.Event.Seq, m.Event.TicketID, m.Event.Number})
					n++
				}
			}
			if n >= perRound {
				c.kill9() // at once: no shutdown code, maybe before the answer
			}
		}
		cancel()
		<-callerDone
		ws.Close()
	}
	if len(all) < rounds*perRound {
		t.Fatalf("boards read %d calls, want ≥ %d", len(all), rounds*perRound)
	}
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, s := range all {
		tk, err := db.Ticket(ctx, s.ticket)
		if err != nil {
			t.Errorf("called ticket %s (seq %d) a board showed is gone: %v", s.number, s.seq, err)
			continue
		}
		if tk.Status == queue.Waiting {
			t.Errorf("ticket %s a board showed called is waiting again", s.number)
		}
		evs, err := db.TicketEvents(ctx, s.ticket)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if e.Seq == s.seq && e.Kind == queue.EvCalled {
				found = true
			}
		}
		if !found {
			t.Errorf("the call of %s (seq %d) a board showed is not in the event log: %v", s.number, s.seq, evs)
		}
	}
	t.Logf("%d calls read by a board across %d kills, all durable", len(all), rounds)
}
