package engine

// A counter's officer signs out with a number still at the counter and
// chose nothing for it (an older app, the app quit by a signal, a script):
// the number goes back to the head of its queue instead of staying
// "called" at a counter nobody is behind (docs/COUNTER.md, "Signing out
// with a number at the counter"). The same rule holds wherever else a
// counter ends with a number at it: a supervisor closes it from the
// console, the officer's session there ends by an assignment change or a
// move, the counter leaves the configuration (CloseReturning).

import (
	"context"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The reasons on the event of a number returned to its queue because its
// counter ended with it there; the console names these numbers while they
// wait (centre/console/logoutreturns.go).
const (
	// ReasonLogout: its officer signed out (ReturnToQueue).
	ReasonLogout = "logout"
	// ReasonCounterClosed: a supervisor closed the counter from the console.
	ReasonCounterClosed = "counter_closed"
	// ReasonReassigned: an admin changed the officer's counters (or
	// disabled them, or reset their password): their session there ended.
	ReasonReassigned = "reassigned"
	// ReasonMoved: a supervisor moved the officer to another counter.
	ReasonMoved = "officer_moved"
	// ReasonCounterRemoved: the counter left the configuration.
	ReasonCounterRemoved = "counter_removed"
)

// ReturnToQueue puts the numbers called or being served at counter back in
// their own service's queue. It is queue.OpTransfer to the number's own
// service: the number keeps its ArrivalAt, so it stands where it stood when
// it was called — first of its queue — and the next free counter serving it
// calls it again; the boards clear it from counter (the event names the
// counter it left). Only the counter's own officer (or a supervisor) does
// this: when the counter's state names another officer, who works there
// now, nothing is touched. reason goes on the events. Parked numbers
// (tạm giữ) are not touched (docs/COUNTER.md).
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
		out, err = e.returnTx(tx, k, a.Officer, reason)
		return err
	})
	return out, err
}

// CloseReturning closes counter the way a sign-out does when nobody chose
// what becomes of the number there: the numbers called or being served at
// it go back to the head of their queue (as ReturnToQueue, with reason on
// their events), then the counter closes — in one transaction, so no call
// slips in between. A counter already closed with a number still called
// there (left so by an older version) has it returned too. officer, when
// not empty, limits it to a counter whose state still names that officer
// (their session there ended; someone else now working there is left
// alone); the events name the counter's officer. a must supervise.
func (e *Engine) CloseReturning(ctx context.Context, a Actor, counter, officer, reason string) ([]queue.Ticket, error) {
	k, ok := e.Config().Counter(counter)
	if !ok {
		return nil, queue.Errf(queue.CodeNotFound, "Không tìm thấy quầy %q", "counter %q not found", counter)
	}
	if !a.supervises() {
		return nil, queue.Errf(queue.CodeForbidden, "Chỉ giám sát viên được đóng quầy của người khác", "closing a counter for its officer needs a supervisor")
	}
	var out []queue.Ticket
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		out = nil
		st, err := tx.CounterState(counter)
		if err != nil {
			return err
		}
		if officer != "" && st.Officer != officer {
			return nil
		}
		if out, err = e.returnTx(tx, k, st.Officer, reason); err != nil {
			return err
		}
		if st.Status == "closed" {
			return nil
		}
		st.Status, st.Reason, st.Officer = "closed", "", ""
		if err := tx.SetCounterState(st); err != nil {
			return err
		}
		_, err = tx.AppendEvent(queue.Event{At: e.now(), Kind: queue.EvCounterShut, Counter: counter, CounterNumber: k.Number,
			CounterName: k.Name, Officer: a.Officer, Reason: reason})
		return err
	})
	return out, err
}

// returnTx transfers the numbers called or being served at counter k to
// their own service, the events naming k and officer (or, when empty,
// the officer who called the number).
func (e *Engine) returnTx(tx *store.Tx, k queue.Counter, officer, reason string) ([]queue.Ticket, error) {
	cur, err := tx.CurrentAt(k.ID)
	if err != nil {
		return nil, err
	}
	var out []queue.Ticket
	now := e.now().In(queue.Loc)
	for _, t := range cur {
		n, _, err := queue.Apply(t, queue.OpTransfer, queue.Args{Service: t.Service}, now, e.Config().Policy)
		if err != nil {
			return nil, err
		}
		if err := tx.UpdateTicket(n); err != nil {
			return nil, err
		}
		ev := e.event(queue.EvTransferred, n, reason)
		ev.Counter, ev.CounterNumber, ev.CounterName, ev.Officer = k.ID, k.Number, k.Name, officer
		if officer == "" {
			ev.Officer = t.Officer // who called it
		}
		w, err := tx.AddWaiting(n.Service, 1)
		if err != nil {
			return nil, err
		}
		ev.Waiting = map[string]int{n.Service: w}
		if _, err := tx.AppendEvent(ev); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// ReturnFromRemoved puts the numbers still called or being served at a
// counter that is no longer in the configuration (removed from the file
// while the centre was stopped) back at the head of their queue, reason
// ReasonCounterRemoved; nothing when counter is configured.
func (e *Engine) ReturnFromRemoved(ctx context.Context, counter string) ([]queue.Ticket, error) {
	if _, ok := e.Config().Counter(counter); ok || counter == "" {
		return nil, nil
	}
	var out []queue.Ticket
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		var err error
		out, err = e.returnTx(tx, queue.Counter{ID: counter, Name: counter}, "", ReasonCounterRemoved)
		return err
	})
	return out, err
}
