// Package centretest starts a real centre server for tests: a SQLite file
// in the test's temp dir, the demo config (or an edited one), enrolled
// devices, officers with a known password, and an HTTP server on a loopback
// listener (port 0). It is the one way the apps' test harnesses
// (kiosk/internal/kiosktest, counter/internal/countertest,
// display/displaytest) and the centre's extensions start a centre, so they
// depend on the centre's API, never on package store.
//
// Test support only: nothing in a shipped program imports it (Run serves
// the screenshot drivers, behind the "shots" build tag).
package centretest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/store/storetest"
)

// Password is the password of every officer Start creates.
const Password = "matkhau123"

// Device is a device to enrol; its token is Env.Token(ID).
type Device struct {
	ID, Name, Role string // Role: kiosk, display, counter, ratingpad
}

// Officer is an account to create, with Password.
type Officer struct {
	Username, FullName string
	Role               string // officer (default), supervisor, admin
	Disabled           bool
	// Counters, when not nil, is the officer's counter assignment (the
	// counters they may sign in at; empty: none); nil leaves them never
	// assigned, as on a centre upgraded from an older version (any counter).
	Counters []string
}

// Mount is what an extension needs to mount itself on the server before it
// listens (booking.Mount, petition.Mount, the web board).
type Mount struct {
	Ctx    context.Context // ends when the test does
	Server *centre.Server
	DB     *store.DB
	Config *queue.Config
	// Go runs f in the background with Ctx; Close cancels Ctx and waits
	// for f to return before it closes the database.
	Go func(f func(ctx context.Context))
}

// Options describe the centre Start runs.
type Options struct {
	// Config edits the demo config before the server starts.
	Config func(*queue.Config)
	// Server is passed to centre.New; Start sets its Config and DB, and
	// its Logger when nil (to one that discards).
	Server centre.Options
	// Dossiers mounts the dossier API (centre.MountDossiers) with these options.
	Dossiers *centre.DossierOptions
	Devices  []Device
	Officers []Officer
	// CounterOfficers creates an officer "canbo-{id}" ("Cán bộ {name}") for
	// every counter of the config.
	CounterOfficers bool
	// Mount adds routes before the server listens.
	Mount func(Mount) error
}

// Env is a running centre.
type Env struct {
	t      tb
	Cfg    *queue.Config
	Server *centre.Server
	// URL is the server's base URL, "http://127.0.0.1:port" (as
	// httptest.Server's; the same across Stop and Resume).
	URL string
	// DBPath is the centre's SQLite file (for a program run on it).
	DBPath string
	// Ctx ends when the test does (or at Close).
	Ctx context.Context

	db     *store.DB
	cancel context.CancelFunc
	bg     sync.WaitGroup // Mount.Go's work
	tokens map[string]string

	addr  string
	mu    sync.Mutex
	hs    *http.Server
	ln    *trackingListener
	close sync.Once
}

