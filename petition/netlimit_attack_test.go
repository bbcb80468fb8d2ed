package petition_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/petition"
)

// TestAttackWebFormAddrTableFromOneNetwork (red team 4, the open item): the
// phone page's form (POST /hoi-dap, no login) was limited per address in a
// table of 10 000 keys (100 here; a full table refuses every new address):
// one IPv6 /48 posting from 300 of its /64s filled it, and a citizen on
// another network was told the form was busy for the rest of the window.
// Now the network's share (8 × per_address) is counted first, and a post
// the address limit refuses is taken back from it. Failed before the fix
// (429).
func TestAttackWebFormAddrTableFromOneNetwork(t *testing.T) {
	var h *petition.Handler
	c := centretest.Start(t, centretest.Options{
		Mount: func(m centretest.Mount) error {
			h = petition.Mount(m.Server, petition.New(m.DB, m.Config), petition.Options{PerAddress: 2, Total: 100000})
			return nil
		},
	})
	petition.SetAddrLimit(h, 2, 100)
	post := func(remote string) int {
		req := httptest.NewRequest("POST", "/hoi-dap", strings.NewReader(url.Values{"kind": {"hoi"}, "text": {"?"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		c.Server.ServeHTTP(rec, req)
		return rec.Code
	}
	served := 0
	for i := 0; i < 300; i++ {
		if post(fmt.Sprintf("[2001:db8:7:%x::1]:40000", i)) != http.StatusTooManyRequests {
			served++
		}
	}
	if served != 2*ratelimit.NetFactor {
		t.Fatalf("one /48 was served %d posts, want %d", served, 2*ratelimit.NetFactor)
	}
	if st := post("[2001:db8:99:1::5]:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a citizen on another network after one /48's flood of /64s: %d", st)
	}
	// One address's refusals do not spend its network's share.
	for i := 0; i < 40; i++ {
		post("198.51.100.7:40000")
	}
	if st := post("198.51.100.8:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a neighbour of an address past its own limit: %d", st)
	}
}

// TestAttackWebFormAddrTableFromManyNetworks (session 9): the network
// share made filling the form's address table take several networks (7
// here, each within its 16 posts a window; 250 in service), and a full
// table then refused every citizen's first post. Now a full table evicts
// the address within its limit whose window started longest ago and keeps
// the addresses at their limit. Failed with the old limiter (429).
func TestAttackWebFormAddrTableFromManyNetworks(t *testing.T) {
	var h *petition.Handler
	c := centretest.Start(t, centretest.Options{
		Mount: func(m centretest.Mount) error {
			h = petition.Mount(m.Server, petition.New(m.DB, m.Config), petition.Options{PerAddress: 2, Total: 100000})
			return nil
		},
	})
	petition.SetAddrLimit(h, 2, 100)
	post := func(remote string) int {
		req := httptest.NewRequest("POST", "/hoi-dap", strings.NewReader(url.Values{"kind": {"hoi"}, "text": {"?"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		c.Server.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := 0; i < 3; i++ {
		post("203.0.113.9:40000")
	}
	for n := 0; n < 7; n++ {
		for i := 0; i < 2*ratelimit.NetFactor; i++ {
			if st := post(fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n, i)); st == http.StatusTooManyRequests {
				t.Fatalf("network %d, /64 %d (within its share): %d", n, i, st)
			}
		}
	}
	if st := post("198.51.100.7:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a citizen after seven networks filled the address table: %d", st)
	}
	if st := post("203.0.113.9:40000"); st != http.StatusTooManyRequests {
		t.Fatalf("an address past its limit was forgotten by the flood: %d", st)
	}
}
