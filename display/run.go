package display

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// Source is the server subscription a board follows; *client.Client is one.
type Source interface {
	Subscribe(ctx context.Context, o client.SubscribeOptions, h client.Handler) error
}

// RunOptions wire a presenter to a source and a view.
type RunOptions struct {
	// Dispatch runs f on the UI goroutine (fyne.Do in the app; inline in
	// tests). Run only renders through it; the presenter is guarded by
	// Run's own lock, so a busy UI thread never builds a backlog.
	Dispatch func(f func())
	// Render draws a board; called through Dispatch.
	Render func(Board)
	// Tick is the period of clock/blink/queue updates (default 250 ms).
	Tick time.Duration
	// Received, when set, is called (on the subscription goroutine) with each
	// event as it arrives, before it is dispatched: latency measurements.
	Received func(queue.Event, time.Time)
	Log      *slog.Logger
	Now      func() time.Time
}

// Run follows the server until ctx ends. It never returns on a network
// error: the subscription reconnects with backoff, the board shows the
// offline banner meanwhile and resynchronises from the replay or snapshot.
func Run(ctx context.Context, src Source, p *Presenter, o RunOptions) error {
	if o.Tick <= 0 {
		o.Tick = 250 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	// Updates are applied at once and renders coalesced: at most one render
	// is queued on the UI thread, and it draws the latest state. Queuing a
	// render per event let a slow (software-GL) screen fall seconds behind.
	var mu sync.Mutex
	var queued atomic.Bool
	render := func() {
		if queued.Swap(true) {
			return
		}
		o.Dispatch(func() {
			queued.Store(false)
			mu.Lock()
			b := p.Board()
			mu.Unlock()
			o.Render(b)
		})
	}
	do := func(f func(*Presenter)) {
		mu.Lock()
		f(p)
		mu.Unlock()
		render()
	}
	go func() {
		t := time.NewTicker(o.Tick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				now := o.Now()
				do(func(p *Presenter) { p.Tick(now) })
			}
		}
	}()
	err := src.Subscribe(ctx, client.SubscribeOptions{MaxBackoff: 5 * time.Second}, client.Handler{
		Snapshot: func(s *queue.Snapshot) {
			now := o.Now()
			o.Log.Info("board snapshot", "seq", s.Seq)
			do(func(p *Presenter) { p.Connected(true); p.Snapshot(s, now) })
		},
		Event: func(e queue.Event) {
			now := o.Now()
			if o.Received != nil {
				o.Received(e, now)
			}
			do(func(p *Presenter) { p.Event(e, now) })
		},
		State: func(st client.ConnState, err error) {
			switch st {
			case client.Connected:
				do(func(p *Presenter) { p.Connected(true) })
			case client.Disconnected:
				o.Log.Warn("board disconnected", "err", err)
				do(func(p *Presenter) { p.Connected(false) })
			}
		},
	})
	if ctx.Err() != nil {
		return nil
	}
	return err
}
