package engine

import "github.com/motcua/motcua/queue"

// The waiting hint (issue 20). Before its write, call-next asked the read
// pool "is there anything to call or finish?" so that an officer pressing
// "next" on an empty queue costs no write; on every real call that read was
// 0.35–0.45 ms of the call → board time (the read connection re-reads the
// pages the last commit changed). The engine now keeps, from committed
// events, the last waiting count each event carried per service; when one
// of the counter's services is known to have someone waiting, the read is
// skipped and the write unit, which reads everything it decides on inside
// its transaction, does the work. The hint is never trusted for the answer:
// stale high, an empty press runs a write unit that changes nothing (no WAL
// frame, no fsync); stale low or unknown, the read runs as before.

// noteWaiting records the waiting counts ev carries (engine.mu held).
func (e *Engine) noteWaiting(ev *queue.Event) {
	for s, n := range ev.Waiting {
		if e.waitHint == nil {
			e.waitHint = map[string]int{}
		}
		e.waitHint[s] = n
	}
}

// likelyWaiting reports whether committed events last said someone waits
// for one of services.
func (e *Engine) likelyWaiting(services []string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range services {
		if e.waitHint[s] > 0 {
			return true
		}
	}
	return false
}
