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
func provinceAgency(i int) string {
	return fmt.Sprintf("000.%02d.%02d.H56", i/100, i%100)
}

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

// The lookup benchmark's synthetic province: dossier i belongs to agency
// i % agencies and is that agency's k-th (k = i / agencies), received on
// day k/100 after 2024-01-01 as number k%100+1 of the day: 100 receipts a
// day per agency, codes <agency>-<yyMMdd>-<NNNN> as the centres make them.
const (
	lookupPerDay = 100
	lookupEpoch  = 1704042000 // 2024-01-01 00:00 +07
)

func lookupCode(i, agencies int) string {
	ai, k := i%agencies, i/agencies
	day := time.Unix(lookupEpoch, 0).In(dossier.Loc).AddDate(0, 0, k/lookupPerDay)
	return provinceAgency(ai) + "-" + day.Format("060102") + fmt.Sprintf("-%04d", k%lookupPerDay+1)
}

// lookupMissing is a well-formed code of a real agency and day that was
// never issued (numbers stop at 100 a day).
func lookupMissing(i, agencies int) string {
	c := lookupCode(i, agencies)
	return c[:len(c)-4] + "9999"
}

// lookupFillSQL inserts dossiers lo..hi-1 ($1, $2) of a province of $3
// agencies: $4 is the dossier packet with @MAHOSO@ for its code, $5 the
// first day whose dossiers are still open (status 4, at most two steps);
// the others are returned (status 10; 5 % late), $6 steps each. Column
// values follow what portal/store writes for such packets.
const lookupFillSQL = `
INSERT INTO dossiers (agency, ma_ho_so, centre, version, status, ma_tthc, ten_tthc, ten_linh_vuc, chu_ho_so, don_vi_xu_ly,
	ngay_tiep_nhan, ngay_hen_tra, ngay_xong, ngay_tra, recv_month, done_month, doc, updated_at)
SELECT agency, code, 'centre' || lpad(ai::text, 3, '0'), CASE WHEN open THEN least(2, $6) ELSE $6 END, CASE WHEN open THEN 4 ELSE 10 END,
	(ARRAY['1.001193','1.000894','2.000908','1.004227'])[i % 4 + 1],
	(ARRAY['Đăng ký khai sinh','Đăng ký kết hôn','Cấp bản sao từ sổ gốc','Chứng thực bản sao từ bản chính'])[i % 4 + 1],
	(ARRAY['Hộ tịch','Hộ tịch','Chứng thực','Chứng thực'])[i % 4 + 1],
	(ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi'])[i % 8 + 1] || ' ' ||
	(ARRAY['Văn','Thị','Minh','Thu','Quốc','Ngọc'])[i % 6 + 1] || ' ' ||
	(ARRAY['An','Bình','Chi','Dũng','Hà','Hùng','Lan','Mai','Nam','Phương','Sơn','Tú'])[i % 12 + 1],
	'UBND phường ' || ai, recv, recv + 7*86400, done, CASE WHEN open THEN 0 ELSE done + 86400 END,
	to_char(to_timestamp(recv) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM'),
	CASE WHEN open THEN '' ELSE to_char(to_timestamp(done) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') END,
	replace($4, '@MAHOSO@', code), CASE WHEN open THEN recv ELSE done + 86400 END
FROM (SELECT i, ai, agency, recv, open,
		agency || '-' || to_char(date '2024-01-01' + (k / 100)::int, 'YYMMDD') || '-' || lpad((k % 100 + 1)::text, 4, '0') AS code,
		CASE WHEN open THEN 0 ELSE recv + (CASE WHEN i % 20 = 0 THEN 9 ELSE 5 END) * 86400 END AS done
	FROM (SELECT i, i % $3 AS ai, i / $3 AS k,
			'000.' || lpad(((i % $3) / 100)::text, 2, '0') || '.' || lpad(((i % $3) % 100)::text, 2, '0') || '.H56' AS agency,
			1704042000 + (i / $3 / 100) * 86400 + 28800 + ((i / $3) % 100) * 240 AS recv,
			(i / $3 / 100) >= $5 AS open
		FROM generate_series($1::bigint, $2::bigint - 1) i) a) b`

