package engine

// Counter operations: open, close, pause and resume a counter.

import (
	"context"
	"strings"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Pause stops a counter being offered tickets, with a reason.
func (e *Engine) Pause(ctx context.Context, a Actor, counter, reason string) error {
	return e.setCounter(ctx, a, counter, "paused", reason, queue.EvPaused)
}

// Resume reopens a paused counter.
func (e *Engine) Resume(ctx context.Context, a Actor, counter string) error {
	return e.setCounter(ctx, a, counter, "open", "", queue.EvUnpaused)
}

// Open marks a counter open (an officer logged in there).
func (e *Engine) Open(ctx context.Context, a Actor, counter string) error {
	return e.setCounter(ctx, a, counter, "open", "", queue.EvCounterOpen)
}

// Close marks a counter closed (logout, end of day).
func (e *Engine) Close(ctx context.Context, a Actor, counter string) error {
	return e.setCounter(ctx, a, counter, "closed", "", queue.EvCounterShut)
}

func (e *Engine) setCounter(ctx context.Context, a Actor, counter, status, reason, kind string) error {
	k, ok := e.Config().Counter(counter)
	if !ok {
		return queue.Errf(queue.CodeNotFound, "Không tìm thấy quầy %q", "counter %q not found", counter)
	}
	if err := a.mayAct(counter); err != nil {
		return err
	}
	if status == "paused" && strings.TrimSpace(reason) == "" {
		return queue.Errf(queue.CodeInvalid, "Hãy chọn lý do tạm dừng", "pause needs a reason")
	}
	return e.db.Write(ctx, func(tx *store.Tx) error {
		st, err := tx.CounterState(counter)
		if err != nil {
			return err
		}
		if st.Status == status && kind != queue.EvCounterOpen {
			return nil
		}
		st.Status, st.Reason = status, reason
		if a.Officer != "" {
			st.Officer = a.Officer
		}
		if status == "closed" {
			st.Officer = ""
		}
		if err := tx.SetCounterState(st); err != nil {
			return err
		}
		_, err = tx.AppendEvent(queue.Event{At: e.now(), Kind: kind, Counter: counter, CounterNumber: k.Number,
			CounterName: k.Name, Officer: a.Officer, Reason: reason})
		return err
	})
}
