package store_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/store"
)

// A database made when migrations were counted in user_version (0001–0003
// applied, no schema_migrations table) takes only the newer files, by
// name, and opens cleanly again.
func TestMigrateFromUserVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"0001_queue.sql", "0002_dossiers.sql", "0003_sync.sql"} {
		b, err := os.ReadFile(filepath.Join("migrations", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if _, err := raw.Exec(`PRAGMA user_version = 3`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for i := 0; i < 2; i++ {
		db, err := store.Open(path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var n int
		if err := db.Read().QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='index' AND name IN ('tickets_status','tickets_counter')`).Scan(&n); err != nil || n != 2 {
			t.Fatalf("newer migration not applied: %d indexes, %v", n, err)
		}
		db.Close()
	}
}
