package booking_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/centre/track"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// env is a real centre server with bookings mounted, on a loopback
// listener, over a real SQLite file; its clock is the test's.
type env struct {
	t     testing.TB
	db    *store.DB
	srv   *centre.Server
	svc   *booking.Service
	ts    *httptest.Server
	path  string
	kiosk string
	mu    sync.Mutex
	now   time.Time
}

// at is a time in Hà Nội.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, queue.Loc)
	if err != nil {
		panic(err)
	}
	return t
}

func newEnv(t testing.TB, bc booking.Config, now time.Time) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	path := filepath.Join(t.TempDir(), "centre.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := queue.DemoConfig()
	cfg.Opening.AlwaysIssue = false
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, srv: srv, path: path, now: now}
	srv.Engine().SetClock(e.clock)
	bc.Enabled = true
	bc = bc.Defaults()
	if err := bc.Validate(cfg); err != nil {
		t.Fatal(err)
	}
	if e.svc, err = booking.Mount(ctx, srv, db, bc, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	track.Mount(srv.Handle, cfg.CentreName) // the phone page a checked-in booking links to
	e.ts = httptest.NewServer(srv)
	t.Cleanup(func() {
		e.ts.CloseClientConnections()
		e.ts.Close()
		cancel()
		db.Close()
	})
	e.kiosk = centre.NewToken()
	hash, _ := bcrypt.GenerateFromPassword([]byte("matkhau123"), bcrypt.MinCost)
	err = db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutDevice(store.Device{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}, store.HashToken(e.kiosk)); err != nil {
			return err
		}
		if err := tx.PutOfficer(store.Officer{Username: "giamsat", FullName: "Lê Văn Cường", PasswordHash: string(hash), Role: "supervisor"}); err != nil {
			return err
		}
		return tx.PutOfficer(store.Officer{Username: "canbo1", FullName: "Nguyễn Văn An", PasswordHash: string(hash), Role: "officer"})
	})
	if err != nil {
		t.Fatal(err)
	}
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
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return resp.StatusCode, string(b)
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
	c, err := client.New(e.ts.URL, "")
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), user, "matkhau123", counter); err != nil {
		e.t.Fatal(err)
	}
	return c
}
