package booking_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/centre/track"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// env is a real centre server with bookings mounted, on a loopback
// listener, over a real SQLite file (centretest); its clock is the test's.
type env struct {
	t     testing.TB
	db    *store.DB
	srv   *centre.Server
	svc   *booking.Service
	ts    *centretest.Env
	path  string
	kiosk string
	mu    sync.Mutex
	now   time.Time
}

// at is a time in Hà Nội.
func at(s string) time.Time { return centretest.At(s) }

func newEnv(t testing.TB, bc booking.Config, now time.Time) *env {
	t.Helper()
	e := &env{t: t, now: now}
	bc.Enabled = true
	bc = bc.Defaults()
	e.ts = centretest.Start(t, centretest.Options{
		Config:  func(c *queue.Config) { c.Opening.AlwaysIssue = false },
		Devices: []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}},
		Officers: []centretest.Officer{
			{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"},
			{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"},
			{Username: "quantri", FullName: "Trần Quản Trị", Role: "admin"},
		},
		Mount: func(m centretest.Mount) error {
			e.db, e.srv = m.DB, m.Server
			m.Server.Engine().SetClock(e.clock)
			if err := bc.Validate(m.Config); err != nil {
				return err
			}
			var err error
			if e.svc, err = booking.Mount(m.Ctx, m.Server, m.DB, bc, slog.New(slog.DiscardHandler)); err != nil {
				return err
			}
			track.Mount(m.Server.Handle, m.Config.CentreName) // the phone page a checked-in booking links to
			return nil
		},
	})
	e.path = e.ts.DBPath
	e.kiosk = e.ts.Token("dev-kiosk")
	return e
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) set(t time.Time) {
	e.mu.Lock()
	e.now = t
	e.mu.Unlock()
}

// do calls the server; out (if not nil) receives the JSON answer.
func (e *env) do(method, path, token string, body any, out any) (int, string) {
	e.t.Helper()
	return e.ts.Do(e.t, method, path, token, body, out)
}

type errBody struct {
	Error struct {
		Code, Message, MessageEN string
	}
}

func errOf(t *testing.T, body string) errBody {
	var e errBody
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return e
}

type slotsResp struct {
	DayOff string             `json:"day_off"`
	Slots  []booking.SlotView `json:"slots"`
}

func (e *env) book(service string, start time.Time, phone, cccd string) (booking.View, int, string) {
	e.t.Helper()
	var v booking.View
	code, body := e.do("POST", "/api/v1/bookings", "", map[string]any{"service": service, "slot_start": start, "phone": phone, "cccd": cccd}, &v)
	return v, code, body
}

func (e *env) officer() *client.Client { return e.login("canbo1", "q1") }

func (e *env) login(user, counter string) *client.Client {
	e.t.Helper()
	return e.ts.Login(context.Background(), user, counter)
}
