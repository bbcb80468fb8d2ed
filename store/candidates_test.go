package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
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
		q, args := store.CandidateHeadsSQL(svcs)
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
