package scanner

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
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
	s := Open(context.Background(), Config{
		Port: serialport.Config{Path: link}, RetryInterval: 20 * time.Millisecond, Log: quiet,
		StripPrefixes: []string{"]Q1"},
		OnConnected:   func(c bool) { conn <- c },
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
	if err := vs.Send([]byte("001099012345|123456789|Nguy")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // let the bytes reach the reader before the cable goes
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
	s := Open(context.Background(), Config{Port: serialport.Config{Path: link}, Suffix: SuffixNone, Log: quiet})
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
