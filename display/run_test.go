package display_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/display/displaytest"
)

// board runs display.Run against env and lets the test wait for states.
type board struct {
	mu      sync.Mutex
	cond    *sync.Cond
	last    display.Board
	renders int
}

func runBoard(t *testing.T, ctx context.Context, env *displaytest.Env, o display.Options) *board {
	b := &board{}
	b.cond = sync.NewCond(&b.mu)
	p := display.New(o)
	// Run dispatches from the subscription and the ticker goroutines; one
	// lock stands in for the UI thread.
	var ui sync.Mutex
	go display.Run(ctx, env.DisplayClient(), p, display.RunOptions{
		Dispatch: func(f func()) { ui.Lock(); defer ui.Unlock(); f() },
		Render: func(bd display.Board) {
			b.mu.Lock()
			b.last, b.renders = bd, b.renders+1
			b.cond.Broadcast()
			b.mu.Unlock()
		},
		Tick: 20 * time.Millisecond,
	})
	return b
}

// wait blocks until cond holds for a rendered board; the deadline only
// guards against a hang, it asserts no timing.
func (b *board) wait(t *testing.T, what string, cond func(display.Board) bool) display.Board {
	t.Helper()
	deadline := time.AfterFunc(20*time.Second, func() { b.mu.Lock(); b.cond.Broadcast(); b.mu.Unlock() })
	defer deadline.Stop()
	start := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for !cond(b.last) {
		if time.Since(start) > 20*time.Second {
			t.Fatalf("board never showed %s; last board: %+v", what, b.last)
		}
		b.cond.Wait()
	}
	return b.last
}

func counterNow(bd display.Board, id string) string {
	for _, k := range bd.Counters {
		if k.ID == id {
			return k.Current
		}
	}
	return "?"
}

func TestRunAgainstServerWithOutage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := displaytest.Start(t, nil)
	env.Issue(ctx, "hotich")
	env.Issue(ctx, "hotich")
	env.Issue(ctx, "datdai")
	b := runBoard(t, ctx, env, display.Options{MinShow: 50 * time.Millisecond})
	bd := b.wait(t, "the snapshot", func(bd display.Board) bool { return bd.Ready && bd.Online })
	if bd.CentreName != env.Cfg.CentreName || len(bd.Counters) != len(env.Cfg.Counters) {
		t.Fatalf("snapshot board: %q, %d counters", bd.CentreName, len(bd.Counters))
	}

	n1 := env.CallNext(ctx, "q3")
	b.wait(t, n1+" at q3", func(bd display.Board) bool {
		return bd.Featured != nil && bd.Featured.Number == n1 && counterNow(bd, "q3") == n1
	})

	// Outage: the board keeps its state under the banner.
	env.Stop()
	b.wait(t, "the offline banner", func(bd display.Board) bool { return bd.Banner == display.Offline && !bd.Online })
	// Meanwhile the centre keeps working (in-process): q4 calls a number.
	sv := env.Srv.Engine()
	tv, ok, err := sv.CallNext(ctx, actor("q4"), "q4", "")
	if err != nil || !ok {
		t.Fatalf("call at q4 during outage: %v %v", ok, err)
	}
	env.Resume()
	bd = b.wait(t, tv.Number+" after recovery", func(bd display.Board) bool {
		return bd.Online && bd.Banner == "" && counterNow(bd, "q4") == tv.Number && bd.Featured != nil && bd.Featured.Number == tv.Number
	})
	if counterNow(bd, "q3") != n1 {
		t.Errorf("q3 lost its call after resume: %q", counterNow(bd, "q3"))
	}
}

func actor(counter string) centre.Actor {
	return centre.Actor{Officer: "canbo-" + counter, Role: "officer", Counter: counter}
}

func TestRunFilteredBoard(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := displaytest.Start(t, nil)
	env.Issue(ctx, "hotich")
	env.Issue(ctx, "datdai")
	b := runBoard(t, ctx, env, display.Options{Filter: display.Filter{Services: []string{"datdai"}}, MinShow: 10 * time.Millisecond})
	b.wait(t, "the snapshot", func(bd display.Board) bool { return bd.Ready })
	a := env.CallNext(ctx, "q1") // hotich: not on this board
	c := env.CallNext(ctx, "q4")
	bd := b.wait(t, c, func(bd display.Board) bool { return len(bd.Recent) > 0 && bd.Recent[0].Number == c })
	for _, r := range bd.Recent {
		if r.Number == a {
			t.Errorf("filtered board shows %s from q1", a)
		}
	}
	for _, s := range bd.Services {
		if s.ID != "datdai" {
			t.Errorf("filtered board shows service %s", s.ID)
		}
	}
}
