package main

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
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
	"golang.org/x/crypto/bcrypt"
)

func init() {
	register("syncbench", "benchmark the sync agent: backlog drain to a local portal, steady-state lag", runSyncBench)
}

func runSyncBench(ctx context.Context, args []string) error {
	// Province-scale modes (issue 20): syncbench_scale.go.
	if len(args) > 0 {
		switch args[0] {
		case "province":
			return runProvinceBench(ctx, args[1:])
		case "lookup":
			return runLookupBench(ctx, args[1:])
		}
	}
	fs := flag.NewFlagSet("syncbench", flag.ContinueOnError)
	nDossiers := fs.Int("dossiers", 10000, "dossiers in the backlog (each: DongBoHoSoMC v1 + its receipt step)")
	nUpdates := fs.Int("updates", 50000, "progress updates in the backlog after the receipts (each: DongBoHoSoMC vN + CapNhatTienDoHoSoMC vN, as the centre writes them)")
	portalDB := fs.String("portal-db", "", "portal database: empty = a SQLite file in the work dir, or a postgres:// URL (an empty database)")
	dir := fs.String("dir", "", "work directory (default: a new temporary one, removed afterwards)")
	batch := fs.Int("batch", 0, "agent Options.BatchSize (0 = the agent's default)")
	perCall := fs.Int("per-call", 0, "agent Options.MaxPerCall for every service (0 = the agent's default, 500)")
	perCallProgress := fs.Int("per-call-progress", 0, "most CapNhatTienDoHoSoMC items per call (0 = --per-call)")
	parallel := fs.Int("parallel", 0, "agent Options.Parallel: portal calls in flight (0 = the agent's default, 2)")
	noCoalesce := fs.Bool("no-coalesce", false, "send every dossier packet, not only the newest of each dossier in a round")
	steady := fs.Duration("steady", 20*time.Second, "steady-state phase length (0 = skip)")
	rate := fs.Float64("rate", 5, "steady state: dossiers received per second through the centre's HTTP API")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the drain phase to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "motcua-syncbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	quiet := slog.New(slog.DiscardHandler)
	cfg := queue.DemoConfig()

	// The centre: its real HTTP API on loopback over a fresh database.
	srv, db, err := openCentre(ctx, cfg, filepath.Join(*dir, "centre.db"), quiet, centreOpts{})
	if err != nil {
		return err
	}
	defer db.Close()
	centreURL, stopCentre, err := serveLoopback(srv)
	if err != nil {
		return err
	}
	defer stopCentre()
	api, err := benchOfficer(ctx, db, centreURL)
	if err != nil {
		return err
	}

	// The portal, in this process, on loopback.
	dsn := *portalDB
	if dsn == "" {
		dsn = filepath.Join(*dir, "portal.db")
	}
	pst, err := portalstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer pst.Close()
	hash, err := portal.HashPassword("bench-secret")
	if err != nil {
		return err
	}
	if err := pst.AddCentre(ctx, portal.Centre{Username: "bench", Hash: hash, Agencies: []string{cfg.AgencyCode}}); err != nil {
		return err
	}
	psrv, err := portal.New(ctx, pst, portal.Options{Logger: quiet})
	if err != nil {
		return err
	}
	portalURL, stopPortal, err := serveLoopback(psrv)
	if err != nil {
		return err
	}
	defer stopPortal()
	pc := client.New(portalURL, "bench", "bench-secret")
	pc.MaDonVi = cfg.AgencyCode
	o := syncagent.Options{Logger: quiet, BatchSize: *batch, Parallel: *parallel, NoCoalesce: *noCoalesce}
	o.MaxPerCall = syncagent.PerCall(*perCall, *perCallProgress)
	lagp := &lagPortal{next: syncagent.PortalClient{C: pc}, db: db}
	agent := syncagent.New(db, lagp, o)

	// A sample dossier through the API gives the exact packet shapes; the
	// backlog replicates them with varied codes, versions and times.
	hoso, step, err := api.samplePackets(ctx, db)
	if err != nil {
		return err
	}
	t0 := time.Now()
	items, codes, err := fillBacklog(ctx, db, cfg.AgencyCode, hoso, step, *nDossiers, *nUpdates)
	if err != nil {
		return err
	}
	fmt.Printf("backlog: %d dossiers, %d updates = %d outbox items (+2 sample), generated in %s\n",
		*nDossiers, *nUpdates, items, time.Since(t0).Round(time.Millisecond))
	fmt.Printf("portal:  %s\nagent:   batch %d, per call %d (progress %d), %d calls in flight, coalesce %v\n", redactDSN(dsn), orDefault(*batch, 5000),
		o.MaxPerCall[qcvn120.SvcDongBoHoSo], o.MaxPerCall[qcvn120.SvcCapNhatTienDo], orDefault(*parallel, 2), !*noCoalesce)

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
	}
	t0 = time.Now()
	sent, rounds := 0, 0
	for {
		n, err := agent.Once(ctx)
		if err != nil {
			return fmt.Errorf("drain: %w", err)
		}
		if n == 0 {
			break
		}
		sent += n
		rounds++
	}
	drain := time.Since(t0)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	calls, carried := lagp.calls()
	fmt.Printf("drain:   %d items in %s (%d rounds, %d portal calls carrying %d items, %.1f items/call) = %.0f items/s\n",
		sent, drain.Round(time.Millisecond), rounds, calls, carried, float64(carried)/float64(max(calls, 1)), float64(sent)/drain.Seconds())
	if err := checkPortal(ctx, pst, dsn, codes, *nDossiers+1, *nDossiers+*nUpdates+1); err != nil {
		return err
	}
	fmt.Println("check:   the portal holds every dossier at its last version and every step once")

	if *steady <= 0 {
		return nil
	}
	lagp.reset()
	actx, stopAgent := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- agent.Run(actx) }()
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	end := time.After(*steady)
	received := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-end:
			break loop
		case <-tick.C:
			if _, err := api.receive(ctx); err != nil {
				stopAgent()
				return err
			}
			received++
		}
	}
	tick.Stop()
	// Let the last ones through, then stop.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		cur, _ := db.SyncCursor(ctx)
		var maxID int64
		db.Read().QueryRowContext(ctx, `SELECT max(id) FROM outbox`).Scan(&maxID)
		if cur == maxID {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopAgent()
	<-done
	lags := lagp.lags()
	fmt.Printf("steady:  %d dossiers at %.1f/s through the API for %s, %d items acknowledged; lag p50 %s, p99 %s, max %s\n",
		received, *rate, *steady, len(lags), pct(lags, 50), pct(lags, 99), pct(lags, 100))
	return nil
}

