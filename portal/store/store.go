// Package store implements portal.Store on SQLite (modernc.org/sqlite, the
// default: one write connection, a read pool) and on PostgreSQL (pgx), with
// one body of SQL: both speak ON CONFLICT, only placeholders and DDL differ.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
)

// Open opens the store named by dsn: a postgres:// or postgresql:// URL, or
// else a SQLite file path.
func Open(ctx context.Context, dsn string) (portal.Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return OpenPostgres(ctx, dsn)
	}
	return OpenSQLite(ctx, dsn)
}

// db is the shared implementation; w takes writes, r reads (the same pool
// on PostgreSQL).
type db struct {
	w, r   *sql.DB
	pg     bool
	closer func() error
}

// q rewrites ? placeholders to $n for PostgreSQL.
func (d *db) q(s string) string {
	if !d.pg {
		return s
	}
	var b strings.Builder
	n := 0
	for _, c := range s {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (d *db) Close() error { return d.closer() }

func (d *db) Ping(ctx context.Context) error { return d.r.PingContext(ctx) }

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).In(qcvn120.Location)
}

func month(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(qcvn120.Location).Format("2006-01")
}

// tx runs fn in a write transaction.
func (d *db) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (d *db) AddCentre(ctx context.Context, c portal.Centre) error {
	if c.Created.IsZero() {
		c.Created = time.Now()
	}
	return d.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, d.q(`INSERT INTO centres (username, hash, agencies, created_at) VALUES (?,?,?,?)
			ON CONFLICT (username) DO UPDATE SET hash = excluded.hash, agencies = excluded.agencies`),
			c.Username, c.Hash, strings.Join(c.Agencies, ","), c.Created.Unix())
		if err != nil {
			return fmt.Errorf("add centre: %w", err)
		}
		return nil
	})
}

func (d *db) Centre(ctx context.Context, username string) (portal.Centre, error) {
	var c portal.Centre
	var agencies string
	var created int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT username, hash, agencies, created_at FROM centres WHERE username = ?`), username).
		Scan(&c.Username, &c.Hash, &agencies, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return c, portal.ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("centre: %w", err)
	}
	c.Agencies, c.Created = strings.Split(agencies, ","), time.Unix(created, 0)
	return c, nil
}

func (d *db) Secret(ctx context.Context) ([]byte, error) {
	var v string
	err := d.r.QueryRowContext(ctx, d.q(`SELECT value FROM meta WHERE key = ?`), "session_secret").Scan(&v)
	if err == nil {
		return []byte(v), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("secret: %w", err)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	fresh := fmt.Sprintf("%x", b)
	// Two processes racing: DO NOTHING keeps the first, and both re-read it.
	if err := d.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, d.q(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`), "session_secret", fresh)
		return err
	}); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	if err := d.w.QueryRowContext(ctx, d.q(`SELECT value FROM meta WHERE key = ?`), "session_secret").Scan(&v); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return []byte(v), nil
}

// versioned decides the outcome of a versioned upsert against the held
// version (held < 0: nothing held). Version 0 is an unversioned sender:
// last writer wins among unversioned writes, never over a versioned state.
func versioned(held, incoming int64) string {
	switch {
	case held < 0 || incoming > held || (incoming == 0 && held == 0):
		return qcvn120.Applied
	case incoming == held:
		return qcvn120.Duplicate
	default:
		return qcvn120.Stale
	}
}

func inserted(res sql.Result) string {
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return qcvn120.Duplicate
	}
	return qcvn120.Applied
}

func (d *db) PutRatings(ctx context.Context, rs []portal.Rating) ([]portal.Outcome, error) {
	out := make([]portal.Outcome, len(rs))
	err := d.tx(ctx, func(tx *sql.Tx) error {
		for i, r := range rs {
			res, err := tx.ExecContext(ctx, d.q(`INSERT INTO ratings (agency, id, ma_tthc, question, level, at, month, reason)
				VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (agency, id) DO NOTHING`),
				r.Agency, r.ID, r.MaTTHC, r.Question, r.Level, unix(r.At), month(r.At), r.Reason)
			if err != nil {
				return fmt.Errorf("rating %s: %w", r.ID, err)
			}
			out[i].Result = inserted(res)
		}
		return nil
	})
	return out, err
}

