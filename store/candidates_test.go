package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Candidates' one-statement heads give exactly the list (and order) of the
// statement-per-(service, class) queries they replaced, over a random hall:
// services with and without waiting tickets, priority and normal classes,
// equal arrival times, appointments, tickets redirected to counters and
// tickets no longer waiting.
func TestCandidatesSameAsOneQueryPerQueue(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	svcs := seedRandomHall(t, db)
	old := func(tx *store.Tx, services []string) (ids []string, err error) {
		for _, s := range services {
			for _, pri := range []int{0, 1} {
				var id string
				err := tx.QueryRow(`SELECT id FROM tickets
					WHERE service=? AND pri=? AND status='waiting' AND target_counter='' AND appointment_at IS NULL
					ORDER BY arrival_at, seq LIMIT 1`, s, pri).Scan(&id)
				if err == nil {
					ids = append(ids, id)
				} else if !strings.Contains(err.Error(), "no rows") {
					return nil, err
				}
			}
		}
		return ids, nil
	}
	cases := [][]string{{"a"}, {"f"}, {"a", "b"}, {"c", "f", "a"}, svcs, {"e", "d", "c", "b", "a"}}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		for _, services := range cases {
			want, err := old(tx, services)
			if err != nil {
				return err
			}
			cands, err := tx.Candidates("q9", services) // q9: no redirected tickets
			if err != nil {
				return err
			}
			var got []string
			for _, c := range cands {
				if c.AppointmentAt == nil {
					got = append(got, c.ID)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("services %v: heads %v, one query per queue gives %v", services, got, want)
			}
			if len(want) < 2 && len(services) > 2 {
				t.Errorf("services %v: only %d heads: the random hall is too thin to test anything", services, len(want))
			}
		}
		// Every head still reads the waiting-queue index, not the table.
		q, args := store.CandidatesSQL("q1", svcs)
		rows, err := tx.Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			plan = append(plan, detail)
		}
		if n := strings.Count(strings.Join(plan, "\n"), "USING INDEX tickets_wait"); n != 2*len(svcs) {
			t.Errorf("%d of %d heads use tickets_wait:\n%s", n, 2*len(svcs), strings.Join(plan, "\n"))
		}
		return rows.Err()
	}); err != nil {
		t.Fatal(err)
	}
}

