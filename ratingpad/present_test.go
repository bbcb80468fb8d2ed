package ratingpad_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/store"
)

// TestPadPresent: GET /api/v1/pad/present tells the officer's counter
// whether the citizen can rate on a pad there — bound, not revoked, and
// heard from within PresentWithin — so that F5's message names the pad or
// the kiosk (counter.MsgRateAtPad / MsgRateAtKiosk).
func TestPadPresent(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	present := func(counter string) ratingpad.Present {
		t.Helper()
		oc := e.client("")
		if _, err := oc.Login(ctx, "canbo1", password, counter); err != nil {
			t.Fatal(err)
		}
		defer oc.Logout(ctx)
		var p ratingpad.Present
		if code, body := e.do("GET", "/api/v1/pad/present", oc.Token(), nil, &p); code != http.StatusOK {
			t.Fatalf("present at %s: %d %s", counter, code, body)
		}
		return p
	}
	if p := present("q1"); p.Counter != "q1" || p.Pad {
		t.Fatalf("a pad that never called counts as present: %+v", p)
	}
	e.state(e.pad1) // the pad at q1 reads its state
	if p := present("q1"); !p.Pad {
		t.Fatalf("q1's working pad not present: %+v", p)
	}
	if p := present("q3"); p.Pad {
		t.Fatalf("q3 has no pad: %+v", p)
	}
	e.skew.Store(int64(ratingpad.PresentWithin + time.Second)) // switched off since
	if p := present("q1"); p.Pad {
		t.Fatalf("a pad silent for %s counts as present: %+v", ratingpad.PresentWithin, p)
	}
	e.skew.Store(0)
	if p := present("q1"); !p.Pad {
		t.Fatal("pad not present again")
	}
	if err := e.db.Write(ctx, func(tx *store.Tx) error { return tx.RevokeDevice("pad1") }); err != nil {
		t.Fatal(err)
	}
	if p := present("q1"); p.Pad {
		t.Fatalf("a revoked pad counts as present: %+v", p)
	}
	// devices and strangers are refused
	if code, _ := e.do("GET", "/api/v1/pad/present", e.pad2, nil, nil); code != http.StatusForbidden {
		t.Fatalf("pad token: %d", code)
	}
	if code, _ := e.do("GET", "/api/v1/pad/present", "", nil, nil); code != http.StatusUnauthorized {
		t.Fatalf("no token: %d", code)
	}
}
