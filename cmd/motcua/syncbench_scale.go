package main

// Province-scale portal benchmarks (issue 20):
//
//	motcua syncbench province  many centres' agents pushing at once into one portal
//	motcua syncbench lookup    the public lookup over millions of dossiers in PostgreSQL

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// provinceAgency is the agency code of the i-th simulated centre
// (000.00.00.H56, 000.00.01.H56, …, 000.01.49.H56 for 150 centres).
func provinceAgency(i int) string { return portalstore.SyntheticAgency(i) }

// benchTemplates receives one dossier through a real centre's HTTP API (a
// throw-away centre in dir) and returns the two packets it queued: the
// exact shapes the benchmarks replicate.
func benchTemplates(ctx context.Context, dir string) (hoso, step map[string]any, err error) {
	quiet := slog.New(slog.DiscardHandler)
	srv, db, err := openCentre(ctx, queue.DemoConfig(), filepath.Join(dir, "template.db"), quiet, centreOpts{})
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	url, stop, err := serveLoopback(srv)
	if err != nil {
		return nil, nil, err
	}
	defer stop()
	api, err := benchOfficer(ctx, db, url)
	if err != nil {
		return nil, nil, err
	}
	return api.samplePackets(ctx, db)
}

func benchWorkDir(dir *string) (func(), error) {
	if *dir != "" {
		return func() {}, os.MkdirAll(*dir, 0o700)
	}
	d, err := os.MkdirTemp("", "motcua-syncbench-")
	if err != nil {
		return nil, err
	}
	*dir = d
	return func() { os.RemoveAll(d) }, nil
}

