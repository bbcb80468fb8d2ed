package engine

// A counter's officer signs out with a number still at the counter and
// chose nothing for it (an older app, the app quit by a signal, a script):
// the number goes back to the head of its queue instead of staying
// "called" at a counter nobody is behind (docs/COUNTER.md, "Signing out
// with a number at the counter").

import (
	"context"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// ReasonLogout is the reason on the event of a number returned to its
// queue because its officer signed out (ReturnToQueue); the console names
// these numbers while they wait.
const ReasonLogout = "logout"

// ReturnToQueue puts the numbers called or being served at counter back in
// their own service's queue. It is queue.OpTransfer to the number's own
// service: the number keeps its ArrivalAt, so it stands where it stood when
// it was called — first of its queue — and the next free counter serving it
// calls it again; the boards clear it from counter (the event names the
// counter it left). Only the counter's own officer (or a supervisor) does
// this: when the counter's state names another officer, who works there
// now, nothing is touched. reason goes on the events.
func (e *Engine) ReturnToQueue(ctx context.Context, a Actor, counter, reason string) ([]queue.Ticket, error) {
	k, ok := e.Config().Counter(counter)
	if !ok {
		return nil, queue.Errf(queue.CodeNotFound, "Không tìm thấy quầy %q", "counter %q not found", counter)
	}
	if err := a.mayAct(counter); err != nil {
		return nil, err
	}
	var out []queue.Ticket
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		out = nil
		st, err := tx.CounterState(counter)
		if err != nil {
			return err
		}
		if !a.supervises() && st.Officer != "" && st.Officer != a.Officer {
			return nil
		}
		cur, err := tx.CurrentAt(counter)
		if err != nil {
			return err
		}
		now := e.now().In(queue.Loc)
		for _, t := range cur {
			n, _, err := queue.Apply(t, queue.OpTransfer, queue.Args{Service: t.Service}, now, e.Config().Policy)
			if err != nil {
				return err
			}
			if err := tx.UpdateTicket(n); err != nil {
				return err
			}
			ev := e.event(queue.EvTransferred, n, reason)
			ev.Counter, ev.CounterNumber, ev.CounterName, ev.Officer = k.ID, k.Number, k.Name, a.Officer
			w, err := tx.AddWaiting(n.Service, 1)
			if err != nil {
				return err
			}
			ev.Waiting = map[string]int{n.Service: w}
			if _, err := tx.AppendEvent(ev); err != nil {
				return err
			}
			out = append(out, n)
		}
		return nil
	})
	return out, err
}
