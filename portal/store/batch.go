package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
)

// Batched writes. A call of the sync agent carries up to 500 items; one
// statement per item meant 1,000 round trips per call on PostgreSQL and a
// VDBE run per item on SQLite. The held versions of a batch are read with
// one query per chunk, the outcomes decided in Go exactly as the
// item-by-item rules would (a key twice in one batch sees its first
// write), and the rows written with multi-row statements.

// rowsPerInsert bounds a multi-row INSERT: 18 columns × 100 rows stays far
// below both SQLite's (32,766) and PostgreSQL's (65,535) parameter limits.
const rowsPerInsert = 100

// keysPerSelect bounds the IN list of a held-version query.
const keysPerSelect = 500

// Column types of the dossiers and steps inserts, in their order.
var (
	dossierTypes = []string{"text", "text", "text", "bigint", "bigint", "text", "text", "text", "text", "text",
		"bigint", "bigint", "bigint", "bigint", "text", "text", "text", "bigint"}
	stepTypes = []string{"text", "text", "text", "bigint", "bigint", "bigint", "text", "text", "text", "text"}
)

type dkey struct{ agency, code string }

// heldVersions returns the stored version of each dossier of keys that
// exists. On PostgreSQL the rows are locked for the transaction.
func (d *db) heldVersions(ctx context.Context, tx *sql.Tx, keys []dkey) (map[dkey]int64, error) {
	held := make(map[dkey]int64, len(keys))
	byAgency := map[string][]string{}
	var agencies []string
	seen := make(map[dkey]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if _, ok := byAgency[k.agency]; !ok {
			agencies = append(agencies, k.agency)
		}
		byAgency[k.agency] = append(byAgency[k.agency], k.code)
	}
	lock := ""
	if d.pg {
		lock = " FOR UPDATE"
	}
	for _, a := range agencies {
		codes := byAgency[a]
		for len(codes) > 0 {
			chunk := codes[:min(keysPerSelect, len(codes))]
			codes = codes[len(chunk):]
			var rows *sql.Rows
			var err error
			if d.pg {
				// One statement text whatever the count: planned once per connection.
				rows, err = tx.QueryContext(ctx, `SELECT ma_ho_so, version FROM dossiers WHERE agency = $1 AND ma_ho_so = ANY($2::text[])`+lock, a, chunk)
			} else {
				args := make([]any, 0, len(chunk)+1)
				args = append(args, a)
				for _, c := range chunk {
					args = append(args, c)
				}
				rows, err = tx.QueryContext(ctx, `SELECT ma_ho_so, version FROM dossiers WHERE agency = ? AND ma_ho_so IN (`+marks(len(chunk))+`)`, args...)
			}
			if err != nil {
				return nil, fmt.Errorf("held versions: %w", err)
			}
			for rows.Next() {
				var code string
				var v int64
				if err := rows.Scan(&code, &v); err != nil {
					rows.Close()
					return nil, fmt.Errorf("held versions: %w", err)
				}
				held[dkey{a, code}] = v
			}
			if err := rows.Close(); err != nil {
				return nil, fmt.Errorf("held versions: %w", err)
			}
			if err := rows.Err(); err != nil {
				return nil, fmt.Errorf("held versions: %w", err)
			}
		}
	}
	return held, nil
}

