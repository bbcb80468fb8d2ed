package engine_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// deps lists every package pkg imports, directly or not, for goos.
func deps(t *testing.T, goos, pkg string) []string {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", pkg)
	cmd.Env = append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, stderr)
	}
	return strings.Fields(string(out))
}

// transport is what belongs to package centre, never to the engine: HTTP,
// WebSocket, the metrics handler, and the transport itself.
var transport = []string{
	"net/http",
	"github.com/gorilla/websocket",
	"github.com/prometheus/client_golang/prometheus",
	"github.com/motcua/motcua/centre",
	"github.com/motcua/motcua/portal",
}

// The engine is used and tested without a server: neither it nor anything
// it imports (on Linux or Windows) pulls in HTTP, WebSocket or the centre's
// transport (docs/ARCHITECTURE.md, "Packages").
func TestEngineImportsNoTransport(t *testing.T) {
	for _, goos := range []string{"linux", "windows"} {
		got := deps(t, goos, "github.com/motcua/motcua/centre/engine")
		if !slices.Contains(got, "github.com/motcua/motcua/store") {
			t.Fatalf("%s: go list found no store among the engine's imports: %v", goos, got)
		}
		for _, p := range transport {
			if slices.Contains(got, p) {
				t.Errorf("%s: centre/engine imports %s (transitively); HTTP and WebSocket belong to package centre", goos, p)
			}
		}
	}
	// The check sees what it looks for: the transport does import HTTP.
	if !slices.Contains(deps(t, runtime.GOOS, "github.com/motcua/motcua/centre"), "net/http") {
		t.Fatal("go list -deps shows no net/http under centre: the check above proves nothing")
	}
}
