package console

// A counter that ends with a number at it, other than by its officer's
// sign-out (docs/CONSOLE.md, "A counter closed with a number at it"): a
// supervisor closes it, moves its officer, an admin changes the officer's
// counters (or disables them, resets their password), or the counter
// leaves the configuration. The rule of the sign-out holds
// (docs/COUNTER.md, "Signing out with a number at the counter"): the
// number goes back to the head of its queue, the counter closes, and the
// monitor names the number while it waits (logoutreturns.go).

import (
	"context"
	"slices"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
)

// testHookRemovedReturned, when set (tests), runs in putConfig after the
// numbers at removed counters went back and before the configuration is
// swapped: the window in which a signed-in officer can still call there.
var testHookRemovedReturned func()

// closeReturning closes counter (engine.CloseReturning) as u, the numbers
// at it returned with reason; officer, when not empty, limits it to a
// counter still held by that officer. Logged per number.
func (c *Console) closeReturning(ctx context.Context, u user, counter, officer, reason string) error {
	ts, err := c.srv.Engine().CloseReturning(ctx, centre.Actor{Role: u.Role}, counter, officer, reason)
	for _, t := range ts {
		c.log.Info("number returned to the head of its queue: its counter closed with it there",
			"number", t.Number, "service", t.Service, "counter", counter, "reason", reason, "by", u.Username)
	}
	return err
}

// endedCounters lists the counters open (or paused) under officer
// username whose session there an update of the officer ends: every one
// when disabled or their password is reset (store.UpdateOfficer ends all
// their sessions), those not in counters when an officer's counters are
// set (store.SetOfficerCounters; nil: unchanged).
func (c *Console) endedCounters(ctx context.Context, username, role string, disabled, reset bool, counters []string, set bool) []string {
	if !disabled && !reset && (!set || role != centre.RoleOfficer) {
		return nil
	}
	snap, err := c.srv.Engine().Snapshot(ctx)
	if err != nil {
		c.log.Warn("console: counters of an officer", "officer", username, "err", err)
		return nil
	}
	var out []string
	for _, k := range snap.Counters {
		if k.Officer != username || k.Status == "closed" {
			continue
		}
		if disabled || reset || !slices.Contains(counters, k.ID) {
			out = append(out, k.ID)
		}
	}
	return out
}

// removedCurrent lists the counters of the running configuration that
// next leaves out.
func removedCurrent(cur, next *queue.Config) []string {
	var out []string
	for _, k := range cur.Counters {
		if _, ok := next.Counter(k.ID); !ok {
			out = append(out, k.ID)
		}
	}
	return out
}

// returnReasons are the reasons of the numbers the monitor names while
// they wait (logoutreturns.go).
var returnReasons = []string{engine.ReasonLogout, engine.ReasonCounterClosed, engine.ReasonReassigned,
	engine.ReasonMoved, engine.ReasonCounterRemoved}

// returnAtStart, at start-up, puts back at the head of their queue the
// day's numbers still called or served at counters the configuration no
// longer has (the file edited while the centre was stopped), and logs
// them; the monitor names them as for a removal from the console.
func (c *Console) returnAtStart(ctx context.Context) {
	ts, err := c.db.TicketsWithStatus(ctx, queue.Day(c.o.Now()), string(queue.Called), string(queue.Serving))
	if err != nil {
		c.log.Warn("console: numbers at removed counters", "err", err)
		return
	}
	cfg := c.srv.Engine().Config()
	done := map[string]bool{}
	for _, t := range ts {
		if _, ok := cfg.Counter(t.Counter); ok || t.Counter == "" || done[t.Counter] {
			continue
		}
		done[t.Counter] = true
		back, err := c.srv.Engine().ReturnFromRemoved(ctx, t.Counter)
		if err != nil {
			c.log.Warn("console: numbers at a removed counter", "counter", t.Counter, "err", err)
			continue
		}
		for _, n := range back {
			c.log.Warn("number returned to the head of its queue: its counter is no longer in the configuration",
				"number", n.Number, "service", n.Service, "counter", t.Counter)
		}
	}
}
