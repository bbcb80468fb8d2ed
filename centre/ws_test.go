package centre_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/queue"
)

// A board that disconnects and reconnects with ?since= gets exactly the
// events it missed, in order, then the live stream: no call is lost.
func TestBoardResumeMissesNoCall(t *testing.T) {
	e := newEnv(t, nil)
	sup := e.login("giamsat", "")
	board := e.dialWS("")
	m := readMsg(t, board)
	if m.Type != "snapshot" || m.Snapshot == nil || m.Snapshot.CentreName != e.cfg.CentreName || len(m.Snapshot.Counters) != len(e.cfg.Counters) {
		t.Fatalf("first frame %+v", m)
	}
	last := m.Snapshot.Seq
	called := map[string]int{} // ticket id → times seen in a ticket.called event
	expect := func(c *websocket.Conn) queue.Event {
		t.Helper()
		m := readMsg(t, c)
		if m.Type != "event" || m.Event == nil {
			t.Fatalf("want an event, got %+v", m)
		}
		if m.Event.Seq != last+1 {
			t.Fatalf("event seq %d after %d: gap or repeat", m.Event.Seq, last)
		}
		last = m.Event.Seq
		if m.Event.Kind == queue.EvCalled {
			called[m.Event.TicketID]++
			if m.Event.Text == "" || m.Event.Number == "" || m.Event.CounterNumber == 0 {
				t.Errorf("call event cannot be rendered without a fetch: %+v", m.Event)
			}
		}
		return *m.Event
	}
	// Live: issue one, call it.
	tk := e.issue("hotich")
	if ev := expect(board); ev.Kind != queue.EvIssued || ev.TicketID != tk.ID || ev.Waiting["hotich"] != 1 {
		t.Fatalf("issued event %+v", ev)
	}
	v, ok := e.callNext(sup, "q1")
	if !ok || v.ID != tk.ID {
		t.Fatalf("call-next %+v %v", v, ok)
	}
	if ev := expect(board); ev.Kind != queue.EvCalled || ev.TicketID != tk.ID || ev.Counter != "q1" {
		t.Fatalf("called event %+v", ev)
	}
	board.Close()

	// While the board is away: more tickets and calls at several counters.
	var missed []string
	for i := 0; i < 6; i++ {
		e.issue([]string{"hotich", "chungthuc", "datdai"}[i%3])
	}
	for _, k := range []string{"q1", "q2", "q4", "q3", "q1"} {
		v, ok := e.callNext(sup, k)
		if ok {
			missed = append(missed, v.ID)
		}
	}
	if len(missed) < 4 {
		t.Fatalf("only %d calls while away", len(missed))
	}

	board = e.dialWS(fmt.Sprintf("?since=%d", last))
	for {
		m := readMsg(t, board)
		if m.Type == "resumed" {
			if m.Seq != last {
				t.Fatalf("resumed at %d, last event %d", m.Seq, last)
			}
			break
		}
		if m.Type != "event" || m.Event.Seq != last+1 {
			t.Fatalf("replay frame %+v after seq %d", m, last)
		}
		last = m.Event.Seq
		if m.Event.Kind == queue.EvCalled {
			called[m.Event.TicketID]++
		}
	}
	for _, id := range missed {
		if called[id] != 1 {
			t.Errorf("call of %s seen %d times after resume", id, called[id])
		}
	}
	// And live again after the replay.
	e.issue("dkkd")
	expect(board)
	if v, ok := e.callNext(sup, "q7"); !ok {
		t.Fatal("no ticket for q7")
	} else if ev := expect(board); ev.Kind != queue.EvCalled || ev.TicketID != v.ID {
		// q7 had no current ticket, so the call is the next event.
		t.Fatalf("event %+v, want the call of %s", ev, v.ID)
	}
}

