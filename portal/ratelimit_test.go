package portal

import (
	"fmt"
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
			if got := clientOf(r, tr).addr; got != tc.want {
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

func TestClientNetwork(t *testing.T) {
	for _, tc := range []struct{ peer, addr, net string }{
		{"203.0.113.7:5000", "203.0.113.7", "203.0.113.0/24"},
		{"[2001:db8:1:2:aaaa::1]:5000", "2001:db8:1:2::/64", "2001:db8:1::/48"},
		{"[fe80::1%eth0]:5000", "fe80::/64", "fe80::/48"},
		{"[::ffff:203.0.113.7]:5000", "203.0.113.7", "203.0.113.0/24"},
		{"not-an-address", "not-an-address", "not-an-address"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		if got := clientOf(r, nil); got != (client{addr: tc.addr, net: tc.net}) {
			t.Errorf("%s: got %+v, want %s and %s", tc.peer, got, tc.addr, tc.net)
		}
	}
}

// fill makes n keys named prefix0, prefix1, ... with one request each.
func fill(l *limiter, prefix string, n int, now time.Time) (admitted int) {
	for i := range n {
		if l.allow(prefix+strconv.Itoa(i), now) {
			admitted++
		}
	}
	return admitted
}

// A limited client stays limited through a flood of fresh keys that fills
// the table many times over (the old sweep dropped arbitrary buckets,
// limited ones included: a few thousand made-up keys reset it).
func TestLimitedBucketSurvivesFlood(t *testing.T) {
	l := newLimiter(1, 5) // a token every minute
	l.max = 64
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 5 {
		if !l.allow("victim", now) {
			t.Fatal("victim refused within its burst")
		}
	}
	for i := range 50 {
		now = now.Add(time.Second)
		fill(l, fmt.Sprintf("flood%d-", i), 100, now)
		if len(l.buckets) > l.max {
			t.Fatalf("%d buckets, max %d", len(l.buckets), l.max)
		}
		if l.allow("victim", now) {
			t.Fatalf("victim's bucket reset by round %d of the flood", i)
		}
	}
}

// A table full of keys within their limit admits a new client (the least
// recently used open key goes); a table full of limited keys refuses new
// keys and keeps every limited one until it regains a token.
func TestFullLimiterTable(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t.Run("open keys make room", func(t *testing.T) {
		l := newLimiter(1, 5)
		l.max = 64
		if n := fill(l, "open", 64, now); n != 64 {
			t.Fatalf("%d admitted", n)
		}
		l.allow("open0", now.Add(time.Second)) // used again: no longer the least recent
		if !l.allow("citizen", now.Add(2*time.Second)) {
			t.Fatal("a table full of open keys refused a new client")
		}
		if _, ok := l.buckets["open0"]; !ok {
			t.Fatal("the recently used key was evicted")
		}
		if _, ok := l.buckets["open1"]; ok {
			t.Fatal("the least recently used key was kept")
		}
	})
	t.Run("limited keys are kept, new keys refused", func(t *testing.T) {
		l := newLimiter(1, 1) // one token, back after a minute
		l.max = 64
		fill(l, "limited", 64, now) // each spends its only token
		if l.allow("newcomer", now.Add(time.Second)) {
			t.Fatal("a table full of limited keys admitted a new key (by dropping a limited one)")
		}
		for i := range 64 {
			if l.allow("limited"+strconv.Itoa(i), now.Add(2*time.Second)) {
				t.Fatalf("limited%d reset", i)
			}
		}
		// Once they regain a token they are no longer limited: a new key
		// evicts one.
		if !l.allow("newcomer", now.Add(2*time.Minute)) {
			t.Fatal("refused after the limited keys regained their token")
		}
	})
	t.Run("half limited: new keys evict open ones only", func(t *testing.T) {
		l := newLimiter(60, 10)
		l.max = 1024
		fill(l, "limited", 512, now)
		for i := range 512 {
			for range 10 {
				l.allow("limited"+strconv.Itoa(i), now)
			}
		}
		// Every new key evicts the open key at the open list's head; the
		// limited ones are neither walked nor dropped.
		for i := range 5000 {
			if !l.allow("new"+strconv.Itoa(i), now) {
				t.Fatalf("new key %d refused with open keys held", i)
			}
		}
		if len(l.buckets) != l.max {
			t.Fatalf("%d buckets", len(l.buckets))
		}
		for i := range 512 {
			if l.allow("limited"+strconv.Itoa(i), now) {
				t.Fatalf("limited%d reset by new keys", i)
			}
		}
	})
}
