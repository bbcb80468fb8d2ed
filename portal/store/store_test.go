package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/qcvn120"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// eachStore runs fn against a fresh SQLite store and a fresh PostgreSQL
// store (skipped when PostgreSQL is not installed).
func eachStore(t *testing.T, fn func(t *testing.T, s portal.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s, err := Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
}

const ag = "000.00.06.H56"

func vn(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, qcvn120.Location)
}

func dossier(code string, version int64, status int) portal.Dossier {
	return portal.Dossier{MaHoSo: code, Agency: qcvn120.AgencyOf(code), Centre: "c1", Version: version, Status: status,
		MaTTHC: "2.000488", TenTTHC: "Đăng ký khai sinh", ChuHoSo: "Nguyễn Văn An",
		NgayTiepNhan: vn(2023, 10, 27, 9), NgayHenTra: vn(2023, 11, 3, 9), Doc: []byte(fmt.Sprintf(`{"v":%d}`, version))}
}

func must(t *testing.T) func(out []portal.Outcome, err error) []string {
	return func(out []portal.Outcome, err error) []string { t.Helper(); return results(t, out, err) }
}

func results(t *testing.T, out []portal.Outcome, err error) []string {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	r := make([]string, len(out))
	for i, o := range out {
		r[i] = o.Result
		if o.Err != nil {
			r[i] = o.Err.Error()
		}
	}
	return r
}

func eq(t *testing.T, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestCentreAndSecret(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		if _, err := s.Centre(ctx, "x"); !errors.Is(err, portal.ErrNotFound) {
			t.Fatal(err)
		}
		if err := s.AddCentre(ctx, portal.Centre{Username: "c1", Hash: "h1", Agencies: []string{ag, "000.00.07.H56"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddCentre(ctx, portal.Centre{Username: "c1", Hash: "h2", Agencies: []string{ag}}); err != nil {
			t.Fatal(err)
		}
		c, err := s.Centre(ctx, "c1")
		if err != nil || c.Hash != "h2" || len(c.Agencies) != 1 || c.Agencies[0] != ag {
			t.Fatalf("%+v %v", c, err)
		}
		a, err1 := s.Secret(ctx)
		b, err2 := s.Secret(ctx)
		if err1 != nil || err2 != nil || len(a) < 32 || string(a) != string(b) {
			t.Fatalf("secret %q %q %v %v", a, b, err1, err2)
		}
	})
}

func TestDossierOutOfOrderAndReplay(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		code := ag + "-231027-0361"
		// v3 arrives first, then the older v1 and v2, then replays.
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(code, 3, 4)})), qcvn120.Applied)
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(code, 1, 2), dossier(code, 2, 2)})), qcvn120.Stale, qcvn120.Stale)
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(code, 3, 4)})), qcvn120.Duplicate)
		// An unversioned sender never overrides a versioned state.
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(code, 0, 1)})), qcvn120.Stale)
		d, _, err := s.Dossier(ctx, code)
		if err != nil || d.Version != 3 || d.Status != 4 || string(d.Doc) != `{"v":3}` {
			t.Fatalf("%+v %v", d, err)
		}
		// Within one batch: newer then older.
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(code, 5, 9), dossier(code, 4, 5)})), qcvn120.Applied, qcvn120.Stale)
		d, _, _ = s.Dossier(ctx, code)
		if d.Version != 5 || d.Status != 9 || !d.NgayHenTra.Equal(vn(2023, 11, 3, 9)) {
			t.Fatalf("%+v", d)
		}
		// Unversioned senders: last writer wins among themselves.
		u := ag + "-231027-0362"
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(u, 0, 2), dossier(u, 0, 4)})), qcvn120.Applied, qcvn120.Applied)
		d, _, _ = s.Dossier(ctx, u)
		if d.Status != 4 {
			t.Fatalf("%+v", d)
		}
		if _, _, err := s.Dossier(ctx, ag+"-231027-9999"); !errors.Is(err, portal.ErrNotFound) {
			t.Fatal(err)
		}
	})
}

// Concurrent writers deliver the versions of one dossier in random order:
// the stored state is always the highest version.
func TestDossierConcurrentVersions(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		code := ag + "-231027-0400"
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for v := int64(40); v >= 1; v-- {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.PutDossiers(ctx, []portal.Dossier{dossier(code, v, int(v%10)+1)})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		d, _, err := s.Dossier(ctx, code)
		if err != nil || d.Version != 40 {
			t.Fatalf("version %d %v", d.Version, err)
		}
	})
}

