package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// `motcua run` starts the desktop apps with their device tokens and the
// kiosk PIN in the environment, not on the command line that every local
// user sees in ps (issue 13). The apps here are stand-ins that write down
// the command line and environment they were really started with.
func TestRunAppsKeepSecretsOffTheCommandLine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in apps are shell scripts")
	}
	dir := t.TempDir()
	bin, data := filepath.Join(dir, "bin"), filepath.Join(dir, "data")
	for _, d := range []string{bin, filepath.Join(data, "logs")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	apps := []string{"motcua-display", "motcua-kiosk", "motcua-counter"}
	script := "#!/bin/sh\n{ printf 'ARGS:'; printf ' %s' \"$@\"; printf '\\n'; env; } > \"$0.tmp\" && mv \"$0.tmp\" \"$0.out\"\n"
	for _, a := range apps {
		if err := os.WriteFile(filepath.Join(bin, a), []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env := &runEnv{Data: data, BaseURL: "http://127.0.0.1:8080", Display: true, Bin: bin,
		Tokens:  demoTokens{Kiosk: "kiosk-secret-tok", Display: "display-secret-tok", Counter: "counter-secret-tok"},
		Devices: map[string]string{"kiosk-printer": "/dev/pts/7"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := runApps(ctx, env); err != nil {
		t.Fatal(err)
	}
	secrets := []string{env.Tokens.Kiosk, env.Tokens.Display, env.Tokens.Counter, demoKioskPIN}
	wantEnv := map[string]string{"motcua-display": "MOTCUA_DISPLAY_TOKEN=" + env.Tokens.Display, "motcua-kiosk": "MOTCUA_TOKEN=" + env.Tokens.Kiosk}
	for _, a := range apps {
		out := filepath.Join(bin, a+".out")
		var b []byte
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			var err error
			if b, err = os.ReadFile(out); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never ran: %v", a, err)
			}
		}
		args, environ, _ := strings.Cut(string(b), "\n")
		for _, s := range secrets {
			if strings.Contains(args, s) {
				t.Errorf("%s: a secret on its command line: %s", a, args)
			}
		}
		if strings.Contains(args, "--token") || strings.Contains(args, "--admin-pin") {
			t.Errorf("%s: %s", a, args)
		}
		if w, ok := wantEnv[a]; ok && !strings.Contains("\n"+environ, "\n"+w+"\n") {
			t.Errorf("%s: its environment lacks %s", a, strings.SplitN(w, "=", 2)[0])
		}
	}
}
