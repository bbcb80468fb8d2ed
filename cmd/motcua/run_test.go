package main

import (
	"context"
	"encoding/json"
	"net/http"
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
		Tokens:  demoTokens{Kiosk: "kiosk-secret-tok", Display: "display-secret-tok"},
		Devices: map[string]string{"kiosk-printer": "/dev/pts/7"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := runApps(ctx, env); err != nil {
		t.Fatal(err)
	}
	secrets := []string{env.Tokens.Kiosk, env.Tokens.Display, demoKioskPIN}
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

// TestRunBanner starts `motcua run` (no display: no apps) on free ports and
// checks what a newcomer reads: the console URL, every port (the portal's
// too, from --portal-addr), and the addresses QR codes and receipts use.
func TestRunBanner(t *testing.T) {
	dir := t.TempDir()
	addr, portal := freeAddr(t), freeAddr(t)
	start(t, dir, []string{"DISPLAY=", "WAYLAND_DISPLAY="}, "run", "--data", filepath.Join(dir, "data"), "--addr", addr, "--portal-addr", portal)
	logPath := filepath.Join(dir, "run.log")
	var out string
	for deadline := time.Now().Add(60 * time.Second); !strings.Contains(out, "Ctrl-C stops everything"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no banner: %s", out)
		}
		b, _ := os.ReadFile(logPath)
		out = string(b)
	}
	for _, want := range []string{
		"Console            http://" + addr + "/console",
		"Web board (TV)     http://" + addr + "/board?token=",
		"Phone page         http://" + addr + "/t/",
		"Portal lookup      http://" + portal + "/tra-cuu",
		"Scan at the kiosk  echo '<text>' | socat - UNIX-CONNECT:" + filepath.Join(dir, "data", "dev", "kiosk-scanner.sock"),
		"Scan at counter 1  echo '<text>' | socat - UNIX-CONNECT:" + filepath.Join(dir, "data", "dev", "counter-scanner.sock"),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}
	for _, n := range []string{"kiosk-scanner.sock", "counter-scanner.sock"} { // the sockets the banner names
		if fi, err := os.Stat(filepath.Join(dir, "data", "dev", n)); err != nil || fi.Mode()&os.ModeSocket == 0 {
			t.Errorf("%s: %v", n, err)
		}
	}
	var tok struct{ Kiosk string }
	b, err := os.ReadFile(filepath.Join(dir, "data", "devices.json"))
	if err != nil || json.Unmarshal(b, &tok) != nil {
		t.Fatalf("devices.json: %v", err)
	}
	// The demo's rating pad at q1 (issue 19): its web address on the banner,
	// and its token follows counter q1.
	var pad struct{ Token string }
	if b, err := os.ReadFile(filepath.Join(dir, "data", "ratingpad.json")); err != nil || json.Unmarshal(b, &pad) != nil || pad.Token == "" {
		t.Fatalf("ratingpad.json: %v", err)
	}
	if !strings.Contains(out, "Rating pad (q1)    http://"+addr+"/pad#token="+pad.Token) {
		t.Errorf("banner lacks the rating pad:\n%s", out)
	}
	preq, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/pad/state", nil)
	preq.Header.Set("Authorization", "Bearer "+pad.Token)
	if presp, err := http.DefaultClient.Do(preq); err != nil || presp.StatusCode != 200 {
		t.Fatalf("demo pad state: %v %v", presp, err)
	} else {
		var st struct{ Counter struct{ ID string } }
		json.NewDecoder(presp.Body).Decode(&st)
		presp.Body.Close()
		if st.Counter.ID != "q1" {
			t.Errorf("demo pad follows %q", st.Counter.ID)
		}
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/settings", nil)
	req.Header.Set("Authorization", "Bearer "+tok.Kiosk)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct {
		PublicURL string `json:"public_url"`
		LookupURL string `json:"lookup_url"`
	}
	json.NewDecoder(resp.Body).Decode(&st)
	if st.PublicURL != "http://"+addr || st.LookupURL != "http://"+portal+"/tra-cuu" {
		t.Errorf("settings %+v", st)
	}
}