func TestStepsKeyedAndOrdered(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		code := ag + "-231027-0361"
		step := func(key string, h, status int) portal.Step {
			return portal.Step{MaHoSo: code, Agency: ag, Key: key, At: vn(2023, 10, 27, h), Status: status, NoiDung: key, PhongBan: "Một cửa", NguoiXuLy: "Trần Thị Bình", Doc: []byte("{}")}
		}
		out, err := s.PutSteps(ctx, []portal.Step{step("v2", 9, 2)})
		if err != nil || !errors.Is(out[0].Err, portal.ErrUnknownDossier) {
			t.Fatalf("%+v %v", out, err)
		}
		must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(code, 1, 2)}))
		eq(t, must(t)(s.PutSteps(ctx, []portal.Step{step("v3", 11, 4), step("v2", 9, 2)})), qcvn120.Applied, qcvn120.Applied)
		eq(t, must(t)(s.PutSteps(ctx, []portal.Step{step("v2", 9, 2), step("v3", 11, 4)})), qcvn120.Duplicate, qcvn120.Duplicate)
		_, steps, err := s.Dossier(ctx, code)
		if err != nil || len(steps) != 2 || steps[0].Key != "v2" || steps[1].Key != "v3" || steps[1].Status != 4 {
			t.Fatalf("%+v %v", steps, err)
		}
	})
}

func TestRatingsReportsStats(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		other := "000.00.07.H56"
		onTime := dossier(ag+"-231002-0001", 2, 10)
		onTime.NgayTiepNhan, onTime.NgayHenTra, onTime.NgayXong = vn(2023, 10, 2, 8), vn(2023, 10, 9, 8), vn(2023, 10, 6, 8)
		late := dossier(ag+"-231002-0002", 2, 9)
		late.NgayTiepNhan, late.NgayHenTra, late.NgayXong = vn(2023, 10, 2, 8), vn(2023, 10, 9, 8), vn(2023, 10, 12, 8)
		open := dossier(other+"-231030-0001", 1, 4)
		open.NgayTiepNhan = vn(2023, 10, 30, 8)
		sept := dossier(ag+"-230915-0001", 1, 2)
		sept.NgayTiepNhan = vn(2023, 9, 15, 8)
		must(t)(s.PutDossiers(ctx, []portal.Dossier{onTime, late, open, sept}))
		r := func(id string, lvl int) portal.Rating {
			return portal.Rating{ID: id, Agency: ag, MaTTHC: "2.000488", Question: "THAIDO", Level: lvl, At: vn(2023, 10, 20, 10)}
		}
		eq(t, must(t)(s.PutRatings(ctx, []portal.Rating{r("a", 1), r("b", 1), r("c", 3), r("a", 1)})),
			qcvn120.Applied, qcvn120.Applied, qcvn120.Applied, qcvn120.Duplicate)
		st, err := s.Stats(ctx, "2023-10")
		if err != nil || len(st) != 2 {
			t.Fatalf("%+v %v", st, err)
		}
		a, b := st[0], st[1]
		if a.Agency != ag || a.Received != 2 || a.Resolved != 2 || a.OnTime != 1 || a.Late != 1 || a.Ratings[1] != 2 || a.Ratings[3] != 1 {
			t.Fatalf("%+v", a)
		}
		if b.Agency != other || b.Received != 1 || b.Resolved != 0 {
			t.Fatalf("%+v", b)
		}
		rep := func(v int64, doc string) portal.Report {
			return portal.Report{Agency: ag, Year: 2023, Month: 10, Kind: "1", Version: v, Doc: []byte(doc)}
		}
		eq(t, must(t)(s.PutReports(ctx, []portal.Report{rep(2, "b"), rep(1, "a"), rep(2, "b")})), qcvn120.Applied, qcvn120.Stale, qcvn120.Duplicate)
		reps, err := s.Reports(ctx, 2023, 10)
		if err != nil || len(reps) != 1 || string(reps[0].Doc) != "b" {
			t.Fatalf("%+v %v", reps, err)
		}
		eq(t, must(t)(s.PutQAs(ctx, []portal.QA{{ID: "1", Agency: ag, Doc: []byte("{}")}})), qcvn120.Applied)
	})
}

