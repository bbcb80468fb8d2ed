package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/store"
)

// The lock file (flock on Unix, LockFileEx on Windows): any number of
// programs may hold a database open, a restore needs it alone.
func TestRestoreRefusedWhileOpen(t *testing.T) {
	ctx := context.Background()
	dir := tempDir(t)
	path := filepath.Join(dir, "centre.db")
	a, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(path) // a second reader (admin tool beside the server)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := a.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, db := range []*store.DB{a, b} {
		if _, err := store.Restore(ctx, backup, path); err == nil || !strings.Contains(err.Error(), "in use") {
			t.Fatalf("restore while open: %v", err)
		}
		db.Close()
	}
	kept, err := store.Restore(ctx, backup, path)
	if err != nil {
		t.Fatalf("restore once closed: %v", err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("replaced database not kept: %v", err)
	}
	c, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// tempDir is t.TempDir with a cleanup that deletes file by file: under
// Wine 8.0 os.RemoveAll fails ("Invalid function": no
// FileDispositionInformationEx), and this test also runs there.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "motcua-store-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			os.Remove(filepath.Join(dir, e.Name()))
		}
		if err := os.Remove(dir); err != nil {
			t.Errorf("clean up: %v", err)
		}
	})
	return dir
}
