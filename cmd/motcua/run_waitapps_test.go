package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestRunWaitsForTheAppsBuild: `make run` starts `motcua run --wait-apps
// FILE` while the Fyne apps still compile (issue 20). The centre answers
// and prints its banner at once; the board, kiosk, counter and rating pad
// windows open only when the build writes "0" to FILE, and not at all when
// it writes a failure. The apps are stand-in scripts beside a copy of the
// motcua binary (motcua run looks for them beside itself) that write down
// how they were started; the display variable is set, its server is not
// needed by them.
func TestRunWaitsForTheAppsBuild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in apps are shell scripts")
	}
	for _, tc := range []struct {
		status string
		opened bool
	}{{"0", true}, {"2", false}} {
		t.Run("status "+tc.status, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			if err := os.MkdirAll(bin, 0o700); err != nil {
				t.Fatal(err)
			}
			self, err := os.ReadFile(motcuaBin)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(bin, "motcua"), self, 0o700); err != nil {
				t.Fatal(err)
			}
			apps := []string{"motcua-display", "motcua-kiosk", "motcua-counter"}
			for _, a := range apps {
				script := "#!/bin/sh\necho \"$*\" >> \"$0.out\"\n"
				if err := os.WriteFile(filepath.Join(bin, a), []byte(script), 0o700); err != nil {
					t.Fatal(err)
				}
			}
			status := filepath.Join(dir, "apps-status")
			addr, portal := freeAddr(t), freeAddr(t)
			logPath := filepath.Join(dir, "run.log")
			logf, err := os.Create(logPath)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(filepath.Join(bin, "motcua"), "run", "--data", filepath.Join(dir, "data"), "--addr", addr,
				"--portal-addr", portal, "--wait-apps", status)
			cmd.Env = append(os.Environ(), "DISPLAY=:4242", "WAYLAND_DISPLAY=")
			cmd.Stdout, cmd.Stderr = logf, logf
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				cmd.Process.Signal(os.Interrupt)
				done := make(chan struct{})
				go func() { cmd.Wait(); close(done) }()
				select {
				case <-done:
				case <-time.After(15 * time.Second):
					cmd.Process.Kill()
					<-done
				}
				logf.Close()
				if t.Failed() {
					b, _ := os.ReadFile(logPath)
					t.Logf("--- run log ---\n%s", b)
				}
			})
			waitLog := func(want string) string {
				t.Helper()
				for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
					b, _ := os.ReadFile(logPath)
					if strings.Contains(string(b), want) {
						return string(b)
					}
					if time.Now().After(deadline) {
						t.Fatalf("the run never printed %q", want)
					}
				}
			}
			out := waitLog("Ctrl-C stops everything")
			if !strings.Contains(out, "Desktop apps       being compiled") {
				t.Errorf("the banner does not say the apps are being compiled:\n%s", out)
			}
			resp, err := http.Get("http://" + addr + "/healthz")
			if err != nil {
				t.Fatalf("the centre does not answer while the apps build: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("healthz: %d", resp.StatusCode)
			}
			time.Sleep(time.Second) // a run that did not wait would have started them by now
			for _, a := range apps {
				if _, err := os.Stat(filepath.Join(bin, a+".out")); err == nil {
					t.Fatalf("%s started before its build finished", a)
				}
			}
			if err := os.WriteFile(status+".tmp", []byte(tc.status+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(status+".tmp", status); err != nil {
				t.Fatal(err)
			}
			if !tc.opened {
				waitLog("the desktop apps did not build (exit status 2")
				for _, a := range apps {
					if _, err := os.Stat(filepath.Join(bin, a+".out")); err == nil {
						t.Errorf("%s started after a failed build", a)
					}
				}
				return
			}
			out = waitLog("the desktop apps are built and open now")
			after := out[strings.Index(out, "the desktop apps are built"):]
			if !strings.Contains(after, "Desktop apps       board, kiosk and counter windows") || strings.Contains(after, "being compiled") {
				t.Errorf("the second banner:\n%s", after)
			}
			want := map[string][]string{"motcua-display": {"--server http://" + addr, "--mode ratingpad"},
				"motcua-kiosk": {"--server http://" + addr}, "motcua-counter": {"--counter q1"}}
			for _, a := range apps {
				var b []byte
				for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
					b, _ = os.ReadFile(filepath.Join(bin, a+".out"))
					if hasAll(string(b), want[a]) || time.Now().After(deadline) {
						break
					}
				}
				if !hasAll(string(b), want[a]) {
					t.Errorf("%s was started with %q, want %q", a, b, want[a])
				}
			}
		})
	}
}

func hasAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
