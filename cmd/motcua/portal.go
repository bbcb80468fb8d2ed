package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
)

func init() {
	register("portal", "central portal: serve | centre add | catalogue import | don-vi import", runPortal)
}

const portalUsage = `usage:
  motcua portal serve --addr 127.0.0.1:8090 --db portal.db|postgres://... [--read-db postgres://replica/... --read-max-lag 30s]
  motcua portal centre add --db ... --username U --password P --agency 000.00.06.H56[,more]
  motcua portal catalogue import --db ... FILE.json
  motcua portal don-vi import --db ... FILE.json   (province → centres, for the rollups)`

func runPortal(ctx context.Context, args []string) error {
	switch {
	case len(args) >= 1 && args[0] == "serve":
		return portalServe(ctx, args[1:])
	case len(args) >= 2 && args[0] == "centre" && args[1] == "add":
		return portalCentreAdd(ctx, args[2:])
	case len(args) >= 2 && args[0] == "catalogue" && args[1] == "import":
		return portalCatalogueImport(ctx, args[2:])
	case len(args) >= 2 && args[0] == "don-vi" && args[1] == "import":
		return portalUnitsImport(ctx, args[2:])
	}
	fmt.Fprintln(os.Stderr, portalUsage)
	return errors.New("portal: unknown subcommand")
}

func portalServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("portal serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8090", "listen address")
	dsn := fs.String("db", "portal.db", "SQLite file, or postgres://... URL")
	var proxies proxyList
	fs.Var(&proxies, "trust-proxy", "reverse proxies whose X-Forwarded-For is believed: addresses or CIDRs, comma-separated; bare --trust-proxy = loopback (127.0.0.0/8, ::1). The client is the right-most address that is not a trusted proxy")
	lookupRate := fs.Int("lookup-per-minute", 30, "public lookups allowed per client IP per minute")
	readDSN := fs.String("read-db", "", "postgres://... URL of a streaming replica of --db (PostgreSQL only): the public lookup, statistics, rollups and answers read from it while its lag is within --read-max-lag")
	readMaxLag := fs.Duration("read-max-lag", 30*time.Second, "the most replication lag the public reads accept from --read-db; beyond it, or with the replica down, they read the primary")
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
	if *readDSN != "" && !strings.HasPrefix(*dsn, "postgres://") && !strings.HasPrefix(*dsn, "postgresql://") {
		return portalstore.ErrReplicaNeedsPostgres // before opening anything
	}
	log := newLogger()
	// The first start after the upgrade that added the public lookup's
	// projection builds it from the dossiers (docs/PORTAL.md).
	log.Info("opening the portal database; a first start after an upgrade may migrate it")
	t0 := time.Now()
	st, err := portalstore.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	log.Info("portal database open", "took", time.Since(t0).Round(time.Millisecond))
	rep, err := openReadReplica(ctx, *dsn, st, *readDSN, *readMaxLag, log)
	if err != nil {
		return err
	}
	if rep != nil {
		defer rep.Close()
	}
	srv, err := portal.New(ctx, st, portal.Options{Logger: log, TrustedProxies: proxies.list, LookupPerMinute: *lookupRate, HolidaySchedule: sched, ReadReplica: rep})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second,
		IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
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

// proxyList is the --trust-proxy flag: a bare flag trusts loopback.
type proxyList struct{ list []netip.Prefix }

func (p *proxyList) String() string {
	if p == nil {
		return ""
	}
	var s []string
	for _, x := range p.list {
		s = append(s, x.String())
	}
	return strings.Join(s, ",")
}

func (p *proxyList) Set(v string) error {
	if v == "true" {
		p.list = append(p.list, portal.LoopbackProxies...)
		return nil
	}
	if v == "false" {
		p.list = nil
		return nil
	}
	l, err := portal.ParseProxies(v)
	if err != nil {
		return fmt.Errorf("--trust-proxy: %w", err)
	}
	p.list = append(p.list, l...)
	return nil
}

func (p *proxyList) IsBoolFlag() bool { return true }

// redactDSN hides a password in a postgres URL for the log: the user
// info's and the password/sslpassword query values (libpq takes both). A
// URL that does not parse is not shown at all (its password could not be
// found reliably).
func redactDSN(dsn string) string {
	scheme, _, isURL := strings.Cut(dsn, "://")
	if !isURL {
		return dsn // a SQLite file name
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return scheme + "://(a URL that does not parse; not shown)"
	}
	// Pair by pair on the raw query: url.Query drops a pair it cannot
	// decode, which would leave a malformed password in RawQuery.
	pairs := strings.Split(u.RawQuery, "&")
	for i, pair := range pairs {
		k, _, _ := strings.Cut(pair, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if k := strings.ToLower(strings.TrimSpace(k)); k == "password" || k == "sslpassword" {
			pairs[i] = k + "=xxxxx"
		}
	}
	u.RawQuery = strings.Join(pairs, "&")
	return u.Redacted()
}

// centreName is the shape of a centre username: it goes into session
// tokens ("user|expiry") and log lines.
var centreName = regexp.MustCompile(`^[a-z0-9._-]{1,64}$`)

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
	if !centreName.MatchString(*user) {
		return errors.New("portal centre add: --username is 1-64 of a-z, 0-9, '.', '_', '-'")
	}
	if len(*pass) < 12 {
		return errors.New("portal centre add: the password must have at least 12 characters (a machine credential: use a long random one)")
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
