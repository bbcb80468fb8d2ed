// Package countertest runs what the counter app talks to in tests: a real
// centre server with the dossier endpoints on a loopback listener, an
// officer account, a kiosk token to issue tickets, and the virtual printer
// and scanner on ptys.
package countertest

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/queue"
)

// Officer credentials created by Start.
const (
	Username = "canbo1"
	Password = centretest.Password
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
	t      testing.TB
	Centre *centretest.Env
	Cfg    *queue.Config
	Srv    *centre.Server
	Kiosk  string // kiosk device token
}

// Start runs the server until the test ends; edit changes its options
// (more devices, extensions mounted through Mount) before it starts.
func Start(t testing.TB, edit ...func(*centretest.Options)) *Env {
	t.Helper()
	o := centretest.Options{
		Server:   centre.Options{LookupURL: LookupURL},
		Dossiers: &centre.DossierOptions{Now: func() time.Time { return ReceivedAt }},
		Officers: []centretest.Officer{{Username: Username, FullName: FullName}},
		Devices:  []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}},
	}
	for _, f := range edit {
		f(&o)
	}
	// the inbox (online submissions, forwarded dossiers) is mounted on
	// every test centre, before what the edits mount
	then := o.Mount
	o.Mount = func(m centretest.Mount) error {
		if _, err := inbox.Mount(m.Server, m.DB, inbox.Options{Now: func() time.Time { return ReceivedAt }}); err != nil {
			return err
		}
		if then != nil {
			return then(m)
		}
		return nil
	}
	c := centretest.Start(t, o)
	return &Env{t: t, Centre: c, Cfg: c.Cfg, Srv: c.Server, Kiosk: c.Token("dev-kiosk")}
}

// StartConfig runs the server with cfg (e.g. an agency forwarded).
func StartConfig(t testing.TB, cfg *queue.Config) *Env {
	t.Helper()
	return Start(t, func(o *centretest.Options) { o.Config = func(c *queue.Config) { *c = *cfg } })
}

// URL is the server's base URL.
func (e *Env) URL() string { return e.Centre.URL }

// Client is a fresh client without a token.
func (e *Env) Client() *client.Client { return e.Centre.Client("") }

// Issue takes a number for service as the kiosk.
func (e *Env) Issue(ctx context.Context, service string) centre.Issued {
	e.t.Helper()
	return e.Centre.Issue(ctx, e.Kiosk, service)
}

// EndSession logs token out from another client: what an expired or
// revoked session looks like to the app.
func (e *Env) EndSession(ctx context.Context, token string) {
	e.t.Helper()
	if err := e.Centre.Client(token).Logout(ctx); err != nil {
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
