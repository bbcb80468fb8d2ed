package centre

import (
	"sync"
	"time"
)

// limiter is a fixed-window counter per key: enough to stop a kiosk (or a
// stolen kiosk token) from enumerating dossiers.
type limiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	counts map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(n int, per time.Duration) *limiter {
	return &limiter{n: n, window: per, counts: map[string]*window{}}
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	w, ok := l.counts[key]
	if !ok || now.Sub(w.start) >= l.window {
		if len(l.counts) > 10000 {
			clear(l.counts)
		}
		w = &window{start: now}
		l.counts[key] = w
	}
	w.n++
	return w.n <= l.n
}
