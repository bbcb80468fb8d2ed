// Package deploy holds the systemd units and udev rules; these tests check
// the units' hardening lines.
package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// units returns every service unit's path and text.
func units(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("systemd", "*.service"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no units found: %v", err)
	}
	out := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = string(b)
	}
	return out
}

// Every service creates its files private: UMask=0077 in its [Service]
// section (issue 13 item 7: centre.db, portal.db, WAL files and backups
// were 0644).
func TestSystemdUnitsSetUMask(t *testing.T) {
	for u, text := range units(t) {
		section, found := "", false
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "[") {
				section = line
				continue
			}
			if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "UMask" {
				if section != "[Service]" || strings.TrimSpace(v) != "0077" {
					t.Errorf("%s: %q in %s, want UMask=0077 in [Service]", u, line, section)
				}
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no UMask=0077", u)
		}
	}
}

// No unit puts a secret on a command line, which every local user sees
// (ps, /proc/PID/cmdline): passwords and tokens come from 0600 files or
// the environment.
func TestSystemdUnitsKeepSecretsOffCommandLine(t *testing.T) {
	for u, text := range units(t) {
		for _, line := range strings.Split(text, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "ExecStart") {
				continue
			}
			for _, bad := range []string{"--password ", "--password=", "--token ", "--token=", "PGPASSWORD", ":${"} {
				if strings.Contains(line, bad) {
					t.Errorf("%s: a secret on the command line (%q): %s", u, bad, line)
				}
			}
		}
	}
}
