package ratingpad_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/ratingpad"
)

// TestAttackPadRateAddrTableFromOneNetwork (red team 4, the open item):
// the pad's ratings were limited per device and per address in one table
// of 10 000 keys (100 here; a full table refuses every new key): pads
// posting from 100 /64s of one IPv6 /48 filled it, and a pad on another
// network was refused every rating for the rest of the minute. Now the
// addresses have their own table and the network's share (8 × the
// per-address limit) is counted first; a rating the address limit refuses
// is taken back from it. Failed before the fix (429).
func TestAttackPadRateAddrTableFromOneNetwork(t *testing.T) {
	var s *ratingpad.Service
	env := centretest.Start(t, centretest.Options{
		Devices: []centretest.Device{{ID: "pad1", Name: "pad1", Role: "ratingpad"}, {ID: "pad2", Name: "pad2", Role: "ratingpad"}, {ID: "pad3", Name: "pad3", Role: "ratingpad"}},
		Mount: func(m centretest.Mount) error {
			s = ratingpad.Mount(m.Server, m.DB, ratingpad.Options{PerMinute: 1000})
			return nil
		},
	})
	ratingpad.SetAddrLimit(s, 2, 100)
	rate := func(token, remote string) int {
		req := httptest.NewRequest("POST", "/api/v1/pad/rate", strings.NewReader(`{"ticket_id":"x","level":1}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		env.Server.ServeHTTP(rec, req)
		return rec.Code
	}
	served := 0
	for i := 0; i < 300; i++ {
		if rate(env.Token([]string{"pad1", "pad2"}[i%2]), fmt.Sprintf("[2001:db8:7:%x::1]:40000", i)) != http.StatusTooManyRequests {
			served++
		}
	}
	if served != 2*ratelimit.NetFactor {
		t.Fatalf("one /48 was served %d ratings, want %d", served, 2*ratelimit.NetFactor)
	}
	if st := rate(env.Token("pad3"), "[2001:db8:99:1::5]:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a pad on another network after one /48's flood of /64s: %d", st)
	}
	// One address's refusals do not spend its network's share.
	for i := 0; i < 40; i++ {
		rate(env.Token("pad1"), "198.51.100.7:40000")
	}
	if st := rate(env.Token("pad2"), "198.51.100.8:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a neighbour of an address past its own limit: %d", st)
	}
}

// TestAttackPadRateAddrTableFromManyNetworks (session 9): the network
// share made filling the pad's address table take several networks (7
// here, each within its 16 ratings a minute; 63 in service), and a full
// table then refused every pad's first rating. Now a full table evicts the
// address within its limit whose window started longest ago and keeps the
// addresses at their limit. Failed with the old limiter (429).
func TestAttackPadRateAddrTableFromManyNetworks(t *testing.T) {
	var s *ratingpad.Service
	env := centretest.Start(t, centretest.Options{
		Devices: []centretest.Device{{ID: "pad1", Name: "pad1", Role: "ratingpad"}, {ID: "pad2", Name: "pad2", Role: "ratingpad"}, {ID: "pad3", Name: "pad3", Role: "ratingpad"}},
		Mount: func(m centretest.Mount) error {
			s = ratingpad.Mount(m.Server, m.DB, ratingpad.Options{PerMinute: 1000})
			return nil
		},
	})
	ratingpad.SetAddrLimit(s, 2, 100)
	rate := func(token, remote string) int {
		req := httptest.NewRequest("POST", "/api/v1/pad/rate", strings.NewReader(`{"ticket_id":"x","level":1}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		env.Server.ServeHTTP(rec, req)
		return rec.Code
	}
	p1, p2 := env.Token("pad1"), env.Token("pad2")
	for i := 0; i < 3; i++ {
		rate(p1, "203.0.113.9:40000")
	}
	for n := 0; n < 7; n++ {
		for i := 0; i < 2*ratelimit.NetFactor; i++ {
			if st := rate([]string{p1, p2}[i%2], fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n, i)); st == http.StatusTooManyRequests {
				t.Fatalf("network %d, /64 %d (within its share): %d", n, i, st)
			}
		}
	}
	if st := rate(env.Token("pad3"), "198.51.100.7:40000"); st == http.StatusTooManyRequests {
		t.Fatalf("a pad on a new network after seven networks filled the address table: %d", st)
	}
	if st := rate(p2, "203.0.113.9:40000"); st != http.StatusTooManyRequests {
		t.Fatalf("an address past its limit was forgotten by the flood: %d", st)
	}
}
