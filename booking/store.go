package booking

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Booking statuses. checking_in is the claim a kiosk takes before the
// ticket is issued, so two kiosks cannot check the same booking in.
const (
	StatusBooked     = "booked"
	StatusCheckingIn = "checking_in"
	StatusCheckedIn  = "checked_in"
	StatusCancelled  = "cancelled"
)

// Record is a stored booking (no code, no phone: only their digests).
type Record struct {
	Service   string
	Sector    string
	Day       string
	Start     time.Time
	End       time.Time
	PhoneMask string
	Status    string
	Late      bool
	TicketID  string
}

// person is who books: the HMACs of their phone and CCCD.
type person struct{ phone, cccd string }

func codeHash(code string) string {
	h := sha256.Sum256([]byte(code))
	return hex.EncodeToString(h[:])
}

func mac(key []byte, kind, v string) string {
	if v == "" {
		return ""
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(kind + "\x00" + v))
	return hex.EncodeToString(m.Sum(nil))
}

var errNoBooking = queue.Errf(queue.CodeNotFound,
	"Không tìm thấy lịch hẹn với mã này. Xin kiểm tra lại mã đặt lịch.", "no booking with this code")

// held counts what a person holds on a day (live bookings and remote
// numbers, a claim in progress included), by phone or CCCD, leaving out the
// booking except (one being moved). A remote claim made before staleBefore
// (ms; left by a server that died between the claim and the ticket) does
// not count.
func held(tx *store.Tx, day string, p person, except string, staleBefore int64) (Held, error) {
	h := Held{Sector: map[string]int{}}
	rows, err := tx.Query(`SELECT sector, COUNT(*) FROM (
		SELECT sector FROM bookings WHERE day = ? AND status != 'cancelled' AND code_hash != ?
			AND (phone_hmac = ? OR (cccd_hmac != '' AND cccd_hmac = ?))
		UNION ALL
		SELECT sector FROM remote_tickets WHERE day = ? AND (status = 'issued' OR created_at >= ?)
			AND (phone_hmac = ? OR (cccd_hmac != '' AND cccd_hmac = ?))
		) GROUP BY sector`, day, except, p.phone, p.cccd, day, staleBefore, p.phone, p.cccd)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return h, err
		}
		h.Sector[s] = n
		h.Day += n
	}
	return h, rows.Err()
}

func taken(q interface {
	QueryRow(string, ...any) *sql.Row
}, service string, start time.Time) (int, error) {
	var n int
	err := q.QueryRow(`SELECT COUNT(*) FROM bookings WHERE service = ? AND slot_start = ? AND status != 'cancelled'`,
		service, start.UnixMilli()).Scan(&n)
	return n, err
}

// takenBetween counts the live bookings of each slot of a service starting
// in [from, to) (the index on service, slot_start serves it).
func takenBetween(ctx context.Context, db *store.DB, service string, from, to time.Time) (map[int64]int, error) {
	rows, err := db.Read().QueryContext(ctx, `SELECT slot_start, COUNT(*) FROM bookings
		WHERE service = ? AND slot_start >= ? AND slot_start < ? AND status != 'cancelled' GROUP BY slot_start`,
		service, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var s int64
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

func scanRecord(row *sql.Row) (Record, error) {
	var r Record
	var start, end int64
	var late int
	err := row.Scan(&r.Service, &r.Sector, &r.Day, &start, &end, &r.PhoneMask, &r.Status, &late, &r.TicketID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errNoBooking
	}
	r.Start, r.End, r.Late = time.UnixMilli(start).In(queue.Loc), time.UnixMilli(end).In(queue.Loc), late != 0
	return r, err
}

const recordCols = `service, sector, day, slot_start, slot_end, phone_mask, status, late, ticket_id`

func load(ctx context.Context, db *store.DB, code string) (Record, error) {
	return scanRecord(db.Read().QueryRowContext(ctx, `SELECT `+recordCols+` FROM bookings WHERE code_hash = ?`, codeHash(code)))
}

// Report counts the bookings of the slots in [from, to] (days, YYYY-MM-DD):
// a booking still "booked" after its check-in window is a no-show. Remote
// holds the remote numbers of the same days (the console report's figures).
type Report struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Total     int    `json:"total"`
	CheckedIn int    `json:"checked_in"`
	Late      int    `json:"late"`
	Cancelled int    `json:"cancelled"`
	NoShow    int    `json:"no_show"`
	Pending   int    `json:"pending"`

	Remote RemoteCounts `json:"remote"`
	// Codes: the one-time phone codes of those days (phonecode_counts.go).
	Codes CodeCounts `json:"phone_codes"`
}

func report(ctx context.Context, db *store.DB, from, to string, cutoff time.Time) (Report, error) {
	r := Report{From: from, To: to}
	err := db.Read().QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(status = 'checked_in'), 0),
		COALESCE(SUM(status = 'checked_in' AND late = 1), 0),
		COALESCE(SUM(status = 'cancelled'), 0),
		COALESCE(SUM(status IN ('booked', 'checking_in') AND slot_start < ?), 0),
		COALESCE(SUM(status IN ('booked', 'checking_in') AND slot_start >= ?), 0)
		FROM bookings WHERE day BETWEEN ? AND ?`, cutoff.UnixMilli(), cutoff.UnixMilli(), from, to).
		Scan(&r.Total, &r.CheckedIn, &r.Late, &r.Cancelled, &r.NoShow, &r.Pending)
	return r, err
}

// forget blanks the phone and CCCD digests and the masked phone of bookings
// whose day is before day: the caps need them only until then, the
// statistics never (docs/SECURITY.md, retention).
func forget(ctx context.Context, db *store.DB, day string) (int64, error) {
	var n int64
	err := db.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(`UPDATE bookings SET phone_hmac = '', cccd_hmac = '', phone_mask = ''
			WHERE day < ? AND (phone_hmac != '' OR cccd_hmac != '' OR phone_mask != '')`, day)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		res, err = tx.Exec(`UPDATE remote_tickets SET phone_hmac = '', cccd_hmac = ''
			WHERE day < ? AND (phone_hmac != '' OR cccd_hmac != '')`, day)
		if err != nil {
			return err
		}
		m, err := res.RowsAffected()
		n += m
		return err
	})
	return n, err
}
