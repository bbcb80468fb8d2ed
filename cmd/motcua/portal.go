package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
)

func init() {
	register("portal", "central portal: serve | centre add | catalogue import", runPortal)
}

const portalUsage = `usage:
  motcua portal serve --addr 127.0.0.1:8090 --db portal.db|postgres://...
  motcua portal centre add --db ... --username U --password P --agency 000.00.06.H56[,more]
  motcua portal catalogue import --db ... FILE.json`

func runPortal(ctx context.Context, args []string) error {
	switch {
	case len(args) >= 1 && args[0] == "serve":
		return portalServe(ctx, args[1:])
	case len(args) >= 2 && args[0] == "centre" && args[1] == "add":
		return portalCentreAdd(ctx, args[2:])
	case len(args) >= 2 && args[0] == "catalogue" && args[1] == "import":
		return portalCatalogueImport(ctx, args[2:])
	}
	fmt.Fprintln(os.Stderr, portalUsage)
	return errors.New("portal: unknown subcommand")
}

func portalServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("portal serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8090", "listen address")
	dsn := fs.String("db", "portal.db", "SQLite file, or postgres://... URL")
	trustProxy := fs.Bool("trust-proxy", false, "take the client IP from X-Forwarded-For (only behind a reverse proxy)")
	lookupRate := fs.Int("lookup-per-minute", 30, "public lookups allowed per client IP per minute")
	schedFile := fs.String("holiday-schedule", "", "holiday schedule (JSON, docs/CALENDAR.md) published to every centre at GET /api/v1/lich-nghi")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var sched []byte
	if *schedFile != "" {
		b, err := os.ReadFile(*schedFile)
		if err != nil {
			return fmt.Errorf("holiday schedule: %w", err)
		}
		sched = b
	}
	log := newLogger()
	st, err := portalstore.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := portal.New(ctx, st, portal.Options{Logger: log, TrustProxy: *trustProxy, LookupPerMinute: *lookupRate, HolidaySchedule: sched})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	log.Info("portal listening", "url", "http://"+ln.Addr().String(), "db", redactDSN(*dsn))
	fmt.Printf("motcua: portal on http://%s (tra cứu: /tra-cuu, thống kê: /thong-ke)\n", ln.Addr())
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// redactDSN hides a password in a postgres URL for the log.
func redactDSN(dsn string) string {
	if at := strings.LastIndex(dsn, "@"); at > 0 && strings.Contains(dsn[:at], "://") {
		scheme, _, _ := strings.Cut(dsn, "://")
		return scheme + "://***" + dsn[at:]
	}
	return dsn
}

func portalCentreAdd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("portal centre add", flag.ContinueOnError)
	dsn := fs.String("db", "portal.db", "SQLite file, or postgres://... URL")
	user := fs.String("username", "", "centre login name")
	pass := fs.String("password", "", "centre password (or env MOTCUA_PORTAL_PASSWORD)")
	agencies := fs.String("agency", "", "agency codes the centre may send for, comma-separated")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pass == "" {
		*pass = os.Getenv("MOTCUA_PORTAL_PASSWORD")
	}
	if *user == "" || *pass == "" || *agencies == "" {
		return errors.New("portal centre add: --username, --password and --agency are required")
	}
	var list []string
	for _, a := range strings.Split(*agencies, ",") {
		a = strings.TrimSpace(a)
		if !qcvn120.ValidAgency(a) {
			return fmt.Errorf("portal centre add: %q is not an agency code like 000.00.06.H56", a)
		}
		list = append(list, a)
	}
	hash, err := portal.HashPassword(*pass)
	if err != nil {
		return err
	}
	st, err := portalstore.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.AddCentre(ctx, portal.Centre{Username: *user, Hash: hash, Agencies: list}); err != nil {
		return err
	}
	fmt.Printf("motcua: centre %s may send for %s\n", *user, strings.Join(list, ", "))
	return nil
}

func portalCatalogueImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("portal catalogue import", flag.ContinueOnError)
	dsn := fs.String("db", "portal.db", "SQLite file, or postgres://... URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("portal catalogue import: give one FILE.json (LayThuTuc shape)")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	st, err := portalstore.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := portal.ImportCatalogue(ctx, st, data)
	if err != nil {
		return err
	}
	fmt.Printf("motcua: %d procedures imported\n", n)
	return nil
}
