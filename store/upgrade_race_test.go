package store_test

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/motcua/motcua/store"
)

// The first starts after an upgrade may open the database at the same
// moment (systemd starts motcua-centre and motcua-sync together): each
// migration is applied once and every Open succeeds.
func TestConcurrentOpensAfterUpgrade(t *testing.T) {
	for round := 0; round < 5; round++ {
		path := filepath.Join(t.TempDir(), "centre.db")
		oldDatabase(t, path).Close()
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := store.Open(path)
				if err == nil {
					db.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, open %d: %v", round, i, err)
			}
		}
		a, err := store.AppliedMigrations(path)
		if err != nil || len(a) != len(store.Migrations()) {
			t.Fatalf("applied %v %v", a, err)
		}
	}
}
