package centretest

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// HeadersOnly is an attacker who announces a large body and never sends
// it: it writes the request line and headers of method path to the server
// at base (an http:// URL) with Content-Length: length and no body, and
// returns the status the server answers. A server that authenticates the
// request before reading its body answers at once; one that reads the body
// first waits for bytes that never come, and the test fails after a
// generous minute (a hang, not a latency figure). hdr may set
// Authorization, Cookie, X-CSRF-Token and the like.
func HeadersOnly(t testing.TB, base, method, path string, hdr map[string]string, length int64) int {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", method, path, u.Host, length)
	for k, v := range hdr {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	b.WriteString("\r\n")
	if _, err := c.Write([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(time.Minute))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%s %s with a %d-byte body announced and not sent: no answer (%v): the body is read before the request is refused", method, path, length, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
