package centretest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
)

// BuildMotcua builds cmd/motcua into dir as it ships (CGO_ENABLED=0, no
// race detector), for the tests that run the real server as a child
// process (a SIGKILL in the middle of a burst), and returns its path.
func BuildMotcua(dir string) (string, error) {
	bin := filepath.Join(dir, "motcua")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/motcua/motcua/cmd/motcua")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build cmd/motcua: %v\n%s", err, out)
	}
	return bin, nil
}

// Serve runs `bin serve` on a free loopback port over the database db
// (args after), its standard error to stderr (nil: discarded), and waits
// up to 60 s for the line that gives its address. It returns the base URL
// and the process, which the caller kills; an error when it did not start
// (the process is then gone).
func Serve(t testing.TB, bin, db string, stderr io.Writer, args ...string) (string, *exec.Cmd, error) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, args...)...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "centre server on "); ok {
				u, _, _ = strings.Cut(strings.TrimSpace(u), " ") // "… (citizens' phones: …)"
				select {
				case urlc <- u:
				default:
				}
			}
		}
	}()
	select {
	case u := <-urlc:
		return u, cmd, nil
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		return "", nil, errors.New("the server did not start")
	}
}

// Eventually polls cond every 20 ms until it holds, failing t with what
// after a generous 30 s: a liveness guard, never a latency check.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not happen", what)
}

// At is the time s ("2006-01-02 15:04") in Vietnam; a malformed s panics.
func At(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, queue.Loc)
	if err != nil {
		panic(err)
	}
	return t
}
