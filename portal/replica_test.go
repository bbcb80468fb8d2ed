package portal_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
	"github.com/prometheus/client_golang/prometheus"
)

// syncBuf is a log sink several goroutines write.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// replicaEnv is a portal on a PostgreSQL primary with a read replica.
type replicaEnv struct {
	url  string
	rep  *portal.Replica
	reg  *prometheus.Registry
	logs *syncBuf
}

func startReplicaPortal(t *testing.T, ctx context.Context, primary portal.Store, replicaURL string, maxLag time.Duration) *replicaEnv {
	t.Helper()
	rst, probe, err := store.OpenReadReplica(ctx, primary, replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	e := &replicaEnv{reg: prometheus.NewRegistry(), logs: &syncBuf{}}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	e.rep = portal.NewReplica(rst, probe, portal.ReplicaOptions{MaxLag: maxLag, Interval: 100 * time.Millisecond, Timeout: 10 * time.Second, Logger: log})
	t.Cleanup(func() { e.rep.Close() })
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); e.rep.Run(rctx) }()
	t.Cleanup(func() { cancel(); <-done })
	srv, err := portal.New(ctx, primary, portal.Options{Logger: log, ReadReplica: e.rep, Registry: e.reg,
		LookupPerMinute: 100000, LookupBurst: 10000})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	e.url = hs.URL
	return e
}

// reads is the public reads of kind counted by (db, reason).
func (e *replicaEnv) reads(t *testing.T, kind, db, reason string) int {
	t.Helper()
	mfs, err := e.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "motcua_portal_public_reads_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["read"] == kind && labels["db"] == db && labels["reason"] == reason {
				return int(m.GetCounter().GetValue())
			}
		}
	}
	return 0
}

