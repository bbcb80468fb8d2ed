package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/qcvn120"
)

// eachDSN runs fn with the DSN of a fresh SQLite file and of a fresh
// PostgreSQL database, for tests that reopen the store.
func eachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "portal.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.URL(t)) })
}

// inStep fails unless the projection of every code equals what the old
// path computes from the dossier and its steps, and the projection has
// exactly one row per dossier.
func inStep(t *testing.T, s portal.Store, codes ...string) {
	t.Helper()
	ctx := context.Background()
	for _, code := range codes {
		got, err := s.(portal.LookupStore).Lookup(ctx, code)
		d, steps, err2 := s.Dossier(ctx, code)
		if errors.Is(err2, portal.ErrNotFound) {
			if !errors.Is(err, portal.ErrNotFound) {
				t.Fatalf("%s: no dossier, projection %+v %v", code, got, err)
			}
			continue
		}
		if err != nil || err2 != nil {
			t.Fatalf("%s: %v %v", code, err, err2)
		}
		if want := portal.LookupOf(d, steps); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: projection\n%+v\nwant\n%+v", code, got, want)
		}
	}
	var nd, np int
	db := s.(*db)
	if err := db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM tra_cuu)`).Scan(&nd, &np); err != nil {
		t.Fatal(err)
	}
	if nd != np {
		t.Fatalf("%d dossiers, %d projection rows", nd, np)
	}
}

func stepAt(code, key string, version int64, h, status int) portal.Step {
	return portal.Step{MaHoSo: code, Agency: qcvn120.AgencyOf(code), Key: key, Version: version, At: vn(2023, 10, 27, h), Status: status,
		NoiDung: "ghi chú " + key, PhongBan: "Một cửa", NguoiXuLy: "Trần Thị Bình", Doc: []byte("{}")}
}

// TestTraCuuFollowsIngest: the projection is written with the dossier and
// its steps — a new dossier, steps (in and out of time order, replayed,
// for an unknown dossier), a status change, a re-send, older versions
// arriving late, unversioned senders — and always equals what the public
// lookup computed from the dossier row and the step rows before.
func TestTraCuuFollowsIngest(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		a, b, c := ag+"-231027-0001", ag+"-231027-0002", "000.00.07.H56-231027-0001"
		missing := ag + "-231027-9999"
		inStep(t, s, a, b, c, missing)

		// New dossiers; b asks for the result by post.
		da, db, dc := dossier(a, 1, 2), dossier(b, 1, 2), dossier(c, 0, 2)
		db.Doc = []byte(`{"v":1,"HinhThuc":"1"}`)
		dc.ChuHoSo = "Lê Thị Thu Hà"
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{da, db, dc})), qcvn120.Applied, qcvn120.Applied, qcvn120.Applied)
		inStep(t, s, a, b, c, missing)
		l, err := s.(portal.LookupStore).Lookup(ctx, b)
		if err != nil || l.ChuHoSo != "Nguyễn V*** A" || !l.BuuChinh || len(l.TienDo) != 0 {
			t.Fatalf("%+v %v", l, err)
		}
		if l, _ := s.(portal.LookupStore).Lookup(ctx, c); l.ChuHoSo != "Lê T*** T*** H" || l.BuuChinh {
			t.Fatalf("%+v", l)
		}

		// Steps: out of time order within a batch and across batches, one
		// replayed, one for a dossier the portal does not hold.
		eq(t, must(t)(s.PutSteps(ctx, []portal.Step{stepAt(a, "v3", 3, 14, 4), stepAt(a, "v1", 1, 9, 2), stepAt(b, "v1", 1, 9, 2)})),
			qcvn120.Applied, qcvn120.Applied, qcvn120.Applied)
		inStep(t, s, a, b, c)
		eq(t, must(t)(s.PutSteps(ctx, []portal.Step{stepAt(a, "v2", 2, 10, 4), stepAt(a, "v3", 3, 14, 4), stepAt(missing, "v1", 1, 9, 2)})),
			qcvn120.Applied, qcvn120.Duplicate, portal.ErrUnknownDossier.Error())
		inStep(t, s, a, b, c, missing)
		// Steps at the same instant: ordered by version, then key (v9
		// before v10, h1 before h2).
		eq(t, must(t)(s.PutSteps(ctx, []portal.Step{stepAt(a, "h2", 0, 10, 5), stepAt(a, "v10", 10, 12, 7), stepAt(a, "h1", 0, 10, 6),
			stepAt(a, "v9", 9, 12, 8)})), qcvn120.Applied, qcvn120.Applied, qcvn120.Applied, qcvn120.Applied)
		inStep(t, s, a)
		order := func() string {
			l, _ := s.(portal.LookupStore).Lookup(ctx, a)
			var st []int
			for _, x := range l.TienDo {
				st = append(st, x.Status)
			}
			return fmt.Sprint(st)
		}
		if got := order(); got != "[2 6 5 4 8 7 4]" {
			t.Fatalf("steps %s", got)
		}

		// A status change keeps the steps; a re-send changes nothing;
		// older versions arriving after are stale and change nothing.
		done := dossier(a, 3, 10)
		done.NgayXong, done.NgayTra = vn(2023, 11, 4, 9), vn(2023, 11, 5, 9)
		done.ChuHoSo, done.DonViXuLy = "Nguyễn Văn Bình", "UBND phường Tràng Tiền"
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{done})), qcvn120.Applied)
		inStep(t, s, a)
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{done})), qcvn120.Duplicate)
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(a, 2, 4), dossier(a, 1, 2)})), qcvn120.Stale, qcvn120.Stale)
		inStep(t, s, a)
		if l, _ := s.(portal.LookupStore).Lookup(ctx, a); l.Status != 10 || l.ChuHoSo != "Nguyễn V*** B" || order() != "[2 6 5 4 8 7 4]" || l.NgayXong.IsZero() {
			t.Fatalf("%+v", l)
		}
		// The same key twice in one batch: the last applied state is kept.
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(b, 3, 4), dossier(b, 2, 9)})), qcvn120.Applied, qcvn120.Stale)
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dossier(b, 4, 4), dossier(b, 5, 9)})), qcvn120.Applied, qcvn120.Applied)
		inStep(t, s, b)
		if l, _ := s.(portal.LookupStore).Lookup(ctx, b); l.Status != 9 || l.BuuChinh {
			t.Fatalf("%+v", l)
		}
		// Unversioned: the latest wins among unversioned writes.
		dc2 := dossier(c, 0, 4)
		eq(t, must(t)(s.PutDossiers(ctx, []portal.Dossier{dc2})), qcvn120.Applied)
		inStep(t, s, a, b, c, missing)
		if l, _ := s.(portal.LookupStore).Lookup(ctx, c); l.Status != 4 {
			t.Fatalf("%+v", l)
		}
	})
}

// TestTraCuuBackfill: a database written before the projection existed
// (no tra_cuu table, no mark) gets it built on open, in several batches,
// equal to the old path for every dossier; the mark then keeps it from
// being rebuilt on every start.
func TestTraCuuBackfill(t *testing.T) {
	defer func(n int) { backfillBatch = n }(backfillBatch)
	backfillBatch = 7
	eachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		var ds []portal.Dossier
		var ss []portal.Step
		for i := range 30 {
			code := fmt.Sprintf("%s-231027-%04d", []string{ag, "000.00.07.H56", "000.00.09.H56"}[i%3], i+1)
			codes = append(codes, code)
			d := dossier(code, int64(i%4), []int{2, 4, 9, 10, 3}[i%5])
			d.ChuHoSo = []string{"Nguyễn Văn An", "Bùi Thị Lan", "Hà", ""}[i%4]
			if i%3 == 0 {
				d.Doc = []byte(`{"HinhThuc":1}`)
			}
			if i%5 >= 2 {
				d.NgayXong, d.NgayTra = vn(2023, 11, 1+i%7, 9), vn(2023, 11, 2+i%7, 9)
			}
			ds = append(ds, d)
			for j := range i % 4 { // 0..3 steps, the newest first
				ss = append(ss, stepAt(code, fmt.Sprintf("v%d", 3-j), int64(3-j), 9+3-j, 2+j))
			}
		}
		must(t)(s.PutDossiers(ctx, ds))
		must(t)(s.PutSteps(ctx, ss))
		inStep(t, s, codes...)
		// Make it an old database: no projection, no mark.
		for _, q := range []string{`DROP TABLE tra_cuu`, `DELETE FROM meta WHERE key = '` + traCuuMetaKey + `'`} {
			if _, err := s.(*db).w.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()

		s, err = Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		inStep(t, s, append(codes, ag+"-231027-9999")...)
		var mark string
		if err := s.(*db).r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = '`+traCuuMetaKey+`'`).Scan(&mark); err != nil || mark == "" {
			t.Fatalf("mark %q %v", mark, err)
		}
		// Marked: not rebuilt (a row removed behind its back stays removed).
		if _, err := s.(*db).w.ExecContext(ctx, s.(*db).q(`DELETE FROM tra_cuu WHERE ma_ho_so = ?`), codes[0]); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s, err = Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if n, err := s.(*db).backfillTraCuu(ctx); n != 0 || err != nil {
			t.Fatalf("backfilled %d again: %v", n, err)
		}
		if _, err := s.(portal.LookupStore).Lookup(ctx, codes[0]); !errors.Is(err, portal.ErrNotFound) {
			t.Fatal(err)
		}
	})
}

