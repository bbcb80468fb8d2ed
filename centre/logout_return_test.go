package centre_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// boardSnapshot is what a hall board receives first on /ws (display token).
func boardSnapshot(t *testing.T, c *centretest.Env, token string) *queue.Snapshot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got := make(chan *queue.Snapshot, 1)
	go c.Client(token).Subscribe(ctx, client.SubscribeOptions{}, client.Handler{Snapshot: func(s *queue.Snapshot) {
		select {
		case got <- s:
		default:
		}
		cancel()
	}})
	select {
	case s := <-got:
		return s
	case <-ctx.Done():
		select {
		case s := <-got:
			return s
		default:
		}
		t.Fatal("no snapshot on /ws")
		return nil
	}
}

func counterOf(t *testing.T, s *queue.Snapshot, id string) queue.CounterLive {
	t.Helper()
	for _, k := range s.Counters {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("no counter %s on the board", id)
	return queue.CounterLive{}
}

// TestLogoutReturnsNumberToHeadOfQueue: an officer signs out (POST
// /api/v1/logout, no choice made) while a number is called — or being
// served — at their counter. The number goes back to waiting, first of its
// queue: the hall board's snapshot over /ws no longer shows it at the
// counter (closed), the service counts it waiting, and the next counter to
// call that service gets it before the number issued after it. A sign-out
// with nothing at the counter returns nothing.
func TestLogoutReturnsNumberToHeadOfQueue(t *testing.T) {
	for _, serving := range []bool{false, true} {
		name := map[bool]string{false: "called", true: "serving"}[serving]
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			c := centretest.Start(t, centretest.Options{CounterOfficers: true,
				Devices: []centretest.Device{{ID: "k", Name: "kiosk", Role: "kiosk"}, {ID: "b", Name: "board", Role: "display"}}})
			first := c.Issue(ctx, c.Token("k"), "hotich")
			second := c.Issue(ctx, c.Token("k"), "hotich")
			q1 := c.Login(ctx, "canbo-q1", "q1")
			tk, ok, err := q1.CallNext(ctx, "q1", "")
			if err != nil || !ok || tk.ID != first.ID {
				t.Fatalf("call next: %+v %v %v", tk, ok, err)
			}
			if serving {
				if _, err := q1.Act(ctx, tk.ID, queue.OpStart, "", ""); err != nil {
					t.Fatal(err)
				}
			}
			if k := counterOf(t, boardSnapshot(t, c, c.Token("b")), "q1"); k.Current == nil || k.Current.TicketID != first.ID {
				t.Fatalf("before sign-out the board shows q1 %+v", k)
			}
			if err := q1.Logout(ctx); err != nil {
				t.Fatal(err)
			}
			snap := boardSnapshot(t, c, c.Token("b"))
			if k := counterOf(t, snap, "q1"); k.Current != nil || k.Status != "closed" {
				t.Fatalf("after sign-out the board shows q1 %s with %+v", k.Status, k.Current)
			}
			for _, s := range snap.Services {
				if s.ID == "hotich" && s.Waiting != 2 {
					t.Fatalf("hotich waiting %d after the return, want 2", s.Waiting)
				}
			}
			v, err := c.Client(c.Token("k")).Ticket(ctx, first.ID)
			if err != nil || v.Status != queue.Waiting || v.Counter != "" || v.Ahead != 0 {
				t.Fatalf("returned number: %+v %v", v, err)
			}
			q2 := c.Login(ctx, "canbo-q2", "q2")
			next, ok, err := q2.CallNext(ctx, "q2", "")
			if err != nil || !ok || next.ID != first.ID {
				t.Fatalf("q2 called %s (%v %v), want the returned %s before %s", next.Number, ok, err, first.Number, second.Number)
			}
			// Nothing at the counter: a sign-out returns nothing.
			if _, err := q2.Act(ctx, next.ID, queue.OpFinish, "", ""); err != nil {
				t.Fatal(err)
			}
			if err := q2.Logout(ctx); err != nil {
				t.Fatal(err)
			}
			if v, err := c.Client(c.Token("k")).Ticket(ctx, first.ID); err != nil || v.Status != queue.Done {
				t.Fatalf("finished number after an empty sign-out: %+v %v", v, err)
			}
		})
	}
}