func TestWSResyncAndErrors(t *testing.T) {
	e := newEnv(t, nil)
	e.issue("hotich")
	// A since beyond the log (another database, e.g. after a restore) gets a snapshot.
	c := e.dialWS("?since=999999")
	if m := readMsg(t, c); m.Type != "snapshot" || m.Snapshot.Seq < 1 {
		t.Fatalf("since beyond the log: %+v", m)
	}
	// since=0 replays the whole (short) log.
	c = e.dialWS("?since=0")
	if m := readMsg(t, c); m.Type != "event" || m.Event.Seq != 1 || m.Event.Kind != queue.EvIssued {
		t.Fatalf("since=0: %+v", m)
	}
	if m := readMsg(t, c); m.Type != "resumed" || m.Seq != 1 {
		t.Fatalf("since=0 end: %+v", m)
	}
	// Browsers pass the token in the query.
	c, _, err := websocket.DefaultDialer.Dial(e.wsURL("?token="+e.display), nil)
	if err != nil {
		t.Fatalf("?token=: %v", err)
	}
	c.Close()
	for _, tc := range []struct {
		query, token string
		status       int
		code         string
	}{
		{"?since=abc", e.display, 400, "invalid"},
		{"?since=-5", e.display, 400, "invalid"},
		{"", "", 401, "unauthorized"},
		{"?token=forged", "", 401, "unauthorized"},
		{"?ticket=aaaaaaaaaaaaaaaaaaaa", "", 404, "not_found"},
		{"?ticket=short", "", 404, "not_found"},
	} {
		status, body := e.do("GET", "/ws"+tc.query, tc.token, "", nil)
		if status != tc.status || errorCode(t, body) != tc.code {
			t.Errorf("GET /ws%s: %d %s, want %d %s", tc.query, status, body, tc.status, tc.code)
		}
	}
}

// The phone page follows one ticket without a token and sees only its own
// service's movement, never other services.
func TestWSTicketStream(t *testing.T) {
	e := newEnv(t, nil)
	sup := e.login("giamsat", "")
	mine := e.issue("hotich")
	other := e.issue("datdai")
	c, _, err := websocket.DefaultDialer.Dial(e.wsURL("?ticket="+mine.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if m := readMsg(t, c); m.Type != "snapshot" {
		t.Fatalf("first frame %+v", m)
	}
	if v, _ := e.callNext(sup, "q4"); v.ID != other.ID {
		t.Fatalf("q4 called %s", v.Number)
	}
	if v, _ := e.callNext(sup, "q1"); v.ID != mine.ID {
		t.Fatalf("q1 called %s", v.Number)
	}
	m := readMsg(t, c)
	if m.Type != "event" || m.Event.TicketID != mine.ID || m.Event.Kind != queue.EvCalled || m.Event.Counter != "q1" {
		t.Fatalf("phone got %+v, want only its own call", m)
	}
}

// dialStalled opens a WebSocket with a tiny receive buffer and never reads.
func dialStalled(t *testing.T, e *env) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		rc.Control(func(fd uintptr) { serr = setRcvBuf(fd, 1024) })
		return serr
	}}
	conn, err := d.Dial("tcp", e.ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET /ws?token=%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", e.display, e.ts.Listener.Addr())
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 256), nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake: %v %v", resp, err)
	}
	return conn
}

// A client that never reads does not hold up the others and is dropped.
// Lock-step: each notice must reach the healthy board before the next is
// posted, so a hub blocked by the stalled client would hang here.
func TestStalledClientDropped(t *testing.T) {
	e := newEnv(t, nil)
	sup := e.login("giamsat", "")
	board := e.dialWS("")
	snap := readMsg(t, board)
	last := snap.Snapshot.Seq
	dialStalled(t, e)
	waitFor(t, "both clients registered", func() bool { return e.srv.Hub().Clients() == 2 })

	text := strings.Repeat("Thông báo: hệ thống gọi số hoạt động bình thường. ", 18)[:990]
	posted := 0
	for e.srv.Hub().Clients() == 2 {
		if posted == 3000 {
			t.Fatal("stalled client never dropped")
		}
		if status, body := e.do("POST", "/api/v1/notice", sup, fmt.Sprintf(`{"text":%q}`, text), nil); status != 204 {
			t.Fatalf("notice: %d %s", status, body)
		}
		posted++
		m := readMsg(t, board)
		if m.Type != "event" || m.Event.Kind != queue.EvNotice || m.Event.Seq != last+1 {
			t.Fatalf("healthy board got %+v after seq %d", m, last)
		}
		last = m.Event.Seq
	}
	t.Logf("stalled client dropped after %d notices of %d bytes", posted, len(text))
	// The healthy board stays connected and current.
	e.issue("hotich")
	if m := readMsg(t, board); m.Type != "event" || m.Event.Seq != last+1 || m.Event.Kind != queue.EvIssued {
		t.Fatalf("after the drop: %+v", m)
	}
	if n := e.srv.Hub().Clients(); n != 1 {
		t.Errorf("%d clients, want 1", n)
	}
}
