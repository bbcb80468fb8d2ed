package counter_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// keyCommand is the command the counter's keyboard map binds to key.
func keyCommand(t *testing.T, key string) counter.Command {
	t.Helper()
	for _, s := range counter.Shortcuts {
		if s.Key == key {
			return s.Command
		}
	}
	t.Fatalf("no shortcut %s", key)
	return ""
}

// The counter app's F1 and F5 drive the rating pad of its counter (issue
// 19): F1 → the pad shows the officer and the number; F5 (finish) → the
// pad asks for the rating, which is stored with the officer.
func TestCounterKeysDriveTheRatingPad(t *testing.T) {
	ctx := context.Background()
	// the pad is enrolled and bound, and the ratingpad package mounted, the
	// way cmd/motcua does it; the test reads the stored rating's officer
	// through the same extension seam (the counter's tests never open the
	// store themselves)
	var officerOf func(ticketID string) (string, error)
	env := countertest.Start(t, func(o *centretest.Options) {
		o.Devices = append(o.Devices, centretest.Device{ID: "pad-q1", Name: "pad-q1", Role: centre.RoleRatingPad})
		o.Mount = func(m centretest.Mount) error {
			ratingpad.Mount(m.Server, m.DB, ratingpad.Options{})
			officerOf = func(id string) (string, error) {
				var who string
				err := m.DB.Read().QueryRow(`SELECT officer FROM ratings WHERE subject=?`, "ticket:"+id).Scan(&who)
				return who, err
			}
			return ratingpad.Bind(m.Ctx, m.DB, m.Config, "pad-q1", countertest.Counter)
		}
	})
	r := startOn(t, env, false)
	tok := env.Centre.Token("pad-q1")
	pc, err := client.New(r.env.URL(), tok)
	if err != nil {
		t.Fatal(err)
	}
	pad := display.PadClient{C: pc}
	state := func() padwire.State {
		t.Helper()
		st, err := pad.PadState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	issued := r.env.Issue(ctx, "hotich")
	r.login(t)
	r.h.Do(func(p *counter.Presenter) { p.Run(keyCommand(t, "F1")) })
	v := r.h.Idle(t)
	if v.Queue.Current == nil || v.Queue.Current.Number != issued.Number {
		t.Fatalf("F1: %+v %q", v.Queue.Current, v.Error)
	}
	if st := state(); st.Mode != padwire.ModeServing || st.Officer != countertest.FullName || st.Ticket.Number != issued.Number {
		t.Fatalf("pad after F1: %+v", st)
	}
	r.h.Do(func(p *counter.Presenter) { p.Run(keyCommand(t, "F5")) })
	if v := r.h.Idle(t); v.Queue.Current != nil || v.Error != "" || !strings.Contains(v.Info, counter.MsgRateAtPad) {
		t.Fatalf("F5: %+v %q %q (the counter has a working pad: %q)", v.Queue.Current, v.Error, v.Info, counter.MsgRateAtPad)
	}
	st := state()
	if st.Mode != padwire.ModeRate || st.Ticket.ID != issued.ID || st.Officer != countertest.FullName {
		t.Fatalf("pad after F5: %+v", st)
	}
	if err := pad.PadRate(ctx, padwire.RateRequest{TicketID: issued.ID, Level: 1}); err != nil {
		t.Fatal(err)
	}
	if officer, err := officerOf(issued.ID); err != nil || officer != countertest.Username {
		t.Fatalf("stored officer %q (%v)", officer, err)
	}
	if err := pad.PadRate(ctx, padwire.RateRequest{TicketID: issued.ID, Level: 2}); !display.AlreadyRated(err) {
		t.Fatalf("second rating: %v", err)
	}
}
