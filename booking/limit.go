package booking

import (
	"sync"
	"time"
)

// limiter counts requests per key in fixed windows. The map is bounded:
// when full, expired windows are swept, and if it is still full a new key
// is refused (a flood of fresh addresses cannot grow memory).
type limiter struct {
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

func newLimiter(max int, per time.Duration, keys int) *limiter {
	return &limiter{max: max, per: per, keys: keys, m: map[string]*window{}}
}

// allow counts one request of key at now and reports whether it is within the limit.
func (l *limiter) allow(key string, now time.Time) bool {
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

func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// setMax changes the limit (settings applied live); counts already made stay.
func (l *limiter) setMax(max int) {
	l.mu.Lock()
	l.max = max
	l.mu.Unlock()
}
