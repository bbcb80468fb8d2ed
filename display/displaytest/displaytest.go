// Package displaytest runs a real centre server (SQLite file, loopback
// listener) for the board tests: the Go presenter, the Fyne board and the
// web board. It enrols a display and a kiosk and an officer per counter.
package displaytest

import (
	"context"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// Password of every test officer.
const Password = centretest.Password

// Env is a running centre server.
type Env struct {
	c       *centretest.Env
	t       testing.TB
	Cfg     *queue.Config
	Srv     *centre.Server
	Display string // display device token
	Kiosk   string // kiosk device token

	// officers: counter id → logged-in client
	officers map[string]*client.Client
}

// Start runs a server with the demo centre; mount adds routes (the web
// board) before it listens.
func Start(t testing.TB, mount func(*centre.Server)) *Env {
	t.Helper()
	return StartWith(t, func(o *centretest.Options) {
		o.Mount = func(m centretest.Mount) error {
			if mount != nil {
				mount(m.Server)
			}
			return nil
		}
	})
}

// StartWith is Start with the centre's options edited (more devices,
// extensions mounted through Mount).
func StartWith(t testing.TB, edit func(*centretest.Options)) *Env {
	t.Helper()
	o := centretest.Options{
		Devices: []centretest.Device{
			{ID: "dev-board-1", Name: "board-1", Role: "display"},
			{ID: "dev-kiosk-1", Name: "kiosk-1", Role: "kiosk"},
		},
		CounterOfficers: true,
	}
	if edit != nil {
		edit(&o)
	}
	c := centretest.Start(t, o)
	return &Env{c: c, t: t, Cfg: c.Cfg, Srv: c.Server, Display: c.Token("dev-board-1"), Kiosk: c.Token("dev-kiosk-1"),
		officers: map[string]*client.Client{}}
}

// Officer returns a client logged in at counter (e.g. "q3"). The server
// must be listening.
func (e *Env) Officer(ctx context.Context, counter string) *client.Client {
	e.t.Helper()
	if c, ok := e.officers[counter]; ok {
		return c
	}
	c := e.c.Login(ctx, "canbo-"+counter, counter)
	e.officers[counter] = c
	return c
}

// Issue takes a number for service through the kiosk API.
func (e *Env) Issue(ctx context.Context, service string) centre.Issued {
	e.t.Helper()
	return e.c.Issue(ctx, e.Kiosk, service)
}

// CallNext calls the next ticket at counter through the officer API and
// returns its number.
func (e *Env) CallNext(ctx context.Context, counter string) string {
	e.t.Helper()
	t, ok, err := e.Officer(ctx, counter).CallNext(ctx, counter, "")
	if err != nil || !ok {
		e.t.Fatalf("call next at %s: ok=%v err=%v", counter, ok, err)
	}
	return t.Number
}

// Act performs a ticket operation as the officer of counter.
func (e *Env) Act(ctx context.Context, counter, ticketID string, op queue.Op) {
	e.t.Helper()
	if _, err := e.Officer(ctx, counter).Act(ctx, ticketID, op, "", ""); err != nil {
		e.t.Fatalf("%s %s at %s: %v", op, ticketID, counter, err)
	}
}

// DisplayClient is a client with the display token.
func (e *Env) DisplayClient() *client.Client { return e.c.Client(e.Display) }

// Token is the token of an enrolled device.
func (e *Env) Token(id string) string { return e.c.Token(id) }

// URL is the server's base URL (stable across Stop/Resume).
func (e *Env) URL() string { return e.c.URL }

// Stop closes the listener and every connection: a network outage as the
// boards see it. The database and the queue state stay.
func (e *Env) Stop() { e.c.Stop() }

// Resume listens again on the same address.
func (e *Env) Resume() { e.c.Resume() }

// String names the env in logs.
func (e *Env) String() string { return e.c.String() }
