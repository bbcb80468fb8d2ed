// Package winetest runs the Windows builds under Wine for tests: it finds
// wine64 (Debian puts it in /usr/lib/wine, not on PATH), makes a Wine
// prefix once per test binary, and installs a stand-in ProcessPrng that
// Wine 8.0 lacks. Test support only: nothing here is shipped.
package winetest

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// MinGW is the C cross-compiler: the bare name, as Go's build cache keys on
// the exact CC string.
const MinGW = "x86_64-w64-mingw32-gcc"

//go:embed testdata/bcryptprimitives.c
var shimSource []byte

// Wine is a Wine prefix ready to run Go programs built for windows/amd64.
type Wine struct {
	Bin    string // wine64
	Prefix string
}

var (
	once   sync.Once
	shared *Wine
	setErr error
)

// Find returns the wine64 binary, or why there is none.
func Find() (string, error) {
	for _, p := range []string{os.Getenv("WINE64"), "/usr/lib/wine/wine64", "/usr/bin/wine64"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("wine64"); err == nil {
		return p, nil
	}
	return "", errors.New("wine64 not installed (Debian: apt-get install wine64, or make deps-test)")
}

// Get skips t when wine64 or mingw-w64 is missing; otherwise it returns
// the prefix shared by every test of this binary, made on first use
// (wineboot takes 10-30 s) under dir, which the caller removes at the end.
func Get(t testing.TB, dir string) *Wine {
	t.Helper()
	bin, err := Find()
	if err != nil {
		t.Skipf("Windows tests under Wine skipped: %v", err)
	}
	if _, err := exec.LookPath(MinGW); err != nil {
		t.Skipf("Windows tests under Wine skipped: %s not installed (Debian: apt-get install gcc-mingw-w64-x86-64, or make deps-test); it builds the ProcessPrng stand-in Wine 8.0 needs", MinGW)
	}
	once.Do(func() { shared, setErr = setup(bin, filepath.Join(dir, "wineprefix")) })
	if setErr != nil {
		t.Fatalf("wine prefix: %v", setErr)
	}
	return shared
}

func setup(bin, prefix string) (*Wine, error) {
	w := &Wine{Bin: bin, Prefix: prefix}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	boot := exec.CommandContext(ctx, bin, "wineboot", "-i")
	boot.Env = w.Env()
	if out, err := boot.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("wineboot -i: %v\n%s", err, out)
	}
	// Let wineboot's server finish (it saves the registry on exit), then
	// run one that stays until Shutdown, and start the session (and its
	// service manager) from a command without output pipes: the service
	// manager inherits the first command's stdout and stderr, and the
	// services it starts die of SIGPIPE once a test's pipe is gone.
	wait := exec.CommandContext(ctx, w.server(), "-w")
	wait.Env = w.Env()
	if err := wait.Run(); err != nil {
		return nil, fmt.Errorf("wineserver -w: %v", err)
	}
	persist := exec.CommandContext(ctx, w.server(), "-p")
	persist.Env = w.Env() // no output pipes: the server outlives the command
	if err := persist.Run(); err != nil {
		return nil, fmt.Errorf("wineserver -p: %v", err)
	}
	session := exec.CommandContext(ctx, bin, "cmd", "/c", "ver")
	session.Env = w.Env()
	if err := session.Run(); err != nil {
		w.Stop()
		return nil, fmt.Errorf("start a Wine session: %v", err)
	}
	// Go's runtime loads system DLLs from system32 only.
	sys32 := filepath.Join(prefix, "drive_c", "windows", "system32")
	src := filepath.Join(prefix, "bcryptprimitives.c")
	def := filepath.Join(prefix, "bcryptprimitives.def")
	if err := os.WriteFile(src, shimSource, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(def, []byte("LIBRARY bcryptprimitives\nEXPORTS\n  ProcessPrng\n"), 0o644); err != nil {
		return nil, err
	}
	cc := exec.CommandContext(ctx, MinGW, "-O2", "-s", "-shared", "-nostartfiles", "-o",
		filepath.Join(sys32, "bcryptprimitives.dll"), src, def, "-ladvapi32")
	if out, err := cc.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build bcryptprimitives.dll: %v\n%s", err, out)
	}
	return w, nil
}

// Shutdown stops the shared prefix's wineserver, if one was started;
// TestMain calls it after the tests.
func Shutdown() {
	if shared != nil {
		shared.Stop()
	}
}

// Env is the environment for programs run in the prefix: no Wine debug
// chatter, no Mono/Gecko installer prompts.
func (w *Wine) Env(extra ...string) []string {
	env := append(os.Environ(), "WINEPREFIX="+w.Prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
	return append(env, extra...)
}

// Command runs a Windows program under Wine.
func (w *Wine) Command(ctx context.Context, exe string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.Bin, append([]string{exe}, args...)...)
	cmd.Env = w.Env()
	return cmd
}

// Stop ends the prefix's wineserver (and so every program still running
// in it).
func (w *Wine) Stop() {
	cmd := exec.Command(w.server(), "-k")
	cmd.Env = w.Env()
	_ = cmd.Run()
}

func (w *Wine) server() string {
	server := filepath.Join(filepath.Dir(w.Bin), "wineserver")
	if _, err := os.Stat(server); err != nil {
		return "wineserver"
	}
	return server
}

// Path is a Linux path as Windows programs under Wine see it (drive Z: is
// the Linux root).
func Path(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	return "Z:" + strings.ReplaceAll(abs, "/", `\`)
}

// BuildExe cross-compiles a Go package for windows/amd64 without cgo.
func BuildExe(ctx context.Context, pkgDir, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, ".")
	cmd.Dir = pkgDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build (windows) %s: %v\n%s", pkgDir, err, b)
	}
	return nil
}

// BuildTest cross-compiles the tests of a Go package for windows/amd64.
func BuildTest(ctx context.Context, pkgDir, out string) error {
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", out, ".")
	cmd.Dir = pkgDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go test -c (windows) %s: %v\n%s", pkgDir, err, b)
	}
	return nil
}

// BuildGUIExe cross-compiles a Fyne app (cgo) for windows/amd64 with
// mingw-w64, as `make dist` does. The compiler is named bare, as in the
// Makefile: Go's build cache keys on the exact CC string, and with the same
// string a warm cache makes this take seconds instead of the 8–28 minutes
// of a cold build of go-gl's C code.
func BuildGUIExe(ctx context.Context, pkgDir, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-ldflags=-H=windowsgui", "-o", out, ".")
	cmd.Dir = pkgDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOOS=windows", "GOARCH=amd64", "CC="+MinGW)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build (windows, cgo) %s: %v\n%s", pkgDir, err, b)
	}
	return nil
}
