package centre_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// counterLive reads one counter from the server's snapshot.
func counterLive(t *testing.T, srv *centre.Server, id string) queue.CounterLive {
	t.Helper()
	s, err := srv.Engine().Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range s.Counters {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("no counter %s", id)
	return queue.CounterLive{}
}

// officerWS opens the counter app's WebSocket with an officer's token.
func officerWS(t *testing.T, base, token string) *websocket.Conn {
	t.Helper()
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(base, "http")+"/ws", h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	go func() { // keep reading so pings and closes are handled
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}()
	return c
}

// TestCounterAwayAfterRestart is Ctrl-C of make run: q1 had called B001
// and q2 was open; the server restarts, q2's app reconnects and q1's does
// not. After the grace period q1 is paused as "Quầy tạm vắng" (the boards
// stop showing its call as the big call), q2 stays open, and q1 comes back
// by itself when its app reconnects or its officer acts.
func TestCounterAwayAfterRestart(t *testing.T) {
	e := newEnv(t, nil)
	q1 := e.login("canbo1", "q1")
	q2 := e.login("canbo2", "q2")
	e.issue("hotich")
	called, ok := e.callNext(q1, "q1")
	if !ok {
		t.Fatal("nothing called at q1")
	}
	e.ts.CloseClientConnections() // the crash

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := centre.New(ctx, centre.Options{Config: e.cfg, DB: e.db, Logger: slog.New(slog.DiscardHandler), CounterGrace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	officerWS(t, ts.URL, q2) // q2's app reconnects at once

	waitFor(t, "q1 away", func() bool {
		k := counterLive(t, srv, "q1")
		return k.Status == "paused" && k.Reason == centre.AwayReason
	})
	k1 := counterLive(t, srv, "q1")
	if k1.Current == nil || k1.Current.Number != called.Number {
		t.Errorf("q1's called ticket must stay for its officer (not silently dropped): %+v", k1.Current)
	}
	if k := counterLive(t, srv, "q2"); k.Status != "open" {
		t.Errorf("q2, whose app is connected, is %s %q", k.Status, k.Reason)
	}
	if n := srv.CounterConnected()["q2"]; n != 1 {
		t.Errorf("q2 connections %d", n)
	}

	// q1's app reconnects: the counter is open again.
	c := officerWS(t, ts.URL, q1)
	waitFor(t, "q1 back", func() bool { return counterLive(t, srv, "q1").Status == "open" })

	// Gone again; then the officer acts through the API (no WebSocket):
	// the call-next is not refused as "paused".
	c.Close()
	waitFor(t, "q1 away again", func() bool { return counterLive(t, srv, "q1").Status == "paused" })
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/counters/q1/call-next", nil)
	req.Header.Set("Authorization", "Bearer "+q1)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 && resp.StatusCode != 204 {
		t.Errorf("call-next at a counter back from away: %d", resp.StatusCode)
	}

}
