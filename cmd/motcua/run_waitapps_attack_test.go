//go:build !windows

package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
)

// TestAttackWaitAppsStatusFile: `motcua run --wait-apps FILE` reads the
// status the background build writes (make run: bin/.apps-status). No LAN
// client reaches that file (it is a local path the operator names, written
// by make); what is tested is that whatever stands at that path neither
// hangs nor floods the centre's start, nor writes raw bytes to the
// operator's terminal and log, and that only an exact "0" opens the apps.
// Before: a FIFO at the path blocked the open for ever, a large file (or
// /dev/zero, not tried here: it would eat the test machine's memory) was
// read whole, and a failed status was printed raw (terminal escape
// sequences included).
func TestAttackWaitAppsStatusFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("FIFOs and /dev/zero")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, append([]byte("\x1b]0;owned\x07\x1b[2J"), bytes.Repeat([]byte("9"), 10<<20)...), 0o600); err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name, path string
		opened     bool
	}{
		{"a FIFO", fifo, false},
		{"10 MB with escapes", big, false},
		{"escapes", write("esc", "1\x1b[31m\r\n"), false},
		{"00", write("00", "00\n"), false},
		{"0x0", write("0x0", "0x0\n"), false},
		{"a 0 on the second line", write("second", "2\n0\n"), false},
		{"0", write("zero", "0\n"), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			stdout := os.Stdout
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			os.Stdout = w
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); _, _ = io.Copy(&out, r) }()
			var logs bytes.Buffer
			env := &runEnv{WaitApps: c.path, Log: slog.New(slog.NewTextHandler(&logs, nil)), Devices: map[string]string{}}
			opened := false
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			done := make(chan struct{})
			go func() {
				defer close(done)
				startWhenBuilt(ctx, queue.DemoConfig(), env, []part{{name: "desktop apps", start: func(context.Context, *runEnv) error { opened = true; return nil }}})
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				if c.path == fifo { // release the blocked open
					if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
						f.Close()
					}
				}
				cancel()
				os.Stdout = stdout
				t.Fatalf("%s: motcua run still waiting on the status file after 20 s", c.name)
			}
			cancel()
			os.Stdout = stdout
			w.Close()
			wg.Wait()
			if opened != c.opened {
				t.Fatalf("apps opened %v, want %v", opened, c.opened)
			}
			shown := out.String() + logs.String()
			if strings.ContainsAny(shown, "\x1b\x07\r") {
				t.Errorf("raw control bytes printed: %q", shown)
			}
			if len(shown) > 4096 {
				t.Errorf("%d bytes printed for one status", len(shown))
			}
		})
	}
}
