package ui

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/display/displaytest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// countingPad counts the pad's reads: plain polls and long-polls.
type countingPad struct {
	display.PadClient
	polls, waits atomic.Int64
}

func (c *countingPad) PadState(ctx context.Context) (padwire.State, error) {
	c.polls.Add(1)
	return c.PadClient.PadState(ctx)
}

func (c *countingPad) PadStateWait(ctx context.Context, since string, wait time.Duration) (padwire.State, error) {
	c.waits.Add(1)
	return c.PadClient.PadStateWait(ctx, since, wait)
}

// TestPadRunFollowsByLongPoll: the Fyne pad's runner follows its counter by
// long-poll (GET /api/v1/pad/state?since=…&wait=…), never by a plain poll:
// the call, the start and the finish reach the screen through the waiting
// request, and an idle pad makes few reads.
func TestPadRunFollowsByLongPoll(t *testing.T) {
	env := displaytest.StartWith(t, func(o *centretest.Options) {
		o.Devices = append(o.Devices, centretest.Device{ID: "pad-q1", Name: "Máy đánh giá quầy 1", Role: centre.RoleRatingPad})
		o.Mount = func(m centretest.Mount) error {
			ratingpad.Mount(m.Server, m.DB, ratingpad.Options{})
			return ratingpad.Bind(m.Ctx, m.DB, m.Config, "pad-q1", "q1")
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	c, err := client.New(env.URL(), env.Token("pad-q1"))
	if err != nil {
		t.Fatal(err)
	}
	api := &countingPad{PadClient: display.PadClient{C: c}}
	var mu sync.Mutex
	var last display.PadScreen
	r := display.NewPadRunner(api, display.NewPad(false), display.PadRunOptions{
		Dispatch: func(f func()) { mu.Lock(); defer mu.Unlock(); f() },
		Render:   func(s display.PadScreen) { last = s },
		Every:    200 * time.Millisecond, Wait: 8 * time.Second})
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	until := func(what string, ok func(display.PadScreen) bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			s := last
			mu.Unlock()
			if ok(s) {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s: the pad shows %+v", what, last)
	}
	until("idle", func(s display.PadScreen) bool { return s.Mode == padwire.ModeIdle && s.Title == "Quầy 1" })
	// Idle for a while: a handful of reads, not one per 200 ms.
	time.Sleep(2 * time.Second)
	if n := api.waits.Load(); n > 4 {
		t.Errorf("an idle pad read its state %d times in 2 s", n)
	}
	officer := env.Officer(ctx, "q1")
	env.Issue(ctx, "hotich")
	tk, ok, err := officer.CallNext(ctx, "q1", "")
	if err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	if _, err := officer.Act(ctx, tk.ID, queue.OpStart, "", "q1"); err != nil {
		t.Fatal(err)
	}
	until("serving", func(s display.PadScreen) bool { return s.Mode == padwire.ModeServing && s.Number == tk.Number })
	if _, err := officer.Act(ctx, tk.ID, queue.OpFinish, "", "q1"); err != nil {
		t.Fatal(err)
	}
	until("rate", func(s display.PadScreen) bool { return s.Mode == padwire.ModeRate && s.Number == tk.Number })
	if p := api.polls.Load(); p != 0 {
		t.Errorf("%d plain polls beside the long-poll", p)
	}
}
