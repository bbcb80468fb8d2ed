// Package countertest runs what the counter app talks to in tests: a real
// centre server with the dossier endpoints on a loopback listener, an
// officer account, a kiosk token to issue tickets, and the virtual printer
// and scanner on ptys.
package countertest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// Officer credentials created by Start.
const (
	Username = "canbo1"
	Password = "matkhau123"
	FullName = "Nguyễn Thị Hoa"
	Counter  = "q1"
)

// LookupURL is the portal lookup page the test server names on receipts.
const LookupURL = "http://192.168.1.20:8090/tra-cuu"

// CCCD is the synthetic card of DOMAIN.md.
const CCCD = "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021"

// ReceivedAt is the server's clock for dossiers: Friday 27/10/2023 09:32,
// the worked example of DOMAIN.md, so appointment dates are known.
var ReceivedAt = time.Date(2023, 10, 27, 9, 32, 0, 0, dossier.Loc)

// Quiet is a logger that drops everything.
var Quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Env is a running centre server.
type Env struct {
	t     testing.TB
	Cfg   *queue.Config
	DB    *store.DB
	Srv   *centre.Server
	HTTP  *httptest.Server
	Kiosk string // kiosk device token
}

// Start runs the server until the test ends.
func Start(t testing.TB) *Env { return StartConfig(t, queue.DemoConfig()) }

// StartConfig runs the server with cfg (e.g. an agency forwarded).
func StartConfig(t testing.TB, cfg *queue.Config) *Env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: Quiet, LookupURL: LookupURL})
	if err != nil {
		t.Fatal(err)
	}
	if err := centre.MountDossiers(srv, db, cfg, centre.DossierOptions{Now: func() time.Time { return ReceivedAt }}); err != nil {
		t.Fatal(err)
	}
	if _, err := inbox.Mount(srv, db, inbox.Options{Now: func() time.Time { return ReceivedAt }}); err != nil {
		t.Fatal(err)
	}
	// Minimum bcrypt cost keeps logins cheap under -race.
	h, err := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	kiosk := centre.NewToken()
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutOfficer(store.Officer{Username: Username, FullName: FullName, PasswordHash: string(h), Role: "officer"}); err != nil {
			return err
		}
		return tx.PutDevice(store.Device{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}, store.HashToken(kiosk))
	}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.CloseClientConnections()
		hs.Close()
		cancel()
		db.Close()
	})
	return &Env{t: t, Cfg: cfg, DB: db, Srv: srv, HTTP: hs, Kiosk: kiosk}
}

// URL is the server's base URL.
func (e *Env) URL() string { return e.HTTP.URL }

// Client is a fresh client without a token.
func (e *Env) Client() *client.Client {
	c, err := client.New(e.URL(), "")
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// Issue takes a number for service as the kiosk.
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

// EndSession logs token out from another client: what an expired or
// revoked session looks like to the app.
func (e *Env) EndSession(ctx context.Context, token string) {
	e.t.Helper()
	c, err := client.New(e.URL(), token)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := c.Logout(ctx); err != nil {
		e.t.Fatal(err)
	}
}

// Devices is a virtual printer and scanner with the real workers on them.
type Devices struct {
	SimPrinter *sim.Printer
	SimScanner *sim.Scanner
	Printer    *printer.Printer
	Scanner    *scanner.Scanner
	// States carries the printer worker's state changes (newest kept when
	// nobody reads).
	States chan printer.State
}

// StartDevices plugs a virtual printer (profile p) and scanner in and opens
// the counter's workers on them. OutDir receives the printed PNGs.
func StartDevices(t testing.TB, p escpos.Profile, outDir string) *Devices {
	t.Helper()
	dir := t.TempDir()
	sp, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(dir, "printer0"), Profile: p, OutDir: outDir, Log: Quiet})
	if err != nil {
		t.Fatal(err)
	}
	ss, err := sim.NewScanner(filepath.Join(dir, "scanner0"), "", Quiet)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	states := make(chan printer.State, 64)
	onPrinter := func(s printer.State) {
		select {
		case states <- s:
		default:
		}
	}
	pr := printer.Open(ctx, printer.Config{Port: serialport.Config{Path: sp.Path(), Baud: 115200}, Profile: p,
		FailFast: true, RetryInterval: 50 * time.Millisecond, PollInterval: -1, OnState: onPrinter, Log: Quiet})
	sc := scanner.Open(ctx, scanner.Config{Port: serialport.Config{Path: ss.Path(), Baud: 115200}, RetryInterval: 50 * time.Millisecond, Log: Quiet})
	t.Cleanup(func() {
		pr.Close()
		sc.Close()
		cancel()
		sp.Close()
		ss.Close()
	})
	return &Devices{SimPrinter: sp, SimScanner: ss, Printer: pr, Scanner: sc, States: states}
}

// OpenCounter opens another counter as its officer's login would, so it
// can take redirected citizens.
func (e *Env) OpenCounter(ctx context.Context, counter string) {
	e.t.Helper()
	if err := e.Srv.Engine().Open(ctx, centre.Actor{Officer: "canbo-" + counter, Role: "officer", Counter: counter}, counter); err != nil {
		e.t.Fatalf("open %s: %v", counter, err)
	}
}
