package centre_test

import (
	"testing"

	"github.com/gorilla/websocket"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// TestPhoneSeesItsCounterAway: a phone following a called ticket gets the
// counter state events (as the hall board shows them, without the
// officer), and the ticket view names its counter's state, so the page can
// say the counter is away or closed instead of "Mời đến quầy 1".
func TestPhoneSeesItsCounterAway(t *testing.T) {
	e := newEnv(t, nil)
	sup := e.login("giamsat", "")
	tk := e.issue("hotich")
	if v, _ := e.callNext(sup, "q1"); v.ID != tk.ID || v.CounterStatus != "open" {
		t.Fatalf("q1 called %s at a counter %q", v.Number, v.CounterStatus)
	}
	c, _, err := websocket.DefaultDialer.Dial(e.wsURL("?ticket="+tk.ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if m := readMsg(t, c); m.Type != "snapshot" {
		t.Fatalf("first frame %+v", m)
	}
	if status, body := e.do("POST", "/api/v1/counters/q1/pause", sup, `{"reason":"`+centre.AwayReason+`"}`, nil); status != 204 && status != 200 {
		t.Fatalf("pause: %d %s", status, body)
	}
	m := readMsg(t, c)
	if m.Type != "event" || m.Event.Kind != queue.EvPaused || m.Event.Counter != "q1" || m.Event.Reason != centre.AwayReason || m.Event.Officer != "" {
		t.Fatalf("phone got %+v, want q1 paused without the officer", m)
	}
	var v centre.TicketView
	if status, body := e.do("GET", "/api/v1/public/tickets/"+tk.ID, "", "", &v); status != 200 || v.Status != queue.Called || v.CounterStatus != "paused" {
		t.Fatalf("ticket view %d %s: want called at a paused counter", status, body)
	}
}
