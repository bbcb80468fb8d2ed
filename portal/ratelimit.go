package portal

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// limiter is a token bucket per key (a client address, a client network or
// a username): enough for a citizen or a centre, too little to enumerate
// dossier codes or guess passwords.
//
// The map of buckets is bounded (maxBuckets), and a full map never forgets
// a limited bucket (docs/SECURITY.md, "Session 9: the portal's limits per
// network"). The buckets sit in two lists ordered by their last use: open
// (at least one token left after their last use; they only gain tokens
// while idle) and limited (less than one token left after their last use).
// Buckets idle long enough to have refilled whatever they held equal a new
// one and are dropped from the fronts of both lists on every call. When the
// map is still full and a new key comes, the least recently used bucket
// that is not limited now is evicted: the head of the open list, or the
// head of the limited list if it has regained a token and was used
// earlier. A limited bucket is never evicted, so a flood of made-up keys
// cannot reset a limited client; only when every bucket held is limited is
// the new key refused. Each call looks at O(1) buckets amortized: a bucket
// is dropped or evicted once, and is looked at without being removed at
// most twice per call.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	idle    time.Duration // a bucket unused this long has refilled whatever it held
	buckets map[string]*bucket
	open    blist // at least one token after their last use, least recently used first
	limited blist // less than one token after their last use, least recently used first
	max     int   // maxBuckets, smaller in tests
}

type bucket struct {
	key        string
	tokens     float64
	at         time.Time // last use
	prev, next *bucket
	in         *blist
}

// blist is a doubly linked list of buckets, least recently used first.
type blist struct{ head, tail *bucket }

func (q *blist) pushBack(b *bucket) {
	b.in, b.prev, b.next = q, q.tail, nil
	if q.tail != nil {
		q.tail.next = b
	} else {
		q.head = b
	}
	q.tail = b
}

func (q *blist) remove(b *bucket) {
	if b.prev != nil {
		b.prev.next = b.next
	} else {
		q.head = b.next
	}
	if b.next != nil {
		b.next.prev = b.prev
	} else {
		q.tail = b.prev
	}
	b.prev, b.next, b.in = nil, nil, nil
}

// maxBuckets bounds the memory of one limiter whatever the number of keys
// an attacker makes up.
const maxBuckets = 65536

func newLimiter(perMinute, burst int) *limiter {
	rate := float64(perMinute) / 60
	return &limiter{rate: rate, burst: float64(burst), idle: time.Duration(float64(burst) / rate * float64(time.Second)),
		buckets: map[string]*bucket{}, max: maxBuckets}
}

// tokensAt is b's tokens refilled up to now (a clock going back adds none).
func (l *limiter) tokensAt(b *bucket, now time.Time) float64 {
	return min(l.burst, b.tokens+max(0, now.Sub(b.at).Seconds())*l.rate)
}

// allow takes one token from key's bucket at now and reports whether there
// was one.
func (l *limiter) allow(key string, now time.Time) bool {
	ok, _ := l.take(key, now)
	return ok
}

// take is allow that also says, on a refusal, whether it came from a full
// table (every bucket held limited) rather than from key's own bucket.
func (l *limiter) take(key string, now time.Time) (ok, full bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expire(&l.open, now)
	l.expire(&l.limited, now)
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.max && !l.evict(now) {
			return false, true // every bucket held is limited
		}
		b = &bucket{key: key, tokens: l.burst, at: now}
		l.buckets[key] = b
	} else {
		b.tokens = l.tokensAt(b, now)
		b.in.remove(b)
		if now.After(b.at) {
			b.at = now
		}
	}
	ok = b.tokens >= 1
	if ok {
		b.tokens--
	}
	l.place(b)
	return ok, false
}

// place puts b at the back of the list its tokens say.
func (l *limiter) place(b *bucket) {
	if b.tokens < 1 {
		l.limited.pushBack(b)
	} else {
		l.open.pushBack(b)
	}
}

// expire drops the buckets at the front of q idle long enough to have
// refilled: they equal a new one.
func (l *limiter) expire(q *blist, now time.Time) {
	for b := q.head; b != nil && now.Sub(b.at) >= l.idle; b = q.head {
		l.drop(b)
	}
}

// evict frees one place in the full map: the least recently used bucket
// that is not limited at now. It reports false when every bucket held is
// limited (the head of the limited list is the one that regains a token
// first, give or take one token's time).
func (l *limiter) evict(now time.Time) bool {
	o, h := l.open.head, l.limited.head
	if h != nil && l.tokensAt(h, now) < 1 {
		h = nil // still limited: kept
	}
	switch {
	case o != nil && (h == nil || !h.at.Before(o.at)):
		l.drop(o)
	case h != nil:
		l.drop(h)
	default:
		return false
	}
	return true
}

