//go:build linux

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/motcua/motcua/internal/winetest"
)

// The Windows installer (deploy/windows/motcua.nsi), built with makensis
// around stand-in programs and run unattended under Wine for a counter
// PC: the app is installed, the device token lands in a file (not on the
// command line), and a logon shortcut starts the app fullscreen with the
// server, token file, printer and counter. Skipped without makensis.
func TestWineInstaller(t *testing.T) {
	if testing.Short() {
		t.Skip("installer under Wine skipped in -short mode")
	}
	makensis, err := exec.LookPath("makensis")
	if err != nil {
		t.Skip("installer test skipped: makensis not installed (Debian: apt-get install nsis)")
	}
	w := winetest.Get(t, filepath.Dir(motcuaBin))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dist := t.TempDir()
	for _, f := range []string{"motcua", "motcua-kiosk", "motcua-counter", "motcua-display"} {
		if err := os.WriteFile(filepath.Join(dist, f+".exe"), []byte("stand-in for "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setup := filepath.Join(dist, "motcua-setup.exe")
	build := exec.CommandContext(ctx, makensis, "-V2", "-DVERSION=test", "-DDIST="+dist, "-DOUTFILE="+setup,
		filepath.Join("..", "..", "deploy", "windows", "motcua.nsi"))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("makensis: %v\n%s", err, out)
	}

	inst := filepath.Join(t.TempDir(), "motcua")
	run := func(args ...string) error {
		// /D= must be last and unquoted (NSIS rule)
		cmd := w.Command(ctx, setup, append(args, "/D="+winetest.Path(inst))...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("installer output: %s", out)
		}
		return err
	}
	// a counter PC without a token is refused
	if err := run("/S", "/ROLE=counter", "/SERVER=192.168.1.10:8080", "/COUNTER=q1"); err == nil {
		t.Fatal("installer accepted a counter without a device token")
	}
	if err := run("/S", "/ROLE=counter", "/SERVER=192.168.1.10:8080", "/TOKEN=tok-quay-1", "/PRINTER=tcp:192.168.1.50:9100", "/COUNTER=q1"); err != nil {
		t.Fatalf("install: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(inst, "motcua-counter.exe")); err != nil || string(b) != "stand-in for motcua-counter" {
		t.Fatalf("counter app not installed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(inst, "motcua-kiosk.exe")); err == nil {
		t.Error("a counter PC got the kiosk app too")
	}
	programData := filepath.Join(w.Prefix, "drive_c", "ProgramData")
	tok, err := os.ReadFile(filepath.Join(programData, "motcua", "counter.token"))
	if err != nil || string(tok) != "tok-quay-1" {
		t.Fatalf("token file: %q %v", tok, err)
	}
	lnk, err := os.ReadFile(filepath.Join(programData, "Microsoft", "Windows", "Start Menu", "Programs", "StartUp", "Một cửa - Quầy q1.lnk"))
	if err != nil {
		t.Fatalf("logon shortcut: %v", err)
	}
	for _, want := range []string{"--server \"http://192.168.1.10:8080\"", "--token-file", "--fullscreen", "--printer \"tcp:192.168.1.50:9100\"", "--counter \"q1\"", "motcua-counter.exe"} {
		if !bytes.Contains(lnk, utf16le(want)) && !bytes.Contains(lnk, []byte(want)) {
			t.Errorf("shortcut lacks %q:\n%q", want, lnk)
		}
	}
	if bytes.Contains(lnk, utf16le("tok-quay-1")) || bytes.Contains(lnk, []byte("tok-quay-1")) {
		t.Error("the token is on the shortcut's command line")
	}
	// the uninstaller removes the app and the shortcut, keeps the data
	un := w.Command(ctx, filepath.Join(inst, "uninstall.exe"), "/S", "_?="+winetest.Path(inst))
	if out, err := un.CombinedOutput(); err != nil {
		t.Fatalf("uninstall: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(inst, "motcua-counter.exe")); err == nil {
		t.Error("uninstall left the app")
	}
	if _, err := os.Stat(filepath.Join(programData, "motcua", "counter.token")); err != nil {
		t.Errorf("uninstall removed the data: %v", err)
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}
