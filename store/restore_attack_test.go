//go:build unix

package store_test

// Red team 4 (docs/SECURITY.md, "Session 8 review"): motcua admin restore
// and the files it takes.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/store"
)

// backupFor makes a database with one ticket in dir and a backup of it.
func backupFor(t *testing.T, dir string) (backup string) {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	writeTicket(t, db)
	backup = filepath.Join(dir, "backups", "centre.db")
	if err := db.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	return backup
}

// TestAttackRestoreTemporaryFile: the restore wrote the backup to
// target.restoring opened without O_EXCL. A link planted there (or left by
// anyone who could write the folder) made the restore overwrite the file it
// points to; a leftover of a crashed restore kept its mode, so the restored
// database was 0644. Failed before the fix (the victim file overwritten;
// the database restored 0644).
func TestAttackRestoreTemporaryFile(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	backup := backupFor(t, dir)
	target := filepath.Join(dir, "data", "centre.db")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(dir, "victim.conf")
	if err := os.WriteFile(victim, []byte("do not touch"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, target+".restoring"); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Restore(context.Background(), backup, target); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "do not touch" {
		t.Fatalf("the file linked at target.restoring was overwritten (%d bytes)", len(b))
	}
	if err := store.Check(context.Background(), target); err != nil {
		t.Fatal(err)
	}
	wantMode(t, target, 0o600)

	// A crashed restore's leftover, readable by everyone.
	target2 := filepath.Join(dir, "data", "centre2.db")
	if err := os.WriteFile(target2+".restoring", []byte("partial"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(target2+".restoring", 0o644)
	if _, err := store.Restore(context.Background(), backup, target2); err != nil {
		t.Fatal(err)
	}
	wantMode(t, target2, 0o600)
	if _, err := os.Lstat(target2 + ".restoring"); !os.IsNotExist(err) {
		t.Fatalf("the temporary file stayed: %v", err)
	}
}

// TestAttackRestoreForeignBackup: a backup every local user may write, or
// one owned by another user, is refused before anything is touched (its
// officers table, passwords included, would be theirs); the database in
// place stays, nothing is renamed. A backup that is not a database is
// refused the same way, leaving no temporary file.
func TestAttackRestoreForeignBackup(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	backup := backupFor(t, dir)
	target := filepath.Join(dir, "centre.db")
	db, err := store.Open(target)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	untouched := func(name string) {
		t.Helper()
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.Contains(e.Name(), "before-restore") || strings.HasSuffix(e.Name(), ".restoring") {
				t.Fatalf("%s: %s left", name, e.Name())
			}
		}
		if err := store.Check(context.Background(), target); err != nil {
			t.Fatalf("%s: the database in place: %v", name, err)
		}
	}
	os.Chmod(backup, 0o666)
	if _, err := store.Restore(context.Background(), backup, target); err == nil || !strings.Contains(err.Error(), "writable by every user") {
		t.Fatalf("an everyone-writable backup: %v", err)
	}
	untouched("everyone-writable")
	os.Chmod(backup, 0o600)
	if os.Geteuid() == 0 {
		if err := os.Chown(backup, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Restore(context.Background(), backup, target); err == nil || !strings.Contains(err.Error(), "belongs to another user") {
			t.Fatalf("another user's backup: %v", err)
		}
		untouched("another user's")
		// The database's owner's backup is theirs to restore (root restoring the service's backup).
		if err := os.Chown(target, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Restore(context.Background(), backup, target); err != nil {
			t.Fatalf("the database owner's backup: %v", err)
		}
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("x", 4096)), 0o600)
	target3 := filepath.Join(dir, "third.db")
	if _, err := store.Restore(context.Background(), junk, target3); err == nil {
		t.Fatal("a file that is not a database was restored")
	}
	if _, err := os.Lstat(target3 + ".restoring"); !os.IsNotExist(err) {
		t.Fatalf("the temporary file of a refused restore stayed: %v", err)
	}
}
