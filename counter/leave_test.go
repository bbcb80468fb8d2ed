package counter_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/queue"
)

// leaveRig is a presenter at q1 with a number called there, on a centre
// with a hall board and an officer for every counter.
func leaveRig(t *testing.T, ctx context.Context, serving bool) (*rig, string) {
	t.Helper()
	env := countertest.Start(t, countertest.WithBoard, func(o *centretest.Options) { o.CounterOfficers = true })
	r := startOn(t, env, false)
	first := env.Issue(ctx, "hotich")
	env.Issue(ctx, "hotich")
	r.login(t)
	r.h.Do(func(p *counter.Presenter) { p.CallNext() })
	r.h.Wait(t, "number called", func(v counter.View) bool { return v.Queue.Current != nil && v.Queue.Current.ID == first.ID && !v.Busy })
	if serving {
		r.h.Do(func(p *counter.Presenter) { p.StartServing() })
		r.h.Wait(t, "serving", func(v counter.View) bool {
			return v.Queue.Current != nil && v.Queue.Current.Status == queue.Serving && !v.Busy
		})
	}
	if k := env.BoardCounter(ctx, "q1"); k.Current == nil || k.Current.TicketID != first.ID {
		t.Fatalf("the board does not show the call at q1: %+v", k)
	}
	return r, first.ID
}

// boardClosed waits until the hall board's snapshot shows q1 closed, and
// returns what it shows there.
func boardClosed(t *testing.T, ctx context.Context, env *countertest.Env) queue.CounterLive {
	t.Helper()
	for range 400 { // the sign-out request runs after the screen changed
		if k := env.BoardCounter(ctx, "q1"); k.Status == "closed" {
			return k
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("q1 never closed on the board")
	return queue.CounterLive{}
}

// TestSignOutAsksAboutNumberAtCounter: the officer presses "Đăng xuất"
// with a number called at the counter. The window asks first; each answer
// does the queue's own operation on the real server, then signs out, and
// the hall board's snapshot (over /ws) no longer shows the number at Quầy
// 1: finished, absent, or back in its queue first in line (the next
// counter calls it before the number issued after it). "Hủy đăng xuất"
// keeps the officer signed in with the number still called.
func TestSignOutAsksAboutNumberAtCounter(t *testing.T) {
	for _, tc := range []struct {
		choice counter.LeaveChoice
		want   queue.Status
	}{
		{counter.LeaveFinish, queue.Done},
		{counter.LeaveRequeue, queue.Waiting},
		{counter.LeaveNoShow, queue.NoShow},
	} {
		t.Run(string(tc.choice), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			r, id := leaveRig(t, ctx, false)
			r.h.Do(func(p *counter.Presenter) { p.Logout() })
			v := r.h.Wait(t, "the question", func(v counter.View) bool { return v.Leave != nil })
			if v.Screen != counter.ScreenMain || v.Leave.Number != v.Queue.Current.Number || v.Leave.Serving || v.Leave.Quit {
				t.Fatalf("asked %+v on %s", v.Leave, v.Screen)
			}
			// F1 while the question is open calls nobody.
			r.h.Do(func(p *counter.Presenter) { p.Run(counter.CmdCallNext) })
			r.h.Do(func(p *counter.Presenter) { p.LeaveWith(tc.choice) })
			r.h.Wait(t, "signed out", func(v counter.View) bool { return v.Screen == counter.ScreenLogin && v.Leave == nil })
			if k := boardClosed(t, ctx, r.env); k.Current != nil {
				t.Fatalf("the board still shows %+v at q1", k.Current)
			}
			tk, err := r.env.Centre.Client(r.env.Kiosk).Ticket(ctx, id)
			if err != nil || tk.Status != tc.want || tk.Counter != "" && tc.want == queue.Waiting {
				t.Fatalf("number after %s: %+v %v", tc.choice, tk.Ticket, err)
			}
			if tc.choice == counter.LeaveRequeue {
				q2 := r.env.Centre.Login(ctx, "canbo-q2", "q2")
				if next, ok, err := q2.CallNext(ctx, "q2", ""); err != nil || !ok || next.ID != id {
					t.Fatalf("q2 called %+v (%v %v), want the returned number first", next.Ticket, ok, err)
				}
			}
		})
	}
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		r, id := leaveRig(t, ctx, false)
		r.h.Do(func(p *counter.Presenter) { p.Logout() })
		r.h.Wait(t, "the question", func(v counter.View) bool { return v.Leave != nil })
		r.h.Do(func(p *counter.Presenter) { p.LeaveWith(counter.LeaveCancel) })
		v := r.h.Wait(t, "question gone", func(v counter.View) bool { return v.Leave == nil })
		if v.Screen != counter.ScreenMain || v.Queue.Current == nil || v.Queue.Current.ID != id {
			t.Fatalf("after cancel: screen %s current %+v", v.Screen, v.Queue.Current)
		}
		if k := r.env.BoardCounter(ctx, "q1"); k.Status != "open" || k.Current == nil || k.Current.TicketID != id {
			t.Fatalf("after cancel the board shows q1 %+v", k)
		}
	})
}

