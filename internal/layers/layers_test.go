package layers_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/layers"
)

const mod = "github.com/motcua/motcua/"

// deps lists every package of ours that pkg imports, directly or not.
func deps(t *testing.T, pkg string) []string {
	var ours []string
	for _, p := range layers.Deps(t, "", mod+pkg) {
		if rest, ok := strings.CutPrefix(p, mod); ok && rest != pkg {
			ours = append(ours, rest)
		}
	}
	return ours
}

// The rules of docs/ARCHITECTURE.md: which of our packages a package may
// import (directly or not). centre/engine's own test adds that it imports
// no HTTP or WebSocket (centre/engine/imports_test.go).
func TestImportRules(t *testing.T) {
	// leaves: helpers of ours that import nothing of ours, open to every
	// layer (internal/textrule: the one rule for typed text from the LAN).
	leaves := []string{"internal/textrule"}
	only := map[string][]string{
		"internal/textrule":   {},
		"queue":               {},
		"dossier":             {},
		"qcvn120":             {},
		"lienthong":           {},
		"internal/credential": {},
		"store/walvfs":        {},
		"store":               {"queue", "store/walvfs"},
		"centre/engine":       {"queue", "dossier", "qcvn120", "lienthong", "store", "store/walvfs"},
		"centre":              {"queue", "dossier", "qcvn120", "lienthong", "store", "store/walvfs", "centre/engine", "internal/ratelimit"},
	}
	for pkg, allowed := range only {
		for _, d := range deps(t, pkg) {
			if !slices.Contains(allowed, d) && (!slices.Contains(leaves, d) || pkg == d) {
				t.Errorf("%s imports %s; it may import only %v", pkg, d, allowed)
			}
		}
	}
	// The check sees what it looks for.
	if !slices.Contains(deps(t, "centre"), "centre/engine") {
		t.Fatal("go list shows centre without centre/engine: the rules above prove nothing")
	}
}
