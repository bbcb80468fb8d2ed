// Package deploy holds the systemd units and udev rules; this test checks
// the units' hardening lines.
package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every service creates its files private: UMask=0077 in its [Service]
// section (issue 13 item 7: centre.db, portal.db, WAL files and backups
// were 0644).
func TestSystemdUnitsSetUMask(t *testing.T) {
	units, err := filepath.Glob(filepath.Join("systemd", "*.service"))
	if err != nil || len(units) == 0 {
		t.Fatalf("no units found: %v", err)
	}
	for _, u := range units {
		b, err := os.ReadFile(u)
		if err != nil {
			t.Fatal(err)
		}
		section, found := "", false
		for _, line := range strings.Split(string(b), "\n") {
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
		// Secrets never on a command line (ps shows it to every local user).
		for _, line := range strings.Split(string(b), "\n") {
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
