package store

// tra_cuu: the public lookup's projection (portal/lookuprow.go), one narrow
// row per dossier keyed by its code, written in the same transaction as the
// dossier (PutDossiers) and its steps (PutSteps), and read alone by the
// public lookup. tien_do is the steps summarised in the row: "at:status"
// (unix seconds, QCVN 120 status) joined by commas, in Store.Dossier's
// order (at, version, step_key). chu_ho_so is stored masked.
//
// Consistency: every write of a dossier or of its steps first locks the
// dossier's row (heldVersions, FOR UPDATE on PostgreSQL; SQLite has one
// writer), so the projection's rewrite of tien_do from the steps table
// never races another transaction's step; the dossier columns carry the
// same version guard as the dossiers upsert.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
)

const traCuuCols = `ma_ho_so TEXT PRIMARY KEY, version BIGINT NOT NULL, status INTEGER NOT NULL, ten_tthc TEXT NOT NULL,
		ten_linh_vuc TEXT NOT NULL, chu_ho_so TEXT NOT NULL, don_vi_xu_ly TEXT NOT NULL, ngay_tiep_nhan BIGINT NOT NULL,
		ngay_hen_tra BIGINT NOT NULL, ngay_xong BIGINT NOT NULL, ngay_tra BIGINT NOT NULL, buu_chinh INTEGER NOT NULL, tien_do TEXT NOT NULL`

const traCuuInsert = `INSERT INTO tra_cuu (ma_ho_so, version, status, ten_tthc, ten_linh_vuc, chu_ho_so, don_vi_xu_ly,
	ngay_tiep_nhan, ngay_hen_tra, ngay_xong, ngay_tra, buu_chinh, tien_do)`

var traCuuTypes = []string{"text", "bigint", "bigint", "text", "text", "text", "text", "bigint", "bigint", "bigint", "bigint", "bigint", "text"}

// tienDoAgg summarises a dossier's steps (a GROUP BY or a correlated
// subquery over steps). string_agg(… ORDER BY …) is PostgreSQL's and,
// since 3.44, SQLite's.
const tienDoAgg = `string_agg(CAST(at AS TEXT) || ':' || CAST(status AS TEXT), ',' ORDER BY at, version, step_key)`

// traCuuMetaKey marks, in meta, a database whose projection is complete.
const traCuuMetaKey = "tra_cuu_backfilled"

func traCuuArgs(args []any, version int64, l portal.LookupRow, tienDo string) []any {
	post := 0
	if l.BuuChinh {
		post = 1
	}
	return append(args, l.MaHoSo, version, l.Status, l.TenTTHC, l.TenLinhVuc, l.ChuHoSo, l.DonViXuLy,
		unix(l.NgayTiepNhan), unix(l.NgayHenTra), unix(l.NgayXong), unix(l.NgayTra), post, tienDo)
}

// putTraCuu writes the projection of the dossiers ds[rows[k]] (the ones
// PutDossiers applies), leaving tien_do as the steps made it.
func (d *db) putTraCuu(ctx context.Context, tx *sql.Tx, ds []portal.Dossier, rows []int) error {
	err := d.multiInsert(ctx, tx, traCuuInsert,
		`ON CONFLICT (ma_ho_so) DO UPDATE SET version = excluded.version, status = excluded.status, ten_tthc = excluded.ten_tthc,
			ten_linh_vuc = excluded.ten_linh_vuc, chu_ho_so = excluded.chu_ho_so, don_vi_xu_ly = excluded.don_vi_xu_ly,
			ngay_tiep_nhan = excluded.ngay_tiep_nhan, ngay_hen_tra = excluded.ngay_hen_tra, ngay_xong = excluded.ngay_xong,
			ngay_tra = excluded.ngay_tra, buu_chinh = excluded.buu_chinh
			WHERE excluded.version > tra_cuu.version OR (excluded.version = 0 AND tra_cuu.version = 0)`,
		traCuuTypes, len(rows), func(k int, args []any) []any {
			x := ds[rows[k]]
			return traCuuArgs(args, x.Version, portal.LookupOf(x, nil), "")
		}, nil)
	if err != nil {
		return fmt.Errorf("tra_cuu: %w", err)
	}
	return nil
}

// refreshTienDo rewrites tien_do of the dossiers keys from their steps.
func (d *db) refreshTienDo(ctx context.Context, tx *sql.Tx, keys []dkey) error {
	byAgency := map[string][]string{}
	var agencies []string
	for _, k := range keys {
		if _, ok := byAgency[k.agency]; !ok {
			agencies = append(agencies, k.agency)
		}
		byAgency[k.agency] = append(byAgency[k.agency], k.code)
	}
	for _, a := range agencies {
		codes := byAgency[a]
		for len(codes) > 0 {
			chunk := codes[:min(keysPerSelect, len(codes))]
			codes = codes[len(chunk):]
			set := `UPDATE tra_cuu SET tien_do = coalesce((SELECT ` + tienDoAgg + ` FROM steps
				WHERE steps.agency = ? AND steps.ma_ho_so = tra_cuu.ma_ho_so), '') WHERE `
			var err error
			if d.pg {
				_, err = tx.ExecContext(ctx, d.q(set+`ma_ho_so = ANY(?::text[])`), a, chunk)
			} else {
				args := make([]any, 0, len(chunk)+1)
				args = append(args, a)
				for _, c := range chunk {
					args = append(args, c)
				}
				_, err = tx.ExecContext(ctx, set+`ma_ho_so IN (`+marks(len(chunk))+`)`, args...)
			}
			if err != nil {
				return fmt.Errorf("tra_cuu steps: %w", err)
			}
		}
	}
	return nil
}

