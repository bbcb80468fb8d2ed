package feed

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/store"
)

// Cursors start at the end of the logs, move in memory only for an empty
// batch written within 5 s, and are read back from the table after Save
// (a new Cursors, as after a restart, sees what was saved, not what was
// skipped).
func TestCursors(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`CREATE TABLE test_cursor (name TEXT PRIMARY KEY, seq INTEGER NOT NULL)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c := NewCursors(db, "test_cursor")
	if n, err := c.Get(ctx, Events); err != nil || n != 0 {
		t.Fatalf("before Init: %d %v", n, err)
	}
	if err := c.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error { return c.Save(tx, 10, 20) }); err != nil {
		t.Fatal(err)
	}
	c.Saved(10, 20)
	if c.Skip(true, false, 11, 21) || c.Skip(false, true, 11, 21) {
		t.Fatal("a batch that produced something, or a full one, was skipped")
	}
	if !c.Skip(false, false, 12, 22) {
		t.Fatal("an empty batch right after a write was not skipped")
	}
	if e, _ := c.Get(ctx, Events); e != 12 {
		t.Fatalf("in memory: %d", e)
	}
	again := NewCursors(db, "test_cursor")
	if err := again.Init(ctx); err != nil { // Init keeps what is there
		t.Fatal(err)
	}
	e, err1 := again.Get(ctx, Events)
	d, err2 := again.Get(ctx, Dossiers)
	if err1 != nil || err2 != nil || e != 10 || d != 20 {
		t.Fatalf("after a restart: %d %d %v %v", e, d, err1, err2)
	}
	if again.Skip(false, false, 13, 23) {
		t.Fatal("skipped with no write yet in this process")
	}
}

func TestBackoff(t *testing.T) {
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 5: 10 * time.Second, 50: 10 * time.Second} {
		if got := Backoff(attempt, time.Second, 10*time.Second); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", attempt, got, want)
		}
	}
}

// Senders run one delivery per key at a time and at most n at once; a
// place not used is given back; Wait waits for the running ones.
func TestSenders(t *testing.T) {
	s := NewSenders(2)
	release := make(chan struct{})
	done := make(chan string, 4)
	if !s.Slot() {
		t.Fatal("no first place")
	}
	s.Go("a", func() { <-release }, func() { done <- "a" })
	if !s.Busy("a") || s.Busy("b") {
		t.Fatal("busy keys")
	}
	if !s.Slot() {
		t.Fatal("no second place")
	}
	if s.Slot() {
		t.Fatal("a third place out of two")
	}
	s.Release()
	if !s.Slot() {
		t.Fatal("a released place was not given back")
	}
	s.Go("b", func() { <-release }, func() { done <- "b" })
	close(release)
	s.Wait()
	if len(done) != 2 || s.Busy("a") || s.Busy("b") {
		t.Fatalf("after Wait: %d done, busy a %v b %v", len(done), s.Busy("a"), s.Busy("b"))
	}
	if !s.Slot() || !s.Slot() {
		t.Fatal("places not given back after the sends")
	}
}

// The commits of a burst wake a service once, after the wait; a commit
// after that wake wakes it again.
func TestWakeSoonOncePerBurst(t *testing.T) {
	var n atomic.Int32
	woke := make(chan struct{}, 10)
	w := &WakeSoon{D: 500 * time.Millisecond, Wake: func() { n.Add(1); woke <- struct{}{} }}
	for range 100 {
		w.Commit(nil)
	}
	wait := func(want int32) {
		t.Helper()
		select {
		case <-woke:
		case <-time.After(20 * time.Second):
			t.Fatalf("no wake (want wake %d)", want)
		}
		time.Sleep(time.Second) // room for a wrong extra wake to show
		if got := n.Load(); got != want {
			t.Fatalf("%d wakes, want %d", got, want)
		}
	}
	wait(1)
	w.Commit(nil)
	wait(2)
}