// marks is n comma-separated placeholders.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// multiInsert inserts n rows: head is "INSERT INTO t (cols)", types the
// columns' PostgreSQL types (text or bigint), tail what follows the rows
// (ON CONFLICT ..., RETURNING ...). each(i, args) appends row i's values
// (strings and integers); onRow, when set, reads what RETURNING yields.
//
// SQLite gets "VALUES (...),(...)" rowsPerInsert at a time, a full chunk's
// statement prepared once per transaction. PostgreSQL gets one array per
// column through unnest: one statement text for any number of rows, so it
// is parsed and planned once per connection, not per chunk size.
func (d *db) multiInsert(ctx context.Context, tx *sql.Tx, head, tail string, types []string, n int,
	each func(i int, args []any) []any, onRow func(*sql.Rows) error) error {
	if n == 0 {
		return nil
	}
	run := func(stmt *sql.Stmt, text string, args []any) error {
		var rows *sql.Rows
		var err error
		switch {
		case stmt != nil && onRow == nil:
			_, err = stmt.ExecContext(ctx, args...)
		case stmt != nil:
			rows, err = stmt.QueryContext(ctx, args...)
		case onRow == nil:
			_, err = tx.ExecContext(ctx, text, args...)
		default:
			rows, err = tx.QueryContext(ctx, text, args...)
		}
		if err != nil || rows == nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := onRow(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	if d.pg {
		return run(nil, pgUnnest(head, tail, types), columns(types, n, each))
	}
	tuple := "(" + marks(len(types)) + ")"
	text := func(rows int) string {
		return head + " VALUES " + strings.TrimSuffix(strings.Repeat(tuple+",", rows), ",") + " " + tail
	}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, len(types)*rowsPerInsert)
	for start := 0; start < n; start += rowsPerInsert {
		end := min(n, start+rowsPerInsert)
		args = args[:0]
		for i := start; i < end; i++ {
			args = each(i, args)
		}
		if end-start < rowsPerInsert {
			if err := run(nil, text(end-start), args); err != nil {
				return err
			}
			continue
		}
		if full == nil {
			var err error
			if full, err = tx.PrepareContext(ctx, text(rowsPerInsert)); err != nil {
				return err
			}
		}
		if err := run(full, "", args); err != nil {
			return err
		}
	}
	return nil
}

// pgUnnest is head + "SELECT * FROM unnest($1::t1[], ...)" + tail.
func pgUnnest(head, tail string, types []string) string {
	var b strings.Builder
	b.WriteString(head + " SELECT * FROM unnest(")
	for i, t := range types {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d::%s[]", i+1, t)
	}
	b.WriteString(") " + tail)
	return b.String()
}

// columns turns n rows into one slice per column ([]string for text,
// []int64 for bigint), the arguments of pgUnnest.
func columns(types []string, n int, each func(i int, args []any) []any) []any {
	cols := make([]any, len(types))
	for j, t := range types {
		if t == "text" {
			cols[j] = make([]string, 0, n)
		} else {
			cols[j] = make([]int64, 0, n)
		}
	}
	row := make([]any, 0, len(types))
	for i := range n {
		row = each(i, row[:0])
		for j, v := range row {
			switch c := cols[j].(type) {
			case []string:
				cols[j] = append(c, v.(string))
			case []int64:
				switch x := v.(type) {
				case int64:
					cols[j] = append(c, x)
				case int:
					cols[j] = append(c, int64(x))
				default:
					panic(fmt.Sprintf("portal store: column %d: %T is not an integer", j, v))
				}
			}
		}
	}
	return cols
}

func (d *db) PutDossiers(ctx context.Context, ds []portal.Dossier) ([]portal.Outcome, error) {
	out := make([]portal.Outcome, len(ds))
	err := d.tx(ctx, func(tx *sql.Tx) error {
		keys := make([]dkey, len(ds))
		for i, x := range ds {
			keys[i] = dkey{x.Agency, x.MaHoSo}
		}
		held, err := d.heldVersions(ctx, tx, keys)
		if err != nil {
			return err
		}
		// Decide in order; of a key applied twice only the last state is
		// written (the earlier one would be overwritten in the same transaction).
		write := map[dkey]int{}
		for i, k := range keys {
			h, ok := held[k]
			if !ok {
				h = -1
			}
			out[i].Result = versioned(h, ds[i].Version)
			if out[i].Result == qcvn120.Applied {
				held[k] = ds[i].Version
				write[k] = i
			}
		}
		rows := make([]int, 0, len(write))
		for i, k := range keys {
			if write[k] == i && out[i].Result == qcvn120.Applied {
				rows = append(rows, i)
			}
		}
		now := time.Now().UnixMilli()
		// The WHERE guard keeps a concurrent newer write (PostgreSQL, two
		// transactions inserting the same new dossier) from regressing.
		err = d.multiInsert(ctx, tx, `INSERT INTO dossiers (agency, ma_ho_so, centre, version, status, ma_tthc, ten_tthc,
				ten_linh_vuc, chu_ho_so, don_vi_xu_ly, ngay_tiep_nhan, ngay_hen_tra, ngay_xong, ngay_tra, recv_month, done_month, doc, updated_at)`,
			`ON CONFLICT (agency, ma_ho_so) DO UPDATE SET centre = excluded.centre, version = excluded.version,
				status = excluded.status, ma_tthc = excluded.ma_tthc, ten_tthc = excluded.ten_tthc, ten_linh_vuc = excluded.ten_linh_vuc,
				chu_ho_so = excluded.chu_ho_so, don_vi_xu_ly = excluded.don_vi_xu_ly, ngay_tiep_nhan = excluded.ngay_tiep_nhan,
				ngay_hen_tra = excluded.ngay_hen_tra, ngay_xong = excluded.ngay_xong, ngay_tra = excluded.ngay_tra,
				recv_month = excluded.recv_month, done_month = excluded.done_month, doc = excluded.doc, updated_at = excluded.updated_at
				WHERE excluded.version > dossiers.version OR (excluded.version = 0 AND dossiers.version = 0)`,
			dossierTypes, len(rows), func(k int, args []any) []any {
				x := ds[rows[k]]
				return append(args, x.Agency, x.MaHoSo, x.Centre, x.Version, x.Status, x.MaTTHC, x.TenTTHC, x.TenLinhVuc, x.ChuHoSo,
					x.DonViXuLy, unix(x.NgayTiepNhan), unix(x.NgayHenTra), unix(x.NgayXong), unix(x.NgayTra), month(x.NgayTiepNhan),
					month(x.NgayXong), string(x.Doc), now)
			}, nil)
		if err != nil {
			return fmt.Errorf("dossiers: %w", err)
		}
		return d.putTraCuu(ctx, tx, ds, rows)
	})
	return out, err
}

type skey struct {
	dkey
	step string
}

func (d *db) PutSteps(ctx context.Context, ss []portal.Step) ([]portal.Outcome, error) {
	out := make([]portal.Outcome, len(ss))
	err := d.tx(ctx, func(tx *sql.Tx) error {
		keys := make([]dkey, len(ss))
		for i, s := range ss {
			keys[i] = dkey{s.Agency, s.MaHoSo}
		}
		held, err := d.heldVersions(ctx, tx, keys)
		if err != nil {
			return err
		}
		// A step is applied when its row is inserted; the same step twice in
		// one batch is a duplicate the second time.
		var rows []int
		first := map[skey]int{}
		for i, s := range ss {
			if _, ok := held[keys[i]]; !ok {
				out[i].Err = portal.ErrUnknownDossier
				continue
			}
			k := skey{keys[i], s.Key}
			if _, dup := first[k]; dup {
				out[i].Result = qcvn120.Duplicate
				continue
			}
			first[k] = i
			out[i].Result = qcvn120.Duplicate // until the insert says otherwise
			rows = append(rows, i)
		}
		touched := map[dkey]bool{} // dossiers with a new step: their tra_cuu.tien_do is rewritten
		var changed []dkey
		err = d.multiInsert(ctx, tx, `INSERT INTO steps (agency, ma_ho_so, step_key, version, at, status, noi_dung, phong_ban, nguoi_xu_ly, doc)`,
			`ON CONFLICT (agency, ma_ho_so, step_key) DO NOTHING RETURNING agency, ma_ho_so, step_key`,
			stepTypes, len(rows), func(k int, args []any) []any {
				s := ss[rows[k]]
				return append(args, s.Agency, s.MaHoSo, s.Key, s.Version, unix(s.At), s.Status, s.NoiDung, s.PhongBan, s.NguoiXuLy, string(s.Doc))
			}, func(r *sql.Rows) error {
				var k skey
				if err := r.Scan(&k.agency, &k.code, &k.step); err != nil {
					return err
				}
				if i, ok := first[k]; ok {
					out[i].Result = qcvn120.Applied
					if !touched[k.dkey] {
						touched[k.dkey] = true
						changed = append(changed, k.dkey)
					}
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("steps: %w", err)
		}
		return d.refreshTienDo(ctx, tx, changed)
	})
	return out, err
}
