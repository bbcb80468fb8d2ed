// Package ratelimit counts requests per key in fixed windows, for the
// centre's LAN-facing limits (dossier lookups and ratings, WebSocket
// connections, petitions, bookings and remote numbers).
//
// The map of keys is bounded: when it is full, expired windows are swept,
// and if it is still full a new key is refused until windows expire. A
// flood of fresh keys (addresses, usernames) can neither grow memory nor
// reset the counts of the keys already limited (docs/SECURITY.md).
package ratelimit

import (
	"sync"
	"time"
)

// DefaultKeys is the bound on keys most limiters use.
const DefaultKeys = 10000

// Limiter allows max events per key per window.
type Limiter struct {
	mu   sync.Mutex
	max  int
	per  time.Duration
	keys int
	m    map[string]*window
}

type window struct {
	start time.Time
	n     int
}

// New is a limiter of max events per key per window, for at most keys keys.
func New(max int, per time.Duration, keys int) *Limiter {
	return &Limiter{max: max, per: per, keys: keys, m: map[string]*window{}}
}

// Allow counts one event of key now and reports whether it is within the limit.
func (l *Limiter) Allow(key string) bool { return l.AllowAt(key, time.Now()) }

// AllowAt counts one event of key at now and reports whether it is within
// the limit.
func (l *Limiter) AllowAt(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.m[key]
	if ok && now.Sub(w.start) >= l.per {
		w.start, w.n = now, 0
	}
	if !ok {
		if len(l.m) >= l.keys {
			for k, v := range l.m {
				if now.Sub(v.start) >= l.per {
					delete(l.m, k)
				}
			}
			if len(l.m) >= l.keys {
				return false
			}
		}
		w = &window{start: now}
		l.m[key] = w
	}
	w.n++
	return w.n <= l.max
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

// SetMax changes the limit (settings applied live); counts already made stay.
func (l *Limiter) SetMax(max int) {
	l.mu.Lock()
	l.max = max
	l.mu.Unlock()
}

// NetFactor: one network (IPv4 /24, IPv6 /48) may make this many times the
// per-address allowance. An address table holds DefaultKeys keys and a full
// table refuses every new address; one IPv6 /48 holds 65 536 /64 keys, so
// without a network bound one tunnel account filled the table and shut the
// limited route for every citizen (docs/SECURITY.md, red team 4).
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
