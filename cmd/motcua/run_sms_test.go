package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRunDemoPhoneCode: `motcua run` on the demo centre needs no
// configuration for the phone code: the banner names the simulated SMS
// gateway's file, the booking page asks for a code, the code arrives in the
// file (never in the log), and the booking is made with it.
func TestRunDemoPhoneCode(t *testing.T) {
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
	smsFile := filepath.Join(dir, "data", "sms.txt")
	if !strings.Contains(out, "SMS (simulated)    "+smsFile) {
		t.Fatalf("banner lacks the simulated SMS file:\n%s", out)
	}
	base := "http://" + addr
	var info struct {
		Verify bool `json:"verify_phone"`
		Today  string
	}
	if c, err := getJSON(base+"/api/v1/booking/services", &info); c != 200 || err != nil || !info.Verify {
		t.Fatalf("services: %d %v verify %v", c, err, info.Verify)
	}
	var sent struct {
		ID string `json:"phone_code_id"`
	}
	if c := postJSON(t, base+"/api/v1/phone-codes", "", map[string]string{"phone": "0912345678"}, &sent); c != 201 {
		t.Fatalf("send code: %d", c)
	}
	var code string
	for deadline := time.Now().Add(30 * time.Second); code == ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no code in the simulated SMS file")
		}
		b, _ := os.ReadFile(smsFile)
		if m := regexp.MustCompile(`SMS to 0912345678\n  .*\b(\d{6})\b`).FindStringSubmatch(string(b)); m != nil {
			code = m[1]
		}
	}
	// a remote number with it (the demo issues at any hour)
	if c := postJSON(t, base+"/api/v1/remote/tickets", "", map[string]string{"service": "hotich", "phone": "0912345678",
		"phone_code_id": sent.ID, "phone_code": code}, nil); c != 201 {
		t.Fatalf("remote number with the code: %d", c)
	}
	b, _ := os.ReadFile(logPath)
	for _, f := range []string{logPath, filepath.Join(dir, "data", "logs", "motcua.log")} {
		if lb, err := os.ReadFile(f); err == nil {
			b = append(b, lb...)
		}
	}
	if strings.Contains(string(b), code) {
		t.Fatalf("the code %s is in the log", code)
	}
}
