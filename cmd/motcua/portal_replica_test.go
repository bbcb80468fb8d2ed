package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	portalstore "github.com/motcua/motcua/portal/store"
)

// TestPortalServeReadDBNeedsPostgres: --read-db with a SQLite portal is
// refused before anything is opened or listened on.
func TestPortalServeReadDBNeedsPostgres(t *testing.T) {
	db := filepath.Join(t.TempDir(), "portal.db")
	err := portalServe(context.Background(), []string{"--addr", "127.0.0.1:0", "--db", db, "--read-db", "postgres://replica.invalid/portal"})
	if !errors.Is(err, portalstore.ErrReplicaNeedsPostgres) {
		t.Fatalf("err %v", err)
	}
	if matches, _ := filepath.Glob(db + "*"); len(matches) != 0 {
		t.Fatalf("the SQLite file was created: %v", matches)
	}
}
