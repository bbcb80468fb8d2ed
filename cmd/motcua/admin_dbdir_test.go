package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/motcua/motcua/store"
)

// `motcua admin officer add` on a fresh install, before the server ever
// ran: the default --db data/centre.db is in a folder that does not exist
// yet. The command creates it as the server does (0700, the database
// 0600) and the officer is saved; device add and webhook add create a
// nested folder the same way; a restore into a missing folder works. The
// commands that only read (device list, backup) name the missing folder in
// English and create nothing.
func TestAdminCreatesDataFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("MOTCUA_OFFICER_PASSWORD", "mat-khau-moi-truong")
	if err := runAdmin(ctx, []string{"officer", "add", "--username", "canbo1", "--counters", "q1"}); err != nil {
		t.Fatalf("officer add without data/: %v", err)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{"data": store.PrivateDirMode, "data/centre.db": store.PrivateFileMode} {
			fi, err := os.Stat(filepath.Join(dir, p))
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("%s mode %o, want %o (as motcua serve makes it)", p, got, want)
			}
		}
	}
	db, err := store.Open(filepath.Join(dir, "data", "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	if o, err := db.Officer(ctx, "canbo1"); err != nil || o.Username != "canbo1" {
		t.Fatalf("officer not saved: %+v %v", o, err)
	}
	db.Close()

	for _, args := range [][]string{
		{"device", "add", "--role", "kiosk", "--name", "kiosk-1", "--db", "a/b/centre.db"},
		{"webhook", "add", "--url", "https://example.org/hook", "--db", "c/d/centre.db"},
	} {
		if err := runAdmin(ctx, args); err != nil {
			t.Errorf("%v: %v", args[:2], err)
		}
		db := args[len(args)-1]
		if _, err := os.Stat(filepath.Join(dir, db)); err != nil {
			t.Errorf("%v did not create %s: %v", args[:2], db, err)
		}
	}

	// backup, then restore into a folder that does not exist
	if err := runAdmin(ctx, []string{"backup", "--db", "data/centre.db", "--to", "backup.db"}); err != nil {
		t.Fatal(err)
	}
	if err := runAdmin(ctx, []string{"restore", "--db", "new/centre.db", "--from", "backup.db"}); err != nil {
		t.Fatalf("restore into a missing folder: %v", err)
	}
	db, err = store.Open(filepath.Join(dir, "new", "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Officer(ctx, "canbo1"); err != nil {
		t.Errorf("restored database lacks the officer: %v", err)
	}
	db.Close()

	// read-only commands: a clear English error naming the folder
	for _, args := range [][]string{
		{"device", "list", "--db", "missing/centre.db"},
		{"device", "revoke", "--id", "x", "--db", "missing/centre.db"},
		{"backup", "--db", "missing/centre.db", "--to", "b2.db"},
		{"webhook", "list", "--db", "missing/centre.db"},
	} {
		err := runAdmin(ctx, args)
		if err == nil || !strings.Contains(err.Error(), "the data folder missing does not exist") {
			t.Errorf("%v: error %v, want one naming the missing folder", args[:2], err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("a read-only command created the data folder")
	}
}
