package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The kiosk token comes from a file or the environment; the old --token
// still works but is warned about, since every local user sees a command
// line (ps). The warning never holds the token.
func TestParseTokenSources(t *testing.T) {
	tokFile := filepath.Join(t.TempDir(), "kiosk.token")
	if err := os.WriteFile(tokFile, []byte("tok-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, env, pin string
		args           []string
		wantErr        bool
		check          func(c config) bool
	}{
		{name: "token from a file, no warning", args: []string{"--token-file", tokFile},
			check: func(c config) bool { return c.token == "tok-file" && len(c.warnings) == 0 }},
		{name: "the file wins over the environment", env: "tok-env", args: []string{"--token-file", tokFile},
			check: func(c config) bool { return c.token == "tok-file" }},
		{name: "token from the environment", env: "tok-env",
			check: func(c config) bool { return c.token == "tok-env" && len(c.warnings) == 0 }},
		{name: "token on the command line still works, warned", args: []string{"--token", "tok-flag"},
			check: func(c config) bool {
				return c.token == "tok-flag" && len(c.warnings) == 1 && strings.Contains(c.warnings[0], "ps") && !strings.Contains(c.warnings[0], "tok-flag")
			}},
		{name: "admin PIN from the environment", env: "tok", pin: "1357",
			check: func(c config) bool { return c.adminPIN == "1357" }},
		{name: "a missing token file is an error", args: []string{"--token-file", filepath.Join(t.TempDir(), "nope")}, wantErr: true},
		{name: "no token at all", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("MOTCUA_TOKEN", tc.env)
			t.Setenv("MOTCUA_ADMIN_PIN", tc.pin)
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
