package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// TestReadAloudThroughThePlayer: with the large-type mode on, the kiosk's
// drawing hands each screen's sentence to the board's player, which runs
// the system's aplay on one WAV file — here an aplay on PATH that keeps
// what it was given. The files played are exactly the sentences, in order,
// and nothing is played while the mode is off or with --mute.
func TestReadAloudThroughThePlayer(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in player is a shell script")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "played")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	// aplay -q FILE: copy FILE to played/N.wav, N counting up.
	script := "#!/bin/sh\nn=$(ls " + out + " | wc -l)\ncp \"$2\" " + out + "/$n.wav.tmp && mv " + out + "/$n.wav.tmp " + out + "/$n.wav\n"
	if err := os.WriteFile(filepath.Join(dir, "aplay"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	drawn := 0
	render := withSpeech(ctx, func(kiosk.View) { drawn++ }, false, log)

	render(kiosk.View{Screen: kiosk.ScreenHome}) // large type off: silent
	render(kiosk.View{Screen: kiosk.ScreenHome, Large: true})
	waitFiles(t, out, 1)
	render(kiosk.View{Screen: kiosk.ScreenTicket, Large: true, Ticket: &kiosk.Ticket{Number: "A025"}})
	waitFiles(t, out, 2)
	if drawn != 3 {
		t.Fatalf("drawn %d times, want 3", drawn)
	}
	for i, clips := range [][]string{{"s_on", "s_home"}, {"s_ticket", "voice/lA", "voice/d0", "voice/d2", "voice/d5", "s_ticket2"}} {
		want, err := kiosk.SpeechWAV(clips)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, string(rune('0'+i))+".wav"))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("sound %d: %d bytes (%v), want the WAV of %v (%d bytes)", i, len(got), err, clips, len(want))
		}
	}

	muted := withSpeech(ctx, func(kiosk.View) {}, true, log)
	muted(kiosk.View{Screen: kiosk.ScreenSectors, Large: true})
	time.Sleep(300 * time.Millisecond) // nothing must arrive; a late file would show below
	if n := countFiles(t, out); n != 2 {
		t.Fatalf("--mute played: %d files", n)
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.wav"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

func waitFiles(t *testing.T, dir string, n int) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); countFiles(t, dir) < n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the player got %d sounds, want %d", countFiles(t, dir), n)
		}
	}
}

// TestReadAloudInEnglish: a kiosk started in English (--lang en), or one a
// citizen switched to English, hands the player the English sentences
// (kiosk/voice/en, the board's English letters and digits), not the
// Vietnamese ones.
func TestReadAloudInEnglish(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in player is a shell script")
	}
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
	render := withSpeech(ctx, func(kiosk.View) {}, false, slog.New(slog.NewTextHandler(io.Discard, nil)))

	render(kiosk.View{Screen: kiosk.ScreenHome, Lang: kiosk.VI, Large: true})
	waitFiles(t, out, 1)
	render(kiosk.View{Screen: kiosk.ScreenHome, Lang: kiosk.EN, Large: true}) // the EN switch
	waitFiles(t, out, 2)
	render(kiosk.View{Screen: kiosk.ScreenTicket, Lang: kiosk.EN, Large: true, Ticket: &kiosk.Ticket{Number: "B7"}})
	waitFiles(t, out, 3)
	vi, _ := kiosk.SpeechWAV([]string{"s_home"})
	for i, clips := range [][]string{{"s_on", "s_home"}, {"en/s_home"}, {"en/s_ticket", "voice/en/lB", "voice/en/d7", "en/s_ticket2"}} {
		want, err := kiosk.SpeechWAV(clips)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, string(rune('0'+i))+".wav"))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("sound %d: %d bytes (%v), want the WAV of %v (%d bytes)", i, len(got), err, clips, len(want))
		}
		if i > 0 && bytes.Contains(got, vi[44:]) {
			t.Fatalf("sound %d holds the Vietnamese home sentence", i)
		}
	}
}