// Lookup reads the projection of code (portal.LookupStore).
func (d *db) Lookup(ctx context.Context, code string) (portal.LookupRow, error) {
	l := portal.LookupRow{MaHoSo: code}
	var recv, due, done, tra int64
	var post int
	var tienDo string
	err := d.r.QueryRowContext(ctx, d.q(`SELECT status, ten_tthc, ten_linh_vuc, chu_ho_so, don_vi_xu_ly, ngay_tiep_nhan, ngay_hen_tra,
		ngay_xong, ngay_tra, buu_chinh, tien_do FROM tra_cuu WHERE ma_ho_so = ?`), code).
		Scan(&l.Status, &l.TenTTHC, &l.TenLinhVuc, &l.ChuHoSo, &l.DonViXuLy, &recv, &due, &done, &tra, &post, &tienDo)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.LookupRow{}, portal.ErrNotFound
	}
	if err != nil {
		return portal.LookupRow{}, fmt.Errorf("lookup: %w", err)
	}
	l.NgayTiepNhan, l.NgayHenTra, l.NgayXong, l.NgayTra, l.BuuChinh = fromUnix(recv), fromUnix(due), fromUnix(done), fromUnix(tra), post != 0
	if l.TienDo, err = parseTienDo(tienDo); err != nil {
		return portal.LookupRow{}, fmt.Errorf("lookup %s: %w", code, err)
	}
	return l, nil
}

func parseTienDo(s string) ([]portal.LookupStep, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]portal.LookupStep, 0, strings.Count(s, ",")+1)
	for _, f := range strings.Split(s, ",") {
		at, st, ok := strings.Cut(f, ":")
		a, err1 := strconv.ParseInt(at, 10, 64)
		n, err2 := strconv.Atoi(st)
		if !ok || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("tien_do %q", f)
		}
		out = append(out, portal.LookupStep{At: fromUnix(a), Status: n})
	}
	return out, nil
}

// backfillBatch is the projection rows written per transaction while
// backfilling.
var backfillBatch = 2000

// backfillTraCuu builds the projection of a database written before it
// existed, once (meta key traCuuMetaKey): one pass over the dossiers
// with their steps' summary,
// rows computed by portal.LookupOf, written backfillBatch at a time. Rows
// already present (written by this version's ingest) are kept. Run where
// nothing else writes (Open: under the schema lock on PostgreSQL).
func (d *db) backfillTraCuu(ctx context.Context) (int, error) {
	var v string
	err := d.w.QueryRowContext(ctx, d.q(`SELECT value FROM meta WHERE key = ?`), traCuuMetaKey).Scan(&v)
	if err == nil {
		return 0, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("tra_cuu backfill: %w", err)
	}
	// A correlated subquery, not a join: a hash join of 10 million
	// dossiers spilled their 1.4 KB packets to temporary files (> 6 GB on
	// the benchmark database before it was stopped); the subquery reads
	// each dossier's steps through the steps' primary key, in roughly the
	// order they were written, with no temporary files.
	rows, err := d.r.QueryContext(ctx, `SELECT d.ma_ho_so, d.version, d.status, d.ten_tthc, d.ten_linh_vuc, d.chu_ho_so, d.don_vi_xu_ly,
		d.ngay_tiep_nhan, d.ngay_hen_tra, d.ngay_xong, d.ngay_tra, d.doc,
		coalesce((SELECT `+tienDoAgg+` FROM steps s WHERE s.agency = d.agency AND s.ma_ho_so = d.ma_ho_so), '')
		FROM dossiers d`)
	if err != nil {
		return 0, fmt.Errorf("tra_cuu backfill: %w", err)
	}
	defer rows.Close()
	type row struct {
		version int64
		l       portal.LookupRow
		tienDo  string
	}
	batch := make([]row, 0, backfillBatch)
	n := 0
	flush := func() error {
		err := d.tx(ctx, func(tx *sql.Tx) error {
			return d.multiInsert(ctx, tx, traCuuInsert, `ON CONFLICT (ma_ho_so) DO NOTHING`, traCuuTypes, len(batch),
				func(k int, args []any) []any { return traCuuArgs(args, batch[k].version, batch[k].l, batch[k].tienDo) }, nil)
		})
		n += len(batch)
		batch = batch[:0]
		return err
	}
	for rows.Next() {
		var x portal.Dossier
		var recv, due, done, tra int64
		var doc, tienDo string
		if err := rows.Scan(&x.MaHoSo, &x.Version, &x.Status, &x.TenTTHC, &x.TenLinhVuc, &x.ChuHoSo, &x.DonViXuLy,
			&recv, &due, &done, &tra, &doc, &tienDo); err != nil {
			return n, fmt.Errorf("tra_cuu backfill: %w", err)
		}
		x.NgayTiepNhan, x.NgayHenTra, x.NgayXong, x.NgayTra, x.Doc = fromUnix(recv), fromUnix(due), fromUnix(done), fromUnix(tra), []byte(doc)
		batch = append(batch, row{x.Version, portal.LookupOf(x, nil), tienDo})
		if len(batch) == backfillBatch {
			if err := flush(); err != nil {
				return n, fmt.Errorf("tra_cuu backfill: %w", err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("tra_cuu backfill: %w", err)
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return n, fmt.Errorf("tra_cuu backfill: %w", err)
		}
	}
	err = d.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, d.q(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`),
			traCuuMetaKey, time.Now().UTC().Format(time.RFC3339))
		return err
	})
	if err != nil {
		return n, fmt.Errorf("tra_cuu backfill: %w", err)
	}
	return n, nil
}
