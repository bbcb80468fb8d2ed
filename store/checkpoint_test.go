package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/store"
)

// The write connection never checkpoints inside a commit
// (wal_autocheckpoint=0); the writer does it between batches, and the WAL
// stays bounded: 200 back-to-back commits of 160 KB (32 MB through the WAL)
// leave a WAL file of at most half of that, and every row is there after a
// reopen.
func TestCheckpointOffCommitPathKeepsWALBounded(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	var auto int
	if err := db.Write(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&auto)
	}); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Fatalf("the write connection checkpoints inside commits: wal_autocheckpoint=%d", auto)
	}
	const commits, size = 200, 160 << 10
	payload := []byte(strings.Repeat("x", size))
	for i := range commits {
		if err := db.Write(ctx, func(tx *store.Tx) error {
			return tx.AppendOutbox("test", "k", int64(i), payload)
		}); err != nil {
			t.Fatal(err)
		}
	}
	// 200 × 40 pages = 8,000 pages: a checkpoint every 1,000.
	runs, _, fails := db.CheckpointStats()
	if fails > 0 || runs < 4 {
		t.Fatalf("%d checkpoints (%d failed) after 8,000 pages, want ≥ 4", runs, fails)
	}
	st, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > commits*size/2 {
		t.Fatalf("WAL is %d bytes after %d bytes of commits and %d checkpoints: not bounded", st.Size(), commits*size, runs)
	}
	t.Logf("%d checkpoints, WAL %d bytes", runs, st.Size())
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var n int
	if err := db2.Read().QueryRow(`SELECT count(*) FROM outbox WHERE service='test'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != commits {
		t.Fatalf("%d outbox rows after reopen, want %d", n, commits)
	}
}

// Under writes that never leave the writer idle (8 writers back to back),
// the writer still checkpoints (past 4,000 pages) and the WAL stays
// bounded: 64 MB of commits leave at most 24 MB of WAL.
func TestCheckpointUnderContinuousWrites(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	const writers, each, size = 8, 50, 160 << 10
	payload := []byte(strings.Repeat("y", size))
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			for i := range each {
				if err := db.Write(ctx, func(tx *store.Tx) error {
					return tx.AppendOutbox("test", "k", int64(w*each+i), payload)
				}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	runs, _, fails := db.CheckpointStats()
	if fails > 0 || runs < 1 {
		t.Fatalf("%d checkpoints (%d failed) after %d pages", runs, fails, writers*each*40)
	}
	st, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 24<<20 {
		t.Fatalf("WAL is %d bytes after %d bytes of commits and %d checkpoints: not bounded", st.Size(), writers*each*size, runs)
	}
	t.Logf("%d checkpoints, WAL %d bytes", runs, st.Size())
}
