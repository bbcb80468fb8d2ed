// Package displaytest runs a real centre server (SQLite file, loopback
// listener) for the board tests: the Go presenter, the Fyne board and the
// web board. It enrols a display and a kiosk and an officer per counter.
package displaytest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// Password of every test officer.
const Password = "matkhau123"

// Env is a running centre server.
type Env struct {
	t       testing.TB
	Cfg     *queue.Config
	DB      *store.DB
	Srv     *centre.Server
	Display string // display device token
	Kiosk   string // kiosk device token

	addr string
	mu   sync.Mutex
	hs   *http.Server
	ln   *trackingListener
	// officers: counter id → logged-in client
	officers map[string]*client.Client
}

// Start runs a server with the demo centre; mount adds routes (the web
// board) before it listens.
func Start(t testing.TB, mount func(*centre.Server)) *Env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := queue.DemoConfig()
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if mount != nil {
		mount(srv)
	}
	e := &Env{t: t, Cfg: cfg, DB: db, Srv: srv, officers: map[string]*client.Client{}}
	e.Display = e.device("board-1", "display")
	e.Kiosk = e.device("kiosk-1", "kiosk")
	// Minimum bcrypt cost: the tests log in several officers under -race.
	hash, err := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		for _, k := range cfg.Counters {
			if err := tx.PutOfficer(store.Officer{Username: "canbo-" + k.ID, FullName: "Cán bộ " + k.Name, Role: "officer", PasswordHash: string(hash)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = ln.Addr().String()
	e.serve(ln)
	t.Cleanup(func() {
		e.Stop()
		cancel()
		db.Close()
	})
	return e
}

func (e *Env) device(name, role string) string {
	tok := centre.NewToken()
	if err := e.DB.Write(context.Background(), func(tx *store.Tx) error {
		return tx.PutDevice(store.Device{ID: "dev-" + name, Name: name, Role: role}, store.HashToken(tok))
	}); err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// trackingListener remembers accepted connections so Stop can cut the
// hijacked WebSocket ones too (http.Server.Close leaves those open).
type trackingListener struct {
	net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.mu.Lock()
		l.conns = append(l.conns, c)
		l.mu.Unlock()
	}
	return c, err
}

func (l *trackingListener) closeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.conns {
		c.Close()
	}
	l.conns = nil
}

func (e *Env) serve(inner net.Listener) {
	ln := &trackingListener{Listener: inner}
	hs := &http.Server{Handler: e.Srv}
	e.mu.Lock()
	e.hs, e.ln = hs, ln
	e.mu.Unlock()
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.t.Logf("serve: %v", err)
		}
	}()
}

// URL is the server's base URL (stable across Stop/Resume).
func (e *Env) URL() string { return "http://" + e.addr }

// Stop closes the listener and every connection: a network outage as the
// boards see it. The database and the queue state stay.
func (e *Env) Stop() {
	e.mu.Lock()
	hs, ln := e.hs, e.ln
	e.hs, e.ln = nil, nil
	e.mu.Unlock()
	if hs != nil {
		hs.Close()
		ln.closeAll()
	}
}

// Resume listens again on the same address.
func (e *Env) Resume() {
	e.t.Helper()
	ln, err := net.Listen("tcp", e.addr)
	if err != nil {
		e.t.Fatal(err)
	}
	e.serve(ln)
}

// Officer returns a client logged in at counter (e.g. "q3"). The server
// must be listening.
func (e *Env) Officer(ctx context.Context, counter string) *client.Client {
	e.t.Helper()
	if c, ok := e.officers[counter]; ok {
		return c
	}
	c, err := client.New(e.URL(), "")
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := c.Login(ctx, "canbo-"+counter, Password, counter); err != nil {
		e.t.Fatalf("login at %s: %v", counter, err)
	}
	e.officers[counter] = c
	return c
}

// Issue takes a number for service through the kiosk API.
func (e *Env) Issue(ctx context.Context, service string) centre.Issued {
	e.t.Helper()
	c, err := client.New(e.URL(), e.Kiosk)
	if err != nil {
		e.t.Fatal(err)
	}
	out, err := c.Issue(ctx, centre.IssueRequest{Service: service})
	if err != nil {
		e.t.Fatalf("issue %s: %v", service, err)
	}
	return out
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
func (e *Env) DisplayClient() *client.Client {
	c, err := client.New(e.URL(), e.Display)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// String names the env in logs.
func (e *Env) String() string { return fmt.Sprintf("centre at %s", e.URL()) }