func (l *limiter) drop(b *bucket) {
	b.in.remove(b)
	delete(l.buckets, b.key)
}

// refund gives back one token taken by allow.
func (l *limiter) refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.buckets[key]; b != nil {
		b.tokens = min(l.burst, b.tokens+1)
		b.in.remove(b)
		l.place(b)
	}
}

// netFactor: one network (IPv4 /24, IPv6 /48) may make this many times the
// per-address allowance, as the centre's ratelimit.NetFactor.
const netFactor = 8

// netLimiter counts a client's requests against its network first (rate
// and burst × netFactor), then against its address. A request the network
// refuses takes nothing from the address; a request the address refuses is
// refunded to the network, so one address cannot spend its neighbours'
// share. One IPv6 /48 holds 65 536 /64 address keys and an IPv4 /24 256
// addresses: without the network's count each would be a fresh allowance.
type netLimiter struct {
	net, addr *limiter
	refused   refusals
}

func newNetLimiter(perMinute, burst int, refused refusals) *netLimiter {
	return &netLimiter{net: newLimiter(perMinute*netFactor, burst*netFactor), addr: newLimiter(perMinute, burst), refused: refused}
}

func (p *netLimiter) allow(c client, now time.Time) bool {
	if ok, full := p.net.take(c.net, now); !ok {
		p.refused.count(by(full, "network"))
		return false
	}
	if ok, full := p.addr.take(c.addr, now); !ok {
		p.net.refund(c.net)
		p.refused.count(by(full, "address"))
		return false
	}
	return true
}

// refusals counts one limit's refusals on the portal's /metrics
// (motcua_portal_refused_total{limit, by}): a province reads who is being
// turned away, and why, without its reverse proxy's log. The zero value
// counts nothing.
type refusals struct {
	vec   *prometheus.CounterVec
	limit string
}

func (r refusals) count(by string) {
	if r.vec != nil {
		r.vec.WithLabelValues(r.limit, by).Inc()
	}
}

// by names what refused a request: the key's own bucket (what), or the
// limiter's table, full of limited buckets.
func by(full bool, what string) string {
	if full {
		return "table_full"
	}
	return what
}

// newRefusals is the portal's counter of refused requests.
func newRefusals() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "motcua_portal_refused_total",
		Help: "Requests refused (429) by the portal's limits, by limit (lookup, statistics, submit, login, password_checks, rollup) and by what refused them (network, address, username, table_full, busy).",
	}, []string{"limit", "by"})
}

// LoopbackProxies is what a bare --trust-proxy trusts: a reverse proxy on
// the same host.
var LoopbackProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// client is who a request is counted against: its address (IPv4, or the
// IPv6 /64, which one subscriber usually holds whole) and its network
// (IPv4 /24, IPv6 /48, what one subscriber or tunnel account can get).
type client struct{ addr, net string }

// clientOf reads r's client behind the trusted proxies (see clientAddr).
// A peer that is not an IP address is its own address and network.
func clientOf(r *http.Request, trusted []netip.Prefix) client {
	a, host := clientAddr(r, trusted)
	if !a.IsValid() {
		return client{addr: host, net: host}
	}
	if a.Is6() {
		p64, _ := a.Prefix(64)
		p48, _ := a.Prefix(48)
		return client{addr: p64.String(), net: p48.String()}
	}
	p24, _ := a.Prefix(24)
	return client{addr: a.String(), net: p24.String()}
}

// clientAddr is the client's address: the peer address, unless the peer
// is one of the trusted proxies; then X-Forwarded-For is read from the
// right, skipping trusted proxies, and the first address that is not one
// is the client. What the client itself wrote further left is never used.
// When the peer is not an IP address, the address is invalid and host is
// the peer as given.
func clientAddr(r *http.Request, trusted []netip.Prefix) (netip.Addr, string) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, host
	}
	peer = peer.Unmap()
	if isTrusted(peer, trusted) {
		hops := r.Header.Values("X-Forwarded-For")
	walk:
		for i := len(hops) - 1; i >= 0; i-- {
			parts := strings.Split(hops[i], ",")
			for j := len(parts) - 1; j >= 0; j-- {
				a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
				if err != nil {
					break walk // not written by a proxy we trust: keep the last trusted hop
				}
				peer = a.Unmap()
				if !isTrusted(peer, trusted) {
					break walk
				}
			}
		}
	}
	return peer.WithZone(""), host
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseProxies reads a comma-separated list of addresses or CIDR prefixes.
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
