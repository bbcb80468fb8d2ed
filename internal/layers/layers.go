// Package layers is test support: it lists a package's imports with go list,
// for the tests that keep the import rules of docs/ARCHITECTURE.md
// ("Packages"): its own test checks the package map, centre/engine's checks
// that the engine imports no HTTP or WebSocket. A change that breaks a rule
// fails the suite instead of waiting for a review. Never imported by a program.
package layers

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Deps lists every package pkg imports, directly or not, as built for goos
// (empty: this machine's) with CGO_ENABLED=0 like the servers.
func Deps(t testing.TB, goos, pkg string) []string {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if goos != "" {
		cmd.Env = append(cmd.Env, "GOOS="+goos)
	}
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr)
	}
	return strings.Fields(string(out))
}
