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

// TestAwayCounterTileNumber: after Ctrl-C of `make run` a counter's tile
// said "Đóng" yet still showed the number it had called, as if calling it.
// Only an open counter presents its number: a closed one shows "—", a
// paused or away one (its app gone, --counter-grace) shows it dimmed; the
// big call is never theirs. When the counter opens again the number is back.
func TestAwayCounterTileNumber(t *testing.T) {
	s := snap(50)
	s.Counters[0].Current = &queue.Call{TicketID: "t-A002", Number: "A002", Counter: "q1", Status: queue.Called}
	s.Recent = []queue.Call{{TicketID: "t-A002", Number: "A002", Service: "hotich", Counter: "q1", CounterNumber: 1, CounterName: "Quầy 1"}}
	p := New(Options{})
	p.Snapshot(s, t0)
	if n, dim := p.Board().Counters[0].TileNumber(); n != "A002" || dim {
		t.Fatalf("open q1 calling A002: tile %q dim=%v", n, dim)
	}
	if got := featured(p.Board()); got == "" {
		t.Fatalf("open q1 calling A002: no big call")
	}
	p.Event(queue.Event{Seq: 51, Kind: queue.EvPaused, Counter: "q1", Reason: AwayReason}, t0)
	b := p.Board()
	if n, dim := b.Counters[0].TileNumber(); n != "A002" || !dim {
		t.Errorf("away q1: tile %q dim=%v, want A002 dimmed", n, dim)
	}
	if got := b.Counters[0].StatusText(); got != AwayReason {
		t.Errorf("away q1: status %q", got)
	}
	if got := featured(b); got != "" {
		t.Errorf("featured = %q: an away counter's call", got)
	}
	p.Event(queue.Event{Seq: 52, Kind: queue.EvCounterShut, Counter: "q1"}, t0)
	b = p.Board()
	if n, dim := b.Counters[0].TileNumber(); n != "—" || dim {
		t.Errorf("closed q1: tile %q dim=%v, want —", n, dim)
	}
	if b.Counters[0].Current != "A002" {
		t.Errorf("the number stays called at q1 (no requeue): Current %q", b.Counters[0].Current)
	}
	p.Event(queue.Event{Seq: 53, Kind: queue.EvCounterOpen, Counter: "q1"}, t0)
	if n, dim := p.Board().Counters[0].TileNumber(); n != "A002" || dim {
		t.Errorf("q1 open again: tile %q dim=%v", n, dim)
	}
	// A counter with nothing called shows "—" whatever its state.
	if n, _ := p.Board().Counters[1].TileNumber(); n != "—" {
		t.Errorf("q2 idle: tile %q", n)
	}
}
