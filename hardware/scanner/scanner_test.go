package scanner

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func next(t *testing.T, s *Scanner) Scan {
	t.Helper()
	select {
	case sc := <-s.Scans():
		return sc
	case <-time.After(10 * time.Second):
		t.Fatal("no scan")
	}
	return Scan{}
}

func waitConnected(t *testing.T, ch <-chan bool, want bool) {
	t.Helper()
	for {
		select {
		case c := <-ch:
			if c == want {
				return
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("never connected=%v", want)
		}
	}
}

// Virtual scanner on a pty → go.bug.st/serial → framer → Classify, with an
// unplug in the middle: the worker reopens and scanning resumes.
func TestScannerWorker(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner0")
	vs, err := sim.NewScanner(link, "", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer vs.Close()
	conn := make(chan bool, 16)
	var read atomic.Int64 // bytes the worker has read
	s := Open(context.Background(), Config{
		Port: serialport.Config{Path: link}, RetryInterval: 20 * time.Millisecond, Log: quiet,
		StripPrefixes: []string{"]Q1"},
		OnConnected:   func(c bool) { conn <- c },
		// Codes here end with CR LF; no idle gap may end the half code
		// below however slow the machine is.
		Idle:   time.Minute,
		onRead: func(n int) { read.Add(int64(n)) },
	})
	defer s.Close()
	waitConnected(t, conn, true)

	for _, tc := range []struct {
		send string
		kind Kind
	}{
		{"cccd", KindCCCD},
		{"dossier", KindDossier},
		{"]Q1https://motcua.example.vn/t/01HF3Q8Z2K7T", KindTicket},
		{"barcode", KindBarcode},
	} {
		if err := vs.Scan(tc.send); err != nil {
			t.Fatal(err)
		}
		if sc := next(t, s); sc.Kind != tc.kind {
			t.Fatalf("%s: kind %v (%v)", tc.send, sc.Kind, sc.Err)
		}
	}

	// half a CCCD, then the cable goes: reported as incomplete, not a citizen
	half := []byte("001099012345|123456789|Nguy")
	want := read.Load() + int64(len(half))
	if err := vs.Send(half); err != nil {
		t.Fatal(err)
	}
	// The cable goes once the worker has the bytes (not after a fixed
	// sleep: on a loaded machine they may not have been read yet).
	for deadline := time.Now().Add(10 * time.Second); read.Load() < want; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the worker read %d of %d bytes", read.Load(), want)
		}
	}
	vs.Unplug()
	sc := next(t, s)
	if sc.Kind != KindUnknown || sc.CCCD != nil {
		t.Fatalf("half-read scan classified as %v", sc.Kind)
	}
	waitConnected(t, conn, false)
	if err := vs.Replug(); err != nil {
		t.Fatal(err)
	}
	waitConnected(t, conn, true)
	if err := vs.Scan("cccd"); err != nil {
		t.Fatal(err)
	}
	if sc := next(t, s); sc.Kind != KindCCCD || sc.CCCD.FullName != "Nguyễn Văn An" {
		t.Fatalf("after replug: %v %v", sc.Kind, sc.Err)
	}
}

// A scanner configured with no suffix: codes are cut by the idle gap.
func TestScannerNoSuffix(t *testing.T) {
	link := filepath.Join(t.TempDir(), "scanner0")
	vs, err := sim.NewScanner(link, "none", quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer vs.Close()
	// The idle gap is the separator here: half a second, so that a loaded
	// machine pausing inside one code's bytes does not cut it (80 ms default).
	s := Open(context.Background(), Config{Port: serialport.Config{Path: link}, Suffix: SuffixNone, Idle: 500 * time.Millisecond, Log: quiet})
	defer s.Close()
	for !s.Connected() {
		time.Sleep(5 * time.Millisecond)
	}
	if err := vs.Scan("dossier"); err != nil {
		t.Fatal(err)
	}
	if sc := next(t, s); sc.Kind != KindDossier {
		t.Fatalf("kind %v", sc.Kind)
	}
	s.Close()
	if _, ok := <-s.Scans(); ok {
		t.Error("Scans not closed")
	}
	if !errors.Is(Classify("").Err, ErrEmpty) {
		t.Error("empty")
	}
}
