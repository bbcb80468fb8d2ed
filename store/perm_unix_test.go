//go:build unix

package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// withUmask runs the test under the usual 022 umask, whatever the runner's.
func withUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %#o, want %#o", filepath.Base(path), got, want)
	}
}

func writeTicket(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.Write(context.Background(), func(tx *store.Tx) error {
		now := time.Now()
		tk := queue.Ticket{ID: "perm1", Number: "A001", Day: queue.Day(now), Seq: 1, Service: "s",
			Status: queue.Waiting, IssuedAt: now, ArrivalAt: now}
		return tx.InsertTicket(tk, "A", "")
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A new centre database, its WAL and shared-memory files and its lock file
// are readable by the service account only (issue 13 item 7).
func TestNewDatabaseFilesArePrivate(t *testing.T) {
	withUmask(t)
	path := filepath.Join(t.TempDir(), "centre.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	writeTicket(t, db)
	for _, p := range []string{path, path + "-wal", path + "-shm", path + ".lock"} {
		wantMode(t, p, 0o600)
	}
}

// Files an older version left 0644 are tightened when the database opens.
func TestExistingDatabaseFilesTightenedOnOpen(t *testing.T) {
	withUmask(t)
	path := filepath.Join(t.TempDir(), "centre.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	writeTicket(t, db)
	db.Close()
	// What the old code left: every file world-readable, a WAL beside.
	f, err := os.OpenFile(path+"-wal", os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + ".lock"} {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, p := range []string{path, path + "-wal", path + ".lock"} {
		wantMode(t, p, 0o600)
	}
}

// A backup is 0600 and the backup folder it creates is 0700.
func TestBackupIsPrivate(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	writeTicket(t, db)
	dest := filepath.Join(dir, "backups", "centre-1.db")
	if err := db.Backup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	wantMode(t, dest, 0o600)
	wantMode(t, filepath.Dir(dest), 0o700)
	if err := store.Check(context.Background(), dest); err != nil {
		t.Fatalf("the private backup is not a usable database: %v", err)
	}
	if err := db.Backup(context.Background(), dest); err == nil {
		t.Fatal("a second backup over an existing file was accepted")
	}
	// A restored database is private too, and so is the file it replaced.
	target := filepath.Join(dir, "restored.db")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(target, 0o644)
	kept, err := store.Restore(context.Background(), dest, target)
	if err != nil {
		t.Fatal(err)
	}
	wantMode(t, target, 0o600)
	wantMode(t, kept, 0o600)
}

// PrivateDir creates data folders 0700 and tightens this user's existing
// ones; it leaves shared sticky folders such as /tmp alone.
func TestPrivateDir(t *testing.T) {
	withUmask(t)
	base := t.TempDir()
	fresh := filepath.Join(base, "data", "logs")
	if err := store.PrivateDir(fresh); err != nil {
		t.Fatal(err)
	}
	wantMode(t, fresh, 0o700)
	wantMode(t, filepath.Join(base, "data"), 0o700)
	old := filepath.Join(base, "receipts")
	if err := os.Mkdir(old, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := store.PrivateDir(old); err != nil {
		t.Fatal(err)
	}
	wantMode(t, old, 0o700)
	shared := filepath.Join(base, "shared")
	if err := os.Mkdir(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	if err := store.PrivateDir(shared); err != nil {
		t.Fatal(err)
	}
	wantMode(t, shared, 0o777)
}
