package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// A backup taken while writers are busy restores to a database whose
// tickets, numbering and events agree with each other.
func TestBackupUnderLoadRestoresConsistent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	issue := func(i int) error {
		return db.Write(ctx, func(tx *store.Tx) error {
			now := time.Now()
			day := queue.Day(now)
			seq, err := tx.NextSeq(day, "A")
			if err != nil {
				return err
			}
			tk := queue.Ticket{ID: fmt.Sprintf("t%06d", i), Number: fmt.Sprintf("A%03d", seq%1000), Day: day, Seq: seq,
				Service: "s", Status: queue.Waiting, IssuedAt: now, ArrivalAt: now}
			if err := tx.InsertTicket(tk, "A", ""); err != nil {
				return err
			}
			if _, err := tx.AddWaiting("s", 1); err != nil {
				return err
			}
			_, err = tx.AppendEvent(queue.Event{Kind: queue.EvIssued, TicketID: tk.ID, Service: "s", At: now})
			return err
		})
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var issued atomic.Int64
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := issue(w*1_000_000 + i); err != nil {
					t.Error(err)
					return
				}
				issued.Add(1)
			}
		}(w)
	}
	// The backup is taken with the writers busy, after a number of tickets
	// (not after a fixed time: a loaded machine may write none in it).
	for deadline := time.Now().Add(time.Minute); issued.Load() < 200; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d tickets written in a minute", issued.Load())
		}
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()

	target := filepath.Join(dir, "restored.db")
	if _, err := store.Restore(ctx, backup, target); err != nil {
		t.Fatal(err)
	}
	r, err := store.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var tickets, events, last, waiting int
	q := r.Read()
	if err := q.QueryRow(`SELECT count(*) FROM tickets`).Scan(&tickets); err != nil {
		t.Fatal(err)
	}
	q.QueryRow(`SELECT count(*) FROM events WHERE kind=?`, queue.EvIssued).Scan(&events)
	q.QueryRow(`SELECT coalesce(sum(last),0) FROM ticket_seq`).Scan(&last)
	q.QueryRow(`SELECT coalesce(sum(n),0) FROM waiting`).Scan(&waiting)
	if tickets == 0 {
		t.Fatal("backup holds no tickets; the load did not run before the backup")
	}
	if tickets != events || tickets != last || tickets != waiting {
		t.Fatalf("inconsistent backup: %d tickets, %d issue events, %d numbers used, %d waiting", tickets, events, last, waiting)
	}
	// Restoring over a database that is open elsewhere is refused.
	if _, err := store.Restore(ctx, backup, target); err == nil {
		t.Fatal("restore over an open database succeeded")
	}
}