// seedRandomHall writes 400 tickets over services a–e (f has none): priority
// and normal, equal arrival times, appointments, tickets redirected to q1 or
// q2, and some already done. It returns the services a–f.
func seedRandomHall(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 11))
	svcs := []string{"a", "b", "c", "d", "e", "f"}
	base := time.Now().Truncate(time.Second)
	if err := db.Write(ctx, func(tx *store.Tx) error {
		for i := range 400 {
			svc := svcs[rng.IntN(5)] // "f" never has a ticket
			at := base.Add(time.Duration(rng.IntN(60)) * time.Second)
			day := queue.Day(at)
			seq, err := tx.NextSeq(day, "A")
			if err != nil {
				return err
			}
			tk := queue.Ticket{ID: fmt.Sprintf("t%d", i), Number: fmt.Sprintf("A%03d", seq), Day: day, Seq: seq,
				Service: svc, Status: queue.Waiting, IssuedAt: at, ArrivalAt: at}
			switch r := rng.IntN(10); {
			case r < 3:
				tk.Priority = "elderly"
			case r == 3:
				appt := at.Add(time.Hour)
				tk.AppointmentAt = &appt
			case r == 4:
				tk.TargetCounter = []string{"q1", "q2"}[rng.IntN(2)]
			case r == 5:
				tk.Status = queue.Done
			}
			if err := tx.InsertTicket(tk, "A", "dev"); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return svcs
}

// Candidates is one statement (issue 20): it gives the same tickets, in the
// same parts and order, as the three statements it replaced — heads, then
// the tickets redirected to the counter by arrival, then appointments by
// time (ties within a part may come in either order, as before).
func TestCandidatesOneStatementSameAsParts(t *testing.T) {
	db, _ := openTemp(t)
	svcs := seedRandomHall(t, db)
	ids := func(tx *store.Tx, q string, args ...any) (out []queue.Ticket, err error) {
		rows, err := tx.Query(`SELECT id, arrival_at, coalesce(appointment_at, 0) FROM tickets `+q, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var tk queue.Ticket
			var arr, appt int64
			if err := rows.Scan(&tk.ID, &arr, &appt); err != nil {
				return nil, err
			}
			tk.ArrivalAt = time.UnixMilli(arr)
			if appt != 0 {
				a := time.UnixMilli(appt)
				tk.AppointmentAt = &a
			}
			out = append(out, tk)
		}
		return out, rows.Err()
	}
	key := func(parts [][]queue.Ticket) []string {
		var out []string
		for i, p := range parts {
			ks := make([]string, len(p))
			for j, tk := range p {
				at := tk.ArrivalAt
				if i == 2 {
					at = *tk.AppointmentAt
				}
				ks[j] = fmt.Sprintf("%d/%013d/%s", i, at.UnixMilli(), tk.ID)
			}
			if i > 0 {
				sort.Strings(ks) // ties within a part: any order
			}
			out = append(out, ks...)
		}
		return out
	}
	n := 0
	if err := db.Write(context.Background(), func(tx *store.Tx) error {
		for _, counter := range []string{"q1", "q2", "q9"} {
			for _, services := range [][]string{{"a"}, {"f"}, {"a", "b"}, {"c", "f", "a"}, svcs} {
				var old [3][]queue.Ticket
				for _, s := range services {
					for _, pri := range []int{0, 1} {
						h, err := ids(tx, `WHERE service=? AND pri=? AND status='waiting' AND target_counter='' AND appointment_at IS NULL
							ORDER BY arrival_at, seq LIMIT 1`, s, pri)
						if err != nil {
							return err
						}
						old[0] = append(old[0], h...)
					}
				}
				var err error
				if old[1], err = ids(tx, `WHERE status='waiting' AND target_counter=? ORDER BY arrival_at LIMIT 50`, counter); err != nil {
					return err
				}
				in := strings.TrimSuffix(strings.Repeat("?,", len(services)), ",")
				args := make([]any, len(services))
				for i, s := range services {
					args[i] = s
				}
				if old[2], err = ids(tx, `WHERE status='waiting' AND appointment_at IS NOT NULL AND target_counter='' AND service IN (`+in+`)
					ORDER BY appointment_at LIMIT 50`, args...); err != nil {
					return err
				}
				got, err := tx.Candidates(counter, services)
				if err != nil {
					return err
				}
				var parts [3][]queue.Ticket
				for _, c := range got {
					switch {
					case c.TargetCounter != "":
						parts[1] = append(parts[1], c)
					case c.AppointmentAt != nil:
						parts[2] = append(parts[2], c)
					default:
						parts[0] = append(parts[0], c)
					}
				}
				// The parts come in order: heads, redirected, appointments.
				for i, c := range got {
					if i == 0 {
						continue
					}
					p, prev := partOf(c), got[i-1]
					if p < partOf(prev) {
						t.Errorf("%s %v: %s (part %d) after %s (part %d)", counter, services, c.ID, p, prev.ID, partOf(prev))
					}
					if p == partOf(prev) && (p == 1 && c.ArrivalAt.Before(prev.ArrivalAt) || p == 2 && c.AppointmentAt.Before(*prev.AppointmentAt)) {
						t.Errorf("%s %v: %s before %s out of time order in part %d", counter, services, prev.ID, c.ID, p)
					}
				}
				if w, g := key(old[:]), key(parts[:]); fmt.Sprint(g) != fmt.Sprint(w) {
					t.Errorf("%s %v:\n got %v\nwant %v", counter, services, g, w)
				}
				n += len(old[1]) + len(old[2])
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no redirected tickets or appointments in the hall: nothing tested")
	}
}

func partOf(c queue.Ticket) int {
	switch {
	case c.TargetCounter != "":
		return 1
	case c.AppointmentAt != nil:
		return 2
	}
	return 0
}
