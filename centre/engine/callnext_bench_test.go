package engine_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// BenchmarkCallNext is one officer pressing "next" again and again on a
// real SQLite file, with a steady queue of the given length (one ticket
// issued, untimed, per call): each call finishes the ticket at the counter
// and calls the next. Issue 20: the call's critical path before the
// fan-out. pages/op is what each call's commit writes to the WAL.
//
//	go test -run x -bench CallNext -benchtime 300x ./centre/engine
func BenchmarkCallNext(b *testing.B) {
	for _, waiting := range []int{100, 600} {
		b.Run(fmt.Sprintf("waiting=%d", waiting), func(b *testing.B) { benchCallNext(b, waiting) })
	}
}

func benchCallNext(b *testing.B, waiting int) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(b.TempDir(), "centre.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	e := engine.New(queue.DemoConfig(), db, slog.New(slog.DiscardHandler))
	e.SetClock(func() time.Time { return monday })
	if err := e.Start(ctx); err != nil {
		b.Fatal(err)
	}
	if err := e.Open(ctx, officer1, "q1"); err != nil {
		b.Fatal(err)
	}
	// Counter q1 serves hotich (A) and chungthuc (B): 999 numbers a day each.
	services := []string{"hotich", "chungthuc"}
	if waiting+b.N+1 > 2*999 {
		b.Skipf("%d calls with %d waiting pass the demo's daily number blocks", b.N, waiting)
	}
	issue := func(i int) {
		if _, err := e.Issue(ctx, engine.IssueRequest{Service: services[i%2]}, "dev-kiosk"); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i <= waiting; i++ {
		issue(i)
	}
	if _, _, err := e.CallNext(ctx, officer1, "q1", ""); err != nil {
		b.Fatal(err)
	}
	var pages int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		issue(i)
		p0 := db.PagesWritten() // counted before a write is answered
		b.StartTimer()
		if _, ok, err := e.CallNext(ctx, officer1, "q1", ""); err != nil || !ok {
			b.Fatal(ok, err)
		}
		pages += db.PagesWritten() - p0
	}
	b.ReportMetric(float64(pages)/float64(b.N), "pages/op")
}
