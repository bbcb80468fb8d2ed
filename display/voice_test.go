package display

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/web"
)

// The same sentences as the web board's (centre/web TestBrowserSpeechWords).
func TestCallClips(t *testing.T) {
	tests := []struct {
		number  string
		counter int
		want    string
	}{
		{"A025", 3, "intro lA d0 d2 d5 to d3"},
		{"C101", 10, "intro lC d1 d0 d1 to muoi"},
		{"B007", 15, "intro lB d0 d0 d7 to muoi lam"},
		{"1025", 21, "intro d1 d0 d2 d5 to d2 muoi2 mot2"},
		{"A001", 24, "intro lA d0 d0 d1 to d2 muoi2 tu"},
		{"A001", 12, "intro lA d0 d0 d1 to muoi d2"},
	}
	for _, tt := range tests {
		if got := strings.Join(CallClips(tt.number, tt.counter), " "); got != tt.want {
			t.Errorf("%s at %d: %q, want %q", tt.number, tt.counter, got, tt.want)
		}
	}
}

// TestCallWAVFromWebClips: every clip a call can need exists in the web
// board's files and the chime and call make one valid WAV.
func TestCallWAVFromWebClips(t *testing.T) {
	files := web.Files()
	b, err := CallWAV(files, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 99)
	if err != nil {
		t.Fatal(err)
	}
	pcm, err := wavPCM(b)
	if err != nil {
		t.Fatal(err)
	}
	chime, _ := wavPCM(ChimeWAV())
	if secs := float64(len(pcm)) / ChimeRate; len(pcm) <= len(chime) || secs > 60 {
		t.Errorf("call WAV of %.1f s", secs)
	}
	if _, err := wavPCM([]byte("RIFF\x00\x00\x00\x00WAVEdata")); err == nil {
		t.Error("a broken WAV was accepted")
	}
}

// TestCallsNeverOverlap: calls announced in a burst are played one after
// the other by a real player process (a stand-in aplay on PATH that notes
// when it starts and ends).
func TestCallsNeverOverlap(t *testing.T) {
	dir := t.TempDir()
	logf := filepath.Join(dir, "plays")
	script := "#!/bin/sh\necho start >> " + logf + "\nsleep 0.2\nhead -c 4 \"$2\" >> " + logf + "\necho >> " + logf + "\necho end >> " + logf + "\n"
	if err := os.WriteFile(filepath.Join(dir, "aplay"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := NewChime(ctx, false, slog.New(slog.DiscardHandler))
	if !c.Enabled() {
		t.Fatal("player not found")
	}
	for _, n := range []string{"A001", "A002", "B001"} {
		c.Say(func() []byte { b, _ := CallWAV(web.Files(), n, 3); return b })
	}
	var lines []string
	for deadline := time.Now().Add(30 * time.Second); len(lines) < 9; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("played: %q", lines)
		}
		b, _ := os.ReadFile(logf)
		lines = strings.Fields(string(b))
	}
	want := []string{"start", "RIFF", "end", "start", "RIFF", "end", "start", "RIFF", "end"}
	if !slices.Equal(lines, want) {
		t.Errorf("plays %q, want three calls one after the other", lines)
	}
}