func TestProcedures(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		if _, err := s.Procedure(ctx, "1.001193"); !errors.Is(err, portal.ErrNotFound) {
			t.Fatal(err)
		}
		if err := s.PutProcedures(ctx, []portal.Procedure{{Code: "1.001193", Doc: []byte(`{"a":1}`)}, {Code: "2.000488", Doc: []byte(`{}`)}}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutProcedures(ctx, []portal.Procedure{{Code: "1.001193", Doc: []byte(`{"a":2}`)}}); err != nil {
			t.Fatal(err)
		}
		p, err := s.Procedure(ctx, "1.001193")
		if err != nil || string(p.Doc) != `{"a":2}` {
			t.Fatalf("%+v %v", p, err)
		}
		all, err := s.Procedures(ctx)
		if err != nil || len(all) != 2 || all[0].Code != "1.001193" {
			t.Fatalf("%+v %v", all, err)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// Large batches go through the multi-row statements in chunks (a full
// prepared chunk, a shorter tail, IN lists over several agencies): every
// item gets the outcome the one-by-one rules give, a key twice in one batch
// included.
func TestLargeBatchesMatchItemByItemRules(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		other := "000.00.07.H56"
		code := func(a string, i int) string { return fmt.Sprintf("%s-231027-%04d", a, i) }
		var first []portal.Dossier
		for i := range 1234 {
			a := ag
			if i%3 == 0 {
				a = other
			}
			first = append(first, dossier(code(a, i), 2, 2))
		}
		out := must(t)(s.PutDossiers(ctx, first))
		for i, r := range out {
			if r != qcvn120.Applied {
				t.Fatalf("item %d: %s", i, r)
			}
		}
		// Old, same, newer, and one key twice (newer, then newer still).
		mixed := []portal.Dossier{dossier(code(ag, 1), 1, 2), dossier(code(ag, 2), 2, 2), dossier(code(ag, 4), 3, 4),
			dossier(code(ag, 5), 3, 4), dossier(code(ag, 5), 4, 5), dossier(code(ag, 5), 4, 5), dossier(code(ag, 2000), 1, 2),
			dossier(code(other, 3), 7, 9)}
		eq(t, must(t)(s.PutDossiers(ctx, mixed)), qcvn120.Stale, qcvn120.Duplicate, qcvn120.Applied,
			qcvn120.Applied, qcvn120.Applied, qcvn120.Duplicate, qcvn120.Applied, qcvn120.Applied)
		for c, want := range map[string]int64{code(ag, 1): 2, code(ag, 4): 3, code(ag, 5): 4, code(ag, 2000): 1, code(other, 3): 7, code(ag, 1000): 2} {
			d, _, err := s.Dossier(ctx, c)
			if err != nil || d.Version != want || string(d.Doc) != fmt.Sprintf(`{"v":%d}`, want) {
				t.Fatalf("%s: %+v %v, want version %d", c, d, err, want)
			}
		}
		var steps []portal.Step
		for i := range 250 {
			c := code(ag, 1+3*(i%100)+1) // dossiers of ag only (i%3 != 0)
			steps = append(steps, portal.Step{MaHoSo: c, Agency: ag, Key: fmt.Sprintf("v%d", i/100+1), At: vn(2023, 10, 27, 9),
				Status: 4, NoiDung: "Xử lý", Doc: []byte("{}")})
		}
		steps = append(steps, steps[7], portal.Step{MaHoSo: code(ag, 9999), Agency: ag, Key: "v1", Doc: []byte("{}")})
		out2, err := s.PutSteps(ctx, steps)
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range out2 {
			want := qcvn120.Applied
			switch i {
			case 250:
				want = qcvn120.Duplicate
			case 251:
				if !errors.Is(o.Err, portal.ErrUnknownDossier) {
					t.Fatalf("step of an unknown dossier: %+v", o)
				}
				continue
			}
			if o.Result != want || o.Err != nil {
				t.Fatalf("step %d: %+v, want %s", i, o, want)
			}
		}
		again := must(t)(s.PutSteps(ctx, steps[:250]))
		for i, r := range again {
			if r != qcvn120.Duplicate {
				t.Fatalf("replayed step %d: %s", i, r)
			}
		}
		_, got, err := s.Dossier(ctx, code(ag, 2))
		if err != nil || len(got) != 3 {
			t.Fatalf("steps of one dossier: %d %v", len(got), err)
		}
	})
}