func (d *db) PutReports(ctx context.Context, rs []portal.Report) ([]portal.Outcome, error) {
	out := make([]portal.Outcome, len(rs))
	err := d.tx(ctx, func(tx *sql.Tx) error {
		for i, r := range rs {
			var held int64
			err := tx.QueryRowContext(ctx, d.q(`SELECT version FROM reports WHERE agency = ? AND year = ? AND month = ? AND kind = ?`),
				r.Agency, r.Year, r.Month, r.Kind).Scan(&held)
			if errors.Is(err, sql.ErrNoRows) {
				held, err = -1, nil
			}
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
			if out[i].Result = versioned(held, r.Version); out[i].Result != qcvn120.Applied {
				continue
			}
			_, err = tx.ExecContext(ctx, d.q(`INSERT INTO reports (agency, year, month, kind, version, doc) VALUES (?,?,?,?,?,?)
				ON CONFLICT (agency, year, month, kind) DO UPDATE SET version = excluded.version, doc = excluded.doc
				WHERE excluded.version > reports.version OR (excluded.version = 0 AND reports.version = 0)`),
				r.Agency, r.Year, r.Month, r.Kind, r.Version, string(r.Doc))
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
		}
		return nil
	})
	return out, err
}

func (d *db) PutQAs(ctx context.Context, qs []portal.QA) ([]portal.Outcome, error) {
	out := make([]portal.Outcome, len(qs))
	err := d.tx(ctx, func(tx *sql.Tx) error {
		for i, x := range qs {
			// Q&A has no version: the latest text wins.
			_, err := tx.ExecContext(ctx, d.q(`INSERT INTO qas (agency, id, doc) VALUES (?,?,?)
				ON CONFLICT (agency, id) DO UPDATE SET doc = excluded.doc`), x.Agency, x.ID, string(x.Doc))
			if err != nil {
				return fmt.Errorf("qa %s: %w", x.ID, err)
			}
			out[i].Result = qcvn120.Applied
		}
		return nil
	})
	return out, err
}

