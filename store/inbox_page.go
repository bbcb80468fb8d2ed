package store

import (
	"context"
	"encoding/json"
	"strings"
)

// InboxFilter selects inbox items for one reader, in SQL (index inbox_field).
type InboxFilter struct {
	Status string   // "" = every state
	Kinds  []string // the kinds listed (required: an empty list selects nothing)
	// AllProcedures: every item of Kinds, whatever its procedure
	// (supervisors). Otherwise only items whose MaTTHC is in Procedures
	// (upper case); an empty list selects nothing.
	AllProcedures bool
	Procedures    []string
	Before        int64 // only ids below this (the paging cursor); 0 = from the newest
}

// where builds the filter's WHERE clause and arguments; ok is false when
// it selects nothing.
func (f InboxFilter) where() (clause string, args []any, ok bool) {
	if len(f.Kinds) == 0 || (!f.AllProcedures && len(f.Procedures) == 0) {
		return "", nil, false
	}
	var b strings.Builder
	b.WriteString(`kind IN (`)
	for i, k := range f.Kinds {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("?")
		args = append(args, k)
	}
	b.WriteString(")")
	switch {
	case f.Status != "":
		b.WriteString(` AND status = ?`)
		args = append(args, f.Status)
	case !f.AllProcedures:
		// Every state, spelt out so the (status, ma_tthc, id) index serves it.
		b.WriteString(` AND status IN (?, ?, ?)`)
		args = append(args, InboxNew, InboxAccepted, InboxReturned)
	}
	if !f.AllProcedures {
		// One bound JSON array, however many procedures a field has.
		codes, _ := json.Marshal(f.Procedures)
		b.WriteString(` AND ma_tthc IN (SELECT value FROM json_each(?))`)
		args = append(args, string(codes))
	}
	if f.Before > 0 {
		b.WriteString(` AND id < ?`)
		args = append(args, f.Before)
	}
	return b.String(), args, true
}

// from names the table and, for a field filter, its index: with no
// statistics the planner walks inbox_status by id and reads every newer
// row's document (the generated column) to skip other fields' items;
// inbox_field goes straight to the reader's procedures, and sorts only
// their items.
func (f InboxFilter) from() string {
	if f.AllProcedures {
		return ` FROM inbox WHERE `
	}
	return ` FROM inbox INDEXED BY inbox_field WHERE `
}

// InboxPage lists at most limit items matching f, newest first.
func (db *DB) InboxPage(ctx context.Context, f InboxFilter, limit int) ([]InboxItem, error) {
	where, args, ok := f.where()
	if !ok || limit <= 0 {
		return nil, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+inboxCols+f.from()+where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InboxItem
	for rows.Next() {
		it, err := scanInbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// InboxCount counts the items matching f (Before ignored).
func (db *DB) InboxCount(ctx context.Context, f InboxFilter) (int, error) {
	f.Before = 0
	where, args, ok := f.where()
	if !ok {
		return 0, nil
	}
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*)`+f.from()+where, args...).Scan(&n)
	return n, err
}

// InboxOutside counts, by procedure (MaTTHC; "" for an unreadable one),
// the items of kinds in a state whose procedure is not in procedures
// (upper case): those no officer's field covers, which only supervisors
// see. At most limit procedures, the largest counts first.
func (db *DB) InboxOutside(ctx context.Context, status string, kinds, procedures []string, limit int) (map[string]int, error) {
	out := map[string]int{}
	if len(kinds) == 0 {
		return out, nil
	}
	if procedures == nil {
		procedures = []string{}
	}
	ks, _ := json.Marshal(kinds)
	codes, _ := json.Marshal(procedures)
	rows, err := db.r.QueryContext(ctx, `SELECT coalesce(ma_tthc, ''), count(*) AS n FROM inbox INDEXED BY inbox_field
		WHERE status = ? AND kind IN (SELECT value FROM json_each(?))
		AND (ma_tthc IS NULL OR ma_tthc NOT IN (SELECT value FROM json_each(?)))
		GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`, status, string(ks), string(codes), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}
