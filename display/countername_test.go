package display

import (
	"testing"

	"github.com/motcua/motcua/queue"
)

// TestCounterNameEN (issue 18, Decree 42/2022): a counter's English name
// from the config is carried to the board's counter rows and to its calls,
// from the snapshot and from later events; English boards fall back to
// "Counter N" for a counter without one, never to its Vietnamese name.
func TestCounterNameEN(t *testing.T) {
	p := New(Options{})
	p.Connected(true)
	s := snap(10)
	s.Counters = append(s.Counters, queue.CounterLive{ID: "q9", Number: 9, Name: "Quầy 9 – Công an phường", NameEN: "Counter 9 – Ward police", Status: "open", Serves: []string{"hotich"}})
	s.Recent = []queue.Call{{TicketID: "t-A001", Number: "A001", Service: "hotich", Counter: "q9", CounterNumber: 9, CounterName: "Quầy 9 – Công an phường"}}
	p.Snapshot(s, t0)
	p.Event(queue.Event{Seq: 11, Kind: queue.EvCalled, TicketID: "t-A002", Number: "A002", Service: "hotich",
		Counter: "q9", CounterNumber: 9, CounterName: "Quầy 9 – Công an phường"}, t0)
	b := p.Board()
	var row *CounterRow
	for i := range b.Counters {
		if b.Counters[i].ID == "q9" {
			row = &b.Counters[i]
		}
	}
	if row == nil || row.NameEN != "Counter 9 – Ward police" {
		t.Fatalf("q9 row %+v", row)
	}
	if len(b.Recent) != 2 || b.Recent[0].CounterNameEN != "Counter 9 – Ward police" || b.Recent[1].CounterNameEN != "Counter 9 – Ward police" {
		t.Errorf("recent calls %+v", b.Recent)
	}
	if b.Featured == nil || b.Featured.CounterNameEN != "Counter 9 – Ward police" {
		t.Errorf("featured %+v", b.Featured)
	}
	for _, c := range []struct {
		n        int
		en, want string
	}{{9, "Counter 9 – Ward police", "Counter 9 – Ward police"}, {10, "", "Counter 10"}} {
		if got := CounterLabelEN(c.n, c.en); got != c.want {
			t.Errorf("CounterLabelEN(%d, %q) = %q, want %q", c.n, c.en, got, c.want)
		}
	}
}
