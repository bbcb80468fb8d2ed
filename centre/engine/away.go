package engine

import (
	"context"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// AwayReason is the pause reason the server sets on an open counter whose
// app is gone (no WebSocket and no request from the counter's officer for
// Options.CounterGrace): the counter stops being offered tickets and
// counted as open, the boards say "Quầy tạm vắng" and stop showing its
// call as the hall's big call. The counter's next WebSocket or request
// resumes it.
const AwayReason = "Quầy tạm vắng"

// MarkAway pauses an open counter with AwayReason; false when it was not
// open any more (closed, paused by its officer) when the write ran.
func (e *Engine) MarkAway(ctx context.Context, counter string) (bool, error) {
	return e.awaySwitch(ctx, counter, "open", "paused", AwayReason, queue.EvPaused)
}

// ComeBack resumes a counter the server had paused with AwayReason.
func (e *Engine) ComeBack(ctx context.Context, counter string) error {
	_, err := e.awaySwitch(ctx, counter, "paused", "open", "", queue.EvUnpaused)
	return err
}

func (e *Engine) awaySwitch(ctx context.Context, counter, from, to, reason, kind string) (bool, error) {
	k, ok := e.Config().Counter(counter)
	if !ok {
		return false, nil
	}
	done := false
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		st, err := tx.CounterState(counter)
		if err != nil {
			return err
		}
		if st.Status != from || from == "paused" && st.Reason != AwayReason {
			return nil
		}
		st.Status, st.Reason = to, reason
		if err := tx.SetCounterState(st); err != nil {
			return err
		}
		done = true
		_, err = tx.AppendEvent(queue.Event{At: e.now(), Kind: kind, Counter: counter, CounterNumber: k.Number,
			CounterName: k.Name, Officer: st.Officer, Reason: reason})
		return err
	})
	return done, err
}
