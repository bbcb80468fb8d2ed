package store

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/motcua/motcua/portal"
)

// Issue 13 item 7 (portal): portal.db holds the session-signing key and
// personal data; it, its -wal and -shm are 0600 and their folder 0700,
// including files an older version left world-readable.
func TestSQLiteFileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	ctx := context.Background()
	check := func(t *testing.T, dir string) {
		t.Helper()
		path := filepath.Join(dir, "portal.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.Secret(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutDossiers(ctx, []portal.Dossier{dossier(ag+"-231027-0001", 1, 2)}); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			if m := fi.Mode().Perm(); m != 0o600 {
				t.Errorf("%s: mode %o, want 600", filepath.Base(f), m)
			}
		}
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o700 {
			t.Errorf("data folder: mode %o, want 700", m)
		}
	}
	t.Run("new", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		check(t, dir)
	})
	t.Run("existing files tightened", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "portal.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			if err := os.WriteFile(f, nil, 0o644); err != nil && !os.IsExist(err) {
				t.Fatal(err)
			}
			os.Chmod(f, 0o644)
		}
		os.Chmod(dir, 0o755)
		check(t, dir)
	})
}
