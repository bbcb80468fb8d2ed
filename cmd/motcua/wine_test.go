//go:build linux

package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/internal/winetest"
	"github.com/motcua/motcua/queue"
)

// The Windows build of the centre server, run under Wine: it serves
// /healthz, issues and calls a ticket, refuses a restore while it runs
// (LockFileEx), and after being killed and started again still has the
// ticket. Skipped where wine64 or mingw-w64 is not installed.
func TestWineServer(t *testing.T) {
	if testing.Short() {
		t.Skip("Windows build under Wine skipped in -short mode")
	}
	w := winetest.Get(t, filepath.Dir(motcuaBin))
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	exe := windowsExe(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "centre.db")
	// provisioning with the Windows build too
	wrun := func(args ...string) string {
		t.Helper()
		out, err := w.Command(ctx, exe, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("wine motcua.exe %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	wrun("admin", "officer", "add", "--db", winetest.Path(db), "--username", "canbo1", "--password", "matkhau123", "--name", "Nguyễn Thị Hoa")
	kioskTok := lastLine(wrun("admin", "device", "add", "--db", winetest.Path(db), "--role", "kiosk", "--name", "kiosk-1"))

	serve := func() (string, func()) {
		t.Helper()
		addr := freeAddr(t)
		logf, err := os.Create(filepath.Join(dir, "serve-"+strings.ReplaceAll(addr, ":", "_")+".log"))
		if err != nil {
			t.Fatal(err)
		}
		cmd := w.Command(ctx, exe, "serve", "--db", winetest.Path(db), "--addr", addr)
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		stopped := false
		stop := func() {
			if stopped {
				return
			}
			stopped = true
			// a hard kill: committed data must survive a crash or power cut
			cmd.Process.Kill()
			cmd.Wait()
			logf.Close()
		}
		t.Cleanup(func() {
			stop()
			if t.Failed() {
				b, _ := os.ReadFile(logf.Name())
				t.Logf("--- motcua.exe serve log ---\n%s", b)
			}
		})
		base := "http://" + addr
		eventually(t, "motcua.exe serves /healthz", func() (bool, error) {
			resp, err := http.Get(base + "/healthz")
			if err != nil {
				return false, err
			}
			resp.Body.Close()
			return resp.StatusCode == 200, nil
		})
		return base, stop
	}

	base, stop := serve()
	kc, _ := client.New(base, kioskTok)
	iss, err := kc.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	oc, _ := client.New(base, "")
	if _, err := oc.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	called, ok, err := oc.CallNext(ctx, "q1", "")
	if err != nil || !ok || called.ID != iss.ID || called.Status != queue.Called {
		t.Fatalf("call next: %+v %v %v", called, ok, err)
	}

	// backup works while serving; restore is refused (the lock file)
	backup := filepath.Join(dir, "backup.db")
	wrun("admin", "backup", "--db", winetest.Path(db), "--to", winetest.Path(backup))
	out, err := w.Command(ctx, exe, "admin", "restore", "--db", winetest.Path(db), "--from", winetest.Path(backup)).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use") {
		t.Fatalf("restore under a running server: %v\n%s", err, out)
	}

	stop()
	base2, _ := serve()
	oc2, _ := client.New(base2, "")
	if _, err := oc2.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	got, err := oc2.Ticket(ctx, iss.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != iss.Number || got.Status != queue.Called {
		t.Fatalf("after restart: ticket %s %s, want %s called", got.Number, got.Status, iss.Number)
	}
}

// The centre server as a Windows service, under Wine's service manager:
// install, start (it serves and logs to its rotating file), stop (the
// port closes), uninstall. Wine has no virtual service accounts, so this
// runs as LocalSystem; the default account is for real Windows.
func TestWineService(t *testing.T) {
	if testing.Short() {
		t.Skip("Windows service under Wine skipped in -short mode")
	}
	w := winetest.Get(t, filepath.Dir(motcuaBin))
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	exe := windowsExe(t)
	data := t.TempDir()
	addr := freeAddr(t)
	// Output to a file, not a pipe: the first Wine command of a session
	// starts the service manager, which inherits its stdout; once the
	// pipe's reader is gone, the service's first line to stdout (the
	// "centre server on" banner) would kill it with SIGPIPE.
	svc := func(args ...string) (string, error) {
		f, err := os.CreateTemp(t.TempDir(), "svc-*.out")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd := w.Command(ctx, exe, append([]string{"service"}, args...)...)
		cmd.Stdout, cmd.Stderr = f, f
		err = cmd.Run()
		out, _ := os.ReadFile(f.Name())
		return string(out), err
	}
	if out, err := svc("install", "--addr", addr, "--data", winetest.Path(data), "--account", "LocalSystem", "--start", "manual"); err != nil {
		t.Fatalf("install: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if t.Failed() {
			for _, f := range []string{"centre.log", "crash.log"} {
				b, _ := os.ReadFile(filepath.Join(data, "logs", f))
				t.Logf("--- %s ---\n%s", f, b)
			}
			ents, _ := os.ReadDir(data)
			for _, e := range ents {
				t.Logf("data: %s", e.Name())
			}
		}
		svc("uninstall")
	})
	// the event log source is registered (Event Viewer shows our records
	// under Application, source motcua-centre)
	const evKey = `HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\motcua-centre`
	regQuery := func() (string, error) {
		out, err := w.Command(ctx, "reg", "query", evKey).CombinedOutput()
		return string(out), err
	}
	if out, err := regQuery(); err != nil || !strings.Contains(out, "EventMessageFile") {
		t.Fatalf("event log source not registered by install: %v\n%s", err, out)
	}
	if out, err := svc("start"); err != nil {
		t.Fatalf("start: %v\n%s", err, out)
	}
	// a service starts slower than a console program under Wine on a
	// loaded machine: a longer liveness guard than eventually's
	start := time.Now()
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > 90*time.Second {
			t.Fatalf("the service does not serve /healthz at %s (since %s): %v", time.Now().UTC().Format("15:04:05"), start.UTC().Format("15:04:05"), err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	logText, err := os.ReadFile(filepath.Join(data, "logs", "centre.log"))
	if err != nil || !strings.Contains(string(logText), "centre server listening") {
		t.Fatalf("service log: %v\n%s", err, logText)
	}
	if out, err := svc("stop"); err != nil {
		t.Fatalf("stop: %v\n%s", err, out)
	}
	eventually(t, "the service stopped", func() (bool, error) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return true, nil
		}
		resp.Body.Close()
		return false, nil
	})
	if out, err := svc("uninstall"); err != nil || !strings.Contains(out, "removed") {
		t.Fatalf("uninstall: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(data, "centre.db")); err != nil {
		t.Errorf("the data folder must stay after uninstall: %v", err)
	}
	if out, err := regQuery(); err == nil {
		t.Errorf("event log source still registered after uninstall:\n%s", out)
	}
}

// The Windows-specific code of the hardware and store packages, run as
// Windows test binaries under Wine: the LAN printer transport against the
// simulator, the spooler transport's "no such printer", COM port errors,
// the LockFileEx store lock, the WAL-buffering SQLite VFS over win32.
func TestWinePackageTests(t *testing.T) {
	if testing.Short() {
		t.Skip("Windows tests under Wine skipped in -short mode")
	}
	w := winetest.Get(t, filepath.Dir(motcuaBin))
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	for _, tc := range []struct{ pkg, run string }{
		{"hardware/printer", "TCP|ParseAddress|Winspool"},
		{"hardware/serialport", "Windows"},
		{"store", "RestoreRefusedWhileOpen"},
		{"store/walvfs", "CommitIsOneWrite|ReadersSeeEveryCommit"},
		{"internal/procmem", "ReadRSS"},
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			exe := filepath.Join(t.TempDir(), filepath.Base(tc.pkg)+".test.exe")
			if err := winetest.BuildTest(ctx, filepath.Join("..", "..", tc.pkg), exe); err != nil {
				t.Fatal(err)
			}
			out, err := w.Command(ctx, exe, "-test.run", tc.run, "-test.v").CombinedOutput()
			if err != nil {
				t.Fatalf("%s tests under Wine: %v\n%s", tc.pkg, err, out)
			}
			if !strings.Contains(string(out), "--- PASS") {
				t.Fatalf("%s: no test ran under Wine:\n%s", tc.pkg, out)
			}
			t.Logf("%s under Wine:\n%s", tc.pkg, summary(string(out)))
		})
	}
}

func summary(out string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "--- ") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
