package engine_test

import (
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/layers"
)

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
		got := layers.Deps(t, goos, "github.com/motcua/motcua/centre/engine")
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
	if !slices.Contains(layers.Deps(t, "", "github.com/motcua/motcua/centre"), "net/http") {
		t.Fatal("go list -deps shows no net/http under centre: the check above proves nothing")
	}
}