func (e *replicaEnv) waitState(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for e.rep.Status().State != want {
		if time.Now().After(deadline) {
			t.Fatalf("replica state %+v, want %s", e.rep.Status(), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lookup asks the public lookup for code and returns the HTTP status.
func (e *replicaEnv) lookup(t *testing.T, code string) int {
	t.Helper()
	resp, err := http.Get(e.url + "/api/v1/tra-cuu/" + code)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode == http.StatusOK && body["ma_ho_so"] != code {
		t.Fatalf("lookup %s answered %v", code, body)
	}
	return resp.StatusCode
}

func (e *replicaEnv) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(e.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// scans is the number of table scans (index and sequential) the server at
// dsn has counted on the portal's tables: the database's own witness of
// which server answered.
func scans(t *testing.T, dsn string) int64 {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	err = db.QueryRow(`SELECT COALESCE(sum(COALESCE(idx_scan, 0) + COALESCE(seq_scan, 0)), 0)::bigint FROM pg_stat_user_tables`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitScans waits until the server at dsn has counted at least n more scans
// than before (statistics reach the views within a few seconds).
func waitScans(t *testing.T, dsn string, before, n int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		got := scans(t, dsn) - before
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d scans counted on %s, want at least %d", got, dsn, n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func ingestDossier(t *testing.T, ctx context.Context, c *client.Client, id int64, code string) {
	t.Helper()
	r, err := c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, id, 1, hoso(code, qcvn120.DangXuLy))})
	if err != nil || r.ErrorCode != qcvn120.OK {
		t.Fatalf("%+v %v", r, err)
	}
	eq(t, outcomes(r), qcvn120.Applied)
}

// waitReplayed waits until the replica holds code.
func waitReplayed(t *testing.T, dsn, code string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM dossiers WHERE ma_ho_so = $1`, code).Scan(&n); err == nil && n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never replayed on the replica", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestReadReplica: a portal on a real PostgreSQL primary and its streaming
// replica (pg_basebackup -R). Dossiers ingested through the portal's HTTP
// are looked up on the replica (its own statistics count the scans); one
// not replayed yet is found on the primary, never "not found"; with
// the replica stopped every lookup still answers, from the primary, and
// the change is logged once; restarted, the lookups go back to the replica.
func TestReadReplica(t *testing.T) {
	pair := pgtest.StartPair(t)
	ctx := context.Background()
	primary, err := store.Open(ctx, pair.PrimaryURL())
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	h, err := portal.HashPassword("secret1")
	if err != nil {
		t.Fatal(err)
	}
	if err := primary.AddCentre(ctx, portal.Centre{Username: "c1", Hash: h, Agencies: []string{ag}}); err != nil {
		t.Fatal(err)
	}
	e := startReplicaPortal(t, ctx, primary, pair.ReplicaURL(), 60*time.Second)
	e.waitState(t, portal.ReplicaInUse)
	c := client.New(e.url, "c1", "secret1")

	// Just received: answered whether or not the replica replayed it yet.
	code := ag + "-231027-0001"
	ingestDossier(t, ctx, c, 1, code)
	if st := e.lookup(t, code); st != http.StatusOK {
		t.Fatalf("lookup right after ingest: %d", st)
	}
	if n := e.lookup(t, ag+"-231027-9999"); n != http.StatusNotFound {
		t.Fatalf("missing code: %d", n)
	}
	waitReplayed(t, pair.ReplicaURL(), code)
	e.waitState(t, portal.ReplicaInUse)

	// On the replica: counted by the portal and by the replica itself.
	const n = 20
	base := e.reads(t, "dossier", "replica", "replica")
	before := scans(t, pair.ReplicaURL())
	for i := 0; i < n; i++ {
		if st := e.lookup(t, code); st != http.StatusOK {
			t.Fatalf("lookup %d: %d", i, st)
		}
	}
	if got := e.reads(t, "dossier", "replica", "replica") - base; got != n {
		t.Fatalf("%d of %d lookups read the replica (primary: unusable %d, error %d)", got, n,
			e.reads(t, "dossier", "primary", "unusable"), e.reads(t, "dossier", "primary", "replica_error"))
	}
	waitScans(t, pair.ReplicaURL(), before, n)
	// The statistics and the rollups read the replica too.
	base = e.reads(t, "stats", "replica", "replica") + e.reads(t, "stat_dossiers", "replica", "replica")
	for _, p := range []string{"/api/v1/thong-ke?thang=2023-10", "/api/v1/thong-ke/tong-hop?thang=2023-10"} {
		if st, body := e.get(t, p); st != http.StatusOK {
			t.Fatalf("%s: %d %s", p, st, body)
		}
	}
	if got := e.reads(t, "stats", "replica", "replica") + e.reads(t, "stat_dossiers", "replica", "replica") - base; got != 2 {
		t.Fatalf("statistics and rollup: %d reads on the replica", got)
	}
	if st, body := e.get(t, "/healthz"); st != http.StatusOK || !strings.Contains(body, "replica: in_use") || !strings.Contains(body, "public_reads=replica") {
		t.Fatalf("healthz: %d %q", st, body)
	}
	if _, body := e.get(t, "/metrics"); !strings.Contains(body, "motcua_portal_replica_lag_seconds") || !strings.Contains(body, "motcua_portal_replica_in_use 1") {
		t.Fatalf("metrics lack the replica:\n%s", body)
	}

	// Received but not replayed yet (replay paused, lag within the bound):
	// the replica says "not found", the primary is asked and finds it.
	rdb, err := sql.Open("pgx", pair.ReplicaURL())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if _, err := rdb.Exec(`SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	fresh := ag + "-231027-0004"
	ingestDossier(t, ctx, c, 4, fresh)
	e.waitState(t, portal.ReplicaInUse)
	base = e.reads(t, "dossier", "primary", "not_found_on_replica")
	if st := e.lookup(t, fresh); st != http.StatusOK {
		t.Fatalf("lookup of a dossier not replayed yet: %d", st)
	}
	if got := e.reads(t, "dossier", "primary", "not_found_on_replica") - base; got != 1 {
		t.Fatalf("not asked again of the primary (%d)", got)
	}
	if _, err := rdb.Exec(`SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	rdb.Close()
	waitReplayed(t, pair.ReplicaURL(), fresh)

	// The replica goes away: every lookup still answers, from the primary.
	pair.StopReplica()
	basePrimary := e.reads(t, "dossier", "primary", "unusable") + e.reads(t, "dossier", "primary", "replica_error")
	before = scans(t, pair.PrimaryURL())
	for i := 0; i < n; i++ {
		if st := e.lookup(t, code); st != http.StatusOK {
			t.Fatalf("lookup %d with the replica down: %d", i, st)
		}
	}
	if got := e.reads(t, "dossier", "primary", "unusable") + e.reads(t, "dossier", "primary", "replica_error") - basePrimary; got != n {
		t.Fatalf("%d of %d lookups on the primary with the replica down", got, n)
	}
	waitScans(t, pair.PrimaryURL(), before, n)
	e.waitState(t, portal.ReplicaDown)
	if st, body := e.get(t, "/healthz"); st != http.StatusOK || !strings.Contains(body, "replica: down") || !strings.Contains(body, "public_reads=primary") {
		t.Fatalf("healthz with the replica down: %d %q", st, body)
	}
	// Received while the replica is down: found.
	code2 := ag + "-231027-0002"
	ingestDossier(t, ctx, c, 2, code2)
	if st := e.lookup(t, code2); st != http.StatusOK {
		t.Fatalf("lookup with the replica down: %d", st)
	}

	// Back: it catches up and the lookups return to it.
	pair.StartReplica()
	waitReplayed(t, pair.ReplicaURL(), code2)
	e.waitState(t, portal.ReplicaInUse)
	base = e.reads(t, "dossier", "replica", "replica")
	before = scans(t, pair.ReplicaURL())
	// Every lookup answers; n of them are read on the replica. A read that
	// fails there on a loaded machine (the replica just restarted) puts the
	// public reads on the primary until the next measurement, as it should:
	// then wait for "in use" again. Bounded by a count of lookups, not time.
	tries := 0
	for got := 0; got < n; got = e.reads(t, "dossier", "replica", "replica") - base {
		if tries++; tries > 10*n {
			t.Fatalf("%d of %d lookups read the restarted replica (state %+v; primary: unusable %d, replica_error %d)\n%s", got, tries-1,
				e.rep.Status(), e.reads(t, "dossier", "primary", "unusable"), e.reads(t, "dossier", "primary", "replica_error"), e.logs.String())
		}
		if st := e.lookup(t, code2); st != http.StatusOK {
			t.Fatalf("lookup %d after the replica's restart: %d", tries, st)
		}
		if e.rep.Status().State != portal.ReplicaInUse {
			e.waitState(t, portal.ReplicaInUse)
		}
	}
	waitScans(t, pair.ReplicaURL(), before, n)

	// Logged once per change of state, in English.
	logs := e.logs.String()
	if k := strings.Count(logs, "read replica down: public reads on the primary"); k != 1 {
		t.Fatalf("%d 'down' lines:\n%s", k, logs)
	}
	if k := strings.Count(logs, "read replica in use for public reads"); k < 2 {
		t.Fatalf("%d 'in use' lines:\n%s", k, logs)
	}
	var last string
	for _, l := range strings.Split(logs, "\n") {
		if i := strings.Index(l, "msg=\"read replica"); i >= 0 {
			m, _, _ := strings.Cut(l[i:], "\" ")
			if m == last {
				t.Fatalf("state logged twice in a row: %s\n%s", m, logs)
			}
			last = m
		}
	}
}

// TestReadReplicaLagBound: with the replica's replay paused, the measured
// lag grows past the bound and the public reads go to the primary; resumed,
// back to the replica.
func TestReadReplicaLagBound(t *testing.T) {
	pair := pgtest.StartPair(t)
	ctx := context.Background()
	primary, err := store.Open(ctx, pair.PrimaryURL())
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	h, _ := portal.HashPassword("secret1")
	if err := primary.AddCentre(ctx, portal.Centre{Username: "c1", Hash: h, Agencies: []string{ag}}); err != nil {
		t.Fatal(err)
	}
	e := startReplicaPortal(t, ctx, primary, pair.ReplicaURL(), time.Second)
	e.waitState(t, portal.ReplicaInUse)
	c := client.New(e.url, "c1", "secret1")

	rdb, err := sql.Open("pgx", pair.ReplicaURL())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if _, err := rdb.Exec(`SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	code := ag + "-231027-0003"
	ingestDossier(t, ctx, c, 3, code)
	e.waitState(t, portal.ReplicaLagging)
	st := e.rep.Status()
	if st.Lag < 1 || st.LagBytes == 0 || st.InUse {
		t.Fatalf("lagging status %+v", st)
	}
	if !strings.Contains(e.logs.String(), "read replica lagging: public reads on the primary") {
		t.Fatalf("lagging not logged:\n%s", e.logs.String())
	}
	base := e.reads(t, "dossier", "primary", "unusable")
	for i := 0; i < 5; i++ {
		if st := e.lookup(t, code); st != http.StatusOK {
			t.Fatalf("lookup while lagging: %d", st)
		}
	}
	if got := e.reads(t, "dossier", "primary", "unusable") - base; got != 5 {
		t.Fatalf("%d of 5 lookups on the primary while the replica lags", got)
	}
	if _, body := e.get(t, "/healthz"); !strings.Contains(body, "replica: lagging") {
		t.Fatalf("healthz: %q", body)
	}
	if _, err := rdb.Exec(`SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	waitReplayed(t, pair.ReplicaURL(), code)
	// Back on the replica (a 1 s bound may be passed again for a moment on a
	// loaded machine: a few tries).
	for try := 0; ; try++ {
		e.waitState(t, portal.ReplicaInUse)
		base = e.reads(t, "dossier", "replica", "replica")
		if st := e.lookup(t, code); st != http.StatusOK {
			t.Fatalf("lookup after resume: %d", st)
		}
		if e.reads(t, "dossier", "replica", "replica")-base == 1 {
			break
		}
		if try == 20 {
			t.Fatalf("lookups after resume never on the replica: %+v", e.rep.Status())
		}
	}
}

// TestReadReplicaHangs: a replica that stops answering without refusing
// (its processes frozen): the lag probe times out, the replica is marked
// down, and the statistics request already waiting on it gives up and is
// answered by the primary.
func TestReadReplicaHangs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("freezing the replica's processes needs /proc")
	}
	pair := pgtest.StartPair(t)
	ctx := context.Background()
	primary, err := store.Open(ctx, pair.PrimaryURL())
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	rst, probe, err := store.OpenReadReplica(ctx, primary, pair.ReplicaURL())
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuf{}
	rep := portal.NewReplica(rst, probe, portal.ReplicaOptions{Interval: 100 * time.Millisecond, Timeout: 2 * time.Second,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	defer rep.Close()
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); rep.Run(rctx) }()
	defer func() { cancel(); <-done }()
	reg := prometheus.NewRegistry()
	srv, err := portal.New(ctx, primary, portal.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ReadReplica: rep, Registry: reg,
		LookupPerMinute: 100000, LookupBurst: 10000})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	e := &replicaEnv{url: hs.URL, rep: rep, reg: reg, logs: logs}
	e.waitState(t, portal.ReplicaInUse)
	if st, body := e.get(t, "/api/v1/thong-ke?thang=2023-10"); st != http.StatusOK {
		t.Fatalf("stats: %d %s", st, body)
	}
	base := e.reads(t, "stats", "replica", "replica")
	if base != 1 {
		t.Fatalf("stats not read on the replica (%d)", base)
	}

	pair.FreezeReplica()
	client := &http.Client{Timeout: 120 * time.Second}
	resp, err := client.Get(hs.URL + "/api/v1/thong-ke?thang=2023-10")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("stats with the replica frozen: %d", resp.StatusCode)
	}
	if st := rep.Status(); st.State != portal.ReplicaDown {
		t.Fatalf("state %+v", st)
	}
	if got := e.reads(t, "stats", "primary", "replica_error") + e.reads(t, "stats", "primary", "unusable"); got != 1 {
		t.Fatalf("stats with the replica frozen not answered by the primary (%d)", got)
	}
	pair.ThawReplica()
	e.waitState(t, portal.ReplicaInUse)
}

// TestReadReplicaNeedsPostgres: a SQLite portal has no replica.
func TestReadReplicaNeedsPostgres(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir()+"/portal.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, _, err = store.OpenReadReplica(ctx, st, "postgres://replica.example/portal")
	if !errors.Is(err, store.ErrReplicaNeedsPostgres) || !strings.Contains(err.Error(), "SQLite") {
		t.Fatalf("err %v", err)
	}
}
