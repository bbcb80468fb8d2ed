package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

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
	} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}
	var tok struct{ Kiosk string }
	b, err := os.ReadFile(filepath.Join(dir, "data", "devices.json"))
	if err != nil || json.Unmarshal(b, &tok) != nil {
		t.Fatalf("devices.json: %v", err)
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
