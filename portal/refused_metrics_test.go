package portal_test

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
)

// refusedCount reads motcua_portal_refused_total{limit, by} from /metrics
// (0 when the series is absent).
func refusedCount(t *testing.T, base, limit, by string) int {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	re := regexp.MustCompile(`(?m)^motcua_portal_refused_total\{by="` + by + `",limit="` + limit + `"\} (\d+)$`)
	m := re.FindStringSubmatch(string(body))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// The portal counts the requests its limits refuse, by limit and by what
// refused them, so a province sees a carrier pool being turned away
// without its reverse proxy's log (docs/SECURITY.md, carrier-grade NAT).
func TestRefusalsCountedOnMetrics(t *testing.T) {
	const burst = 3 // per address; the network's is 8 × 3
	e := portaltest.Start(t, "", portal.Options{TrustedProxies: portal.LoopbackProxies, Now: fixedNow(),
		LookupPerMinute: 1, LookupBurst: burst, LoginPerMinute: 1, LoginBurst: 100, LoginPerUserMinute: 1, LoginPerUserBurst: 2})
	lookup := func(client string) int {
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/tra-cuu/"+ag+"-231027-0001", nil)
		return fromBehindProxy(t, req, client)
	}
	stats := func(client string) int {
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/thong-ke", nil)
		return fromBehindProxy(t, req, client)
	}
	for _, s := range []struct{ limit, by string }{{"lookup", "address"}, {"lookup", "network"}, {"statistics", "address"}, {"login", "username"}} {
		if n := refusedCount(t, e.URL, s.limit, s.by); n != 0 {
			t.Fatalf("%s/%s refused %d before any request", s.limit, s.by, n)
		}
	}
	// One address: its 3, then 5 refused by its own bucket.
	refused := 0
	for range burst + 5 {
		if lookup("203.0.113.9") == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 5 {
		t.Fatalf("one address: %d refused, want 5", refused)
	}
	// One /48: 100 /64s, 24 served by the network's share, 76 refused by it.
	refused = 0
	for i := range 100 {
		if lookup(fmt.Sprintf("2001:db8:99:%x::1", i)) == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 100-8*burst {
		t.Fatalf("one /48: %d refused, want %d", refused, 100-8*burst)
	}
	// Statistics have their own bucket: 2 refusals from one address.
	for range burst + 2 {
		stats("198.51.100.20")
	}
	// Two password guesses for one username, then 3 refused by the
	// username's bucket (from several addresses, each within its own).
	for i := range 5 {
		req, _ := http.NewRequest(http.MethodPost, e.URL+"/api/v1/login", strings.NewReader(`{"username":"c1","password":"wrong"}`))
		req.Header.Set("Content-Type", "application/json")
		fromBehindProxy(t, req, fmt.Sprintf("192.0.2.%d", 10+i))
	}
	for _, s := range []struct {
		limit, by string
		want      int
	}{{"lookup", "address", 5}, {"lookup", "network", 76}, {"statistics", "address", 2}, {"login", "username", 3}, {"login", "address", 0}} {
		if n := refusedCount(t, e.URL, s.limit, s.by); n != s.want {
			t.Errorf("motcua_portal_refused_total{limit=%q,by=%q} = %d, want %d", s.limit, s.by, n, s.want)
		}
	}
	// Nothing personal in the series: no address, network or username.
	resp, err := http.Get(e.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, leak := range []string{"203.0.113", "2001:db8", "198.51.100", "192.0.2", `"c1"`} {
		if strings.Contains(string(body), leak) {
			t.Errorf("/metrics names %q", leak)
		}
	}
}