// TestSignOutServingCannotBeAbsent: a citizen being served is at the
// counter: "Vắng mặt" is refused, the officer stays signed in; "Hoàn thành"
// then finishes the visit and signs out.
func TestSignOutServingCannotBeAbsent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	r, id := leaveRig(t, ctx, true)
	r.h.Do(func(p *counter.Presenter) { p.Logout() })
	if v := r.h.Wait(t, "the question", func(v counter.View) bool { return v.Leave != nil }); !v.Leave.Serving {
		t.Fatalf("asked %+v", v.Leave)
	}
	r.h.Do(func(p *counter.Presenter) { p.LeaveWith(counter.LeaveNoShow) })
	v := r.h.Idle(t)
	if v.Screen != counter.ScreenMain || v.Error == "" || v.Queue.Current == nil {
		t.Fatalf("absent while served: screen %s error %q", v.Screen, v.Error)
	}
	r.h.Do(func(p *counter.Presenter) { p.Logout() })
	r.h.Wait(t, "asked again", func(v counter.View) bool { return v.Leave != nil })
	r.h.Do(func(p *counter.Presenter) { p.LeaveWith(counter.LeaveFinish) })
	r.h.Wait(t, "signed out", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
	boardClosed(t, ctx, r.env)
	if tk, err := r.env.Centre.Client(r.env.Kiosk).Ticket(ctx, id); err != nil || tk.Status != queue.Done {
		t.Fatalf("number %+v %v", tk.Ticket, err)
	}
}

// TestCloseWindowWithNumberAtCounter: closing the window asks the same
// question and quits only after the answer is done and the officer signed
// out; with nothing at the counter it quits at once.
func TestCloseWindowWithNumberAtCounter(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	r, id := leaveRig(t, ctx, false)
	quits := 0
	quit := func() { quits++ }
	r.h.Do(func(p *counter.Presenter) { p.Quit(quit) })
	v := r.h.Wait(t, "the question", func(v counter.View) bool { return v.Leave != nil })
	if !v.Leave.Quit || quits != 0 {
		t.Fatalf("asked %+v, quit %d times", v.Leave, quits)
	}
	r.h.Do(func(p *counter.Presenter) { p.LeaveWith(counter.LeaveRequeue) })
	r.h.Wait(t, "signed out", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
	r.h.Do(func(*counter.Presenter) {
		if quits != 1 {
			t.Errorf("quit %d times after the answer", quits)
		}
	})
	if k := boardClosed(t, ctx, r.env); k.Current != nil {
		t.Fatalf("the board still shows %+v", k.Current)
	}
	if tk, err := r.env.Centre.Client(r.env.Kiosk).Ticket(ctx, id); err != nil || tk.Status != queue.Waiting {
		t.Fatalf("number %+v %v", tk.Ticket, err)
	}
	// Signed out (or signed in with nothing at the counter): no question.
	r.h.Do(func(p *counter.Presenter) { p.Quit(quit) })
	r.login(t)
	r.h.Do(func(p *counter.Presenter) { p.Quit(quit) })
	r.h.Do(func(*counter.Presenter) {
		if quits != 3 {
			t.Errorf("quit %d times, want 3", quits)
		}
	})
	if v := r.h.Last(); v.Leave != nil {
		t.Errorf("asked %+v with nothing at the counter", v.Leave)
	}
}
