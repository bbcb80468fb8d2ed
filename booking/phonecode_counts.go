package booking

// Counts of the one-time phone codes for the console's report
// (docs/CONSOLE.md "Reports"): sent, verified (used to make a booking or a
// remote number), expired (ended unused: their 5 minutes passed, or a newer
// code to the same phone replaced them) and refused by the code limits.
// Counts only, per day (Vietnam time, the day the event happened), in
// phone_code_counts; never a phone number, a code or an address.
//
// Sent, verified and expired are counted in the write that sends, uses or
// deletes the code. Refusals happen on the path a flood takes, so they are
// tallied in memory (no write per refusal) and written by the hourly
// forgetting (a crash loses at most that hour's refusals); the report adds
// what is still in memory, reading both under the forgetting's lock so a
// refusal is never counted twice or missed.

import (
	"context"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// CodeCounts are the phone codes of a period.
type CodeCounts struct {
	Sent     int `json:"sent"`
	Verified int `json:"verified"`
	Expired  int `json:"expired"`
	Refused  int `json:"refused"` // sends refused by the limits (per network, per phone, cooldown, the centre's budget)
}

// refusalTally holds the refusals not yet written, per day.
type refusalTally struct {
	mu     sync.Mutex
	perDay map[string]int
	// flushMu: held by the forgetting across its write and the tally's
	// update (forgetCodes), and by the report across its reads.
	flushMu sync.RWMutex
}

var tallies sync.Map // *Service → *refusalTally

func (s *Service) tally() *refusalTally {
	v, _ := tallies.LoadOrStore(s, &refusalTally{perDay: map[string]int{}})
	return v.(*refusalTally)
}

// maxTallyDays bounds the days held in memory (a clock gone wrong cannot grow it).
const maxTallyDays = 62

// codeRefused counts a send refused by a limit.
func (s *Service) codeRefused() {
	t := s.tally()
	day := queue.Day(s.now())
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.perDay[day]; !ok && len(t.perDay) >= maxTallyDays {
		return
	}
	t.perDay[day]++
}

// flushRefusals writes the tallied refusals in tx and empties the tally
// once tx committed (done(true)); on a failed write they stay for the next.
func (s *Service) flushRefusals(tx *store.Tx) (done func(committed bool), err error) {
	t := s.tally()
	t.mu.Lock()
	snap := make(map[string]int, len(t.perDay))
	for d, n := range t.perDay {
		snap[d] = n
	}
	t.mu.Unlock()
	for d, n := range snap {
		if err := bumpCounts(tx, d, "refused", n); err != nil {
			return nil, err
		}
	}
	return func(committed bool) {
		if !committed {
			return
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		for d, n := range snap {
			if t.perDay[d] -= n; t.perDay[d] <= 0 {
				delete(t.perDay, d)
			}
		}
	}, nil
}

// bumpCounts adds n to one column of a day's counts.
func bumpCounts(tx *store.Tx, day, col string, n int) error {
	if n == 0 {
		return nil
	}
	var q string
	switch col { // fixed column names only
	case "sent":
		q = `INSERT INTO phone_code_counts (day, sent) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET sent = sent + excluded.sent`
	case "verified":
		q = `INSERT INTO phone_code_counts (day, verified) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET verified = verified + excluded.verified`
	case "expired":
		q = `INSERT INTO phone_code_counts (day, expired) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET expired = expired + excluded.expired`
	case "refused":
		q = `INSERT INTO phone_code_counts (day, refused) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET refused = refused + excluded.refused`
	default:
		panic("booking: unknown count " + col)
	}
	_, err := tx.Exec(q, day, n)
	return err
}

// countEnded counts as expired, before they are deleted, the unused codes
// that match where (a condition on phone_codes with args): each on the day
// its lifetime ended, or today when it is replaced before that.
func (s *Service) countEnded(tx *store.Tx, where string, args ...any) error {
	rows, err := tx.Query(`SELECT expires_at FROM phone_codes WHERE used_at = 0 AND (`+where+`)`, args...)
	if err != nil {
		return err
	}
	now := s.now()
	perDay := map[string]int{}
	for rows.Next() {
		var exp int64
		if err := rows.Scan(&exp); err != nil {
			rows.Close()
			return err
		}
		at := time.UnixMilli(exp)
		if at.After(now) {
			at = now
		}
		perDay[queue.Day(at)]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for d, n := range perDay {
		if err := bumpCounts(tx, d, "expired", n); err != nil {
			return err
		}
	}
	return nil
}

// CodeReport counts the phone codes of the days from..to (YYYY-MM-DD).
func (s *Service) CodeReport(ctx context.Context, from, to string) (CodeCounts, error) {
	t := s.tally()
	t.flushMu.RLock()
	defer t.flushMu.RUnlock()
	var c CodeCounts
	err := s.db.Read().QueryRowContext(ctx, `SELECT COALESCE(SUM(sent), 0), COALESCE(SUM(verified), 0), COALESCE(SUM(expired), 0), COALESCE(SUM(refused), 0)
		FROM phone_code_counts WHERE day BETWEEN ? AND ?`, from, to).Scan(&c.Sent, &c.Verified, &c.Expired, &c.Refused)
	if err != nil {
		return c, err
	}
	// Codes whose 5 minutes passed unused and that are not deleted yet (the
	// hourly forgetting counts them when it deletes them).
	now := s.now()
	rows, err := s.db.Read().QueryContext(ctx, `SELECT expires_at FROM phone_codes WHERE used_at = 0 AND expires_at <= ?`, now.UnixMilli())
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var exp int64
		if err := rows.Scan(&exp); err != nil {
			rows.Close()
			return c, err
		}
		if d := queue.Day(time.UnixMilli(exp)); d >= from && d <= to {
			c.Expired++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, err
	}
	t.mu.Lock()
	for d, n := range t.perDay {
		if d >= from && d <= to {
			c.Refused += n
		}
	}
	t.mu.Unlock()
	return c, nil
}
