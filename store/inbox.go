package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/motcua/motcua/queue"
)

// InboxItem is an inbound item pulled from the portal (table inbox).
type InboxItem struct {
	ID          int64
	PortalID    string
	Agency      string
	Seq         int64
	Kind        string
	Doc         []byte
	SubmittedAt time.Time
	PulledAt    time.Time
	Status      string // InboxNew, InboxAccepted, InboxReturned
	DossierCode string
	Reason      string
	DecidedBy   string
	DecidedAt   time.Time
	// MaTTHC is the item's procedure as the inbox_field migration reads it
	// from Doc (upper case; "" when unreadable or not an officer's kind).
	MaTTHC string
}

// Inbox item states.
const (
	InboxNew      = "new"
	InboxAccepted = "accepted"
	InboxReturned = "returned"
)

// PutInboxItems stores pulled items (an item already held, by portal id, is
// left as it is) and moves the agency's cursor to seq (never back), in the
// caller's transaction. It returns how many items were new.
func (t *Tx) PutInboxItems(agency string, items []InboxItem, seq int64) (int, error) {
	n := 0
	now := ms(time.Now())
	for _, it := range items {
		res, err := t.Exec(`INSERT INTO inbox (portal_id, agency, seq, kind, doc, submitted_at, pulled_at) VALUES (?,?,?,?,?,?,?)
			ON CONFLICT (portal_id) DO NOTHING`, it.PortalID, agency, it.Seq, it.Kind, string(it.Doc), ms(it.SubmittedAt), now)
		if err != nil {
			return n, err
		}
		if k, _ := res.RowsAffected(); k > 0 {
			n++
		}
	}
	_, err := t.Exec(`INSERT INTO inbox_cursor (agency, seq, updated_at) VALUES (?,?,?)
		ON CONFLICT (agency) DO UPDATE SET seq = max(seq, excluded.seq), updated_at = excluded.updated_at`, agency, seq, now)
	return n, err
}

// SetInboxAcked records the position the portal acknowledged.
func (t *Tx) SetInboxAcked(agency string, seq int64) error {
	_, err := t.Exec(`UPDATE inbox_cursor SET acked = max(acked, ?), updated_at = ? WHERE agency = ?`, seq, ms(time.Now()), agency)
	return err
}

// InboxCursor is the agency's position (seq held) and what the portal acknowledged.
func (db *DB) InboxCursor(ctx context.Context, agency string) (seq, acked int64, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT seq, acked FROM inbox_cursor WHERE agency = ?`, agency).Scan(&seq, &acked)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	return seq, acked, err
}

const inboxCols = `id, portal_id, agency, seq, kind, doc, submitted_at, pulled_at, status, dossier_code, reason, decided_by, decided_at, coalesce(ma_tthc, '')`

func scanInbox(s scanner) (InboxItem, error) {
	var it InboxItem
	var doc string
	var sub, pulled, decided int64
	err := s.Scan(&it.ID, &it.PortalID, &it.Agency, &it.Seq, &it.Kind, &doc, &sub, &pulled, &it.Status, &it.DossierCode,
		&it.Reason, &it.DecidedBy, &decided, &it.MaTTHC)
	it.Doc, it.SubmittedAt, it.PulledAt = []byte(doc), fromMs(sub), fromMs(pulled)
	if decided != 0 {
		it.DecidedAt = fromMs(decided)
	}
	return it, err
}

// InboxItems lists items, newest first; status "" lists every state.
func (db *DB) InboxItems(ctx context.Context, status string, limit int) ([]InboxItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+inboxCols+` FROM inbox WHERE (? = '' OR status = ?) ORDER BY id DESC LIMIT ?`,
		status, status, limit)
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

// InboxItem reads one item inside a transaction (queue.ErrNotFound when absent).
func (t *Tx) InboxItem(id int64) (InboxItem, error) {
	it, err := scanInbox(t.QueryRow(`SELECT `+inboxCols+` FROM inbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return it, queue.ErrNotFound
	}
	return it, err
}

// InboxItemByID reads one item from the read pool (queue.ErrNotFound when absent).
func (db *DB) InboxItemByID(ctx context.Context, id int64) (InboxItem, error) {
	it, err := scanInbox(db.r.QueryRowContext(ctx, `SELECT `+inboxCols+` FROM inbox WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return it, queue.ErrNotFound
	}
	return it, err
}

// DecideInboxItem moves a new item to accepted or returned. It reports
// false when the item was no longer new (decided by someone else first).
func (t *Tx) DecideInboxItem(id int64, status, dossierCode, reason, by string, at time.Time) (bool, error) {
	res, err := t.Exec(`UPDATE inbox SET status = ?, dossier_code = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'new'`,
		status, dossierCode, reason, by, ms(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// InboxUnreported lists decided items whose decision has not reached the portal.
func (db *DB) InboxUnreported(ctx context.Context, limit int) ([]InboxItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+inboxCols+` FROM inbox WHERE reported = 0 AND status <> 'new' ORDER BY id LIMIT ?`, limit)
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

// MarkInboxReported records that the item's decision reached the portal.
func (t *Tx) MarkInboxReported(id int64) error {
	_, err := t.Exec(`UPDATE inbox SET reported = 1 WHERE id = ?`, id)
	return err
}

// InboxNewOfKind lists undecided items of a kind in the order they were pulled.
func (db *DB) InboxNewOfKind(ctx context.Context, kind string, limit int) ([]InboxItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+inboxCols+` FROM inbox WHERE status = 'new' AND kind = ? ORDER BY id LIMIT ?`, kind, limit)
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
