package ratingpad_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// TestPadLongPoll: a pad that sends the version it shows with `wait` gets
// its answer when its counter changes — the finish is on the pad without a
// poll — and, when nothing changes, only after the wait; another counter's
// activity does not wake it; a third wait of the same pad is answered at
// once (at most two wait per device).
func TestPadLongPoll(t *testing.T) {
	e := newEnv(t)
	type answer struct {
		st   padwire.State
		code int
		at   time.Time
	}
	get := func(token, since string, wait int) <-chan answer {
		out := make(chan answer, 1)
		go func() {
			// not e.do: no t.Fatal off the test's goroutine
			var st padwire.State
			req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/pad/state?wait="+strconv.Itoa(wait)+"&since="+since, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				out <- answer{code: -1, at: time.Now()}
				return
			}
			defer resp.Body.Close()
			json.NewDecoder(resp.Body).Decode(&st)
			out <- answer{st, resp.StatusCode, time.Now()}
		}()
		return out
	}
	idle := e.state(e.pad1)
	if idle.Version == "" || e.state(e.pad1).Version != idle.Version {
		t.Fatalf("no stable version: %+v", idle)
	}
	// Nothing changes: the answer comes after the wait, same state.
	start := time.Now()
	a := <-get(e.pad1, idle.Version, 1)
	if a.code != 200 || a.st.Version != idle.Version || a.at.Sub(start) < 900*time.Millisecond {
		t.Fatalf("unchanged state answered after %v: %d %+v", a.at.Sub(start), a.code, a.st)
	}
	// An old version is answered at once with the state.
	if a := <-get(e.pad1, "stale", 8); a.st.Version != idle.Version || a.st.Mode != padwire.ModeIdle {
		t.Fatalf("stale version: %+v", a.st)
	}
	// Serving and then finishing at q1 wake q1's pad with the new state.
	w := get(e.pad1, idle.Version, 8)
	w2 := get(e.pad2, e.state(e.pad2).Version, 8)
	tk := e.serve("canbo1", "q1", false)
	a = <-w
	if a.code != 200 || a.st.Mode == padwire.ModeIdle && a.st.Open == idle.Open {
		t.Fatalf("q1's pad after the call: %+v", a.st)
	}
	cur := e.state(e.pad1)
	if cur.Mode != padwire.ModeServing {
		t.Fatalf("serving: %+v", cur)
	}
	w = get(e.pad1, cur.Version, 8)
	oc := e.client("")
	ctx := context.Background()
	if _, err := oc.Login(ctx, "canbo1", password, "q1"); err != nil {
		t.Fatal(err)
	}
	if _, err := oc.Act(ctx, tk.ID, queue.OpFinish, "", "q1"); err != nil {
		t.Fatal(err)
	}
	// Each answer is a new state (the officer's login may be one); the pad
	// waits again from it until the rating question comes.
	for i := 0; ; i++ {
		a = <-w
		if a.st.Mode == padwire.ModeRate && a.st.Ticket != nil && a.st.Ticket.ID == tk.ID {
			break
		}
		if i == 4 || a.code != 200 {
			t.Fatalf("the finish did not reach the waiting pad: %d %+v", a.code, a.st)
		}
		w = get(e.pad1, a.st.Version, 8)
	}
	select {
	case b := <-w2:
		// q2's pad may only have been woken by an event without a counter;
		// its state is still idle.
		if b.st.Mode != padwire.ModeIdle {
			t.Fatalf("q2's pad: %+v", b.st)
		}
	default:
	}
	// At most two waits per pad: the third is answered while both still wait.
	rate := e.state(e.pad1)
	x, y := get(e.pad1, rate.Version, 8), get(e.pad1, rate.Version, 8)
	time.Sleep(time.Second) // let both reach the server (if not, the third waits too and the check below fails loudly)
	z := <-get(e.pad1, rate.Version, 8)
	select {
	case <-x:
		t.Fatal("a waiting request came back before the third")
	case <-y:
		t.Fatal("a waiting request came back before the third")
	default:
	}
	if z.code != 200 || z.st.Version != rate.Version {
		t.Fatalf("third wait: %d %+v", z.code, z.st)
	}
	<-x
	<-y
}
