package console_test

// Red team 4 (docs/SECURITY.md, "Session 8 review"): the console actions
// that return numbers to the head of their queue.

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
)

// TestAttackRemovedCounterCallInWindow: an admin saves a configuration
// without Quầy 3 while canbo1 is still signed in there. The numbers at
// Quầy 3 go back before the configuration is swapped; canbo1 presses
// "next" in between (the counter still exists for the engine) and gets a
// number, which was then left "called" at a counter that no longer exists
// until the next restart — the citizen sent to a counter nobody is behind,
// and nobody could call the number again. Now the save returns what it
// finds at the removed counters after the swap too. Failed before the fix
// (the second number stayed called at q3).
func TestAttackRemovedCounterCallInWindow(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first, second := e.issue("chungthuc"), e.issue("chungthuc")
	cl := e.ts.Login(ctx, "canbo1", "q3")
	if tk, ok, err := cl.CallNext(ctx, "q3", ""); err != nil || !ok || tk.ID != first.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	var inWindow queue.Ticket
	console.SetRemovedReturnedHook(func() {
		tk, ok, err := cl.CallNext(ctx, "q3", "")
		if err != nil || !ok {
			t.Errorf("call in the window: %+v %v %v", tk, ok, err)
		}
		inWindow = tk.Ticket
	})
	t.Cleanup(func() { console.SetRemovedReturnedHook(nil) })
	adm := e.login("quantri")
	var cfg queue.Config
	adm.get("/console/api/config", &cfg)
	var ks []queue.Counter
	for _, k := range cfg.Counters {
		if k.ID != "q3" {
			ks = append(ks, k)
		}
	}
	cfg.Counters = ks
	if st, body := adm.post("/console/api/config", cfg, nil); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	console.SetRemovedReturnedHook(nil)
	if inWindow.ID == "" {
		t.Fatal("no number called in the window")
	}
	for _, id := range []string{first.ID, second.ID} {
		if s := ticketStatus(e, id); s != queue.Waiting || ticketCounter(e, id) != "" {
			t.Errorf("number %s: %s at %q, want waiting at the head of its queue", id, s, ticketCounter(e, id))
		}
	}
	if a := returnAlert(t, adm, "logout_return", inWindow.ID); a == nil {
		t.Error("the number called in the window is not named to supervisors")
	}
	// The officer's session at the removed counter calls nothing more.
	if tk, ok, err := cl.CallNext(ctx, "q3", ""); err == nil && ok {
		t.Fatalf("a call at the removed counter after the save: %+v", tk)
	}
}

// TestAttackCounterEndsForged: the console actions that return the number
// at a counter (close, move) refuse every forged request — no CSRF header,
// another session's token, a form post, a token in the query, an officer's
// or a counter PC's bearer token, a supervisor's bearer token without the
// cookie — and the number stays called at its counter, the counter open.
func TestAttackCounterEndsForged(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := e.issue("hotich")
	cl := e.ts.Login(ctx, "canbo1", "q1")
	if tk, ok, err := cl.CallNext(ctx, "q1", ""); err != nil || !ok || tk.ID != first.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	sup, sup2 := e.login("giamsat"), e.login("giamsat")
	officerTok, supTok := e.ts.Session("canbo2", "q2"), e.ts.Session("giamsat", "")
	raw := func(path, csrf, bearer, ctype, body string) int {
		req, _ := http.NewRequest("POST", e.ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		hc := sup.hc
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
			hc = http.DefaultClient
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, p := range []struct{ path, body string }{
		{"/console/api/counters/q1/close", ""},
		{"/console/api/officers/canbo1/move", `{"counter":"q2"}`},
	} {
		for name, st := range map[string]int{
			"no CSRF header":         raw(p.path, "", "", "application/json", p.body),
			"another session's CSRF": raw(p.path, sup2.csrf, "", "application/json", p.body),
			"CSRF in the query":      raw(p.path+"?csrf="+sup.csrf, "", "", "application/json", p.body),
			"form post":              raw(p.path, "", "", "application/x-www-form-urlencoded", "counter=q2"),
			"officer bearer":         raw(p.path, "", officerTok, "application/json", p.body),
			"supervisor bearer":      raw(p.path, sup.csrf, supTok, "application/json", p.body),
		} {
			if st/100 == 2 {
				t.Errorf("%s %s: %d", p.path, name, st)
			}
		}
	}
	if s, k := ticketStatus(e, first.ID), ticketCounter(e, first.ID); s != queue.Called || k != "q1" {
		t.Fatalf("number %s at %q after forged requests, want still called at q1", s, k)
	}
	if a := returnAlert(t, sup, "logout_return", first.ID); a != nil {
		t.Fatalf("a forged request returned the number: %+v", a)
	}
	// The supervisor's own request (cookie and its CSRF token) does it.
	if st := raw("/console/api/counters/q1/close", sup.csrf, "", "application/json", ""); st != 204 {
		t.Fatalf("the supervisor's close: %d", st)
	}
	if s := ticketStatus(e, first.ID); s != queue.Waiting {
		t.Fatalf("after the supervisor's close the number is %s", s)
	}
}
