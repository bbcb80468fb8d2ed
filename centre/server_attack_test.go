package centre_test

// Slow clients against the server as `motcua serve` runs it
// (Server.ListenAndServe, session 5 review, docs/SECURITY.md): a client
// that trickles its headers or its body for ever is cut off by the
// server's read timeouts, so a few hundred of them cannot hold the
// centre's connections and goroutines. The tests wait for the cut (10 s
// for headers, 30 s for a body) with a generous deadline; they assert
// that it happens, not how fast.

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
)

func serveReal(t *testing.T) string {
	t.Helper()
	e := centretest.Start(t, centretest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- e.Server.ListenAndServe(ctx, "127.0.0.1:0", func(a net.Addr) { addr <- a.String() })
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case a := <-addr:
		return a
	case err := <-done:
		t.Fatal(err)
	}
	return ""
}

// trickle writes first, then one byte of more every second until the
// server closes the connection (true) or limit passes (false).
func trickle(t *testing.T, addr, first, more string, limit time.Duration) bool {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, first); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() {
		// the server answers (408 or nothing) and closes: the read ends
		c.SetReadDeadline(time.Now().Add(limit))
		io.Copy(io.Discard, bufio.NewReader(c))
		close(closed)
	}()
	end := time.After(limit)
	for i := 0; ; i++ {
		select {
		case <-closed:
			return true
		case <-end:
			return false
		case <-time.After(time.Second):
		}
		if _, err := io.WriteString(c, more[i%len(more):i%len(more)+1]); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return false
			}
			<-closed
			return true
		}
	}
}

func TestAttackSlowHeadersCut(t *testing.T) {
	t.Parallel()
	addr := serveReal(t)
	if !trickle(t, addr, "GET /api/v1/public/tickets/x HTTP/1.1\r\nHost: centre\r\nX-Slow: ", strings.Repeat("a", 100), 2*time.Minute) {
		t.Fatal("a client trickling its headers was not cut off")
	}
}

func TestAttackSlowBodyCut(t *testing.T) {
	t.Parallel()
	addr := serveReal(t)
	if !trickle(t, addr, "POST /api/v1/login HTTP/1.1\r\nHost: centre\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"username\":\"",
		strings.Repeat("a", 100), 3*time.Minute) {
		t.Fatal("a client trickling a body was not cut off")
	}
}