// tb is what an Env needs of its test: testing.TB, or a program's
// stand-in (Run) that panics where a test would fail.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// Start runs a centre until the test ends (or Close).
func Start(t testing.TB, o Options) *Env {
	t.Helper()
	e, err := start(t, t.TempDir(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// Run starts a centre outside a test, for the apps' screenshot drivers
// (build tag "shots"), so they start it as the tests do and never open
// the store themselves: its database is in dir, it runs until Close. The
// Env's helpers panic where a test's would fail it.
func Run(dir string, o Options) (*Env, error) {
	return start(program{}, dir, o)
}

// program is Run's tb: errors after the start are bugs of the driver.
type program struct{}

func (program) Helper()           {}
func (program) Fatal(args ...any) { panic("centretest: " + fmt.Sprint(args...)) }
func (program) Fatalf(format string, args ...any) {
	panic("centretest: " + fmt.Sprintf(format, args...))
}
func (program) Logf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

func start(t tb, dir string, o Options) (e *Env, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	path := filepath.Join(dir, "centre.db")
	// a new database is a copy of one migrated once per process (storetest)
	if err := storetest.Seed(path); err != nil {
		cancel()
		return nil, err
	}
	db, err := store.Open(path)
	if err != nil {
		cancel()
		return nil, err
	}
	e = &Env{t: t, Ctx: ctx, DBPath: path, db: db, cancel: cancel, tokens: map[string]string{}}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	cfg := queue.DemoConfig()
	if o.Config != nil {
		o.Config(cfg)
	}
	e.Cfg = cfg
	so := o.Server
	so.Config, so.DB = cfg, db
	if so.Logger == nil {
		so.Logger = slog.New(slog.DiscardHandler)
	}
	if e.Server, err = centre.New(ctx, so); err != nil {
		return e, err
	}
	if o.Dossiers != nil {
		if err := centre.MountDossiers(e.Server, db, cfg, *o.Dossiers); err != nil {
			return e, err
		}
	}
	officers := o.Officers
	if o.CounterOfficers {
		for _, k := range cfg.Counters {
			officers = append(officers, Officer{Username: "canbo-" + k.ID, FullName: "Cán bộ " + k.Name})
		}
	}
	if err := e.seed(o.Devices, officers); err != nil {
		return e, err
	}
	if o.Mount != nil {
		goFn := func(f func(context.Context)) {
			e.bg.Add(1)
			go func() { defer e.bg.Done(); f(ctx) }()
		}
		if err := o.Mount(Mount{Ctx: ctx, Server: e.Server, DB: db, Config: cfg, Go: goFn}); err != nil {
			return e, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return e, err
	}
	e.addr = ln.Addr().String()
	e.URL = "http://" + e.addr
	e.serve(ln)
	return e, nil
}

// passwordHash hashes Password once per test binary, at bcrypt's minimum
// cost (the cost is read from the hash): the tests log in dozens of
// officers under the race detector.
var passwordHash = sync.OnceValues(func() ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(Password), bcrypt.MinCost)
})

func (e *Env) seed(devices []Device, officers []Officer) error {
	hash, err := passwordHash()
	if err != nil {
		return err
	}
	for _, d := range devices {
		e.tokens[d.ID] = centre.NewToken()
	}
	return e.db.Write(e.Ctx, func(tx *store.Tx) error {
		for _, d := range devices {
			if err := tx.PutDevice(store.Device{ID: d.ID, Name: d.Name, Role: d.Role}, store.HashToken(e.tokens[d.ID])); err != nil {
				return err
			}
		}
		for _, o := range officers {
			role := o.Role
			if role == "" {
				role = "officer"
			}
			if err := tx.PutOfficer(store.Officer{Username: o.Username, FullName: o.FullName, PasswordHash: string(hash), Role: role, Disabled: o.Disabled}); err != nil {
				return err
			}
			if o.Counters != nil {
				if err := tx.SetOfficerCounters(o.Username, o.Counters); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Token is the token of the enrolled device id.
func (e *Env) Token(id string) string {
	tok, ok := e.tokens[id]
	if !ok {
		e.t.Fatalf("centretest: no device %q enrolled", id)
	}
	return tok
}

// Client is a client of the server with token ("" for none).
func (e *Env) Client(token string) *client.Client {
	c, err := client.New(e.URL, token)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// Login logs username in with Password at counter ("" for none).
func (e *Env) Login(ctx context.Context, username, counter string) *client.Client {
	e.t.Helper()
	c := e.Client("")
	if _, err := c.Login(ctx, username, Password, counter); err != nil {
		e.t.Fatalf("login %s at %q: %v", username, counter, err)
	}
	return c
}

// Session gives username a session at counter ("" for none) valid for an
// hour, written as a login writes it but without the password and the
// login's rules (an officer's login needs a counter); it returns the token.
func (e *Env) Session(username, counter string) string {
	e.t.Helper()
	tok := centre.NewToken()
	if err := e.db.Write(e.Ctx, func(tx *store.Tx) error {
		return tx.PutSession(store.HashToken(tok), username, counter, time.Now().Add(time.Hour))
	}); err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// Issue takes a number for service with the kiosk token.
func (e *Env) Issue(ctx context.Context, kioskToken, service string) centre.Issued {
	e.t.Helper()
	out, err := e.Client(kioskToken).Issue(ctx, centre.IssueRequest{Service: service})
	if err != nil {
		e.t.Fatalf("issue %s: %v", service, err)
	}
	return out
}

// DeviceState is the state device id last reported ("" when none).
func (e *Env) DeviceState(id string) string {
	e.t.Helper()
	ds, err := e.db.Devices(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, d := range ds {
		if d.ID == id {
			return d.State
		}
	}
	return ""
}

// Rating is the stored rating of a subject ("ticket:{id}", "dossier:{code}"):
// its level and its JSON document (reasons, comment); ok is false when
// there is none.
func (e *Env) Rating(subject string) (level int, doc string, ok bool) {
	e.t.Helper()
	err := e.db.Read().QueryRowContext(context.Background(), `SELECT level, doc FROM ratings WHERE subject=?`, subject).Scan(&level, &doc)
	if store.IsNoRows(err) {
		return 0, "", false
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return level, doc, true
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
	hs := &http.Server{Handler: e.Server}
	e.mu.Lock()
	e.hs, e.ln = hs, ln
	e.mu.Unlock()
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.t.Logf("serve: %v", err)
		}
	}()
}

// Stop closes the listener and every connection: a network outage as the
// apps see it. The database and the queue state stay.
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

// Close stops the server and closes the database; the test's cleanup calls
// it too.
func (e *Env) Close() {
	e.close.Do(func() {
		e.Stop()
		e.cancel()
		e.bg.Wait()
		e.db.Close()
	})
}

// String names the env in logs.
func (e *Env) String() string { return fmt.Sprintf("centre at %s", e.URL) }

// Inbound is an item for the centre's inbox as the sync agent pulls it
// from the portal (an online submission, a forwarded dossier).
type Inbound struct {
	PortalID    string // e.g. the submission's MaNop
	Kind        string // portal.KindOnline, portal.KindLienThong
	Doc         []byte // the item as the portal serves it (JSON)
	SubmittedAt time.Time
}

// PutInbox stores items in the inbox of agency after the ones there, in
// order, as the sync agent does (the apps' tests never open the store).
func (e *Env) PutInbox(ctx context.Context, agency string, items ...Inbound) {
	e.t.Helper()
	_, seq, err := e.db.InboxCursor(ctx, agency)
	if err != nil {
		e.t.Fatal(err)
	}
	var rows []store.InboxItem
	for _, it := range items {
		seq++
		rows = append(rows, store.InboxItem{PortalID: it.PortalID, Seq: seq, Kind: it.Kind, Doc: it.Doc, SubmittedAt: it.SubmittedAt})
	}
	if err := e.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(agency, rows, seq)
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
}

// Do sends a request to the server with a bearer token ("" for none) and a
// body, as Call does; t fails on an error (the calling test: a fuzz
// target's, not the F that started the centre).
func (e *Env) Do(t testing.TB, method, path, token string, body, out any) (int, string) {
	t.Helper()
	return Call(t, method, e.URL+path, token, body, out)
}

// Call sends a request to url (any server: this package's, a `motcua
// serve` a test started) with a bearer token ("" for none) and a body: nil
// for none, a string or []byte as it is, anything else as its JSON (with
// Content-Type application/json). A 2xx answer is decoded into out when
// out is not nil. It returns the status and the answer's body.
func Call(t testing.TB, method, url, token string, body, out any) (int, string) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, b)
		}
	}
	return resp.StatusCode, string(b)
}
