package engine_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The waiting hint only decides whether call-next reads before its write
// (callhint.go), never the answer. Stale high (the hint says hotich has
// someone waiting, the database says nobody): "next" answers "nothing",
// appends no event and writes no WAL frame (so no fsync). Unknown (a new
// engine on a database with a waiting ticket): the read runs and the
// ticket is called.
func TestCallHintNeverDecides(t *testing.T) {
	f := newFixture(t)
	tk, err := f.e.Issue(f.ctx, engine.IssueRequest{Service: "hotich"}, "dev-kiosk")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.e.Open(f.ctx, officer1, "q1"); err != nil {
		t.Fatal(err)
	}
	// Behind the engine's back: the ticket leaves the queue without an event.
	if err := f.db.Write(f.ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(`UPDATE tickets SET status='cancelled' WHERE id=?`, tk.ID); err != nil {
			return err
		}
		_, err := tx.AddWaiting("hotich", -1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	countEvents := func() int {
		var n int
		if err := f.db.Read().QueryRow(`SELECT count(*) FROM events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	events := countEvents()
	walPath := walOf(t, f.db)
	before, err := os.Stat(walPath)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		got, ok, err := f.e.CallNext(f.ctx, officer1, "q1", "")
		if err != nil || ok {
			t.Fatalf("next on an empty queue with a stale hint: %+v %v %v, want nothing", got, ok, err)
		}
	}
	if n := countEvents(); n != events {
		t.Fatalf("%d events after empty presses, want %d", n, events)
	}
	after, err := os.Stat(walPath)
	if err != nil {
		t.Fatal(err)
	}
	if after.Size() != before.Size() {
		t.Fatalf("empty presses wrote to the WAL: %d → %d bytes", before.Size(), after.Size())
	}

	// A new engine on the same database knows nothing: it reads, and calls.
	tk2, err := f.e.Issue(f.ctx, engine.IssueRequest{Service: "hotich"}, "dev-kiosk")
	if err != nil {
		t.Fatal(err)
	}
	e2 := engine.New(queue.DemoConfig(), f.db, slog.New(slog.DiscardHandler))
	e2.SetClock(func() time.Time { return f.now })
	if err := e2.Start(f.ctx); err != nil {
		t.Fatal(err)
	}
	got, ok, err := e2.CallNext(f.ctx, officer1, "q1", "")
	if err != nil || !ok || got.ID != tk2.ID {
		t.Fatalf("call with no hint: %+v %v %v, want %s", got, ok, err, tk2.Number)
	}
}

// walOf finds the fixture database's WAL file.
func walOf(t *testing.T, db *store.DB) string {
	t.Helper()
	var file string
	if err := db.Read().QueryRow(`SELECT file FROM pragma_database_list WHERE name='main'`).Scan(&file); err != nil {
		t.Fatal(err)
	}
	return filepath.Clean(file) + "-wal"
}
