package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua/queue"
)

// LiveState is what a snapshot is built from, read in one transaction so
// it matches Seq exactly.
type LiveState struct {
	Seq      int64
	Waiting  map[string]int
	Counters map[string]CounterRow
	Current  map[string]queue.Ticket // counter → its newest called/serving ticket
	Recent   []queue.Event           // newest first
}

// Live reads the state behind a snapshot.
func (db *DB) Live(ctx context.Context, recent int) (*LiveState, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ls := &LiveState{Waiting: map[string]int{}, Counters: map[string]CounterRow{}, Current: map[string]queue.Ticket{}}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM events`).Scan(&ls.Seq); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT service, n FROM waiting`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			rows.Close()
			return nil, err
		}
		ls.Waiting[s] = n
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT id, status, reason, officer, consecutive_priority FROM counter_state`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c CounterRow
		if err := rows.Scan(&c.ID, &c.Status, &c.Reason, &c.Officer, &c.ConsecutivePriority); err != nil {
			rows.Close()
			return nil, err
		}
		ls.Counters[c.ID] = c
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT `+ticketCols+` FROM tickets
		WHERE status IN ('called','serving') ORDER BY called_at`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		tk, err := scanTicket(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ls.Current[tk.Counter] = tk
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT seq, payload FROM events WHERE kind IN (?, ?) ORDER BY seq DESC LIMIT ?`,
		queue.EvCalled, queue.EvRecalled, recent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		ls.Recent = append(ls.Recent, e)
	}
	return ls, rows.Err()
}

func scanEvent(s scanner) (queue.Event, error) {
	var seq int64
	var payload string
	if err := s.Scan(&seq, &payload); err != nil {
		return queue.Event{}, err
	}
	var e queue.Event
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		return e, fmt.Errorf("event %d: %w", seq, err)
	}
	e.Seq = seq
	return e, nil
}

// EventsSince returns up to limit events with seq > since, in order.
func (db *DB) EventsSince(ctx context.Context, since int64, limit int) ([]queue.Event, error) {
	return collect(scanEvent)(db.r.QueryContext(ctx, `SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?`, since, limit))
}

// EventsAfter reports how many events follow since, up to limit, and the
// seq of the last of them (since if none), without reading their payloads:
// a log reader with nobody to tell (no webhook, no phone watching a ticket)
// moves its cursor past them without decoding each one (issue 20: decoding
// was ~10 % of the server's CPU at 4,500 tickets/s). Since events are
// committed in seq order by the one writer, EventsSince(since, n) returns
// exactly the n events this counted.
func (db *DB) EventsAfter(ctx context.Context, since int64, limit int) (last int64, n int, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT coalesce(max(seq), ?), count(*) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?)`, since, since, limit).Scan(&last, &n)
	return last, n, err
}

// EventsOfDay returns the day's events of the given kinds (all if none).
func (db *DB) EventsOfDay(ctx context.Context, day string, kinds ...string) ([]queue.Event, error) {
	q := `SELECT seq, payload FROM events WHERE day=?`
	args := []any{day}
	if len(kinds) > 0 {
		q += ` AND kind IN (` + placeholders(len(kinds)) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	return collect(scanEvent)(db.r.QueryContext(ctx, q+` ORDER BY seq`, args...))
}

// TicketEvents returns the history of one ticket.
func (db *DB) TicketEvents(ctx context.Context, id string) ([]queue.Event, error) {
	return collect(scanEvent)(db.r.QueryContext(ctx, `SELECT seq, payload FROM events WHERE ticket=? ORDER BY seq`, id))
}

// MeanServiceMs returns, per service, the mean service time in ms of the
// last n finished tickets of day.
func (db *DB) MeanServiceMs(ctx context.Context, day string, n int) (map[string]float64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT service, avg(d) FROM (
		SELECT service, finished_at - coalesce(started_at, called_at) AS d,
		       row_number() OVER (PARTITION BY service ORDER BY finished_at DESC) AS rn
		FROM tickets WHERE day=? AND status='done' AND finished_at IS NOT NULL AND called_at IS NOT NULL)
		WHERE rn <= ? GROUP BY service`, day, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var s string
		var v float64
		if err := rows.Scan(&s, &v); err != nil {
			return nil, err
		}
		out[s] = v
	}
	return out, rows.Err()
}

// MaxSeq is the sequence number of the newest event.
func (db *DB) MaxSeq(ctx context.Context) (int64, error) {
	var n int64
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM events`).Scan(&n)
	return n, err
}
