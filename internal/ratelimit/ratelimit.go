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
