package centretest_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// importers lists, for every package matched by patterns (run from the
// module root; flags such as -tags=shots may lead), the direct imports of
// the package, its tests and its external tests that equal pkg.
func importers(t *testing.T, pkg string, patterns ...string) (listed []string, bad []string) {
	t.Helper()
	args := append([]string{"list", "-f", "{{.ImportPath}} {{join .Imports \" \"}} {{join .TestImports \" \"}} {{join .XTestImports \" \"}}"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		listed = append(listed, f[0])
		for _, imp := range f[1:] {
			if imp == pkg {
				bad = append(bad, f[0])
				break
			}
		}
	}
	return listed, bad
}

// The apps (kiosk, counter, display and their programs) and their test
// harnesses talk to the centre through its API (centre/client, and
// centretest to start one): none imports the store, nor does the
// counter's screenshot driver (build tag "shots", centretest.Run).
func TestAppsDoNotImportStore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	const store = "github.com/motcua/motcua/store"
	listed, bad := importers(t, store, "./kiosk/...", "./counter/...", "./display/...",
		"./cmd/motcua-kiosk", "./cmd/motcua-counter", "./cmd/motcua-display")
	for _, want := range []string{
		"github.com/motcua/motcua/kiosk/internal/kiosktest",
		"github.com/motcua/motcua/counter/internal/countertest",
		"github.com/motcua/motcua/display/displaytest",
		"github.com/motcua/motcua/kiosk/ui",
	} {
		if !slices.Contains(listed, want) {
			t.Errorf("go list did not list %s (listed %v)", want, listed)
		}
	}
	if len(bad) > 0 {
		t.Errorf("these packages (or their tests) import %s; use centre/client or centre/centretest instead: %v", store, bad)
	}
	if _, bad := importers(t, store, "-tags=shots", "./cmd/motcua-counter"); len(bad) > 0 {
		t.Errorf("the counter's screenshot driver imports %s; start the centre with centretest.Run: %v", store, bad)
	}
	// The tag reaches the files behind it: the driver imports centretest.
	if _, with := importers(t, "github.com/motcua/motcua/centre/centretest", "-tags=shots", "./cmd/motcua-counter"); len(with) != 1 {
		t.Errorf("go list -tags=shots did not see the screenshot driver's files: %v", with)
	}
	// The check sees a direct import where there is one: this package's.
	if _, bad := importers(t, store, "./centre/centretest"); !slices.Contains(bad, "github.com/motcua/motcua/centre/centretest") {
		t.Errorf("the check missed centretest's import of the store: %v", bad)
	}
}
