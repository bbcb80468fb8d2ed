//go:build linux

package main

import (
	"context"
	"net/http"
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
	w := winetest.Get(t, filepath.Dir(motcuaBin)) // skips first, before the old tree is built
	oldExe := oldWindowsExe(t)
	newExe := windowsExe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
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

// The Windows service upgraded in place, as an IT officer does it under
// Windows: the previous release's motcua.exe installed as the service and
// serving; `motcua service stop`; the new motcua.exe copied over the old
// file; `motcua service start`. The service's log file says which
// migrations the start applied, and the number issued before is served.
func TestWineServiceUpgradeInPlace(t *testing.T) {
	if testing.Short() {
		t.Skip("Windows service upgrade under Wine skipped in -short mode")
	}
	w := winetest.Get(t, filepath.Dir(motcuaBin)) // skips first, before the old tree is built
	oldExe := oldWindowsExe(t)
	newExe := windowsExe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	// "C:\Program Files\motcua\motcua.exe": the old release's file
	prog := filepath.Join(t.TempDir(), "motcua.exe")
	copyExe := func(from string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(prog, b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyExe(oldExe)
	data := t.TempDir()
	addr := freeAddr(t)
	// output to a file, not a pipe (see TestWineService)
	outDir := t.TempDir()
	cmdOut := func(args ...string) (string, error) {
		f, err := os.CreateTemp(outDir, "out-*")
		if err != nil {
			return "", err
		}
		defer f.Close()
		// not ctx: the cleanup's uninstall runs after ctx is cancelled
		cctx, ccancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer ccancel()
		cmd := w.Command(cctx, prog, args...)
		cmd.Stdout, cmd.Stderr = f, f
		err = cmd.Run()
		out, _ := os.ReadFile(f.Name())
		return string(out), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := cmdOut(args...)
		if err != nil {
			t.Fatalf("motcua.exe %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	must("service", "install", "--addr", addr, "--data", winetest.Path(data), "--account", "LocalSystem", "--start", "manual")
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(data, "logs", "centre.log"))
			t.Logf("--- centre.log ---\n%s", b)
		}
		cmdOut("service", "stop")
		cmdOut("service", "uninstall")
	})
	wdb := winetest.Path(filepath.Join(data, "centre.db"))
	must("admin", "officer", "add", "--db", wdb, "--username", "canbo1", "--password", "matkhau123")
	kioskTok := lastLine(must("admin", "device", "add", "--db", wdb, "--role", "kiosk", "--name", "kiosk-1"))
	healthy := func(want bool) {
		t.Helper()
		start := time.Now()
		for {
			resp, err := http.Get("http://" + addr + "/healthz")
			up := err == nil && resp.StatusCode == 200
			if err == nil {
				resp.Body.Close()
			}
			if up == want {
				return
			}
			if time.Since(start) > 90*time.Second {
				t.Fatalf("service up=%v, want %v: %v", up, want, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	must("service", "start")
	healthy(true)
	kc, _ := client.New("http://"+addr, kioskTok)
	iss, err := kc.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	must("admin", "backup", "--db", wdb, "--to", winetest.Path(filepath.Join(t.TempDir(), "before-upgrade.db")))
	must("service", "stop")
	healthy(false)

	copyExe(newExe) // the upgrade: the new file over the old one
	must("service", "start")
	healthy(true)
	oc, _ := client.New("http://"+addr, "")
	if _, err := oc.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	called, ok, err := oc.CallNext(ctx, "q1", "")
	if err != nil || !ok || called.ID != iss.ID {
		t.Fatalf("the upgraded service calls %+v %v %v, want %s issued before the upgrade", called, ok, err, iss.Number)
	}
	logText, _ := os.ReadFile(filepath.Join(data, "logs", "centre.log"))
	if !strings.Contains(string(logText), `msg="database upgraded"`) || !strings.Contains(string(logText), "0065_tickets_redirected.sql") {
		t.Fatalf("the service's log does not say what the upgrade applied:\n%s", logText)
	}
	must("service", "stop")
	healthy(false)
	if out := must("service", "uninstall"); !strings.Contains(out, "removed") {
		t.Fatalf("uninstall: %s", out)
	}
}
