package main

import (
	"context"
	"testing"
	"time"
)

// TestSyncBenchProvinceSmall runs `motcua syncbench province` at a tiny
// size (3 centres, SQLite portal): every centre's agent with its own
// agency and credential drains its backlog at once, and the tool's own
// check counts each centre's dossiers and steps at the portal. No timing
// is asserted.
func TestSyncBenchProvinceSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a centre, a portal and 3 agents")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	err := runSyncBench(ctx, []string{"province", "--centres", "3", "--dossiers", "5", "--updates", "12",
		"--steady", "600ms", "--rate", "10", "--dir", t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := runSyncBench(ctx, []string{"province", "--centres", "0"}); err == nil {
		t.Fatal("--centres 0 accepted")
	}
}
