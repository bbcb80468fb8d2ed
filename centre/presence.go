package centre

import (
	"context"
	"sync"
	"time"

	"github.com/motcua/motcua/centre/engine"
)

// AwayReason is the pause reason the server sets on an open counter whose
// app is gone (engine.AwayReason).
const AwayReason = engine.AwayReason

// counterPresence tracks, per counter, the officer WebSockets open now and
// the last sign of life (request, WebSocket open or close). It starts
// with every counter "seen" at server start: a restart gives the apps one
// grace period to reconnect.
type counterPresence struct {
	grace time.Duration

	mu    sync.Mutex // held across the pause/resume writes so they never cross
	conns map[string]int
	last  map[string]time.Time
	start time.Time
	away  map[string]bool // counters the database has paused with AwayReason
}

func newCounterPresence(grace time.Duration) *counterPresence {
	return &counterPresence{grace: grace, conns: map[string]int{}, last: map[string]time.Time{},
		start: time.Now(), away: map[string]bool{}}
}

// counterActive notes a request or a WebSocket from the officer at counter
// and resumes the counter at once if the server had marked it away, so the
// request that follows (call-next) finds it open.
func (s *Server) counterActive(ctx context.Context, counter string, ws int) {
	cp := s.presence
	if cp == nil || counter == "" {
		return
	}
	cp.mu.Lock()
	defer cp.mu.Unlock()
	cp.conns[counter] += ws
	cp.last[counter] = time.Now()
	if cp.away[counter] {
		if err := s.engine.ComeBack(ctx, counter); err != nil {
			s.log.Warn("counter back: resume", "counter", counter, "err", err)
			return
		}
		delete(cp.away, counter)
		s.log.Info("counter back", "counter", counter)
	}
}

// counterWS counts an officer's WebSocket at its counter until the
// returned func runs.
func (s *Server) counterWS(ctx context.Context, p Principal) func() {
	if s.presence == nil || p.Kind != "officer" || p.Counter == "" {
		return func() {}
	}
	s.counterActive(ctx, p.Counter, 1)
	return func() {
		cp := s.presence
		cp.mu.Lock()
		cp.conns[p.Counter]--
		cp.last[p.Counter] = time.Now()
		cp.mu.Unlock()
	}
}

// CounterConnected reports how many officer WebSockets each counter has
// open now (the counter apps), for the console.
func (s *Server) CounterConnected() map[string]int {
	out := map[string]int{}
	if s.presence == nil {
		return out
	}
	s.presence.mu.Lock()
	defer s.presence.mu.Unlock()
	for k, n := range s.presence.conns {
		if n > 0 {
			out[k] = n
		}
	}
	return out
}

// watchCounters marks away, every quarter of the grace period, the open
// counters nobody has been at for the whole grace period.
func (s *Server) watchCounters(ctx context.Context) {
	cp := s.presence
	every := max(cp.grace/4, 100*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := s.checkCounters(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("counter presence check", "err", err)
		}
	}
}

func (s *Server) checkCounters(ctx context.Context) error {
	ls, err := s.db.Live(ctx, 0)
	if err != nil {
		return err
	}
	cp := s.presence
	cp.mu.Lock()
	defer cp.mu.Unlock()
	now := time.Now()
	for _, k := range s.engine.Config().Counters {
		st := ls.Counters[k.ID]
		cp.away[k.ID] = st.Status == "paused" && st.Reason == AwayReason
		if st.Status != "open" || cp.conns[k.ID] > 0 {
			continue
		}
		last := cp.last[k.ID]
		if last.Before(cp.start) {
			last = cp.start
		}
		if now.Sub(last) < cp.grace {
			continue
		}
		marked, err := s.engine.MarkAway(ctx, k.ID)
		if err != nil {
			return err
		}
		if marked {
			cp.away[k.ID] = true
			s.log.Info("counter away: its app has not been connected", "counter", k.ID, "for", now.Sub(last).Round(time.Second))
		}
	}
	return nil
}
