package engine_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// BenchmarkCallNext is one officer pressing "next" again and again on a
// real SQLite file: each call finishes the ticket at the counter and calls
// the next (issue 20: the call's critical path before the fan-out).
//
//	go test -run x -bench CallNext -benchtime 2000x ./centre/engine
func BenchmarkCallNext(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(b.TempDir(), "centre.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	e := engine.New(queue.DemoConfig(), db, slog.New(slog.DiscardHandler))
	f := &fixture{ctx: ctx, db: db, e: e, now: monday}
	e.SetClock(func() time.Time { return f.now })
	if err := e.Start(ctx); err != nil {
		b.Fatal(err)
	}
	if err := e.Open(ctx, officer1, "q1"); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N+2; i++ {
		if _, err := e.Issue(ctx, engine.IssueRequest{Service: "hotich"}, "dev-kiosk"); err != nil {
			b.Fatal(err)
		}
	}
	if _, _, err := e.CallNext(ctx, officer1, "q1", ""); err != nil {
		b.Fatal(err)
	}
	pages := db.PagesWritten()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok, err := e.CallNext(ctx, officer1, "q1", ""); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
	b.ReportMetric(float64(db.PagesWritten()-pages)/float64(b.N), "pages/op")
}
