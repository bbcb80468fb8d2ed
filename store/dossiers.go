package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DossierRow is a stored dossier: the indexed columns plus the JSON document.
type DossierRow struct {
	Code          string
	Agency        string
	Day           string
	Seq           int
	ProcedureCode string
	Status        int
	ApplicantKey  string
	Ticket        string
	Counter       string
	Officer       string
	ReceivedAt    time.Time
	AppointmentAt time.Time
	UpdatedAt     time.Time
	Version       int64
	Doc           []byte
}

// DossierEvent is one step of a dossier's history.
type DossierEvent struct {
	ID      int64
	Code    string
	At      time.Time
	Kind    string
	Officer string
	Status  int
	Payload []byte
}

// ErrDossierNotFound is returned for an unknown dossier code.
var ErrDossierNotFound = errors.New("dossier not found")

// NextDossierSeq reserves the next sequence number of an agency on a day.
func (t *Tx) NextDossierSeq(agency, day string) (int, error) {
	var n int
	err := t.QueryRow(`INSERT INTO dossier_seq (agency, day, last) VALUES (?, ?, 1)
		ON CONFLICT (agency, day) DO UPDATE SET last = last + 1 RETURNING last`, agency, day).Scan(&n)
	return n, err
}

// InsertDossier stores a new dossier (version 1, or d.Version when above:
// a forwarded dossier continues the receiving centre's versions).
func (t *Tx) InsertDossier(d DossierRow) error {
	_, err := t.Exec(`INSERT INTO dossiers (code, agency, day, seq, procedure_code, status, applicant_key, ticket, counter, officer,
		received_at, appointment_at, updated_at, version, doc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		d.Code, d.Agency, d.Day, d.Seq, d.ProcedureCode, d.Status, d.ApplicantKey, d.Ticket, d.Counter, d.Officer,
		ms(d.ReceivedAt), ms(d.AppointmentAt), ms(d.UpdatedAt), max(d.Version, 1), string(d.Doc))
	if err != nil {
		return fmt.Errorf("insert dossier: %w", err)
	}
	return nil
}

// UpdateDossier writes a changed dossier if its version is still
// d.Version (optimistic check) and returns the new version.
func (t *Tx) UpdateDossier(d DossierRow) (int64, error) {
	res, err := t.Exec(`UPDATE dossiers SET status=?, appointment_at=?, updated_at=?, officer=?, version=version+1, doc=?
		WHERE code=? AND version=?`, d.Status, ms(d.AppointmentAt), ms(d.UpdatedAt), d.Officer, string(d.Doc), d.Code, d.Version)
	if err != nil {
		return 0, fmt.Errorf("update dossier: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, fmt.Errorf("update dossier %s: changed by someone else or missing", d.Code)
	}
	return d.Version + 1, nil
}

// SetDossierRemote writes the state of a dossier decided elsewhere at the
// deciding centre's version d.Version, only if it is above the held one
// (an older state never overwrites a newer one); false when it was not.
func (t *Tx) SetDossierRemote(d DossierRow) (bool, error) {
	res, err := t.Exec(`UPDATE dossiers SET status=?, appointment_at=?, updated_at=?, version=?, doc=? WHERE code=? AND version<?`,
		d.Status, ms(d.AppointmentAt), ms(d.UpdatedAt), d.Version, string(d.Doc), d.Code, d.Version)
	if err != nil {
		return false, fmt.Errorf("update dossier: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AppendDossierEvent records a step of the dossier's history.
func (t *Tx) AppendDossierEvent(e DossierEvent) (int64, error) {
	res, err := t.Exec(`INSERT INTO dossier_events (code, at, kind, officer, status, payload) VALUES (?,?,?,?,?,?)`,
		e.Code, ms(e.At), e.Kind, e.Officer, e.Status, string(e.Payload))
	if err != nil {
		return 0, fmt.Errorf("append dossier event: %w", err)
	}
	return res.LastInsertId()
}

const dossierCols = `code, agency, day, seq, procedure_code, status, applicant_key, ticket, counter, officer,
	received_at, appointment_at, updated_at, version, doc`

func scanDossier(s scanner) (DossierRow, error) {
	var d DossierRow
	var rec, appt, upd int64
	var doc string
	err := s.Scan(&d.Code, &d.Agency, &d.Day, &d.Seq, &d.ProcedureCode, &d.Status, &d.ApplicantKey, &d.Ticket, &d.Counter, &d.Officer,
		&rec, &appt, &upd, &d.Version, &doc)
	d.ReceivedAt, d.AppointmentAt, d.UpdatedAt, d.Doc = fromMs(rec), fromMs(appt), fromMs(upd), []byte(doc)
	return d, err
}

// Dossier reads one dossier inside the transaction.
func (t *Tx) Dossier(code string) (DossierRow, error) {
	d, err := scanDossier(t.QueryRow(`SELECT `+dossierCols+` FROM dossiers WHERE code=?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrDossierNotFound
	}
	return d, err
}

