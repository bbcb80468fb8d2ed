package centre_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/queue"
)

// goroutines settles briefly and counts goroutines.
func goroutines() int {
	runtime.GC()
	return runtime.NumGoroutine()
}

// Many sockets opened, fed and closed (by close frame, by dropping the TCP
// connection, and by the server for a revoked token) leave no goroutine
// behind, and an open idle socket costs one goroutine, not two (wsloop.go).
func TestSocketsLeaveNoGoroutines(t *testing.T) {
	e := newEnv(t, nil)
	sup := e.login("giamsat", "")
	// Warm up: the server's own goroutines (writer, rechecks, the HTTP
	// client's idle connections) exist before the baseline is taken.
	w := e.dialWS("")
	readMsg(t, w)
	w.Close()
	waitFor(t, "no sockets", func() bool { return e.srv.Hub().Clients() == 0 })
	idle := e.ts.Client().CloseIdleConnections // HTTP keep-alives are not sockets
	idle()
	base := goroutines()

	const n = 120
	conns := make([]*websocket.Conn, 0, n)
	for i := 0; i < n; i++ {
		q := ""
		if i%2 == 0 {
			q = "?batch=1"
		}
		c := e.dialWS(q)
		if m := readMsg(t, c); m.Type != "snapshot" {
			t.Fatalf("socket %d: first frame %+v", i, m)
		}
		conns = append(conns, c)
	}
	// Events flow to every socket (direct or queued).
	tk := e.issue("hotich")
	if v, ok := e.callNext(sup, "q1"); !ok || v.ID != tk.ID {
		t.Fatalf("call-next %+v %v", v, ok)
	}
	for i, c := range conns {
		called := false
		for !called {
			for _, m := range readEvents(t, c) {
				if m.Type != "event" {
					t.Fatalf("socket %d: %+v", i, m)
				}
				called = m.Event.Kind == queue.EvCalled && m.Event.TicketID == tk.ID
			}
		}
	}
	if got := e.srv.Hub().Clients(); got != n {
		t.Fatalf("%d clients, want %d", got, n)
	}
	// One goroutine per idle socket (the reader); the writer exists only
	// while frames are queued. Generous slack for timers and the runtime.
	idle()
	waitFor(t, "one goroutine per idle socket", func() bool { return goroutines() <= base+n+10 })
	t.Logf("baseline %d goroutines, %d with %d sockets", base, goroutines(), n)

	// A third close politely, a third drop the TCP connection, a third are
	// closed by the server (the display token is revoked).
	for i, c := range conns {
		switch i % 3 {
		case 0:
			c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(5*time.Second))
			c.Close()
		case 1:
			c.UnderlyingConn().Close()
		}
	}
	waitFor(t, "closed sockets forgotten", func() bool { return e.srv.Hub().Clients() == n/3 })
	if err := e.srv.RevokeDevice(context.Background(), "dev-board-1"); err != nil {
		t.Fatal(err)
	}
	for i := 2; i < n; i += 3 {
		conns[i].SetReadDeadline(time.Now().Add(20 * time.Second))
		var err error
		for err == nil {
			_, _, err = conns[i].ReadMessage()
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
			t.Fatalf("socket %d of a revoked device ended with %v, want close 1008", i, err)
		}
		conns[i].Close()
	}
	waitFor(t, "no sockets", func() bool { return e.srv.Hub().Clients() == 0 })
	idle()
	waitFor(t, "goroutines back to the baseline", func() bool { return goroutines() <= base+3 })
	if p := e.srv.Presence()["dev-board-1"]; p.Connected != 0 {
		t.Errorf("presence says %d sockets of the board still connected", p.Connected)
	}
}

// Shutting the server down ends every WebSocket with a going-away close
// frame (net/http's Shutdown does not see hijacked connections), and
// ListenAndServe returns once they are closed.
func TestShutdownClosesSockets(t *testing.T) {
	e := newEnv(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- e.srv.ListenAndServe(ctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
	addr := <-addrc
	base := goroutines()
	const n = 20
	h := http.Header{}
	h.Set("Authorization", "Bearer "+e.display)
	var conns []*websocket.Conn
	for i := 0; i < n; i++ {
		c, _, err := websocket.DefaultDialer.Dial("ws://"+addr.String()+"/ws?batch=1", h)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if m := readMsg(t, c); m.Type != "snapshot" {
			t.Fatalf("first frame %+v", m)
		}
		conns = append(conns, c)
	}
	cancel()
	for i, c := range conns {
		c.SetReadDeadline(time.Now().Add(20 * time.Second))
		var err error
		for err == nil {
			_, _, err = c.ReadMessage()
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.CloseGoingAway {
			t.Fatalf("socket %d ended with %v, want close 1001", i, err)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ListenAndServe did not return")
	}
	if got := e.srv.Hub().Clients(); got != 0 {
		t.Errorf("%d clients after shutdown", got)
	}
	waitFor(t, "goroutines back", func() bool { return goroutines() <= base+3 })
}

// A client without batches gets every frame through its queue: its writer
// returns after a quiet second and the next frame starts another. Three
// rounds of that lose nothing and leave only the socket's own goroutine.
func TestQueuedWriterRestarts(t *testing.T) {
	e := newEnv(t, nil)
	idle := e.ts.Client().CloseIdleConnections
	idle()
	base := goroutines()
	c := e.dialWS("")
	if m := readMsg(t, c); m.Type != "snapshot" {
		t.Fatalf("first frame %+v", m)
	}
	for i := 0; i < 3; i++ {
		waitFor(t, "only the socket's goroutine left", func() bool { idle(); return goroutines() <= base+1 })
		tk := e.issue("hotich")
		m := readMsg(t, c)
		if m.Type != "event" || m.Event.Kind != queue.EvIssued || m.Event.TicketID != tk.ID {
			t.Fatalf("round %d: got %+v, want the issue of %s", i, m, tk.ID)
		}
	}
}
