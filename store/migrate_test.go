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

// 0006 rebuilds the devices table to allow rating pads: enrolled devices
// and their tokens survive it, and a "ratingpad" device can be enrolled.
func TestMigrateRatingPadKeepsDevices(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join("migrations", "000[1-5]_*.sql"))
	for _, f := range names {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if _, err := raw.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`INSERT INTO schema_migrations VALUES (?, 0)`, filepath.Base(f)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`INSERT INTO devices (id, name, role, token_hash, revoked, created_at, state) VALUES ('k1','kiosk-1','kiosk','h1',1,5,'paper ok')`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO devices (id, name, role, token_hash, created_at) VALUES ('p1','pad-1','ratingpad','h2',5)`); err == nil {
		t.Fatal("the old schema accepted a rating pad")
	}
	raw.Close()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var d store.Device
	var state string
	if err := db.Read().QueryRow(`SELECT id, name, role, revoked, state FROM devices WHERE token_hash='h1'`).Scan(&d.ID, &d.Name, &d.Role, &d.Revoked, &state); err != nil ||
		d.Name != "kiosk-1" || !d.Revoked || state != "paper ok" {
		t.Fatalf("device after migration: %+v %q %v", d, state, err)
	}
	err = db.Write(t.Context(), func(tx *store.Tx) error {
		return tx.PutDevice(store.Device{ID: "p1", Name: "pad-1", Role: "ratingpad"}, "h2")
	})
	if err != nil {
		t.Fatalf("enrol a rating pad: %v", err)
	}
}
