package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
)

const ticketCols = `id, day, seq, number, service, priority, appointment_at, status, issued_at, arrival_at,
	called_at, started_at, finished_at, counter, officer, recalls, target_counter`

type scanner interface{ Scan(...any) error }

func scanTicket(s scanner) (queue.Ticket, error) {
	var t queue.Ticket
	var appt, called, started, finished sql.NullInt64
	var issued, arrival int64
	var status string
	err := s.Scan(&t.ID, &t.Day, &t.Seq, &t.Number, &t.Service, &t.Priority, &appt, &status, &issued, &arrival,
		&called, &started, &finished, &t.Counter, &t.Officer, &t.Recalls, &t.TargetCounter)
	if err != nil {
		return t, err
	}
	t.Status = queue.Status(status)
	t.IssuedAt, t.ArrivalAt = fromMs(issued), fromMs(arrival)
	t.AppointmentAt, t.CalledAt, t.StartedAt, t.FinishedAt = fromNullMs(appt), fromNullMs(called), fromNullMs(started), fromNullMs(finished)
	return t, nil
}

func notFound(id string) error {
	return queue.Errf(queue.CodeNotFound, "Không tìm thấy số thứ tự", "ticket %q not found", id)
}

// NextSeq reserves the next number of prefix on day. The row is updated in
// the caller's transaction, so a number is never handed out twice, also
// across a crash.
func (t *Tx) NextSeq(day, prefix string) (int, error) {
	var n int
	err := t.QueryRow(`INSERT INTO ticket_seq (day, prefix, last) VALUES (?, ?, 1)
		ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last`, day, prefix).Scan(&n)
	return n, err
}

// InsertTicket stores a new ticket.
func (t *Tx) InsertTicket(tk queue.Ticket, prefix, device string) error {
	pri := 0
	if tk.Priority != "" {
		pri = 1
	}
	_, err := t.Exec(`INSERT INTO tickets (id, day, prefix, seq, number, service, priority, pri, appointment_at, status,
		issued_at, arrival_at, counter, officer, recalls, target_counter, device) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		tk.ID, tk.Day, prefix, tk.Seq, tk.Number, tk.Service, tk.Priority, pri, msPtr(tk.AppointmentAt), string(tk.Status),
		ms(tk.IssuedAt), ms(tk.ArrivalAt), tk.Counter, tk.Officer, tk.Recalls, tk.TargetCounter, device)
	if err != nil {
		return fmt.Errorf("insert ticket: %w", err)
	}
	return nil
}

// UpdateTicket writes the mutable fields of tk.
func (t *Tx) UpdateTicket(tk queue.Ticket) error {
	res, err := t.Exec(`UPDATE tickets SET service=?, status=?, arrival_at=?, called_at=?, started_at=?, finished_at=?,
		counter=?, officer=?, recalls=?, target_counter=? WHERE id=?`,
		tk.Service, string(tk.Status), ms(tk.ArrivalAt), msPtr(tk.CalledAt), msPtr(tk.StartedAt), msPtr(tk.FinishedAt),
		tk.Counter, tk.Officer, tk.Recalls, tk.TargetCounter, tk.ID)
	if err != nil {
		return fmt.Errorf("update ticket: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return notFound(tk.ID)
	}
	return nil
}

// Ticket reads one ticket inside the transaction.
func (t *Tx) Ticket(id string) (queue.Ticket, error) {
	tk, err := scanTicket(t.QueryRow(`SELECT `+ticketCols+` FROM tickets WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return tk, notFound(id)
	}
	return tk, err
}

// AddWaiting changes the waiting count of service by d and returns the new count.
func (t *Tx) AddWaiting(service string, d int) (int, error) {
	var n int
	err := t.QueryRow(`INSERT INTO waiting (service, n) VALUES (?, max(?, 0))
		ON CONFLICT (service) DO UPDATE SET n = max(n + ?, 0) RETURNING n`, service, d, d).Scan(&n)
	return n, err
}

