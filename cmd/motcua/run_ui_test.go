package main

import (
	"slices"
	"testing"
)

// TestRunAppsLangAndFullscreen: `make run LANG_UI=en FULLSCREEN=1` gives
// every desktop app --lang en, and only the board and the kiosk
// --fullscreen (the counter is the officer's window).
func TestRunAppsLangAndFullscreen(t *testing.T) {
	env := &runEnv{Devices: map[string]string{}, Lang: "en", FullscreenApps: true}
	for _, a := range appCommands(env) {
		if i := slices.Index(a.args, "--lang"); i < 0 || i+1 >= len(a.args) || a.args[i+1] != "en" {
			t.Errorf("%s: no --lang en in %v", a.bin, a.args)
		}
		full := slices.Contains(a.args, "--fullscreen")
		if want := a.bin != "motcua-counter"; full != want {
			t.Errorf("%s: fullscreen %v, want %v", a.bin, full, want)
		}
	}
	for _, a := range appCommands(&runEnv{Devices: map[string]string{}, Lang: "vi"}) {
		if slices.Contains(a.args, "--lang") || slices.Contains(a.args, "--fullscreen") {
			t.Errorf("%s: default run passes %v", a.bin, a.args)
		}
	}
}
