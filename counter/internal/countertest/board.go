package countertest

import (
	"context"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// WithBoard enrols a hall board ("dev-board") for BoardSnapshot.
func WithBoard(o *centretest.Options) {
	o.Devices = append(o.Devices, centretest.Device{ID: "dev-board", Name: "Bảng gọi số", Role: "display"})
}

// BoardSnapshot is what a hall board receives first on /ws (the server
// must have been started WithBoard).
func (e *Env) BoardSnapshot(ctx context.Context) *queue.Snapshot {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	got := make(chan *queue.Snapshot, 1)
	go e.Centre.Client(e.Centre.Token("dev-board")).Subscribe(ctx, client.SubscribeOptions{}, client.Handler{Snapshot: func(s *queue.Snapshot) {
		select {
		case got <- s:
		default:
		}
	}})
	select {
	case s := <-got:
		return s
	case <-ctx.Done():
		e.t.Fatal("no snapshot on /ws")
		return nil
	}
}

// BoardCounter is counter id as the hall board's snapshot shows it.
func (e *Env) BoardCounter(ctx context.Context, id string) queue.CounterLive {
	e.t.Helper()
	for _, k := range e.BoardSnapshot(ctx).Counters {
		if k.ID == id {
			return k
		}
	}
	e.t.Fatalf("no counter %s on the board", id)
	return queue.CounterLive{}
}
