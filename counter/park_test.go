package counter_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/queue"
)

// TestParkedListFollowsServer: the list of parked numbers is the server's.
// A number parked here is listed again after signing out and in (read at
// login), leaves the list when the console cancels it (the stream's event),
// and GET /api/v1/counters/{counter}/parked answers an officer for their own
// counter only, never a kiosk or an anonymous caller.
func TestParkedListFollowsServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	env := countertest.Start(t)
	a := env.Issue(ctx, "hotich")
	env.Issue(ctx, "hotich")
	r := startOn(t, env, false)
	r.login(t)
	r.h.Do(func(p *counter.Presenter) { p.CallNext() })
	r.h.Wait(t, "A called", func(v counter.View) bool { return v.Queue.Current != nil && v.Queue.Current.ID == a.ID && !v.Busy })
	r.h.Do(func(p *counter.Presenter) { p.Run(counter.CmdPark) })
	r.h.Wait(t, "A parked", func(v counter.View) bool { return len(v.Queue.Parked) == 1 && v.Queue.Current == nil && !v.Busy })

	r.h.Do(func(p *counter.Presenter) { p.Logout() })
	r.h.Wait(t, "signed out", func(v counter.View) bool { return v.Screen == counter.ScreenLogin && !v.Busy })
	if v := r.h.Last(); len(v.Queue.Parked) != 0 {
		t.Fatalf("the login screen keeps the list: %+v", v.Queue.Parked)
	}
	r.login(t)
	v := r.h.Wait(t, "list read at login", func(v counter.View) bool { return len(v.Queue.Parked) == 1 && !v.Busy })
	if got := v.Queue.Parked[0]; got.ID != a.ID || got.Number != a.Number || got.ServiceName == "" {
		t.Fatalf("listed %+v, want %s", got, a.Number)
	}

	var listed []centre.TicketView
	if code, body := env.Centre.Do(t, "GET", "/api/v1/counters/q1/parked", env.Centre.Session(countertest.Username, countertest.Counter), nil, &listed); code != 200 || len(listed) != 1 || listed[0].ID != a.ID || listed[0].Status != queue.Parked {
		t.Fatalf("GET parked: %d %s", code, body)
	}

	// the supervisor cancels it from the console: gone from the list
	if _, err := env.Srv.Engine().Act(ctx, centre.Actor{Officer: "giamsat", Role: centre.RoleSupervisor}, a.ID, queue.OpCancel, queue.Args{}); err != nil {
		t.Fatal(err)
	}
	r.h.Wait(t, "cancelled number leaves the list", func(v counter.View) bool { return len(v.Queue.Parked) == 0 && !v.Busy })

	// the endpoint
	var out []centre.TicketView
	tok := env.Centre.Session(countertest.Username, countertest.Counter)
	for _, c := range []struct {
		path, token string
		want        int
	}{
		{"/api/v1/counters/q1/parked", tok, 200},
		{"/api/v1/counters/q2/parked", tok, 403},
		{"/api/v1/counters/q1/parked", env.Kiosk, 403},
		{"/api/v1/counters/q1/parked", "", 401},
	} {
		out = nil
		if code, body := env.Centre.Do(t, "GET", c.path, c.token, nil, &out); code != c.want {
			t.Errorf("GET %s: %d %s, want %d", c.path, code, body, c.want)
		}
	}
}
