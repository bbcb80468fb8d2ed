package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
)

func TestParseFlags(t *testing.T) {
	tokFile := filepath.Join(t.TempDir(), "kiosk.token")
	if err := os.WriteFile(tokFile, []byte("tok-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     string
		args    []string
		wantErr bool
		check   func(c config) bool
	}{
		{"token required", "", nil, true, nil},
		{"token from env, public URL asked from the server later", "tok", []string{"--server", "http://10.0.0.2:8080"}, false,
			func(c config) bool {
				return c.token == "tok" && c.publicURL == "" && c.idle == 60*time.Second
			}},
		{"token from a file, no warning", "", []string{"--token-file", tokFile}, false,
			func(c config) bool { return c.token == "tok-file" && len(c.warnings) == 0 }},
		{"token on the command line still works, warned (ps shows it)", "", []string{"--token", "tok-flag"}, false,
			func(c config) bool {
				return c.token == "tok-flag" && len(c.warnings) == 1 && strings.Contains(c.warnings[0], "ps") && !strings.Contains(c.warnings[0], "tok-flag")
			}},
		{"admin PIN from the environment", "tok", nil, false, func(c config) bool { return c.adminPIN == "1357" }},
		{"headless needs --load", "tok", []string{"--headless"}, true, nil},
		{"headless load", "tok", []string{"--headless", "--load", "1000"}, false,
			func(c config) bool { return c.headless && c.load == 1000 }},
		{"all flags", "", []string{"--token", "t", "--public-url", "https://mc.example.vn", "--printer", "/dev/ttyUSB0",
			"--printer-profile", "epson-tm-t20", "--scanner", "/dev/ttyACM0", "--fullscreen", "--portrait", "--idle", "30s", "--admin-pin", "2468"}, false,
			func(c config) bool {
				return c.publicURL == "https://mc.example.vn" && c.printer == "/dev/ttyUSB0" && c.profile == "epson-tm-t20" &&
					c.scanner == "/dev/ttyACM0" && c.fullscreen && c.portrait && c.idle == 30*time.Second && c.adminPIN == "2468"
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("MOTCUA_TOKEN", tc.env)
			pin := ""
			if strings.HasPrefix(tc.name, "admin PIN") {
				pin = "1357"
			}
			t.Setenv("MOTCUA_ADMIN_PIN", pin)
			c, err := parse(tc.args)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.check != nil && !tc.check(c) {
				t.Fatalf("config = %+v", c)
			}
		})
	}
}

// TestPublicURLFromServer: a kiosk started without --public-url encodes
// the server's public address in ticket QR codes (motcua serve
// --addr 0.0.0.0:8080 gives its LAN address), never --server's
// 127.0.0.1 or 0.0.0.0.
func TestPublicURLFromServer(t *testing.T) {
	c := centretest.Start(t, centretest.Options{
		Server:  centre.Options{PublicURL: "http://192.168.1.20:8080"},
		Devices: []centretest.Device{{ID: "kiosk-1", Name: "kiosk-1", Role: "kiosk"}},
	})
	quiet := slog.New(slog.DiscardHandler)
	tok := c.Token("kiosk-1")
	base := c.URL
	if got := resolvePublicURL(config{server: base, token: tok}, quiet); got != "http://192.168.1.20:8080" {
		t.Errorf("public URL %q", got)
	}
	// A wrong token is refused: the fallback is --server.
	if got := resolvePublicURL(config{server: base, token: "wrong"}, quiet); got != base {
		t.Errorf("fallback %q", got)
	}
}
