//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/internal/winetest"
	"github.com/motcua/motcua/queue"
)

// The same upgrade with the Windows builds under Wine: the previous
// release's motcua.exe (built from git) makes the centre database and
// serves a day of work; this build's motcua.exe backs it up, starts on it
// (migrations 0064, 0065) and serves every old number and dossier; the
// schema is a fresh install's; the old motcua.exe restores the backup and
// serves the day as it was. Skipped without wine64/mingw-w64 or without
// the git history.
func TestWineUpgradeFromPreviousRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("Windows upgrade under Wine skipped in -short mode")
	}
	src, _ := oldRelease(t)
	w := winetest.Get(t, filepath.Dir(motcuaBin))
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	newExe := filepath.Join(filepath.Dir(motcuaBin), "motcua.exe")
	if err := winetest.BuildExe(ctx, ".", newExe); err != nil {
		t.Fatal(err)
	}
	// -trimpath: the old tree is extracted anew on every run; without it
	// Go's build cache would miss every package.
	oldExe := filepath.Join(filepath.Dir(src), "motcua-"+previousRelease+".exe")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", oldExe, "./cmd/motcua")
	build.Dir = src
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build motcua.exe %s: %v\n%s", previousRelease, err, out)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "centre.db")
	os.MkdirAll(filepath.Dir(db), 0o700)
	wdb := winetest.Path(db)
	wrun := func(exe string, args ...string) string {
		t.Helper()
		out, err := w.Command(ctx, exe, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("wine %s %s: %v\n%s", filepath.Base(exe), strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	serve := func(exe, logName string) *server {
		t.Helper()
		return serveCmd(t, ctx, func(args ...string) *exec.Cmd { return w.Command(ctx, exe, args...) }, db, wdb, logName)
	}

	for _, u := range []string{"canbo1", "canbo2", "canbo3"} {
		wrun(oldExe, "admin", "officer", "add", "--db", wdb, "--username", u, "--password", "matkhau123", "--name", "Cán bộ "+u)
	}
	kioskTok := lastLine(wrun(oldExe, "admin", "device", "add", "--db", wdb, "--role", "kiosk", "--name", "kiosk-sanh-1"))
	padTok := lastLine(wrun(oldExe, "admin", "device", "add", "--db", wdb, "--role", "ratingpad", "--name", "pad-q1"))
	s := serve(oldExe, "old.log")
	day := fillDay(t, ctx, s.base, kioskTok, padTok)

	// back up with the new motcua.exe while the old one serves
	backup := filepath.Join(dir, "backup", "centre-before-upgrade.db")
	os.MkdirAll(filepath.Dir(backup), 0o700)
	wrun(newExe, "admin", "backup", "--db", wdb, "--to", winetest.Path(backup))
	s.stop(t)
	for _, p := range []string{db, backup} {
		if m := schemaOf(t, p).migrations; m["0065_tickets_redirected.sql"] || !m["0062_officer_counters.sql"] {
			t.Fatalf("%s before the upgrade: migrations %v", filepath.Base(p), m)
		}
	}

	s = serve(newExe, "new.log")
	oc := checkDay(t, ctx, s.base, day)
	oc.Logout(ctx)
	kc, _ := client.New(s.base, kioskTok)
	iss, err := kc.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	q2, _ := client.New(s.base, "")
	if _, err := q2.Login(ctx, "canbo2", "matkhau123", "q2"); err != nil {
		t.Fatal(err)
	}
	tk, ok, err := q2.CallNext(ctx, "q2", "")
	if err != nil || !ok || tk.TargetCounter != "q2" {
		t.Fatalf("counter 2 after the upgrade called %+v %v %v, want a number redirected to it", tk, ok, err)
	}
	s.stop(t)

	after := schemaOf(t, db)
	fresh := filepath.Join(dir, "fresh", "centre.db")
	os.MkdirAll(filepath.Dir(fresh), 0o700)
	wrun(newExe, "admin", "officer", "add", "--db", winetest.Path(fresh), "--username", "x", "--password", "matkhau123")
	if d := schemaOf(t, fresh).diff(after); d != "" {
		t.Fatalf("the upgraded schema differs from a fresh one:\n%s", d)
	}
	if integrity(t, db) != "ok" {
		t.Fatal("integrity_check after the upgrade")
	}

	// rollback: the old motcua.exe restores the backup and serves the day
	out := wrun(oldExe, "admin", "restore", "--db", wdb, "--from", winetest.Path(backup))
	t.Logf("restore: %s", strings.TrimSpace(out))
	if schemaOf(t, db).migrations["0065_tickets_redirected.sql"] {
		t.Fatal("the restored database has the new migrations")
	}
	s = serve(oldExe, "old-restored.log")
	oc = checkDay(t, ctx, s.base, day)
	if _, err := oc.Ticket(ctx, iss.ID); !client.IsCode(err, queue.CodeNotFound) {
		t.Fatalf("the number issued after the upgrade is still there after the restore: %v", err)
	}
	s.stop(t)
}