func orDefault(n, d int) int {
	if n == 0 {
		return d
	}
	return n
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := (len(d)*p + 99) / 100
	return d[min(max(i-1, 0), len(d)-1)].Round(time.Millisecond)
}

func serveLoopback(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() { hs.Close() }, nil
}

// lagPortal measures, for every acknowledged item, the time from its
// commit in the centre database to the portal's answer.
type lagPortal struct {
	next syncagent.Portal
	db   *store.DB
	mu   sync.Mutex
	n    int
	item int
	lag  []time.Duration
}

func (l *lagPortal) Send(ctx context.Context, service string, items []syncagent.Item) ([]syncagent.ItemResult, error) {
	res, err := l.next.Send(ctx, service, items)
	now := time.Now()
	l.mu.Lock()
	l.n++
	l.item += len(items)
	l.mu.Unlock()
	if err != nil || l.lag == nil {
		return res, err
	}
	for i, it := range items {
		if !res[i].OK {
			continue
		}
		var ms int64
		if l.db.Read().QueryRowContext(ctx, `SELECT created_at FROM outbox WHERE id=?`, it.ID).Scan(&ms) == nil {
			l.mu.Lock()
			l.lag = append(l.lag, now.Sub(time.UnixMilli(ms)))
			l.mu.Unlock()
		}
	}
	return res, err
}

// calls returns the portal calls made and the items they carried.
func (l *lagPortal) calls() (int, int) { l.mu.Lock(); defer l.mu.Unlock(); return l.n, l.item }
func (l *lagPortal) reset()            { l.mu.Lock(); l.lag = []time.Duration{}; l.mu.Unlock() }
func (l *lagPortal) lags() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lag)
}

// benchAPI is an officer's session on the centre's HTTP API.
type benchAPI struct {
	url, token string
}

func benchOfficer(ctx context.Context, db *store.DB, url string) (*benchAPI, error) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("bench-officer"), bcrypt.MinCost)
	if err := db.Write(ctx, func(tx *store.Tx) error {
		return tx.PutOfficer(store.Officer{Username: "canbo-bench", FullName: "Cán bộ Đo Tải", Role: "officer", PasswordHash: string(hash)})
	}); err != nil {
		return nil, err
	}
	a := &benchAPI{url: url}
	var out struct {
		Token string `json:"token"`
	}
	if err := a.call(ctx, "/api/v1/login", `{"username":"canbo-bench","password":"bench-officer","counter":"q1"}`, 200, &out); err != nil {
		return nil, err
	}
	a.token = out.Token
	return a, nil
}

