package syncagent_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// motcuaBin is the motcua binary built once for the tests that run the
// agent as a separate process ("" when it could not be built).
var (
	motcuaBin string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "motcua-syncagent-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	motcuaBin = filepath.Join(dir, "motcua")
	if fuzzing() {
		// Fuzz workers run only a fuzz target: no agent binary to build.
		buildErr, motcuaBin = fmt.Errorf("not built while fuzzing"), ""
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	cmd := exec.Command("go", "build", "-o", motcuaBin, "github.com/motcua/motcua/cmd/motcua")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build ./cmd/motcua: %w\n%s", err, out)
		motcuaBin = ""
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// needBinary fails the test when the agent binary could not be built.
func needBinary(t *testing.T) string {
	t.Helper()
	if motcuaBin == "" {
		t.Fatalf("agent binary: %v", buildErr)
	}
	return motcuaBin
}

// fuzzing reports whether this test binary runs as a fuzzer (go test -fuzz).
func fuzzing() bool {
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "-test.fuzz=") || strings.HasPrefix(a, "-test.fuzzworker") {
			return true
		}
	}
	return false
}