// runProvinceBench: N centres, each with its own database, agency code and
// portal credential, and its own sync agent (the code `motcua sync` runs),
// all pushing at once into one portal on loopback. Phase 1 drains a backlog
// on every centre at once (after an outage of the portal); phase 2 is the
// steady state, dossiers received at --rate per second over the province.
func runProvinceBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("syncbench province", flag.ContinueOnError)
	nCentres := fs.Int("centres", 150, "centres, each with its own agency code, credential, database and agent")
	nDossiers := fs.Int("dossiers", 200, "backlog per centre: dossiers (receipt: dossier packet v1 + its step)")
	nUpdates := fs.Int("updates", 600, "backlog per centre: progress updates (dossier packet vN + step vN)")
	portalDB := fs.String("portal-db", "", "portal database: a postgres:// URL of an empty database (empty = a SQLite file in the work dir)")
	dir := fs.String("dir", "", "work directory (default: a new temporary one, removed afterwards)")
	steady := fs.Duration("steady", 30*time.Second, "steady-state phase length (0 = skip)")
	rate := fs.Float64("rate", 30, "steady state: dossiers received per second over the whole province (round robin over the centres)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *nCentres < 1 || *nCentres > 10000 || *nDossiers < 1 || *nDossiers > 9999*20 || *nUpdates < 0 || *rate <= 0 {
		return errors.New("syncbench province: --centres 1..10000, --dossiers ≥ 1, --updates ≥ 0, --rate > 0")
	}
	cleanup, err := benchWorkDir(dir)
	if err != nil {
		return err
	}
	defer cleanup()
	quiet := slog.New(slog.DiscardHandler)

	hoso, step, err := benchTemplates(ctx, *dir)
	if err != nil {
		return err
	}
	dsn := *portalDB
	if dsn == "" {
		dsn = filepath.Join(*dir, "portal.db")
	}
	pst, err := portalstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer pst.Close()
	// The login limits are per client address; every simulated centre
	// comes from 127.0.0.1 here, where in the field each has its own.
	psrv, err := portal.New(ctx, pst, portal.Options{Logger: quiet, LoginPerMinute: 100 * *nCentres, LoginBurst: 10 * *nCentres,
		MaxHashQueue: *nCentres})
	if err != nil {
		return err
	}
	portalURL, stopPortal, err := serveLoopback(psrv)
	if err != nil {
		return err
	}
	defer stopPortal()

	type centreSim struct {
		agency string
		db     *store.DB
		agent  *syncagent.Agent
		lag    *lagPortal
		codes  []string
		next   int // next receipt number in the steady state
		items  int
		drain  time.Duration
	}
	cs := make([]*centreSim, *nCentres)
	t0 := time.Now()
	// Credentials (argon2id, 19 MiB each: two at a time), backlogs, logins.
	var wg sync.WaitGroup
	errs := make(chan error, *nCentres)
	sem := make(chan struct{}, 2)
	for i := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c := &centreSim{agency: provinceAgency(i)}
			cs[i] = c
			user, pass := fmt.Sprintf("centre%03d", i), fmt.Sprintf("bench-secret-%03d", i)
			hash, err := portal.HashPassword(pass)
			if err == nil {
				err = pst.AddCentre(ctx, portal.Centre{Username: user, Hash: hash, Agencies: []string{c.agency}})
			}
			if err == nil {
				c.db, err = store.Open(filepath.Join(*dir, fmt.Sprintf("centre%03d.db", i)))
			}
			if err == nil {
				c.items, c.codes, err = fillBacklog(ctx, c.db, c.agency, hoso, step, *nDossiers, *nUpdates)
			}
			if err != nil {
				errs <- fmt.Errorf("centre %d: %w", i, err)
				return
			}
			pc := client.New(portalURL, user, pass)
			pc.MaDonVi = c.agency
			// Log in now: 150 argon2id checks at once would queue past the
			// agent's call timeout; the drain measures ingest, not logins.
			if err := pc.Login(ctx); err != nil {
				errs <- fmt.Errorf("centre %d: %w", i, err)
				return
			}
			c.lag = &lagPortal{next: syncagent.PortalClient{C: pc}, db: c.db}
			c.agent = syncagent.New(c.db, c.lag, syncagent.Options{Logger: quiet})
		}()
	}
	wg.Wait()
	close(errs)
	defer func() {
		for _, c := range cs {
			if c != nil && c.db != nil {
				c.db.Close()
			}
		}
	}()
	if err := <-errs; err != nil {
		return err
	}
	total := 0
	for _, c := range cs {
		total += c.items
	}
	fmt.Printf("backlog: %d centres × (%d dossiers + %d updates) = %d outbox items, set up in %s\n",
		*nCentres, *nDossiers, *nUpdates, total, time.Since(t0).Round(time.Millisecond))
	fmt.Printf("portal:  %s\n", redactDSN(dsn))

	// Phase 1: every agent drains its backlog at once.
	t0 = time.Now()
	errs = make(chan error, *nCentres)
	for _, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := c.agent.Once(ctx)
				if err != nil {
					errs <- fmt.Errorf("%s: drain: %w", c.agency, err)
					return
				}
				if n == 0 {
					c.drain = time.Since(t0)
					return
				}
			}
		}()
	}
	wg.Wait()
	drain := time.Since(t0)
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	calls, carried := 0, 0
	var drains []time.Duration
	for _, c := range cs {
		n, k := c.lag.calls()
		calls, carried = calls+n, carried+k
		drains = append(drains, c.drain)
	}
	fmt.Printf("drain:   %d items in %s (%d portal calls carrying %d items) = %.0f outbox items/s, %.0f items sent/s; per centre done p50 %s, p99 %s\n",
		total, drain.Round(time.Millisecond), calls, carried, float64(total)/drain.Seconds(), float64(carried)/drain.Seconds(),
		pct(drains, 50), pct(drains, 99))
	if err := checkProvince(ctx, dsn, *nCentres**nDossiers, *nCentres*(*nDossiers+*nUpdates)); err != nil {
		return err
	}
	fmt.Println("check:   the portal holds every centre's dossiers and every step once")
	if *steady <= 0 {
		return nil
	}

	// Phase 2: steady state. Every agent runs as `motcua sync` does (poll
	// 200 ms); receipts are written into the centres' outboxes round robin.
	for _, c := range cs {
		c.lag.reset()
		c.next = *nDossiers
	}
	actx, stopAgents := context.WithCancel(ctx)
	defer stopAgents()
	for _, c := range cs {
		wg.Add(1)
		go func() { defer wg.Done(); c.agent.Run(actx) }()
	}
	var received atomic.Int64
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	end := time.After(*steady)
	day := time.Date(2025, 6, 2, 8, 0, 0, 0, dossier.Loc)
	k := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-end:
			break loop
		case <-tick.C:
			c := cs[k%len(cs)]
			k++
			c.next++
			code, err := dossier.FormatCode(c.agency, day.AddDate(0, 0, c.next/9999), c.next%9999+1)
			if err != nil {
				return err
			}
			h, s := clone(hoso), clone(step)
			h["MaHoSo"], h["SoBienNhan"], s["MaHoSo"] = code, code, code
			hb, _ := json.Marshal(h)
			sb, _ := json.Marshal(s)
			go func() {
				err := c.db.Write(ctx, func(tx *store.Tx) error {
					if err := tx.AppendOutbox(qcvn120.SvcDongBoHoSo, code, 1, hb); err != nil {
						return err
					}
					return tx.AppendOutbox(qcvn120.SvcCapNhatTienDo, code, 1, sb)
				})
				if err == nil {
					received.Add(1)
				}
			}()
		}
	}
	tick.Stop()
	// Let the last ones through (at most 30 s), then stop.
	deadline := time.Now().Add(30 * time.Second)
	for _, c := range cs {
		for time.Now().Before(deadline) {
			cur, _ := c.db.SyncCursor(ctx)
			var maxID int64
			c.db.Read().QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM outbox`).Scan(&maxID)
			if cur >= maxID {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	stopAgents()
	wg.Wait()
	var lags []time.Duration
	for _, c := range cs {
		lags = append(lags, c.lag.lags()...)
	}
	fmt.Printf("steady:  %d dossiers at %.1f/s over %d centres for %s, %d items acknowledged; lag p50 %s, p99 %s, max %s\n",
		received.Load(), *rate, *nCentres, *steady, len(lags), pct(lags, 50), pct(lags, 99), pct(lags, 100))
	return nil
}

// checkProvince counts the portal's dossiers and steps.
func checkProvince(ctx context.Context, dsn string, wantDossiers, wantSteps int) error {
	sdb, err := openPortalSQL(dsn)
	if err != nil {
		return err
	}
	defer sdb.Close()
	var nd, ns int
	if err := sdb.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM steps)`).Scan(&nd, &ns); err != nil {
		return err
	}
	if nd != wantDossiers || ns != wantSteps {
		return fmt.Errorf("portal holds %d dossiers and %d steps, want %d and %d", nd, ns, wantDossiers, wantSteps)
	}
	return nil
}

