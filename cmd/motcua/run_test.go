package main

import (
	"slices"
	"strings"
	"testing"
)

// `motcua run` starts the desktop apps with their device tokens and the
// kiosk PIN in the environment, not on the command line that every local
// user sees in ps (issue 13).
func TestAppCommandsKeepSecretsOffTheCommandLine(t *testing.T) {
	env := &runEnv{BaseURL: "http://127.0.0.1:8080", Tokens: demoTokens{Kiosk: "kiosk-secret-tok", Display: "display-secret-tok", Counter: "counter-secret-tok"},
		Devices: map[string]string{"kiosk-printer": "/dev/pts/7"}}
	secrets := []string{env.Tokens.Kiosk, env.Tokens.Display, env.Tokens.Counter, demoKioskPIN}
	want := map[string]string{"motcua-display": "MOTCUA_DISPLAY_TOKEN=" + env.Tokens.Display, "motcua-kiosk": "MOTCUA_TOKEN=" + env.Tokens.Kiosk}
	apps := appCommands(env)
	if len(apps) != 3 {
		t.Fatalf("%d apps", len(apps))
	}
	for _, a := range apps {
		cmdline := strings.Join(append([]string{a.bin}, a.args...), " ")
		for _, s := range secrets {
			if strings.Contains(cmdline, s) {
				t.Errorf("%s: a secret on the command line: %s", a.bin, cmdline)
			}
		}
		for _, arg := range a.args {
			if arg == "--token" || arg == "--admin-pin" {
				t.Errorf("%s: %s on the command line", a.bin, arg)
			}
		}
		if w, ok := want[a.bin]; ok && !slices.Contains(a.env, w) {
			t.Errorf("%s: environment %v lacks its token", a.bin, a.env)
		}
	}
}
