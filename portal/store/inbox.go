package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
)

// The inbound channel's tables (portal.InboxStore), added to the schema
// here so the channel stays in its own file.
func init() {
	tables = append(tables,
		// inbound_seq holds each agency's last sequence number. Taking the
		// next number updates this row, which stays locked until commit, so
		// the numbers of one agency become visible in order and without
		// gaps: an agent reading "after N" never skips an item that commits
		// later with a smaller number.
		struct {
			name, cols  string
			partitioned bool
		}{"inbound_seq", `agency TEXT PRIMARY KEY, seq BIGINT NOT NULL`, false},
		struct {
			name, cols  string
			partitioned bool
		}{"inbound", `agency TEXT NOT NULL, seq BIGINT NOT NULL, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
			doc TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (agency, seq)`, false},
		struct {
			name, cols  string
			partitioned bool
		}{"inbound_ack", `agency TEXT PRIMARY KEY, seq BIGINT NOT NULL, at BIGINT NOT NULL`, false},
	)
}

func (d *db) PutInbound(ctx context.Context, in portal.Inbound) (portal.Inbound, error) {
	if in.Created.IsZero() {
		in.Created = time.Now()
	}
	err := d.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, d.q(`INSERT INTO inbound_seq (agency, seq) VALUES (?, 1)
			ON CONFLICT (agency) DO UPDATE SET seq = inbound_seq.seq + 1 RETURNING seq`), in.Agency).Scan(&in.Seq)
		if err != nil {
			return fmt.Errorf("inbound seq: %w", err)
		}
		_, err = tx.ExecContext(ctx, d.q(`INSERT INTO inbound (agency, seq, id, kind, doc, created_at) VALUES (?,?,?,?,?,?)`),
			in.Agency, in.Seq, in.ID, in.Kind, string(in.Doc), in.Created.UnixMilli())
		if err != nil {
			return fmt.Errorf("inbound: %w", err)
		}
		return nil
	})
	return in, err
}

func (d *db) InboundAfter(ctx context.Context, agency string, after int64, limit int) ([]portal.Inbound, error) {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT agency, seq, id, kind, doc, created_at FROM inbound
		WHERE agency = ? AND seq > ? ORDER BY seq LIMIT ?`), agency, after, limit)
	if err != nil {
		return nil, fmt.Errorf("inbound: %w", err)
	}
	defer rows.Close()
	var out []portal.Inbound
	for rows.Next() {
		var in portal.Inbound
		var doc string
		var at int64
		if err := rows.Scan(&in.Agency, &in.Seq, &in.ID, &in.Kind, &doc, &at); err != nil {
			return nil, fmt.Errorf("inbound: %w", err)
		}
		in.Doc, in.Created = []byte(doc), time.UnixMilli(at)
		out = append(out, in)
	}
	return out, rows.Err()
}

func (d *db) AckInbound(ctx context.Context, agency string, seq int64, at time.Time) error {
	return d.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, d.q(`INSERT INTO inbound_ack (agency, seq, at) VALUES (?,?,?)
			ON CONFLICT (agency) DO UPDATE SET seq = excluded.seq, at = excluded.at WHERE excluded.seq > inbound_ack.seq`),
			agency, seq, at.UnixMilli())
		if err != nil {
			return fmt.Errorf("inbound ack: %w", err)
		}
		return nil
	})
}

func (d *db) InboundAcked(ctx context.Context, agency string) (int64, error) {
	var seq int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT seq FROM inbound_ack WHERE agency = ?`), agency).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return seq, err
}

func (d *db) AgencyServed(ctx context.Context, agency string) (bool, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT agencies FROM centres`)
	if err != nil {
		return false, fmt.Errorf("centres: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var list string
		if err := rows.Scan(&list); err != nil {
			return false, err
		}
		for _, a := range strings.Split(list, ",") {
			if a == agency {
				return true, nil
			}
		}
	}
	return false, rows.Err()
}

var _ portal.InboxStore = (*db)(nil)
