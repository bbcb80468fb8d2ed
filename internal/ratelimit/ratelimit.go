// Package ratelimit counts requests per key in fixed windows, for the
// centre's LAN-facing limits (dossier lookups and ratings, WebSocket
// connections, petitions, bookings and remote numbers).
//
// The map of keys is bounded, and a full map refuses no one who is within
// their limit (docs/SECURITY.md, "Session 9: full limiter tables"). The
// keys are held in two lists ordered by the start of their windows: the
// open list (keys that were within their limit when last looked at) and
// the limited list (keys found at or over their limit). When the map is
// full and a new key comes, expired windows go first, from the fronts of
// both lists; then the open key whose window started longest ago is
// evicted (it carries no penalty: forgetting it only gives it a fresh
// count), moving the limited keys met on the way to the limited list. A
// key at or over its limit is kept until its window expires, so a flood of
// fresh keys can neither grow memory nor launder a limited key. Only when
// every key held is at or over its limit is a new key refused: that takes
// as many keys as the map holds, each having spent its whole allowance,
// within one window. Each entry is moved to the limited list or removed at
// most once per window it opens, so an event costs O(1) amortized, however
// full the map.
package ratelimit

import (
	"sync"
	"time"
)

// DefaultKeys is the bound on keys most limiters use.
const DefaultKeys = 10000

// Limiter allows max events per key per window.
type Limiter struct {
	mu      sync.Mutex
	max     int
	per     time.Duration
	keys    int
	m       map[string]*window
	open    list // within their limit when last looked at, by window start
	limited list // found at or over their limit, by window start
	// visits counts the entries looked at by expiry and eviction (tests:
	// the cost of an event stays flat as the map fills).
	visits int
}

// window is one key's count; it sits in one of the limiter's lists.
type window struct {
	key        string
	start      time.Time
	n          int
	prev, next *window
	in         *list
}

// list is a doubly linked list of windows (oldest first).
type list struct{ head, tail *window }

func (q *list) pushBack(w *window) {
	w.in, w.prev, w.next = q, q.tail, nil
	if q.tail != nil {
		q.tail.next = w
	} else {
		q.head = w
	}
	q.tail = w
}

func (q *list) remove(w *window) {
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		q.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		q.tail = w.prev
	}
	w.prev, w.next, w.in = nil, nil, nil
}

// New is a limiter of max events per key per window, for at most keys keys.
func New(max int, per time.Duration, keys int) *Limiter {
	return &Limiter{max: max, per: per, keys: keys, m: map[string]*window{}}
}

// Allow counts one event of key now and reports whether it is within the limit.
func (l *Limiter) Allow(key string) bool { return l.AllowAt(key, time.Now()) }

// AllowAt counts one event of key at now and reports whether it is within
// the limit. An event is counted before it is judged: refused events count
// too.
func (l *Limiter) AllowAt(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.m[key]
	if ok && now.Sub(w.start) >= l.per {
		// a new window: the key is open again and goes to the back
		w.in.remove(w)
		w.start, w.n = now, 0
		l.open.pushBack(w)
	}
	if !ok {
		if len(l.m) >= l.keys && !l.makeRoom(now) {
			return false
		}
		w = &window{key: key, start: now}
		l.m[key] = w
		l.open.pushBack(w)
	}
	w.n++
	return w.n <= l.max
}

// makeRoom frees one place in the full map at now: an expired window, else
// the open key whose window started longest ago. It reports false when
// every key held is at or over its limit.
func (l *Limiter) makeRoom(now time.Time) bool {
	l.expire(&l.open, now)
	l.expire(&l.limited, now)
	if len(l.m) < l.keys {
		return true
	}
	for w := l.open.head; w != nil; w = l.open.head {
		l.visits++
		if w.n < l.max {
			l.drop(w)
			return true
		}
		// at or over its limit: kept until its window expires
		l.open.remove(w)
		l.limited.pushBack(w)
	}
	return false
}

// expire drops the expired windows at the front of q.
func (l *Limiter) expire(q *list, now time.Time) {
	for w := q.head; w != nil && now.Sub(w.start) >= l.per; w = q.head {
		l.visits++
		l.drop(w)
	}
}

// drop forgets w.
func (l *Limiter) drop(w *window) {
	w.in.remove(w)
	delete(l.m, w.key)
}

// Refund takes back one event of key counted in its current window (the
// request was refused by a later limit, which counts it instead). A key
// whose window is gone or empty is left as it is.
func (l *Limiter) Refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w, ok := l.m[key]; ok && w.n > 0 {
		w.n--
	}
}

// Size is the number of keys held.
func (l *Limiter) Size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// SetMax changes the limit (settings applied live); counts already made
// stay. A key moved to the limited list under a lower limit stays there
// until its window expires.
func (l *Limiter) SetMax(max int) {
	l.mu.Lock()
	l.max = max
	l.mu.Unlock()
}

// NetFactor: one network (IPv4 /24, IPv6 /48) may make this many times the
// per-address allowance. A full address table evicts the address keys
// within their limit, so filling it refuses no citizen (docs/SECURITY.md,
// session 9); the network bound keeps one network from spending more than
// its share, and from pushing more than NetFactor addresses a window to
// their limit (one IPv6 /48 holds 65 536 /64 keys).
const NetFactor = 8

// Pair bounds requests per network first, then per address. A request the
// network refuses makes no address key (one network makes at most its
// share's worth of keys a window); a request the address refuses is taken
// back from the network's count, so one address cannot spend its
// neighbours' share.
type Pair struct {
	Net  *Limiter // max × NetFactor per network
	Addr *Limiter // max per address
}

// NewPair is a pair allowing max events per address and NetFactor × max
// per network per window, each table bounded at keys keys.
func NewPair(max int, per time.Duration, keys int) *Pair {
	return &Pair{Net: New(max*NetFactor, per, keys), Addr: New(max, per, keys)}
}

// Allow counts one event of addr in network now and reports whether both
// limits allow it.
func (p *Pair) Allow(network, addr string) bool {
	if !p.Net.Allow(network) {
		return false
	}
	if !p.Addr.Allow(addr) {
		p.Net.Refund(network)
		return false
	}
	return true
}

// SetMax changes the per-address limit and the network's with it.
func (p *Pair) SetMax(max int) {
	p.Addr.SetMax(max)
	p.Net.SetMax(max * NetFactor)
}
