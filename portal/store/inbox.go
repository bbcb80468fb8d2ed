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
			doc TEXT NOT NULL, created_at BIGINT NOT NULL, status TEXT NOT NULL DEFAULT '', dossier_code TEXT NOT NULL DEFAULT '',
			reason TEXT NOT NULL DEFAULT '', decided_at BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (agency, seq)`, false},
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
		// An id already held is answered with the held item (ErrDuplicate),
		// before a number is taken: a repeated transfer burns no number.
		var held portal.Inbound
		err := tx.QueryRowContext(ctx, d.q(`SELECT agency, seq FROM inbound WHERE id = ?`), in.ID).Scan(&held.Agency, &held.Seq)
		if err == nil {
			in.Agency, in.Seq = held.Agency, held.Seq
			return portal.ErrDuplicate
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("inbound: %w", err)
		}
		err = tx.QueryRowContext(ctx, d.q(`INSERT INTO inbound_seq (agency, seq) VALUES (?, 1)
			ON CONFLICT (agency) DO UPDATE SET seq = inbound_seq.seq + 1 RETURNING seq`), in.Agency).Scan(&in.Seq)
		if err != nil {
			return fmt.Errorf("inbound seq: %w", err)
		}
		// The same id put at once by another call (PostgreSQL runs them
		// side by side: both found none above): the insert waits for it and
		// does nothing; answered as a duplicate, and the rollback returns
		// the number taken.
		res, err := tx.ExecContext(ctx, d.q(`INSERT INTO inbound (agency, seq, id, kind, doc, created_at) VALUES (?,?,?,?,?,?)
			ON CONFLICT (id) DO NOTHING`),
			in.Agency, in.Seq, in.ID, in.Kind, string(in.Doc), in.Created.UnixMilli())
		if err != nil {
			return fmt.Errorf("inbound: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("inbound: %w", err)
		} else if n == 0 {
			if err := tx.QueryRowContext(ctx, d.q(`SELECT agency, seq FROM inbound WHERE id = ?`), in.ID).Scan(&in.Agency, &in.Seq); err != nil {
				return fmt.Errorf("inbound: %w", err)
			}
			return portal.ErrDuplicate
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

func (d *db) SetInboundStatus(ctx context.Context, agency, id string, st portal.InboundStatus) (bool, error) {
	var ok bool
	err := d.tx(ctx, func(tx *sql.Tx) error {
		// Decided once: a repeat of the same decision is accepted (the agent
		// may resend it), a different one is not.
		res, err := tx.ExecContext(ctx, d.q(`UPDATE inbound SET status = ?, dossier_code = ?, reason = ?, decided_at = ?
			WHERE agency = ? AND id = ? AND (status = '' OR (status = ? AND dossier_code = ? AND reason = ?))`),
			st.Status, st.DossierCode, st.Reason, st.DecidedAt.UnixMilli(), agency, id, st.Status, st.DossierCode, st.Reason)
		if err != nil {
			return fmt.Errorf("inbound status: %w", err)
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	return ok, err
}

func (d *db) InboundByID(ctx context.Context, id string) (portal.Inbound, error) {
	var in portal.Inbound
	var doc string
	var at, decided int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT agency, seq, id, kind, doc, created_at, status, dossier_code, reason, decided_at
		FROM inbound WHERE id = ?`), id).Scan(&in.Agency, &in.Seq, &in.ID, &in.Kind, &doc, &at, &in.Status.Status,
		&in.Status.DossierCode, &in.Status.Reason, &decided)
	if errors.Is(err, sql.ErrNoRows) {
		return in, portal.ErrNotFound
	}
	if err != nil {
		return in, fmt.Errorf("inbound: %w", err)
	}
	in.Doc, in.Created = []byte(doc), time.UnixMilli(at)
	if decided != 0 {
		in.Status.DecidedAt = time.UnixMilli(decided)
	}
	return in, nil
}

var _ portal.InboxStore = (*db)(nil)