// Dossier reads one dossier.
func (db *DB) Dossier(ctx context.Context, code string) (DossierRow, error) {
	d, err := scanDossier(db.r.QueryRowContext(ctx, `SELECT `+dossierCols+` FROM dossiers WHERE code=?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrDossierNotFound
	}
	return d, err
}

// DossierFilter selects dossiers for lists and searches. Zero fields are ignored.
type DossierFilter struct {
	Code         string
	ApplicantKey string
	Statuses     []int
	Day          string // received on
	DueBefore    time.Time
	Counter      string
	Limit        int
}

// Dossiers lists dossiers matching f, newest first.
func (db *DB) Dossiers(ctx context.Context, f DossierFilter) ([]DossierRow, error) {
	q := `SELECT ` + dossierCols + ` FROM dossiers WHERE 1=1`
	var args []any
	if f.Code != "" {
		q += ` AND code LIKE ? ESCAPE '\'`
		args = append(args, escapeLike(f.Code)+"%")
	}
	if f.ApplicantKey != "" {
		q += ` AND applicant_key = ?`
		args = append(args, f.ApplicantKey)
	}
	if len(f.Statuses) > 0 {
		q += ` AND status IN (` + placeholders(len(f.Statuses)) + `)`
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if f.Day != "" {
		q += ` AND day = ?`
		args = append(args, f.Day)
	}
	if !f.DueBefore.IsZero() {
		q += ` AND appointment_at < ?`
		args = append(args, ms(f.DueBefore))
	}
	if f.Counter != "" {
		q += ` AND counter = ?`
		args = append(args, f.Counter)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	q += ` ORDER BY received_at DESC LIMIT ?`
	args = append(args, f.Limit)
	return collect(scanDossier)(db.r.QueryContext(ctx, q, args...))
}

func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

// DossierEvents returns a dossier's history in order.
func (db *DB) DossierEvents(ctx context.Context, code string) ([]DossierEvent, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, code, at, kind, officer, status, payload FROM dossier_events WHERE code=? ORDER BY id`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DossierEvent
	for rows.Next() {
		var e DossierEvent
		var at int64
		var p string
		if err := rows.Scan(&e.ID, &e.Code, &at, &e.Kind, &e.Officer, &e.Status, &p); err != nil {
			return nil, err
		}
		e.At, e.Payload = fromMs(at), []byte(p)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Rating is a stored rating.
type Rating struct {
	ID      string
	Subject string
	At      time.Time
	Counter string
	Service string
	Level   int
	Doc     []byte
}

// ErrAlreadyRated is returned for a second rating of the same subject.
var ErrAlreadyRated = errors.New("already rated")

// InsertRating stores a rating; one per subject.
func (t *Tx) InsertRating(r Rating) error {
	_, err := t.Exec(`INSERT INTO ratings (id, subject, at, counter, service, level, doc) VALUES (?,?,?,?,?,?,?)
		ON CONFLICT (subject) DO NOTHING`, r.ID, r.Subject, ms(r.At), r.Counter, r.Service, r.Level, string(r.Doc))
	if err != nil {
		return err
	}
	var id string
	if err := t.QueryRow(`SELECT id FROM ratings WHERE subject=?`, r.Subject).Scan(&id); err != nil {
		return err
	}
	if id != r.ID {
		return ErrAlreadyRated
	}
	return nil
}

// OutboxItem is one queued packet item.
type OutboxItem struct {
	ID        int64
	CreatedAt time.Time
	Service   string
	Key       string
	Version   int64
	Payload   []byte
}

// OutboxAfter reads up to limit outbox items with id > after, in id order.
func (db *DB) OutboxAfter(ctx context.Context, after int64, limit int) ([]OutboxItem, error) {
	return collect(scanOutbox)(db.r.QueryContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE id > ? ORDER BY id LIMIT ?`, after, limit))
}

const outboxCols = `id, created_at, service, key, version, payload`

func scanOutbox(s scanner) (OutboxItem, error) {
	var it OutboxItem
	var at int64
	var p string
	err := s.Scan(&it.ID, &at, &it.Service, &it.Key, &it.Version, &p)
	it.CreatedAt, it.Payload = fromMs(at), []byte(p)
	return it, err
}

// DossiersReceivedBefore returns every dossier received before t (for
// monthly statistics), oldest first.
func (db *DB) DossiersReceivedBefore(ctx context.Context, t time.Time) ([]DossierRow, error) {
	return collect(scanDossier)(db.r.QueryContext(ctx, `SELECT `+dossierCols+` FROM dossiers WHERE received_at < ? ORDER BY received_at`, ms(t)))
}

// Setting reads a value of the settings table ("" if absent).
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key=?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// PutSetting writes a value of the settings table.
func (t *Tx) PutSetting(key, value string) error {
	_, err := t.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value=excluded.value`, key, value)
	return err
}

// Rated reports whether subject ("ticket:{id}", "dossier:{code}") has a rating.
func (db *DB) Rated(ctx context.Context, subject string) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM ratings WHERE subject=?`, subject).Scan(&n)
	return n > 0, err
}
