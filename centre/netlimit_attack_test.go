package centre_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/internal/ratelimit"
)

// status is the answer of env's server to method path from remote with
// token (the server's own handler, the remote address set as a peer's).
func status(env *centretest.Env, method, path, token, remote string) int {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = remote
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	env.Server.ServeHTTP(rec, req)
	return rec.Code
}

// TestAttackLookupAddrTableFromOneNetwork (red team 4, the open item): the
// dossier lookups' per-address limiter (a table of 10 000 keys, 100 here;
// a full table refuses every new address) was filled by one IPv6 /48 asking
// from 300 of its /64s with one kiosk token (each refused request still
// made its address key), and a kiosk on another network was then refused
// every lookup for the rest of the minute. Now the network's share (8 ×
// the per-address limit) is counted first, and a request the address limit
// refuses is taken back from it. Failed before the fix (429).
func TestAttackLookupAddrTableFromOneNetwork(t *testing.T) {
	env := centretest.Start(t, centretest.Options{
		Devices:  []centretest.Device{{ID: "k1", Name: "kiosk", Role: "kiosk"}, {ID: "k2", Name: "kiosk 2", Role: "kiosk"}, {ID: "k3", Name: "kiosk 3", Role: "kiosk"}, {ID: "k4", Name: "kiosk 4", Role: "kiosk"}},
		Dossiers: &centre.DossierOptions{LookupPerMinute: 3},
	})
	centre.SetLookupAddrKeys(env.Server, 3, 100)
	const path = "/api/v1/lookup/dossiers/G01.001.26-000001"
	k1 := env.Token("k1")
	refused := 0
	for i := 0; i < 300; i++ {
		if status(env, "GET", path, k1, fmt.Sprintf("[2001:db8:7:%x::1]:40000", i)) == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Fatal("300 lookups from one kiosk token were all served")
	}
	if st := status(env, "GET", path, env.Token("k2"), "[2001:db8:99:1::5]:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a kiosk on another network after one /48's flood of /64s: %d", st)
	}
	// One address's refusals do not spend its network's share (3 × 8 = 24).
	k3 := env.Token("k3")
	for i := 0; i < 40; i++ {
		status(env, "GET", path, k3, "198.51.100.7:40000")
	}
	if st := status(env, "GET", path, env.Token("k4"), "198.51.100.8:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a neighbour of an address past its own limit: %d", st)
	}
}

// TestAttackConnectAddrTableFromOneNetwork (red team 4, the open item): the
// same with WebSocket connects (/ws, counted per address a minute in a
// table of 10 000 keys, 100 here): one /48 opening from 300 of its /64s
// filled it, and a board on another network could not connect for the rest
// of the minute. Failed before the fix (429).
func TestAttackConnectAddrTableFromOneNetwork(t *testing.T) {
	env := centretest.Start(t, centretest.Options{
		Devices: []centretest.Device{{ID: "b1", Name: "board", Role: "display"}},
	})
	centre.SetConnectLimit(env.Server, 2, 100)
	tok := env.Token("b1")
	refused := 0
	for i := 0; i < 300; i++ {
		if status(env, "GET", "/ws", tok, fmt.Sprintf("[2001:db8:7:%x::1]:40000", i)) == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 300-2*ratelimit.NetFactor {
		t.Fatalf("one /48 was refused %d connects, want %d", refused, 300-2*ratelimit.NetFactor)
	}
	if st := status(env, "GET", "/ws", tok, "[2001:db8:99:1::5]:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a board on another network after one /48's flood of /64s: %d", st)
	}
	for i := 0; i < 40; i++ {
		status(env, "GET", "/ws", tok, "198.51.100.7:40000")
	}
	if st := status(env, "GET", "/ws", tok, "198.51.100.8:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a neighbour of an address past its own limit: %d", st)
	}
}

// TestAttackLookupAddrTableFromManyNetworks (session 9): the network share
// made filling the lookups' address table take several networks (6 here,
// each within its share of 24 a minute; 42 in service), and a full table
// then refused every citizen's first lookup. Now a full table evicts the
// address within its limit whose window started longest ago and keeps the
// addresses at their limit: a kiosk on a new network is served, an address
// past its limit before the flood stays refused. Failed with the old
// limiter (429).
func TestAttackLookupAddrTableFromManyNetworks(t *testing.T) {
	env := centretest.Start(t, centretest.Options{
		Devices:  []centretest.Device{{ID: "k1", Name: "kiosk", Role: "kiosk"}, {ID: "k2", Name: "kiosk 2", Role: "kiosk"}, {ID: "k3", Name: "kiosk 3", Role: "kiosk"}, {ID: "k4", Name: "kiosk 4", Role: "kiosk"}},
		Dossiers: &centre.DossierOptions{LookupPerMinute: 3},
	})
	centre.SetLookupAddrKeys(env.Server, 3, 100)
	const path = "/api/v1/lookup/dossiers/G01.001.26-000001"
	k3 := env.Token("k3")
	for i := 0; i < 3; i++ {
		status(env, "GET", path, k3, "203.0.113.9:40000")
	}
	k1 := env.Token("k1") // its own limit refuses it; its addresses are counted all the same
	for n := 0; n < 6; n++ {
		for i := 0; i < 3*ratelimit.NetFactor; i++ {
			status(env, "GET", path, k1, fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n, i))
		}
	}
	if st := status(env, "GET", path, env.Token("k2"), "198.51.100.7:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a kiosk on a new network after six networks filled the address table: %d", st)
	}
	if st := status(env, "GET", path, env.Token("k4"), "203.0.113.9:40000"); st != http.StatusTooManyRequests {
		t.Fatalf("an address at its limit was forgotten by the flood: %d", st)
	}
}

// TestAttackConnectAddrTableFromManyNetworks (session 9): the same with
// /ws connects (2 per address here, 16 per network; seven networks fill
// the table of 100 keys, 6 in service at 1 920 keys each). Failed with the
// old limiter (429).
func TestAttackConnectAddrTableFromManyNetworks(t *testing.T) {
	env := centretest.Start(t, centretest.Options{
		Devices: []centretest.Device{{ID: "b1", Name: "board", Role: "display"}},
	})
	centre.SetConnectLimit(env.Server, 2, 100)
	tok := env.Token("b1")
	for i := 0; i < 3; i++ {
		status(env, "GET", "/ws", tok, "203.0.113.9:40000")
	}
	for n := 0; n < 7; n++ {
		for i := 0; i < 2*ratelimit.NetFactor; i++ {
			if st := status(env, "GET", "/ws", tok, fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n, i)); st == http.StatusTooManyRequests {
				t.Fatalf("network %d, /64 %d (within its share): %d", n, i, st)
			}
		}
	}
	if st := status(env, "GET", "/ws", tok, "198.51.100.7:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a board on a new network after seven networks filled the address table: %d", st)
	}
	if st := status(env, "GET", "/ws", tok, "203.0.113.9:40000"); st != http.StatusTooManyRequests {
		t.Fatalf("an address past its limit was forgotten by the flood: %d", st)
	}
}
