package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/motcua/motcua/queue"
)

// AuditEntry is one recorded console action: who, when, what.
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Role   string    `json:"role"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Detail string    `json:"detail"` // JSON
}

// AppendAudit records a console action in the same transaction as the change.
func (t *Tx) AppendAudit(e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if e.Detail == "" {
		e.Detail = "{}"
	}
	_, err := t.Exec(`INSERT INTO console_audit (at, actor, role, action, target, detail) VALUES (?,?,?,?,?,?)`,
		ms(e.At), e.Actor, e.Role, e.Action, e.Target, e.Detail)
	return err
}

// Audit lists the newest audit entries, newest first.
func (db *DB) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	return collect(func(s scanner) (AuditEntry, error) {
		var e AuditEntry
		var at int64
		err := s.Scan(&e.ID, &at, &e.Actor, &e.Role, &e.Action, &e.Target, &e.Detail)
		e.At = fromMs(at)
		return e, err
	})(db.r.QueryContext(ctx, `SELECT id, at, actor, role, action, target, detail FROM console_audit ORDER BY id DESC LIMIT ?`, limit))
}

// EventsBetween returns the queue events of the days from..to (inclusive,
// YYYY-MM-DD in Asia/Ho_Chi_Minh) of the given kinds, in sequence order.
func (db *DB) EventsBetween(ctx context.Context, from, to string, kinds ...string) ([]queue.Event, error) {
	q := `SELECT seq, payload FROM events WHERE day BETWEEN ? AND ?`
	args := []any{from, to}
	if len(kinds) > 0 {
		q += ` AND kind IN (` + placeholders(len(kinds)) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	return collect(scanEvent)(db.r.QueryContext(ctx, q+` ORDER BY seq`, args...))
}

// OldestWaiting returns, per service, the arrival time of the ticket that
// has waited longest (for the supervisor's "longest wait").
func (db *DB) OldestWaiting(ctx context.Context) (map[string]time.Time, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT service, min(arrival_at) FROM tickets WHERE status='waiting' GROUP BY service`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var s string
		var at int64
		if err := rows.Scan(&s, &at); err != nil {
			return nil, err
		}
		out[s] = fromMs(at)
	}
	return out, rows.Err()
}

// ParkedAt lists the newest limit numbers of a day parked at counter,
// oldest first: the counter's own rows (index tickets_counter), never cut
// short by other counters' parked numbers.
func (db *DB) ParkedAt(ctx context.Context, day, counter string, limit int) ([]queue.Ticket, error) {
	return collect(scanTicket)(db.r.QueryContext(ctx, `SELECT `+ticketCols+` FROM (SELECT * FROM tickets
		WHERE counter = ? AND status = ? AND day = ? ORDER BY issued_at DESC, seq DESC LIMIT ?) ORDER BY issued_at, seq`,
		counter, string(queue.Parked), day, limit))
}

// TicketsWithStatus lists the tickets of a day in the given statuses (all
// if none), oldest first.
func (db *DB) TicketsWithStatus(ctx context.Context, day string, statuses ...string) ([]queue.Ticket, error) {
	q := `SELECT ` + ticketCols + ` FROM tickets WHERE day=?`
	args := []any{day}
	if len(statuses) > 0 {
		q += ` AND status IN (` + placeholders(len(statuses)) + `)`
		for _, s := range statuses {
			args = append(args, s)
		}
	}
	return collect(scanTicket)(db.r.QueryContext(ctx, q+` ORDER BY issued_at, seq LIMIT 2000`, args...))
}

// Officers lists every officer (without password hashes).
func (db *DB) Officers(ctx context.Context) ([]Officer, error) {
	return collect(func(s scanner) (Officer, error) {
		var o Officer
		var locked int64
		var counters sql.NullString
		err := s.Scan(&o.Username, &o.FullName, &o.Role, &o.Disabled, &o.FailedLogins, &locked, &counters)
		o.LockedUntil = time.UnixMilli(locked)
		if err == nil {
			err = o.setCounters(counters)
		}
		return o, err
	})(db.r.QueryContext(ctx, `SELECT username, full_name, role, disabled, failed_logins, locked_until, counters FROM officers ORDER BY username`))
}

// UpdateOfficer changes an officer's name, role and disabled flag; a
// non-empty hash also replaces the password and clears a lockout. A
// disabled officer's sessions end at once.
func (t *Tx) UpdateOfficer(username, fullName, role string, disabled bool, passwordHash string) error {
	var res sql.Result
	var err error
	if passwordHash != "" {
		res, err = t.Exec(`UPDATE officers SET full_name=?, role=?, disabled=?, password_hash=?, failed_logins=0, locked_until=0 WHERE username=?`,
			fullName, role, disabled, passwordHash, username)
	} else {
		res, err = t.Exec(`UPDATE officers SET full_name=?, role=?, disabled=? WHERE username=?`, fullName, role, disabled, username)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoRows
	}
	if disabled || passwordHash != "" {
		_, err = t.Exec(`DELETE FROM sessions WHERE username=?`, username)
	}
	return err
}

// CreateOfficer adds an officer; an existing username is an error.
func (t *Tx) CreateOfficer(o Officer) error {
	counters, err := o.countersColumn()
	if err != nil {
		return err
	}
	_, err = t.Exec(`INSERT INTO officers (username, full_name, password_hash, role, disabled, created_at, counters) VALUES (?,?,?,?,?,?,?)`,
		o.Username, o.FullName, o.PasswordHash, o.Role, o.Disabled, time.Now().UnixMilli(), counters)
	return err
}

// MoveOfficerSessions binds every live counter session of an officer to
// another counter (a supervisor moved them).
func (t *Tx) MoveOfficerSessions(username, counter string) error {
	_, err := t.Exec(`UPDATE sessions SET counter=? WHERE username=? AND counter<>''`, counter, username)
	return err
}

// RenameDevice changes a device's display name.
func (t *Tx) RenameDevice(id, name string) error {
	res, err := t.Exec(`UPDATE devices SET name=? WHERE id=?`, name, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoRows
	}
	return nil
}

// RatingRow is a rating's indexed columns.
type RatingRow struct {
	At      time.Time
	Counter string
	Service string
	Level   int
}

// RatingsBetween lists the ratings given in [from, to).
func (db *DB) RatingsBetween(ctx context.Context, from, to time.Time) ([]RatingRow, error) {
	return collect(func(s scanner) (RatingRow, error) {
		var r RatingRow
		var at int64
		err := s.Scan(&at, &r.Counter, &r.Service, &r.Level)
		r.At = fromMs(at)
		return r, err
	})(db.r.QueryContext(ctx, `SELECT at, counter, service, level FROM ratings WHERE at >= ? AND at < ? ORDER BY at`, ms(from), ms(to)))
}

// DossiersTouched lists the dossiers received before to and changed
// at or after from (every dossier a period's report can count).
func (db *DB) DossiersTouched(ctx context.Context, from, to time.Time) ([]DossierRow, error) {
	return collect(scanDossier)(db.r.QueryContext(ctx, `SELECT `+dossierCols+` FROM dossiers
		WHERE received_at < ? AND (updated_at >= ? OR received_at >= ?) ORDER BY received_at`, ms(to), ms(from), ms(from)))
}
