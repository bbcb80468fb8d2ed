package syncagent_test

import (
	"context"
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"testing"

	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/syncagent"
)

// TLS failures — a certificate from an unknown CA, a portal address that
// does not speak TLS, a handshake cut off — fail the round like any network
// error: nothing is parked and the cursor stays. Once the province's CA is
// trusted (motcua sync --ca-file), the backlog drains exactly.
func TestTLSErrorsAreRetriedNotParked(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	plain, _ := url.Parse(p.url)
	front := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(plain))
	front.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	front.StartTLS()
	t.Cleanup(front.Close)
	// A listener that takes the connection and hangs up mid-handshake.
	cut, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	t.Cleanup(func() { cut.Close() })
	go func() {
		for {
			conn, err := cut.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 64)
			conn.Read(buf)
			conn.Close()
		}
	}()
	for range 3 {
		code, err := c.receive("Đặng Thị Chứng Thư")
		must(t, err)
		must(t, c.act(code, 0))
	}
	agent := func(base string, trust []byte) *syncagent.Agent {
		pc := client.New(base, portalUser, portalPass)
		pc.MaDonVi = queue.DemoConfig().AgencyCode
		if trust != nil {
			must(t, pc.TrustPEM(trust))
		}
		return syncagent.New(c.db, syncagent.PortalClient{C: pc}, syncagent.Options{Logger: quiet})
	}
	for _, tc := range []struct{ name, url, want string }{
		{"unknown CA", front.URL, "certificate"},
		{"not TLS", "https://" + plain.Host, "HTTP response to HTTPS client"},
		{"handshake cut", "https://" + cut.Addr().String(), "EOF|connection reset"},
	} {
		n, err := agent(tc.url, nil).Once(context.Background())
		if err == nil || n != 0 || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
			t.Fatalf("%s: settled %d, err %v (want it to mention %q)", tc.name, n, err, tc.want)
		}
		if cur, _ := c.db.SyncCursor(context.Background()); cur != 0 {
			t.Fatalf("%s: cursor moved to %d", tc.name, cur)
		}
		if parked, _ := c.db.Parked(context.Background()); len(parked) != 0 {
			t.Fatalf("%s: parked %+v", tc.name, parked)
		}
	}
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: front.Certificate().Raw})
	if n := drain(t, agent(front.URL, ca)); n != 12 {
		t.Fatalf("settled %d items over TLS, want 12", n)
	}
	sameAsCentre(t, c.db, p)
}
