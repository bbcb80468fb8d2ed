package portal_test

// Session 9: the portal's per-address limits count the client's network
// first (IPv4 /24, IPv6 /48, 8 × the address's allowance). One IPv6 /48
// (one tunnel account) holds 65 536 /64 address keys: without the
// network's count each /64 was a fresh allowance of dossier lookups and
// password guesses.

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
)

// fromBehindProxy sends req as the loopback proxy forwarding for client.
func fromBehindProxy(t *testing.T, req *http.Request, client string) int {
	t.Helper()
	req.Header.Set("X-Forwarded-For", client)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A fixed clock: no token comes back while the test runs, so the counts
// are exact.
func fixedNow() func() time.Time {
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	return func() time.Time { return now }
}

func TestLookupNetworkShareIPv6(t *testing.T) {
	const burst = 3 // per address; the network's is 8 × 3
	e := portaltest.Start(t, "", portal.Options{TrustedProxies: portal.LoopbackProxies, Now: fixedNow(), LookupPerMinute: 1, LookupBurst: burst})
	lookup := func(client string) int {
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/tra-cuu/"+ag+"-231027-0001", nil)
		return fromBehindProxy(t, req, client)
	}
	// 100 /64s of one /48, one lookup each: each is within its own
	// address allowance, the network's share is 24.
	served := 0
	for i := range 100 {
		switch s := lookup(fmt.Sprintf("2001:db8:77:%x::1", i)); s {
		case http.StatusNotFound:
			served++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("/64 %d: %d", i, s)
		}
	}
	if served != 8*burst {
		t.Fatalf("one /48's /64s got %d lookups, want the network's share %d", served, 8*burst)
	}
	// A citizen on another network is served, over IPv6 and IPv4.
	for _, c := range []string{"2001:db8:78::1", "198.51.100.7"} {
		if s := lookup(c); s != http.StatusNotFound {
			t.Fatalf("citizen %s on another network: %d", c, s)
		}
	}
	// One address refused by its own limit does not spend its neighbours'
	// share: an IPv4 address spends its 3, is refused 10 times, and the
	// rest of its /24 still gets the network's share minus those 3.
	for i := range 3 + 10 {
		want := http.StatusNotFound
		if i >= 3 {
			want = http.StatusTooManyRequests
		}
		if s := lookup("203.0.113.7"); s != want {
			t.Fatalf("203.0.113.7 request %d: %d, want %d", i, s, want)
		}
	}
	served = 0
	for i := range 40 {
		if lookup(fmt.Sprintf("203.0.113.%d", 10+i)) == http.StatusNotFound {
			served++
		}
	}
	if served != 8*burst-burst {
		t.Fatalf("rest of the /24 got %d lookups, want %d", served, 8*burst-burst)
	}
}

func TestLoginNetworkShareIPv6(t *testing.T) {
	const burst = 2 // per address; the network's is 8 × 2
	e := portaltest.Start(t, "", portal.Options{TrustedProxies: portal.LoopbackProxies, Now: fixedNow(), LoginPerMinute: 1, LoginBurst: burst})
	login := func(client, user, pass string) int {
		req, _ := http.NewRequest(http.MethodPost, e.URL+"/api/v1/login", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, user, pass)))
		req.Header.Set("Content-Type", "application/json")
		return fromBehindProxy(t, req, client)
	}
	// 40 /64s of one /48 guess 40 usernames' passwords, one guess each
	// (within each address's and each username's allowance).
	checked := 0
	for i := range 40 {
		switch s := login(fmt.Sprintf("2001:db8:66:%x::9", i), fmt.Sprintf("u%d", i), "guess"); s {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("/64 %d: %d", i, s)
		}
	}
	if checked != 8*burst {
		t.Fatalf("one /48's /64s got %d password checks, want the network's share %d", checked, 8*burst)
	}
	// A centre on another network logs in.
	if s := login("2001:db8:67::5", "c2", "secret2"); s != http.StatusOK {
		t.Fatalf("centre on another network: %d", s)
	}
}
