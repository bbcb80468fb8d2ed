package centre

import (
	"context"

	"github.com/motcua/motcua/centre/engine"
)

// ReasonLogout is the reason on the event of a number the server returned
// to its queue at its officer's sign-out (engine.ReasonLogout).
const ReasonLogout = engine.ReasonLogout

// returnAtLogout, on an officer's sign-out from a counter, puts the
// numbers still called or being served there back at the head of their
// queue (engine.ReturnToQueue): the counter app asks the officer first
// (finish, back to the queue, absent), so this is what happens when
// nobody chose — an older app, the app stopped by a signal, a script.
// A failure is logged; the sign-out goes on.
func (s *Server) returnAtLogout(ctx context.Context, p Principal) {
	ts, err := s.engine.ReturnToQueue(ctx, p.actor(), p.Counter, engine.ReasonLogout)
	if err != nil {
		s.log.Warn("return numbers to the queue on logout", "counter", p.Counter, "err", err)
		return
	}
	for _, t := range ts {
		s.log.Info("number returned to the head of its queue: its officer signed out with it at the counter",
			"number", t.Number, "service", t.Service, "counter", p.Counter, "officer", p.Username)
	}
}
