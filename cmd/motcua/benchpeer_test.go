package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// bench-peer without a built peer says what to set instead of running
// half a comparison (make bench-peer skips before calling it).
func TestBenchPeerNeedsPeer(t *testing.T) {
	t.Setenv("PEERBENCH", "")
	err := runBenchPeer(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "PEERBENCH") {
		t.Fatalf("no peer: err = %v", err)
	}
	missing := filepath.Join(t.TempDir(), "peerbench")
	err = runBenchPeer(context.Background(), []string{"--peer", missing})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing peer binary: err = %v", err)
	}
	err = runBenchPeer(context.Background(), []string{"--peer", "/bin/sh", "--modes", "sideways"})
	if err == nil || !strings.Contains(err.Error(), "sideways") {
		t.Fatalf("unknown mode: err = %v", err)
	}
}
