package portal

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestClientIP(t *testing.T) {
	proxies, err := ParseProxies("127.0.0.1, 10.0.0.0/8,::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		trusted    bool
		want       string
	}{
		{"no proxy configured: the header is ignored", "203.0.113.7:5000", []string{"1.2.3.4"}, false, "203.0.113.7"},
		{"untrusted peer: the header is ignored", "203.0.113.7:5000", []string{"1.2.3.4"}, true, "203.0.113.7"},
		{"trusted proxy, one hop", "127.0.0.1:5000", []string{"198.51.100.9"}, true, "198.51.100.9"},
		{"forged left-most hop", "127.0.0.1:5000", []string{"1.2.3.4, 198.51.100.9"}, true, "198.51.100.9"},
		{"two trusted proxies", "127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.9, 10.1.2.3"}, true, "198.51.100.9"},
		{"several headers, read as one list", "127.0.0.1:5000", []string{"6.6.6.6", "198.51.100.9, 10.1.2.3"}, true, "198.51.100.9"},
		{"garbage left of the client is never reached", "127.0.0.1:5000", []string{"<script>, 198.51.100.9"}, true, "198.51.100.9"},
		{"garbage from a trusted hop: keep the last trusted", "127.0.0.1:5000", []string{"junk, 10.1.2.3"}, true, "10.1.2.3"},
		{"no header from a trusted proxy", "127.0.0.1:5000", nil, true, "127.0.0.1"},
		{"IPv6 keyed by /64", "[::1]:5000", []string{"2001:db8:1:2:aaaa::1"}, true, "2001:db8:1:2::/64"},
		{"IPv4-mapped peer", "[::ffff:203.0.113.7]:5000", nil, true, "203.0.113.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, h := range tc.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			var tr = proxies
			if !tc.trusted {
				tr = nil
			}
			if got := clientIP(r, tr); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := ParseProxies("10.0.0.0/8,nonsense"); err == nil {
		t.Fatal("nonsense accepted")
	}
}

// Made-up keys (usernames, addresses) cannot grow a limiter without bound.
func TestLimiterBounded(t *testing.T) {
	l := newLimiter(10, 20)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range maxBuckets + 5000 {
		l.allow(strconv.Itoa(i), now)
	}
	if n := len(l.buckets); n > maxBuckets {
		t.Fatalf("%d buckets", n)
	}
	// A key being limited stays limited; a refund gives back one attempt.
	for range 25 {
		l.allow("victim", now)
	}
	if l.allow("victim", now) {
		t.Fatal("victim not limited")
	}
	l.refund("victim")
	if !l.allow("victim", now) || l.allow("victim", now) {
		t.Fatal("refund gives back exactly one attempt")
	}
}