// Waiting returns the waiting count of one service.
func (t *Tx) Waiting(service string) (int, error) {
	var n int
	err := t.QueryRow(`SELECT n FROM waiting WHERE service=?`, service).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// IssuedToday counts the tickets a service issued on day (for daily caps).
func (t *Tx) IssuedToday(day, prefix string) (int, error) {
	var n int
	err := t.QueryRow(`SELECT last FROM ticket_seq WHERE day=? AND prefix=?`, day, prefix).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// Candidates returns the few waiting tickets the policy must compare for a
// counter: the oldest normal and the oldest priority ticket of each
// service, every due-or-booked appointment of those services and every
// ticket redirected to the counter. The best ticket of a (service, class)
// is always its oldest, so this is exact.
func (t *Tx) Candidates(counter string, services []string) ([]queue.Ticket, error) {
	q, args := candidatesSQL(counter, services)
	return collect(scanTicket)(t.Query(q, args...))
}

// candidatesSQL builds Candidates' one statement (issue 20: it was one per
// part, each a round through database/sql and the VDBE on the call's
// critical path). Parts, in the order the policy has always seen them (k):
//   - the head of each (service, class) queue: one indexed LIMIT 1
//     subquery each (once two statements per service);
//   - the tickets redirected to the counter, oldest first;
//   - the waiting appointments of the services, earliest first.
//
// INDEXED BY pins the plans. Left to itself SQLite read the appointments
// through the old full tickets_target index, i.e. every waiting ticket,
// sorted them, and kept the few with an appointment: O(queue) per call.
// And a parameter compared with a partial index's WHERE (target_counter = ?
// against tickets_wait's target_counter equal to the empty string) makes
// SQLite compile the statement again after every bind: a parse per call.
// Saying target_counter is not empty lets tickets_redirected serve.
func candidatesSQL(counter string, services []string) (string, []any) {
	args := make([]any, 0, 3*len(services)+1)
	for _, s := range services {
		for _, pri := range []int{0, 1} {
			args = append(args, s, pri)
		}
	}
	args = append(args, counter)
	for _, s := range services {
		args = append(args, s)
	}
	if q, ok := candidatesQueries.Load(len(services)); ok {
		return q.(string), args
	}
	q := buildCandidatesSQL(len(services))
	candidatesQueries.Store(len(services), q)
	return q, args
}

// candidatesQueries: Candidates' statement text by number of services.
var candidatesQueries sync.Map

func buildCandidatesSQL(nservices int) string {
	var b strings.Builder
	b.WriteString(`SELECT ` + ticketCols + ` FROM (`)
	k := 0
	arm := func(order, sub string) {
		if k > 0 {
			b.WriteString(` UNION ALL `)
		}
		b.WriteString(`SELECT ` + strconv.Itoa(k) + ` AS k, ` + order + ` AS o, * FROM (SELECT ` + ticketCols + ` FROM tickets ` + sub + `)`)
		k++
	}
	for range nservices {
		for range 2 {
			arm(`0`, `INDEXED BY tickets_wait WHERE service=? AND pri=? AND status='waiting' AND target_counter='' AND appointment_at IS NULL
				ORDER BY arrival_at, seq LIMIT 1`)
		}
	}
	arm(`arrival_at`, `INDEXED BY tickets_redirected WHERE target_counter=? AND target_counter<>'' AND status='waiting'
		ORDER BY arrival_at LIMIT 50`)
	if nservices > 0 {
		arm(`appointment_at`, `INDEXED BY tickets_appt WHERE status='waiting' AND appointment_at IS NOT NULL
			AND target_counter='' AND service IN (`+placeholders(nservices)+`) ORDER BY appointment_at LIMIT 50`)
	}
	b.WriteString(`) ORDER BY k, o`)
	return b.String()
}

// CounterState reads the policy state and status of a counter.
func (t *Tx) CounterState(id string) (CounterRow, error) {
	var c CounterRow
	c.ID = id
	err := t.QueryRow(`SELECT status, reason, officer, consecutive_priority FROM counter_state WHERE id=?`, id).
		Scan(&c.Status, &c.Reason, &c.Officer, &c.ConsecutivePriority)
	if errors.Is(err, sql.ErrNoRows) {
		c.Status = "closed"
		return c, nil
	}
	return c, err
}

// SetCounterState writes a counter's status and policy state.
func (t *Tx) SetCounterState(c CounterRow) error {
	_, err := t.Exec(`INSERT INTO counter_state (id, status, reason, officer, consecutive_priority, updated_at) VALUES (?,?,?,?,?,?)
		ON CONFLICT (id) DO UPDATE SET status=excluded.status, reason=excluded.reason, officer=excluded.officer,
		consecutive_priority=excluded.consecutive_priority, updated_at=excluded.updated_at`,
		c.ID, c.Status, c.Reason, c.Officer, c.ConsecutivePriority, time.Now().UnixMilli())
	return err
}

// CounterRow is a counter's stored state.
type CounterRow struct {
	ID                  string
	Status              string // open, paused, closed
	Reason              string
	Officer             string
	ConsecutivePriority int
}

// CurrentAt returns the called or serving tickets at a counter.
func (t *Tx) CurrentAt(counter string) ([]queue.Ticket, error) {
	return collect(scanTicket)(t.Query(`SELECT `+ticketCols+` FROM tickets WHERE counter=? AND status IN ('called','serving') ORDER BY called_at`, counter))
}

// ExpireBefore cancels the tickets of earlier days that are still active
// (a centre's queue does not carry over to the next morning) and returns
// them.
func (t *Tx) ExpireBefore(day string, now time.Time) ([]queue.Ticket, error) {
	rows, err := t.Query(`SELECT `+ticketCols+` FROM tickets WHERE day < ? AND status IN ('waiting','called','serving','parked')`, day)
	if err != nil {
		return nil, err
	}
	var out []queue.Ticket
	for rows.Next() {
		tk, err := scanTicket(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, tk)
	}
	rows.Close()
	for i := range out {
		if out[i].Status == queue.Waiting && out[i].TargetCounter == "" {
			if _, err := t.AddWaiting(out[i].Service, -1); err != nil {
				return nil, err
			}
		}
		n := now
		out[i].Status, out[i].FinishedAt = queue.Cancelled, &n
		if err := t.UpdateTicket(out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// --- reads on the pool ---

// Ticket reads one ticket.
func (db *DB) Ticket(ctx context.Context, id string) (queue.Ticket, error) {
	tk, err := scanTicket(db.r.QueryRowContext(ctx, `SELECT `+ticketCols+` FROM tickets WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return tk, notFound(id)
	}
	return tk, err
}

// TicketsOfDay lists all tickets of a day (for consistency checks and reports).
func (db *DB) TicketsOfDay(ctx context.Context, day string) ([]queue.Ticket, error) {
	return collect(scanTicket)(db.r.QueryContext(ctx, `SELECT `+ticketCols+` FROM tickets WHERE day=? ORDER BY issued_at, seq`, day))
}

// AheadOf counts the waiting tickets of the same service queued before tk.
func (db *DB) AheadOf(ctx context.Context, tk queue.Ticket) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM tickets
		WHERE service=? AND status='waiting' AND target_counter='' AND appointment_at IS NULL
		AND (arrival_at < ? OR (arrival_at = ? AND seq < ?))`,
		tk.Service, ms(tk.ArrivalAt), ms(tk.ArrivalAt), tk.Seq).Scan(&n)
	return n, err
}

// CounterHasWork reports whether a call-next at counter would change
// anything: a ticket waits for one of its services or for it by name, or a
// ticket is still at the counter (call-next finishes it). Each EXISTS
// matches an index's WHERE exactly, so this stays cheap with a long queue.
func (db *DB) CounterHasWork(ctx context.Context, counter string, services []string) (bool, error) {
	args := []any{counter, counter}
	q := `EXISTS (SELECT 1 FROM tickets INDEXED BY tickets_redirected WHERE target_counter=? AND target_counter<>'' AND status='waiting')
		OR EXISTS (SELECT 1 FROM tickets WHERE counter=? AND status IN ('called','serving'))`
	if len(services) > 0 {
		in := placeholders(len(services))
		q += ` OR EXISTS (SELECT 1 FROM tickets INDEXED BY tickets_wait WHERE service IN (` + in + `) AND status='waiting' AND target_counter='' AND appointment_at IS NULL)
		OR EXISTS (SELECT 1 FROM tickets INDEXED BY tickets_appt WHERE status='waiting' AND appointment_at IS NOT NULL AND target_counter='' AND service IN (` + in + `))`
		for range 2 {
			for _, s := range services {
				args = append(args, s)
			}
		}
	}
	var ok bool
	err := db.readRow(ctx, `SELECT `+q, args...).Scan(&ok)
	return ok, err
}
