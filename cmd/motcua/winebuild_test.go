//go:build linux

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/winetest"
)

// The Windows builds the Wine tests run, each cross-compiled once per test
// binary and shared (read-only) by the tests: a go build of motcua.exe
// takes 10–30 s of the CI box's two cores even with a warm cache (the
// link), and four tests used to make their own.
var (
	newExeOnce sync.Once
	newExe     string
	newExeErr  error

	oldExeOnce sync.Once
	oldExe     string
	oldExeErr  error
)

// windowsExe is this tree's motcua.exe (CGO_ENABLED=0, windows/amd64).
// Tests copy it when they need to change the file.
func windowsExe(t *testing.T) string {
	t.Helper()
	newExeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		exe := filepath.Join(filepath.Dir(motcuaBin), "motcua.exe")
		if newExeErr = winetest.BuildExe(ctx, ".", exe); newExeErr == nil {
			newExe = exe
		}
	})
	if newExeErr != nil {
		t.Fatal(newExeErr)
	}
	return newExe
}

// oldWindowsExe is the previous release's motcua.exe, built from the tree
// oldRelease extracted (it skips the test as oldRelease does).
func oldWindowsExe(t *testing.T) string {
	t.Helper()
	src, _ := oldRelease(t)
	oldExeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		// -trimpath: the old tree is extracted anew on every run; without
		// it Go's build cache would miss every package.
		exe := filepath.Join(filepath.Dir(src), "motcua-"+previousRelease+".exe")
		build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", exe, "./cmd/motcua")
		build.Dir = src
		build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64")
		if out, err := build.CombinedOutput(); err != nil {
			oldExeErr = fmt.Errorf("build motcua.exe %s: %v\n%s", previousRelease, err, out)
			return
		}
		oldExe = exe
	})
	if oldExeErr != nil {
		t.Fatal(oldExeErr)
	}
	return oldExe
}
