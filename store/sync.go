package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SyncCursor is the last outbox id the portal acknowledged (or parked).
func (db *DB) SyncCursor(ctx context.Context) (int64, error) {
	var id int64
	err := db.r.QueryRowContext(ctx, `SELECT outbox_id FROM sync_cursor WHERE id=1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// SetSyncCursor advances the cursor; it never moves back.
func (t *Tx) SetSyncCursor(id int64) error {
	_, err := t.Exec(`INSERT INTO sync_cursor (id, outbox_id, updated_at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET outbox_id = max(outbox_id, excluded.outbox_id), updated_at = excluded.updated_at`,
		id, time.Now().UnixMilli())
	return err
}

// Park records an item that will not be sent until an operator acts.
func (t *Tx) Park(outboxID int64, key, service, reason string, blocked bool) error {
	_, err := t.Exec(`INSERT INTO sync_parked (outbox_id, key, service, error, blocked, at) VALUES (?,?,?,?,?,?)
		ON CONFLICT (outbox_id) DO NOTHING`, outboxID, key, service, reason, blocked, time.Now().UnixMilli())
	return err
}

// ParkedKeys lists the keys with parked items.
func (db *DB) ParkedKeys(ctx context.Context) (map[string]bool, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT key FROM sync_parked`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}

// ParkedItem is a parked outbox item.
type ParkedItem struct {
	OutboxID int64
	Key      string
	Service  string
	Error    string
	Blocked  bool
	At       time.Time
}

// Parked lists parked items.
func (db *DB) Parked(ctx context.Context) ([]ParkedItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT outbox_id, key, service, error, blocked, at FROM sync_parked ORDER BY outbox_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ParkedItem
	for rows.Next() {
		var p ParkedItem
		var at int64
		if err := rows.Scan(&p.OutboxID, &p.Key, &p.Service, &p.Error, &p.Blocked, &at); err != nil {
			return nil, err
		}
		p.At = fromMs(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Unpark removes the parked items of key and returns their outbox ids, in
// order, for the agent to send again.
func (t *Tx) Unpark(key string) ([]int64, error) {
	rows, err := t.Query(`SELECT outbox_id FROM sync_parked WHERE key=? ORDER BY outbox_id`, key)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	_, err = t.Exec(`DELETE FROM sync_parked WHERE key=?`, key)
	return ids, err
}

// OutboxByIDs reads specific outbox items in id order.
func (db *DB) OutboxByIDs(ctx context.Context, ids []int64) ([]OutboxItem, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return collect(scanOutbox)(db.r.QueryContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE id IN (`+placeholders(len(ids))+`) ORDER BY id`, args...))
}

// OutboxBacklog is the number of unsent items after cursor and the age of
// the oldest.
func (db *DB) OutboxBacklog(ctx context.Context, cursor int64) (int, time.Duration, error) {
	var n int
	var oldest sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM outbox WHERE id > ?`, cursor).Scan(&n, &oldest)
	if err != nil || !oldest.Valid {
		return n, 0, err
	}
	return n, time.Since(time.UnixMilli(oldest.Int64)), nil
}

// PutProcedure stores a catalogue entry pulled from the portal.
func (t *Tx) PutProcedure(code string, doc []byte, source string) error {
	_, err := t.Exec(`INSERT INTO procedures (code, doc, source, updated_at) VALUES (?,?,?,?)
		ON CONFLICT (code) DO UPDATE SET doc=excluded.doc, source=excluded.source, updated_at=excluded.updated_at`,
		code, string(doc), source, time.Now().UnixMilli())
	return err
}

// Procedures returns the stored catalogue entries (code → JSON document).
func (db *DB) Procedures(ctx context.Context) (map[string][]byte, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT code, doc FROM procedures`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var c, d string
		if err := rows.Scan(&c, &d); err != nil {
			return nil, err
		}
		out[c] = []byte(d)
	}
	return out, rows.Err()
}
