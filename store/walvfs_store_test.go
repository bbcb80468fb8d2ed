package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/store/walvfs"
)

// The store's writer goes through the WAL-buffering VFS: a commit of
// several pages reaches the WAL in one write. Fails if the write
// connection is opened with SQLite's default VFS (every frame two writes).
func TestStoreCommitsThroughWALVFS(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	payload := []byte(strings.Repeat("y", 40<<10)) // ~10 overflow pages
	const commits = 20
	a0, m0 := walvfs.Stats()
	for i := range commits {
		if err := db.Write(ctx, func(tx *store.Tx) error {
			return tx.AppendOutbox("test", "k", int64(i), payload)
		}); err != nil {
			t.Fatal(err)
		}
	}
	a1, m1 := walvfs.Stats()
	asked, made := a1-a0, m1-m0
	t.Logf("%d commits: %d writes asked, %d made", commits, asked, made)
	if asked < 10*commits || made > commits+2 {
		t.Fatalf("%d commits of ~10 pages: %d WAL writes asked, %d made; want ≥ %d asked, ≤ %d made", commits, asked, made, 10*commits, commits+2)
	}
}