// lookupStepsSQL inserts the steps of the same dossiers, step by step over
// the chunk (a dossier's steps land on different pages, as when they
// arrive days apart); $4 is the step packet with @MAHOSO@.
const lookupStepsSQL = `
INSERT INTO steps (agency, ma_ho_so, step_key, version, at, status, noi_dung, phong_ban, nguoi_xu_ly, doc)
SELECT agency, code, 'v' || j, j, recv + (j - 1) * 86400, st,
	CASE st WHEN 2 THEN 'Tiếp nhận hồ sơ' WHEN 10 THEN 'Đã trả kết quả cho công dân' ELSE 'Chuyển xử lý' END,
	'Bộ phận một cửa', 'Cán bộ ' || ai, replace($4, '@MAHOSO@', code)
FROM generate_series(1, $6::int) j,
	(SELECT i, i % $3 AS ai,
		'000.' || lpad(((i % $3) / 100)::text, 2, '0') || '.' || lpad(((i % $3) % 100)::text, 2, '0') || '.H56' AS agency,
		'000.' || lpad(((i % $3) / 100)::text, 2, '0') || '.' || lpad(((i % $3) % 100)::text, 2, '0') || '.H56' || '-' ||
			to_char(date '2024-01-01' + (i / $3 / 100)::int, 'YYMMDD') || '-' || lpad(((i / $3) % 100 + 1)::text, 4, '0') AS code,
		1704042000 + (i / $3 / 100) * 86400 + 28800 + ((i / $3) % 100) * 240 AS recv,
		(i / $3 / 100) >= $5 AS open
	FROM generate_series($1::bigint, $2::bigint - 1) i) a,
	LATERAL (SELECT CASE WHEN j = 1 THEN 2 WHEN NOT open AND j = $6 THEN 10 ELSE 4 END AS st) s
WHERE j <= CASE WHEN open THEN least(2, $6) ELSE $6 END`

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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !isPostgres(*portalDB) {
		return errors.New("syncbench lookup: --portal-db postgres://… is required")
	}
	if *nDossiers < 1 || *agencies < 1 || *agencies > 10000 || *chunk < 1 || *steps < 2 || *steps > 20 || *workers < 1 || *lookups < 2 || *conc < 1 {
		return errors.New("syncbench lookup: --dossiers, --agencies (≤ 10000), --chunk, --fill-workers, --concurrency ≥ 1, --steps 2..20, --lookups ≥ 2")
	}
	if *nDossiers / *agencies / lookupPerDay > 9000 {
		return errors.New("syncbench lookup: too many dossiers per agency (dates past 2048): raise --agencies")
	}
	cleanup, err := benchWorkDir(dir)
	if err != nil {
		return err
	}
	defer cleanup()
	quiet := slog.New(slog.DiscardHandler)
	pst, err := portalstore.Open(ctx, *portalDB)
	if err != nil {
		return err
	}
	defer pst.Close()
	sdb, err := openPortalSQL(*portalDB)
	if err != nil {
		return err
	}
	defer sdb.Close()
	if !*noFill {
		if err := fillLookup(ctx, sdb, *portalDB, *dir, *nDossiers, *agencies, *steps, *chunk, *workers, *vacuum); err != nil {
			return err
		}
	}
	var nd int64
	var size string
	if err := sdb.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM dossiers), pg_size_pretty(pg_database_size(current_database()))`).Scan(&nd, &size); err != nil {
		return err
	}
	fmt.Printf("portal:  %s: %d dossiers, database %s\n", redactDSN(*portalDB), nd, size)

	psrv, err := portal.New(ctx, pst, portal.Options{Logger: quiet, LookupPerMinute: 1 << 30, LookupBurst: 1 << 30})
	if err != nil {
		return err
	}
	url, stop, err := serveLoopback(psrv)
	if err != nil {
		return err
	}
	defer stop()
	if *explain {
		code := lookupCode(*nDossiers/3, *agencies)
		for _, q := range []string{
			`SELECT agency, ma_ho_so, centre, version, status, ma_tthc, ten_tthc, ten_linh_vuc, chu_ho_so,
		don_vi_xu_ly, ngay_tiep_nhan, ngay_hen_tra, ngay_xong, ngay_tra, doc FROM dossiers WHERE agency = $1 AND ma_ho_so = $2`,
			`SELECT step_key, version, at, status, noi_dung, phong_ban, nguoi_xu_ly, doc FROM steps
		WHERE agency = $1 AND ma_ho_so = $2 ORDER BY at, version, step_key`} {
			rows, err := sdb.QueryContext(ctx, `EXPLAIN (ANALYZE, BUFFERS) `+q, qcvn120.AgencyOf(code), code)
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
	rng := rand.New(rand.NewPCG(3, 4))
	picks := make([]int, *lookups)
	for i := range picks {
		picks[i] = rng.IntN(*nDossiers)
	}
	var wg sync.WaitGroup
	errc := make(chan error, *conc)
	t0 := time.Now()
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := int(next.Add(1)) - 1
				if n >= *lookups {
					return
				}
				code, want := lookupCode(picks[n], *agencies), http.StatusOK
				if n%2 == 1 {
					code, want = lookupMissing(picks[n], *agencies), http.StatusNotFound
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
	// The monthly statistics read the whole month of every agency.
	month := time.Unix(lookupEpoch, 0).In(dossier.Loc).AddDate(0, 0, *nDossiers / *agencies / lookupPerDay / 2).Format("2006-01")
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

// fillLookup generates the dossiers and their steps in chunks, with the
// primary keys and indexes dropped during the load and built after it
// (what a restore does), then VACUUM ANALYZE.
func fillLookup(ctx context.Context, sdb *sql.DB, dsn, dir string, n, agencies, steps, chunk, workers int, vacuum bool) error {
	var have int64
	if err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM dossiers LIMIT 1) x`).Scan(&have); err != nil {
		return err
	}
	if have != 0 {
		return errors.New("syncbench lookup: the portal database is not empty (drop and create it, or pass --no-fill)")
	}
	hoso, step, err := benchTemplates(ctx, dir)
	if err != nil {
		return err
	}
	hoso["MaHoSo"], hoso["SoBienNhan"], step["MaHoSo"] = "@MAHOSO@", "@MAHOSO@", "@MAHOSO@"
	hb, _ := json.Marshal(hoso)
	sb, _ := json.Marshal(step)
	fmt.Printf("fill:    %d dossiers over %d agencies; packets %d B (dossier), %d B (step)\n", n, agencies, len(hb), len(sb))
	t0 := time.Now()
	for _, s := range []string{`DROP INDEX IF EXISTS dossiers_recv`, `DROP INDEX IF EXISTS dossiers_done`,
		`ALTER TABLE dossiers DROP CONSTRAINT IF EXISTS dossiers_pkey`, `ALTER TABLE steps DROP CONSTRAINT IF EXISTS steps_pkey`} {
		if _, err := sdb.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	openFrom := n/agencies/lookupPerDay - 20 // the last 20 days are still being processed
	jobs := make(chan int)
	errc := make(chan error, workers)
	var done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := sdb.Conn(ctx)
			if err != nil {
				errc <- err
				return
			}
			defer conn.Close()
			// The fill is not what is measured: no commit waits for its WAL flush.
			if _, err := conn.ExecContext(ctx, `SET synchronous_commit = off`); err != nil {
				errc <- err
				return
			}
			for lo := range jobs {
				hi := min(lo+chunk, n)
				if _, err := conn.ExecContext(ctx, lookupFillSQL, lo, hi, agencies, string(hb), openFrom, steps); err != nil {
					errc <- fmt.Errorf("fill dossiers: %w", err)
					return
				}
				if _, err := conn.ExecContext(ctx, lookupStepsSQL, lo, hi, agencies, string(sb), openFrom, steps); err != nil {
					errc <- fmt.Errorf("fill steps: %w", err)
					return
				}
				if d := done.Add(int64(hi - lo)); d%(int64(chunk)*8) < int64(chunk) || d == int64(n) {
					fmt.Printf("fill:    %d dossiers in %s\n", d, time.Since(t0).Round(time.Second))
				}
			}
		}()
	}
feed:
	for lo := 0; lo < n; lo += chunk {
		select {
		case jobs <- lo:
		case err := <-errc:
			close(jobs)
			wg.Wait()
			return err
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	fmt.Printf("fill:    rows in %s\n", time.Since(t0).Round(time.Second))
	t1 := time.Now()
	conn, err := sdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, s := range []string{`SET maintenance_work_mem = '512MB'`,
		`ALTER TABLE dossiers ADD PRIMARY KEY (agency, ma_ho_so)`, `ALTER TABLE steps ADD PRIMARY KEY (agency, ma_ho_so, step_key)`} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	// The store's own schema statements put back its other indexes.
	pst, err := portalstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	pst.Close()
	fmt.Printf("fill:    keys and indexes in %s\n", time.Since(t1).Round(time.Second))
	t1 = time.Now()
	what := `ANALYZE dossiers, steps`
	if vacuum {
		what = `VACUUM (ANALYZE) dossiers, steps`
	}
	if _, err := conn.ExecContext(ctx, what); err != nil {
		return err
	}
	fmt.Printf("fill:    %s in %s; total %s\n", what, time.Since(t1).Round(time.Second), time.Since(t0).Round(time.Second))
	return nil
}
