package display

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/web"
)

// The same sequences as the web board's English calls (centre/web
// TestBrowserEnglishBoardSaysBothLanguages).
func TestCallClipsEN(t *testing.T) {
	tests := []struct {
		number  string
		counter int
		want    string
	}{
		{"A025", 3, "intro lA d0 d2 d5 to d3"},
		{"C101", 10, "intro lC d1 d0 d1 to n10"},
		{"B007", 15, "intro lB d0 d0 d7 to n15"},
		{"1025", 21, "intro d1 d0 d2 d5 to n20 d1"},
		{"A001", 40, "intro lA d0 d0 d1 to n40"},
		{"Z9", 105, "intro lZ d9 to d1 d0 d5"},
	}
	for _, tt := range tests {
		if got := strings.Join(CallClipsEN(tt.number, tt.counter), " "); got != tt.want {
			t.Errorf("%s at %d: %q, want %q", tt.number, tt.counter, got, tt.want)
		}
	}
	// Every counter from 0 to 120 and every letter and digit has its clip.
	files := web.Files()
	for n := 0; n <= 120; n++ {
		for _, c := range CallClipsEN("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n) {
			if _, err := fs.Stat(files, "voice/en/"+c+".wav"); err != nil {
				t.Fatalf("counter %d: %v", n, err)
			}
		}
	}
}

// TestBoardCallWAVInBothLanguages: a Vietnamese board's call is exactly
// the Vietnamese call (CallWAV); an English board's is that call, a
// pause, then the English clips in order — sample for sample.
func TestBoardCallWAVInBothLanguages(t *testing.T) {
	files := web.Files()
	vi, err := CallWAV(files, "A025", 12)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := BoardCallWAV(files, "A025", 12, false); err != nil || !slices.Equal(b, vi) {
		t.Fatalf("the Vietnamese board's call differs from CallWAV (%v)", err)
	}
	b, err := BoardCallWAV(files, "A025", 12, true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := wavPCM(b)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := wavPCM(vi)
	want = append(want, make([]int16, ChimeRate*EnglishPauseMs/1000)...)
	for _, c := range []string{"intro", "lA", "d0", "d2", "d5", "to", "n12"} {
		clip, err := fs.ReadFile(files, "voice/en/"+c+".wav")
		if err != nil {
			t.Fatal(err)
		}
		s, err := wavPCM(clip)
		if err != nil || len(s) < ChimeRate/10 {
			t.Fatalf("%s: %d samples, %v", c, len(s), err)
		}
		want = append(append(want, s...), make([]int16, ChimeRate*40/1000)...)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("English board's call: %d samples, want the Vietnamese call then the English clips (%d)", len(got), len(want))
	}
}

// TestAnnouncerPlaysTheEnglishCall: the board's call handler hands the
// player (a stand-in aplay that keeps each file) the Vietnamese call on a
// Vietnamese board and the two-language call on an English one; without
// voice, the chime.
func TestAnnouncerPlaysTheEnglishCall(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "played")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\nn=$(ls " + out + " | wc -l)\ncp \"$2\" " + out + "/$n.wav.tmp && mv " + out + "/$n.wav.tmp " + out + "/$n.wav\n"
	if err := os.WriteFile(filepath.Join(dir, "aplay"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.DiscardHandler)
	c := NewChime(ctx, false, log)
	if !c.Enabled() {
		t.Fatal("player not found")
	}
	files := web.Files()
	call := Call{Number: "B007", CounterNumber: 3}
	Announcer(c, files, true, false, log)(call)
	waitPlayed(t, out, 1)
	Announcer(c, files, true, true, log)(call)
	waitPlayed(t, out, 2)
	Announcer(c, files, false, true, log)(call)
	waitPlayed(t, out, 3)
	vi, _ := CallWAV(files, "B007", 3)
	both, _ := BoardCallWAV(files, "B007", 3, true)
	for i, want := range [][]byte{vi, both, ChimeWAV()} {
		got, err := os.ReadFile(filepath.Join(out, string(rune('0'+i))+".wav"))
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("sound %d: %d bytes (%v), want %d", i, len(got), err, len(want))
		}
	}
}

func waitPlayed(t *testing.T, dir string, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		m, _ := filepath.Glob(filepath.Join(dir, "*.wav"))
		if len(m) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the player got %d sounds, want %d", len(m), n)
		}
	}
}
