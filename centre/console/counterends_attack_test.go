package console_test

// Red team 4 (docs/SECURITY.md, "Session 8 review"): the console actions
// that return numbers to the head of their queue.

import (
	"context"
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
