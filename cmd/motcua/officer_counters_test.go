package main

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/motcua/motcua/store"
)

// `motcua admin officer add --counters` sets the officer → counters
// assignment; a re-save without it keeps it; a malformed id is refused
// before anything is written.
func TestAdminOfficerAddCounters(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "centre.db")
	ctx := context.Background()
	t.Setenv("MOTCUA_OFFICER_PASSWORD", "mat-khau-quay-bon")
	add := func(args ...string) error {
		return runAdmin(ctx, append([]string{"officer", "add", "--db", dbPath}, args...))
	}
	if err := add("--username", "canbo4", "--counters", "q5, q4"); err != nil {
		t.Fatal(err)
	}
	if err := add("--username", "canbo5", "--counters", "q1,Q 2"); err == nil {
		t.Fatal("a malformed counter id was accepted")
	}
	if err := add("--username", "canbo4", "--name", "Đỗ Văn Đất"); err != nil {
		t.Fatal(err)
	}
	if err := add("--username", "canbo6"); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	o, err := db.Officer(ctx, "canbo4")
	if err != nil || !o.Assigned || !slices.Equal(o.Counters, []string{"q4", "q5"}) || o.FullName != "Đỗ Văn Đất" {
		t.Fatalf("canbo4: %+v %v", o, err)
	}
	if _, err := db.Officer(ctx, "canbo5"); !store.IsNoRows(err) {
		t.Fatalf("canbo5 written: %v", err)
	}
	if o, _ := db.Officer(ctx, "canbo6"); o.Assigned {
		t.Fatalf("canbo6 assigned without --counters: %+v", o)
	}
}