func (d *db) Dossier(ctx context.Context, code string) (portal.Dossier, []portal.Step, error) {
	var x portal.Dossier
	var recv, due, done, tra int64
	var doc string
	err := d.r.QueryRowContext(ctx, d.q(`SELECT agency, ma_ho_so, centre, version, status, ma_tthc, ten_tthc, ten_linh_vuc, chu_ho_so,
		don_vi_xu_ly, ngay_tiep_nhan, ngay_hen_tra, ngay_xong, ngay_tra, doc FROM dossiers WHERE agency = ? AND ma_ho_so = ?`),
		qcvn120.AgencyOf(code), code).Scan(&x.Agency, &x.MaHoSo, &x.Centre, &x.Version, &x.Status, &x.MaTTHC, &x.TenTTHC,
		&x.TenLinhVuc, &x.ChuHoSo, &x.DonViXuLy, &recv, &due, &done, &tra, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return x, nil, portal.ErrNotFound
	}
	if err != nil {
		return x, nil, fmt.Errorf("dossier: %w", err)
	}
	x.NgayTiepNhan, x.NgayHenTra, x.NgayXong, x.NgayTra, x.Doc = fromUnix(recv), fromUnix(due), fromUnix(done), fromUnix(tra), []byte(doc)
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT step_key, version, at, status, noi_dung, phong_ban, nguoi_xu_ly, doc FROM steps
		WHERE agency = ? AND ma_ho_so = ? ORDER BY at, version, step_key`), x.Agency, code)
	if err != nil {
		return x, nil, fmt.Errorf("steps: %w", err)
	}
	defer rows.Close()
	var steps []portal.Step
	for rows.Next() {
		s := portal.Step{MaHoSo: code, Agency: x.Agency}
		var at int64
		var sdoc string
		if err := rows.Scan(&s.Key, &s.Version, &at, &s.Status, &s.NoiDung, &s.PhongBan, &s.NguoiXuLy, &sdoc); err != nil {
			return x, nil, fmt.Errorf("steps: %w", err)
		}
		s.At, s.Doc = fromUnix(at), []byte(sdoc)
		steps = append(steps, s)
	}
	return x, steps, rows.Err()
}

func (d *db) Stats(ctx context.Context, m string) ([]portal.AgencyMonth, error) {
	by := map[string]*portal.AgencyMonth{}
	get := func(a string) *portal.AgencyMonth {
		if by[a] == nil {
			by[a] = &portal.AgencyMonth{Agency: a, Month: m, Ratings: map[int]int{}}
		}
		return by[a]
	}
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT agency, count(*) FROM dossiers WHERE recv_month = ? GROUP BY agency`), m)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			rows.Close()
			return nil, err
		}
		get(a).Received = n
	}
	rows.Close()
	// Resolved in the month: status 9 or 10; on time when done by the appointment.
	rows, err = d.r.QueryContext(ctx, d.q(`SELECT agency,
		sum(CASE WHEN ngay_hen_tra = 0 OR ngay_xong <= ngay_hen_tra THEN 1 ELSE 0 END),
		sum(CASE WHEN ngay_hen_tra <> 0 AND ngay_xong > ngay_hen_tra THEN 1 ELSE 0 END)
		FROM dossiers WHERE done_month = ? AND status IN (9, 10) GROUP BY agency`), m)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	for rows.Next() {
		var a string
		var on, late int
		if err := rows.Scan(&a, &on, &late); err != nil {
			rows.Close()
			return nil, err
		}
		s := get(a)
		s.OnTime, s.Late, s.Resolved = on, late, on+late
	}
	rows.Close()
	rows, err = d.r.QueryContext(ctx, d.q(`SELECT agency, level, count(*) FROM ratings WHERE month = ? GROUP BY agency, level`), m)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var lvl, n int
		if err := rows.Scan(&a, &lvl, &n); err != nil {
			return nil, err
		}
		get(a).Ratings[lvl] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]portal.AgencyMonth, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agency < out[j].Agency })
	return out, nil
}

func (d *db) Reports(ctx context.Context, year, month int) ([]portal.Report, error) {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT agency, year, month, kind, version, doc FROM reports WHERE year = ? AND month = ? ORDER BY agency, kind`), year, month)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	defer rows.Close()
	var out []portal.Report
	for rows.Next() {
		var r portal.Report
		var doc string
		if err := rows.Scan(&r.Agency, &r.Year, &r.Month, &r.Kind, &r.Version, &doc); err != nil {
			return nil, err
		}
		r.Doc = []byte(doc)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (d *db) PutProcedures(ctx context.Context, ps []portal.Procedure) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range ps {
			_, err := tx.ExecContext(ctx, d.q(`INSERT INTO procedures (code, doc, updated_at) VALUES (?,?,?)
				ON CONFLICT (code) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`),
				p.Code, string(p.Doc), time.Now().Unix())
			if err != nil {
				return fmt.Errorf("procedure %s: %w", p.Code, err)
			}
		}
		return nil
	})
}

func (d *db) Procedure(ctx context.Context, code string) (portal.Procedure, error) {
	p := portal.Procedure{Code: code}
	var doc string
	var up int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT doc, updated_at FROM procedures WHERE code = ?`), code).Scan(&doc, &up)
	if errors.Is(err, sql.ErrNoRows) {
		return p, portal.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("procedure: %w", err)
	}
	p.Doc, p.Updated = []byte(doc), time.Unix(up, 0)
	return p, nil
}

func (d *db) Procedures(ctx context.Context) ([]portal.Procedure, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT code, doc, updated_at FROM procedures ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("procedures: %w", err)
	}
	defer rows.Close()
	var out []portal.Procedure
	for rows.Next() {
		var p portal.Procedure
		var doc string
		var up int64
		if err := rows.Scan(&p.Code, &doc, &up); err != nil {
			return nil, err
		}
		p.Doc, p.Updated = []byte(doc), time.Unix(up, 0)
		out = append(out, p)
	}
	return out, rows.Err()
}