func (a *benchAPI) call(ctx context.Context, path, body string, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, "POST", a.url+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("centre %s: HTTP %d: %s", path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

const benchReceive = `{"procedure_code":"1.001193",
 "applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","address":"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội","phone":"0912345678"},
 "components":[{"name":"Tờ khai đăng ký khai sinh","originals":1},{"name":"Giấy chứng sinh","originals":1}],
 "fees":[{"name":"Lệ phí đăng ký khai sinh","amount":0}]}`

func (a *benchAPI) receive(ctx context.Context) (string, error) {
	var v struct {
		Dossier struct {
			Code string `json:"code"`
		} `json:"dossier"`
	}
	err := a.call(ctx, "/api/v1/dossiers", benchReceive, 201, &v)
	return v.Dossier.Code, err
}

// samplePackets receives one dossier through the API and returns the
// packets the centre queued for it.
func (a *benchAPI) samplePackets(ctx context.Context, db *store.DB) (hoso, step map[string]any, err error) {
	code, err := a.receive(ctx)
	if err != nil {
		return nil, nil, err
	}
	items, err := db.OutboxAfter(ctx, 0, 10)
	if err != nil {
		return nil, nil, err
	}
	for _, it := range items {
		if it.Key != code {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(it.Payload, &m); err != nil {
			return nil, nil, err
		}
		switch it.Service {
		case qcvn120.SvcDongBoHoSo:
			hoso = m
		case qcvn120.SvcCapNhatTienDo:
			step = m
		}
	}
	if hoso == nil || step == nil {
		return nil, nil, errors.New("the sample dossier queued no packets")
	}
	return hoso, step, nil
}

// fillBacklog writes the backlog into the outbox: every dossier's receipt,
// then updates spread at random over the dossiers already received, each
// as the centre writes them (dossier packet at the new version, then its
// step at the same version).
func fillBacklog(ctx context.Context, db *store.DB, agency string, hoso, step map[string]any, nDossiers, nUpdates int) (int, []string, error) {
	statuses := []int{4, 5, 4, 9, 10}
	notes := []string{"Chuyển xử lý", "Yêu cầu bổ sung giấy tờ", "Đã nhận bổ sung", "Đã có kết quả", "Đã trả kết quả cho công dân"}
	base := time.Date(2025, 3, 3, 8, 0, 0, 0, dossier.Loc)
	codes := make([]string, nDossiers)
	version := make([]int64, nDossiers)
	type op struct{ d int }
	var ops []op
	for i := range nDossiers {
		ops = append(ops, op{i})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Updates go after their dossier's receipt: pick a dossier, insert after it.
	updates := make([][]op, nDossiers)
	for range nUpdates {
		d := rng.IntN(nDossiers)
		updates[d] = append(updates[d], op{d})
	}
	// Interleave: receipts in order, each dossier's updates spread over the
	// receipts that follow it.
	sched := make([][]op, nDossiers)
	for d, us := range updates {
		for _, u := range us {
			at := min(d+1+rng.IntN(200), nDossiers-1)
			sched[at] = append(sched[at], u)
		}
	}
	var seq []op
	for i := range nDossiers {
		seq = append(seq, ops[i])
		seq = append(seq, sched[i]...)
	}
	items := 0
	const chunk = 2000
	for start := 0; start < len(seq); start += chunk {
		part := seq[start:min(start+chunk, len(seq))]
		err := db.Write(ctx, func(tx *store.Tx) error {
			for _, o := range part {
				d := o.d
				version[d]++
				v := version[d]
				day := base.AddDate(0, 0, d/500)
				if v == 1 {
					c, err := dossier.FormatCode(agency, day, d%500+2)
					if err != nil {
						return err
					}
					codes[d] = c
				}
				at := day.Add(time.Duration(v) * time.Minute)
				h, s := clone(hoso), clone(step)
				h["MaHoSo"], h["SoBienNhan"] = codes[d], codes[d]
				h["NgayTiepNhan"], h["NgayNopHoSo"] = qcvn120.At(day).String(), qcvn120.At(day).String()
				s["MaHoSo"], s["ThoiDiemXuLy"], s["NgayBatDau"] = codes[d], qcvn120.At(at).String(), qcvn120.At(day).String()
				if v > 1 {
					st := statuses[int(v-2)%len(statuses)]
					h["TrangThaiHoSo"], s["TrangThai"] = fmt.Sprint(st), fmt.Sprint(st)
					s["NoiDungXuLy"] = notes[int(v-2)%len(notes)]
					if st >= 9 { // resolved, then handed over: the dates the portal requires
						h["NgayKetThucXuLy"] = qcvn120.At(at).String()
					}
					if st == 10 {
						h["NgayTra"], h["ThongTinTra"] = qcvn120.At(at).String(), "Trả trực tiếp tại Bộ phận một cửa"
					}
				}
				hb, _ := json.Marshal(h)
				sb, _ := json.Marshal(s)
				if err := tx.AppendOutbox(qcvn120.SvcDongBoHoSo, codes[d], v, hb); err != nil {
					return err
				}
				if err := tx.AppendOutbox(qcvn120.SvcCapNhatTienDo, codes[d], v, sb); err != nil {
					return err
				}
				items += 2
			}
			return nil
		})
		if err != nil {
			return items, nil, err
		}
	}
	return items, codes, nil
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkPortal verifies the totals on the portal's database and a sample of
// dossiers in full.
func checkPortal(ctx context.Context, pst portal.Store, dsn string, codes []string, wantDossiers, wantSteps int) error {
	driver, src := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(5000)"
	if strings.HasPrefix(dsn, "postgres") {
		driver, src = "pgx", dsn
	}
	sdb, err := sql.Open(driver, src)
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
	for _, c := range codes[:min(20, len(codes))] {
		d, steps, err := pst.Dossier(ctx, c)
		if err != nil {
			return fmt.Errorf("dossier %s: %w", c, err)
		}
		if int64(len(steps)) != d.Version {
			return fmt.Errorf("dossier %s: version %d with %d steps", c, d.Version, len(steps))
		}
	}
	return nil
}
