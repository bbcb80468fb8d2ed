package webhook_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/webhook"
)

// With no hook, Produce moves past the events without decoding them
// (store.EventsAfter) and a hook added later gets only what follows: the
// cursor stands exactly after the last event counted. Fails if the cursor
// stayed behind (the new hook would get the older tickets' events) or ran
// ahead (it would miss the new one).
func TestNoHookSkipsToTheEnd(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e := engine.New(queue.DemoConfig(), db, slog.New(slog.DiscardHandler))
	e.SetClock(func() time.Time { return time.Date(2026, 3, 9, 9, 0, 0, 0, queue.Loc) }) // a Monday, open
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := webhook.New(db, webhook.Config{}, webhook.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	issue := func() queue.Ticket {
		t.Helper()
		tk, err := e.Issue(ctx, engine.IssueRequest{Service: "hotich"}, "dev-kiosk")
		if err != nil {
			t.Fatal(err)
		}
		return tk.Ticket
	}
	for range 3 {
		issue()
	}
	if n, err := s.Produce(ctx); err != nil || n != 3 {
		t.Fatalf("Produce with no hook: %d entries, %v; want the 3 issued", n, err)
	}
	if n, err := s.Produce(ctx); err != nil || n != 0 {
		t.Fatalf("Produce again: %d entries, %v; want none", n, err)
	}
	h, err := webhook.Add(ctx, db, "https://hethong.example.vn/motcua", "bi-mat-cua-he-thong-nhan-0123456789", []string{"ticket.issued"})
	if err != nil {
		t.Fatal(err)
	}
	fourth := issue()
	if n, err := s.Produce(ctx); err != nil || n != 1 {
		t.Fatalf("Produce with a hook: %d entries, %v; want 1", n, err)
	}
	ds, err := webhook.Deliveries(ctx, db, h.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Subject != "ticket:"+fourth.ID {
		t.Fatalf("deliveries %+v, want one for ticket %s", ds, fourth.ID)
	}
}
