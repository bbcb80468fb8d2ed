package ratingpad

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// Long-poll of GET /api/v1/pad/state (instead of a read every second): the
// pad sends the version it shows (`since`) and how long it may wait
// (`wait`, seconds, at most MaxWait). While its state is unchanged the
// answer waits for an event of its counter (the store's commit hook: call,
// start, finish, pause…) or the end of the wait, so a finish shows on the
// pad at once and an idle pad costs one read per MaxWait.
const (
	// MaxWait bounds one wait: under the pads' HTTP client timeout (10 s).
	MaxWait = 8 * time.Second
	// maxWaiting bounds the requests waiting at once (each holds a
	// goroutine and a connection); beyond it, or beyond 2 per device, the
	// state is answered at once.
	maxWaiting   = 256
	maxPerDevice = 2
)

type waiters struct {
	mu  sync.Mutex
	ch  map[string]chan struct{} // counter → closed when it changes
	n   int
	per map[string]int
}

// changed wakes the pads of counter ("" = every counter).
func (w *waiters) changed(counter string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, c := range w.ch {
		if counter == "" || k == counter {
			close(c)
			delete(w.ch, k)
		}
	}
}

// watch is closed at the next change of counter.
func (w *waiters) watch(counter string) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch == nil {
		w.ch = map[string]chan struct{}{}
	}
	c := w.ch[counter]
	if c == nil {
		c = make(chan struct{})
		w.ch[counter] = c
	}
	return c
}

func (w *waiters) acquire(device string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.per == nil {
		w.per = map[string]int{}
	}
	if w.n >= maxWaiting || w.per[device] >= maxPerDevice {
		return false
	}
	w.n++
	w.per[device]++
	return true
}

func (w *waiters) release(device string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n--
	if w.per[device]--; w.per[device] <= 0 {
		delete(w.per, device)
	}
}

// onCommit wakes the pads whose counter an event touches. Events without a
// counter (a transfer, a notice…) wake every pad, except the most
// frequent, a ticket issued, which changes no pad.
func (w *waiters) onCommit(evs []queue.Event) {
	for _, ev := range evs {
		if ev.Kind == queue.EvIssued {
			continue
		}
		w.changed(ev.Counter)
	}
}

// version names a state: equal states, equal versions.
func version(st padwire.State) string {
	st.Version = ""
	b, _ := json.Marshal(st)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// waitFor is the wait a request asks for, bounded.
func waitFor(r *http.Request) time.Duration {
	n, err := strconv.Atoi(r.URL.Query().Get("wait"))
	if err != nil || n <= 0 {
		return 0
	}
	if d := time.Duration(n) * time.Second; d < MaxWait {
		return d
	}
	return MaxWait
}
