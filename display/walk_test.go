package display

import (
	"testing"

	"github.com/motcua/motcua/queue"
)

// TestClosedCounterTileSaysClosed: the walk of 5/12/2026 found, after
// Ctrl-C of `make run` (the counter app logs out, closing counter 1), the
// tile of the closed counter still saying "Đang gọi" beside the number it
// had called. A closed counter's tile says "Đóng"; the big call was
// already never a closed counter's.
func TestClosedCounterTileSaysClosed(t *testing.T) {
	s := snap(50)
	s.Counters[0].Status = "closed"
	s.Counters[0].Current = &queue.Call{TicketID: "t-A002", Number: "A002", Counter: "q1", Status: queue.Called}
	p := New(Options{})
	p.Snapshot(s, t0)
	b := p.Board()
	if got := b.Counters[0].StatusText(); got != "Đóng" {
		t.Errorf("closed q1 with A002 called: status %q, want Đóng", got)
	}
	if got := EN(b.Counters[0].StatusText()); got != "Closed" {
		t.Errorf("in English %q", got)
	}
	if got := featured(b); got != "" {
		t.Errorf("featured = %q: a closed counter's call", got)
	}
	// Open again with the same number called: "Đang gọi".
	s.Counters[0].Status = "open"
	p.Snapshot(s, t0)
	if got := p.Board().Counters[0].StatusText(); got != "Đang gọi" {
		t.Errorf("open q1 with A002 called: %q", got)
	}
}