func openPortalSQL(dsn string) (*sql.DB, error) {
	if isPostgres(dsn) {
		return sql.Open("pgx", dsn)
	}
	return sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(5000)")
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// runLookupBench fills a PostgreSQL portal database with a province's
// dossiers in SQL (not through the API), then measures the real HTTP
// public lookup (GET /api/v1/tra-cuu/{code}) of existing and missing codes.
func runLookupBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("syncbench lookup", flag.ContinueOnError)
	portalDB := fs.String("portal-db", "", "portal database: a postgres:// URL (required; an empty database unless --no-fill)")
	nDossiers := fs.Int("dossiers", 10_000_000, "dossiers to generate")
	agencies := fs.Int("agencies", 150, "agencies (centres) the dossiers are spread over")
	steps := fs.Int("steps", 4, "steps of a returned dossier (received, in process…, returned); open ones have at most 2")
	vacuum := fs.Bool("vacuum", false, "VACUUM ANALYZE after the fill (default: ANALYZE only)")
	chunk := fs.Int("chunk", 250_000, "dossiers per INSERT statement")
	workers := fs.Int("fill-workers", 2, "INSERT statements at once")
	noFill := fs.Bool("no-fill", false, "measure a database filled by an earlier run (same --dossiers and --agencies)")
	lookups := fs.Int("lookups", 3000, "lookups to time, half of existing codes, half of missing ones")
	conc := fs.Int("concurrency", 1, "lookups in flight")
	statsRuns := fs.Int("stats", 3, "times to fetch the monthly statistics (/api/v1/thong-ke) over the whole table")
	explain := fs.Bool("explain", true, "print EXPLAIN (ANALYZE, BUFFERS) of the lookup's two queries")
	dir := fs.String("dir", "", "work directory (default: a new temporary one, removed afterwards)")
	path := fs.String("path", "projection", "what the lookup reads: projection (the tra_cuu row) or dossiers (the dossier and step rows, as before tra_cuu)")
	seed := fs.Uint64("seed", 3, "seed of the codes looked up (another seed: other, cold codes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !isPostgres(*portalDB) {
		return errors.New("syncbench lookup: --portal-db postgres://… is required")
	}
	if *path != "projection" && *path != "dossiers" {
		return errors.New("syncbench lookup: --path projection or dossiers")
	}
	if *nDossiers < 1 || *agencies < 1 || *agencies > 10000 || *chunk < 1 || *steps < 2 || *steps > 20 || *workers < 1 || *lookups < 2 || *conc < 1 {
		return errors.New("syncbench lookup: --dossiers, --agencies (≤ 10000), --chunk, --fill-workers, --concurrency ≥ 1, --steps 2..20, --lookups ≥ 2")
	}
	cleanup, err := benchWorkDir(dir)
	if err != nil {
		return err
	}
	defer cleanup()
	quiet := slog.New(slog.DiscardHandler)
	// Opening migrates: on a database filled before tra_cuu this is the
	// projection's backfill.
	t0 := time.Now()
	pst, err := portalstore.Open(ctx, *portalDB)
	if err != nil {
		return err
	}
	defer pst.Close()
	fmt.Printf("open:    %s (schema and migrations)\n", time.Since(t0).Round(time.Millisecond))
	sdb, err := openPortalSQL(*portalDB)
	if err != nil {
		return err
	}
	defer sdb.Close()
	syn := portalstore.Synthetic{Dossiers: *nDossiers, Agencies: *agencies, Steps: *steps}
	if !*noFill {
		hoso, step, err := benchTemplates(ctx, *dir)
		if err != nil {
			return err
		}
		hoso["MaHoSo"], hoso["SoBienNhan"], step["MaHoSo"] = "@MAHOSO@", "@MAHOSO@", "@MAHOSO@"
		hb, _ := json.Marshal(hoso)
		sb, _ := json.Marshal(step)
		syn.DossierDoc, syn.StepDoc = string(hb), string(sb)
		fmt.Printf("fill:    %d dossiers over %d agencies, %d steps a returned one; packets %d B (dossier), %d B (step)\n",
			*nDossiers, *agencies, *steps, len(hb), len(sb))
		err = portalstore.FillSynthetic(ctx, *portalDB, syn, portalstore.FillOptions{Chunk: *chunk, Workers: *workers, Vacuum: *vacuum,
			Progress: func(m string) { fmt.Println("fill:   ", m) }})
		if err != nil {
			return err
		}
	}
	var nd int64
	var size string
	if err := sdb.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM dossiers), pg_size_pretty(pg_database_size(current_database()))`).Scan(&nd, &size); err != nil {
		return err
	}
	fmt.Printf("portal:  %s: %d dossiers, database %s\n", redactDSN(*portalDB), nd, size)
	var tables string
	if err := sdb.QueryRowContext(ctx, `SELECT string_agg(t || ' ' || pg_size_pretty(s), ', ') FROM (SELECT t, sum(pg_total_relation_size(c.oid)) s
		FROM (VALUES ('dossiers'), ('steps'), ('tra_cuu')) v(t) JOIN pg_class c ON c.relname = t OR c.relname LIKE t || '\_p%' GROUP BY t ORDER BY t) x`).Scan(&tables); err != nil {
		return err
	}
	fmt.Printf("tables:  %s (with indexes)\n", tables)

	var lst portal.Store = pst
	if *path == "dossiers" {
		lst = dossierPath{pst, pst.(portal.RollupStore), pst.(portal.InboxStore)}
	}
	fmt.Printf("path:    the lookup reads %s\n", *path)
	psrv, err := portal.New(ctx, lst, portal.Options{Logger: quiet, LookupPerMinute: 1 << 30, LookupBurst: 1 << 30})
	if err != nil {
		return err
	}
	url, stop, err := serveLoopback(psrv)
	if err != nil {
		return err
	}
	defer stop()
	if *explain {
		code := syn.Code(*nDossiers / 3)
		qs := []string{
			`SELECT agency, ma_ho_so, centre, version, status, ma_tthc, ten_tthc, ten_linh_vuc, chu_ho_so,
		don_vi_xu_ly, ngay_tiep_nhan, ngay_hen_tra, ngay_xong, ngay_tra, doc FROM dossiers WHERE agency = $1 AND ma_ho_so = $2`,
			`SELECT step_key, version, at, status, noi_dung, phong_ban, nguoi_xu_ly, doc FROM steps
		WHERE agency = $1 AND ma_ho_so = $2 ORDER BY at, version, step_key`}
		if *path == "projection" {
			qs = []string{`SELECT status, ten_tthc, ten_linh_vuc, chu_ho_so, don_vi_xu_ly, ngay_tiep_nhan, ngay_hen_tra,
		ngay_xong, ngay_tra, buu_chinh, tien_do FROM tra_cuu WHERE ma_ho_so = $1`}
		}
		for _, q := range qs {
			args := []any{qcvn120.AgencyOf(code), code}
			if *path == "projection" {
				args = args[1:]
			}
			rows, err := sdb.QueryContext(ctx, `EXPLAIN (ANALYZE, BUFFERS) `+q, args...)
			if err != nil {
				return err
			}
			fmt.Println("explain:", code)
			for rows.Next() {
				var line string
				rows.Scan(&line)
				fmt.Println("   ", line)
			}
			rows.Close()
		}
	}
	// Lookups: i-th is an existing code when even, a missing one when odd,
	// over dossiers picked at random across the whole table.
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conc}}
	found, missing := make([]time.Duration, 0, *lookups), make([]time.Duration, 0, *lookups)
	var mu sync.Mutex
	var next atomic.Int64
	rng := rand.New(rand.NewPCG(*seed, 4))
	picks := make([]int, *lookups)
	for i := range picks {
		picks[i] = rng.IntN(*nDossiers)
	}
	var wg sync.WaitGroup
	errc := make(chan error, *conc)
	t0 = time.Now()
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1)) - 1
				if n >= *lookups {
					return
				}
				code, want := syn.Code(picks[n]), http.StatusOK
				if n%2 == 1 {
					code, want = syn.Missing(picks[n]), http.StatusNotFound
				}
				s := time.Now()
				resp, err := hc.Get(url + "/api/v1/tra-cuu/" + code)
				if err != nil {
					errc <- err
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(s)
				if resp.StatusCode != want || (want == http.StatusOK && !strings.Contains(string(b), code)) {
					errc <- fmt.Errorf("lookup %s: HTTP %d, want %d: %.200s", code, resp.StatusCode, want, b)
					return
				}
				mu.Lock()
				if want == http.StatusOK {
					found = append(found, d)
				} else {
					missing = append(missing, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	el := time.Since(t0)
	all := append(slices.Clone(found), missing...)
	fmt.Printf("lookup:  %d lookups, %d in flight, %.0f/s; existing p50 %s p99 %s max %s; missing p50 %s p99 %s; all p99 %s\n",
		len(all), *conc, float64(len(all))/el.Seconds(), pctus(found, 50), pctus(found, 99), pctus(found, 100),
		pctus(missing, 50), pctus(missing, 99), pctus(all, 99))
	// The same store call without HTTP, over other dossiers (as cold as the
	// first ones): the database's share of the lookup.
	var st, sm []time.Duration
	for n := range *lookups {
		code := syn.Code(rng.IntN(*nDossiers))
		if n%2 == 1 {
			code = syn.Missing(rng.IntN(*nDossiers))
		}
		s := time.Now()
		var err error
		if *path == "projection" {
			_, err = pst.(portal.LookupStore).Lookup(ctx, code)
		} else {
			_, _, err = pst.Dossier(ctx, code)
		}
		d := time.Since(s)
		switch {
		case err == nil && n%2 == 0:
			st = append(st, d)
		case errors.Is(err, portal.ErrNotFound) && n%2 == 1:
			sm = append(sm, d)
		default:
			return fmt.Errorf("store lookup %s: %v", code, err)
		}
	}
	fmt.Printf("store:   %s alone (no HTTP), one at a time: existing p50 %s p99 %s; missing p50 %s p99 %s\n",
		map[string]string{"projection": "Store.Lookup", "dossiers": "Store.Dossier"}[*path], pctus(st, 50), pctus(st, 99), pctus(sm, 50), pctus(sm, 99))
	// The monthly statistics read the whole month of every agency.
	month := syn.Received(*nDossiers / 2).Format("2006-01")
	for range *statsRuns {
		s := time.Now()
		resp, err := hc.Get(url + "/api/v1/thong-ke?thang=" + month)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("thong-ke: HTTP %d", resp.StatusCode)
		}
		fmt.Printf("stats:   /api/v1/thong-ke?thang=%s in %s\n", month, time.Since(s).Round(time.Millisecond))
	}
	return nil
}

// dossierPath is the portal store without its lookup projection
// (portal.LookupStore): the lookup reads the dossier and step rows, as it
// did before tra_cuu (--path dossiers).
type dossierPath struct {
	portal.Store
	portal.RollupStore
	portal.InboxStore
}

// pctus is pct with microsecond rounding (lookups are sub-millisecond).
func pctus(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	d = slices.Clone(d)
	slices.Sort(d)
	i := (len(d)*p + 99) / 100
	return d[min(max(i-1, 0), len(d)-1)].Round(10 * time.Microsecond)
}
