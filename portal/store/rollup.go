package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
)

// The province's hierarchy (portal.RollupStore), added to the schema here
// so the rollups stay in their own file.
func init() {
	tables = append(tables, struct {
		name, cols  string
		partitioned bool
	}{"units", `code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent TEXT NOT NULL, agencies TEXT NOT NULL,
		pos BIGINT NOT NULL`, false})
	indexes = append(indexes, `CREATE INDEX IF NOT EXISTS ratings_at ON ratings (at)`)
}

func (d *db) PutUnits(ctx context.Context, units []portal.Unit) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM units`); err != nil {
			return fmt.Errorf("units: %w", err)
		}
		for i, u := range units {
			if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO units (code, name, kind, parent, agencies, pos) VALUES (?,?,?,?,?,?)`),
				u.Code, u.Name, u.Kind, u.Parent, strings.Join(u.Agencies, ","), i); err != nil {
				return fmt.Errorf("units: %w", err)
			}
		}
		return nil
	})
}

func (d *db) Units(ctx context.Context) ([]portal.Unit, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT code, name, kind, parent, agencies FROM units ORDER BY pos`)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	defer rows.Close()
	out := []portal.Unit{}
	for rows.Next() {
		var u portal.Unit
		var ag string
		if err := rows.Scan(&u.Code, &u.Name, &u.Kind, &u.Parent, &ag); err != nil {
			return nil, fmt.Errorf("units: %w", err)
		}
		if ag != "" {
			u.Agencies = strings.Split(ag, ",")
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// EachStatDossier reads, per dossier: the stored dates and status, the
// agency it was forwarded to (its LT- inbound item), the time of the last
// step at its status (when a refused, withdrawn or stopped dossier left
// processing) and, from the packet, the channel and the refusal date.
func (d *db) EachStatDossier(ctx context.Context, start, end time.Time, fn func(portal.StatDossier) error) error {
	var q interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	} = d.r
	if d.pg {
		// PostgreSQL's JIT compiles this query (its estimated cost is
		// high for the subquery below) for seconds before the first row:
		// measured 2.5 s of 2.6 s at 50,000 dossiers (BenchmarkRollup).
		tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return fmt.Errorf("rollup: %w", err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
			return fmt.Errorf("rollup: %w", err)
		}
		q = tx
	}
	// The last step's time is needed only for a finished dossier whose
	// packet has no date (ngay_xong 0): the subquery runs for those alone.
	rows, err := q.QueryContext(ctx, d.q(`SELECT d.agency, d.status, d.ngay_tiep_nhan, d.ngay_hen_tra, d.ngay_xong, d.ten_linh_vuc, d.doc,
		COALESCE(i.agency, ''),
		CASE WHEN d.ngay_xong = 0 AND d.status IN (3, 7, 8, 9, 10) THEN
			COALESCE((SELECT max(s.at) FROM steps s WHERE s.agency = d.agency AND s.ma_ho_so = d.ma_ho_so AND s.status = d.status), 0)
		ELSE 0 END
		FROM dossiers d LEFT JOIN inbound i ON i.id = 'LT-' || d.ma_ho_so AND i.kind = 'lien_thong'
		WHERE d.ngay_tiep_nhan <> 0 AND d.ngay_tiep_nhan < ?
		AND (d.status NOT IN (3, 7, 8, 9, 10) OR d.ngay_xong = 0 OR d.ngay_xong >= ?)`), unix(end), unix(start))
	if err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x portal.StatDossier
		var status int
		var recv, due, done, lastStep int64
		var doc string
		if err := rows.Scan(&x.Agency, &status, &recv, &due, &done, &x.Sector, &doc, &x.ForwardedTo, &lastStep); err != nil {
			return fmt.Errorf("rollup: %w", err)
		}
		var p struct {
			KenhThucHien qcvn120.Int  `json:"KenhThucHien"`
			NgayTuChoi   qcvn120.Time `json:"NgayTuChoi"`
		}
		_ = json.Unmarshal([]byte(doc), &p) // validated at ingest; a field that does not read stays zero
		x.Channel = int(p.KenhThucHien)
		x.Case.Received, x.Case.Due = fromUnix(recv), fromUnix(due)
		switch status {
		case 9, 10: // resolved (result at the one-stop shop, or handed over)
			x.Case.Resolved = fromUnix(done)
			if x.Case.Resolved.IsZero() {
				x.Case.Resolved = fromUnix(lastStep)
			}
			if x.Case.Resolved.IsZero() {
				x.Case.Resolved = x.Case.Received
			}
		case 3, 7, 8: // refused, withdrawn, stopped: left processing without a result
			for _, t := range []time.Time{fromUnix(done), p.NgayTuChoi.Time, fromUnix(lastStep), x.Case.Received} {
				if !t.IsZero() {
					x.Case.Closed = t
					break
				}
			}
		}
		if err := fn(x); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (d *db) RatingCounts(ctx context.Context, start, end time.Time) ([]portal.RatingCount, error) {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT agency, level, count(*) FROM ratings WHERE at >= ? AND at < ? GROUP BY agency, level ORDER BY agency, level`),
		unix(start), unix(end))
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	defer rows.Close()
	var out []portal.RatingCount
	for rows.Next() {
		var c portal.RatingCount
		if err := rows.Scan(&c.Agency, &c.Level, &c.N); err != nil {
			return nil, fmt.Errorf("ratings: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
