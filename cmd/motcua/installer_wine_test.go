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
// around stand-in programs and run unattended under Wine: for a kiosk the
// app is installed, the device token lands in a file (not on the command
// line), and a logon shortcut starts the app fullscreen with the server,
// token file and printer; a counter gets its counter id and no token.
// Skipped without makensis.
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
	programData := filepath.Join(w.Prefix, "drive_c", "ProgramData")
	startup := filepath.Join(programData, "Microsoft", "Windows", "Start Menu", "Programs", "StartUp")
	// a kiosk without a device token is refused
	if err := run("/S", "/ROLE=kiosk", "/SERVER=192.168.1.10:8080"); err == nil {
		t.Fatal("installer accepted a kiosk without a device token")
	}
	if err := run("/S", "/ROLE=kiosk", "/SERVER=192.168.1.10:8080", "/TOKEN=tok-kiosk-1", "/PRINTER=tcp:192.168.1.50:9100"); err != nil {
		t.Fatalf("install: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(inst, "motcua-kiosk.exe")); err != nil || string(b) != "stand-in for motcua-kiosk" {
		t.Fatalf("kiosk app not installed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(inst, "motcua-counter.exe")); err == nil {
		t.Error("a kiosk PC got the counter app too")
	}
	tok, err := os.ReadFile(filepath.Join(programData, "motcua", "kiosk.token"))
	if err != nil || string(tok) != "tok-kiosk-1" {
		t.Fatalf("token file: %q %v", tok, err)
	}
	lnk, err := os.ReadFile(filepath.Join(startup, "Một cửa - Kiosk.lnk"))
	if err != nil {
		t.Fatalf("logon shortcut: %v", err)
	}
	for _, want := range []string{`--server "http://192.168.1.10:8080"`, `--token-file "C:\ProgramData\motcua\kiosk.token"`, "--fullscreen", `--printer "tcp:192.168.1.50:9100"`, "motcua-kiosk.exe"} {
		if !bytes.Contains(lnk, utf16le(want)) && !bytes.Contains(lnk, []byte(want)) {
			t.Errorf("shortcut lacks %q:\n%q", want, lnk)
		}
	}
	if bytes.Contains(lnk, utf16le("tok-kiosk-1")) || bytes.Contains(lnk, []byte("tok-kiosk-1")) {
		t.Error("the token is on the shortcut's command line")
	}
	// a counter PC: no token (officers log in), the counter id; over the kiosk install
	if err := run("/S", "/ROLE=counter", "/SERVER=192.168.1.10:8080", "/PRINTER=COM3", "/COUNTER=q1"); err != nil {
		t.Fatalf("install counter: %v", err)
	}
	lnk, err = os.ReadFile(filepath.Join(startup, "Một cửa - Quầy q1.lnk"))
	if err != nil {
		t.Fatalf("counter logon shortcut: %v", err)
	}
	for _, want := range []string{`--counter "q1"`, `--printer "COM3"`, "motcua-counter.exe"} {
		if !bytes.Contains(lnk, utf16le(want)) && !bytes.Contains(lnk, []byte(want)) {
			t.Errorf("counter shortcut lacks %q:\n%q", want, lnk)
		}
	}
	if bytes.Contains(lnk, utf16le("--token-file")) || bytes.Contains(lnk, []byte("--token-file")) {
		t.Error("the counter app has no device token, yet its shortcut passes one")
	}
	// the uninstaller removes the app and the shortcut, keeps the data
	un := w.Command(ctx, filepath.Join(inst, "uninstall.exe"), "/S", "_?="+winetest.Path(inst))
	if out, err := un.CombinedOutput(); err != nil {
		t.Fatalf("uninstall: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(inst, "motcua-counter.exe")); err == nil {
		t.Error("uninstall left the app")
	}
	if _, err := os.Stat(filepath.Join(startup, "Một cửa - Quầy q1.lnk")); err == nil {
		t.Error("uninstall left the logon shortcut")
	}
	if _, err := os.Stat(filepath.Join(programData, "motcua", "kiosk.token")); err != nil {
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