// TestTraCuuHoldsNoPersonalData: what the public lookup reads cannot leak
// what it does not hold. After a dossier with an ID number, phone,
// e-mail, address, a full name, an officer and his notes, no cell of the
// projection holds any of them, and its columns are exactly the public ones.
func TestTraCuuHoldsNoPersonalData(t *testing.T) {
	eachStore(t, func(t *testing.T, s portal.Store) {
		ctx := context.Background()
		code := ag + "-231027-0042"
		d := dossier(code, 1, 4)
		d.ChuHoSo = "Nguyễn Văn An"
		d.Doc = []byte(`{"ChuHoSo":"Nguyễn Văn An","SoGiayToChuHoSo":"001099012345","SoDienThoai":"0912345678","Email":"an@example.vn","ThongTinKhac":"Số 1 Tràng Tiền"}`)
		must(t)(s.PutDossiers(ctx, []portal.Dossier{d}))
		st := stepAt(code, "v1", 1, 9, 3)
		st.NoiDung, st.PhongBan, st.NguoiXuLy = "Từ chối: CCCD 001099012345 của Nguyễn Văn An", "Phòng Tư pháp", "Trần Thị Bình"
		must(t)(s.PutSteps(ctx, []portal.Step{st}))
		rows, err := s.(*db).r.QueryContext(ctx, `SELECT * FROM tra_cuu`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		if got := fmt.Sprint(cols); got != "[ma_ho_so version status ten_tthc ten_linh_vuc chu_ho_so don_vi_xu_ly ngay_tiep_nhan ngay_hen_tra ngay_xong ngay_tra buu_chinh tien_do]" {
			t.Fatalf("columns %s", got)
		}
		n := 0
		for rows.Next() {
			n++
			cells := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range cells {
				ptrs[i] = &cells[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, c := range cells {
				v := fmt.Sprintf("%v", c)
				for _, secret := range []string{"Nguyễn Văn An", "Văn", "001099012345", "0912345678", "an@example.vn", "Tràng Tiền", "Trần Thị Bình", "Từ chối", "Tư pháp"} {
					if strings.Contains(v, secret) {
						t.Errorf("column %s holds %q: %q", cols[i], secret, v)
					}
				}
			}
		}
		if n != 1 {
			t.Fatalf("%d rows", n)
		}
	})
}
