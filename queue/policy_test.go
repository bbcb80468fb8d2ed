package queue

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 3, 8, 0, 0, 0, Loc)

// tk builds a waiting ticket that arrived min minutes after t0.
func tk(id, service string, min int, opts ...func(*Ticket)) Ticket {
	seq := 0
	fmt.Sscanf(id[1:], "%d", &seq)
	t := Ticket{ID: id, Number: id, Seq: seq, Service: service, Status: Waiting,
		IssuedAt: t0.Add(time.Duration(min) * time.Minute), ArrivalAt: t0.Add(time.Duration(min) * time.Minute)}
	for _, o := range opts {
		o(&t)
	}
	return t
}

func prio(t *Ticket)                { t.Priority = "caotuoi" }
func status(s Status) func(*Ticket) { return func(t *Ticket) { t.Status = s } }
func target(k string) func(*Ticket) { return func(t *Ticket) { t.TargetCounter = k } }
func appt(min int) func(*Ticket) {
	return func(t *Ticket) { a := t0.Add(time.Duration(min) * time.Minute); t.AppointmentAt = &a }
}
func arrived(min int) func(*Ticket) {
	return func(t *Ticket) { t.ArrivalAt = t0.Add(time.Duration(min) * time.Minute) }
}
func issuedAt(min int) func(*Ticket) {
	return func(t *Ticket) { t.IssuedAt = t0.Add(time.Duration(min) * time.Minute) }
}
func ctr(services map[string]int) Counter {
	return Counter{ID: "q1", Number: 1, Name: "Quầy 1", Services: services}
}

func TestNext(t *testing.T) {
	one := ctr(map[string]int{"a": 1})
	ab := ctr(map[string]int{"a": 1, "b": 1})
	aHeavy := ctr(map[string]int{"a": 3, "b": 1})
	tests := []struct {
		name   string
		cands  []Ticket
		k      Counter
		st     CounterState
		only   string
		nowMin int
		want   string // ticket id, "" = none
		reason Reason
		policy *Policy
	}{
		{name: "empty", k: one, nowMin: 10, want: ""},
		{name: "fifo", k: one, nowMin: 10, cands: []Ticket{tk("t3", "a", 3), tk("t1", "a", 1), tk("t2", "a", 2)}, want: "t1", reason: ReasonOrder},
		{name: "same arrival lower seq", k: one, nowMin: 10, cands: []Ticket{tk("t5", "a", 1), tk("t4", "a", 1)}, want: "t4", reason: ReasonOrder},
		{name: "equal weights are fifo across services", k: ab, nowMin: 10, cands: []Ticket{tk("t2", "b", 2), tk("t1", "a", 3)}, want: "t2", reason: ReasonOrder},
		// weight 3 for a: a (waited 2 min → (120+60)*3=540) beats b (waited 5 min → (300+60)*1=360).
		{name: "weight favours a", k: aHeavy, nowMin: 10, cands: []Ticket{tk("t1", "b", 5), tk("t2", "a", 8)}, want: "t2", reason: ReasonOrder},
		// but b waited long enough ((1200+60)*1=1260 > (60+60)*3=360) to win: weights do not starve.
		{name: "weight does not starve", k: aHeavy, nowMin: 20, cands: []Ticket{tk("t1", "b", 0), tk("t2", "a", 19)}, want: "t1", reason: ReasonOrder},
		{name: "service not served", k: one, nowMin: 10, cands: []Ticket{tk("t1", "b", 0)}, want: ""},
		{name: "non-waiting ignored", k: one, nowMin: 10, cands: []Ticket{tk("t1", "a", 0, status(Called)), tk("t2", "a", 1, status(Parked)), tk("t3", "a", 2)}, want: "t3", reason: ReasonOrder},
		{name: "priority first", k: one, nowMin: 10, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 5, prio)}, want: "t2", reason: ReasonPriority},
		{name: "priority fifo among priority", k: one, nowMin: 10, cands: []Ticket{tk("t3", "a", 6, prio), tk("t2", "a", 5, prio)}, want: "t2", reason: ReasonPriority},
		{name: "interleave after K", k: one, nowMin: 10, st: CounterState{ConsecutivePriority: 2}, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 5, prio)}, want: "t1", reason: ReasonInterleave},
		{name: "below K still priority", k: one, nowMin: 10, st: CounterState{ConsecutivePriority: 1}, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 5, prio)}, want: "t2", reason: ReasonPriority},
		{name: "after K priority when no normal waits", k: one, nowMin: 10, st: CounterState{ConsecutivePriority: 5}, cands: []Ticket{tk("t2", "a", 5, prio)}, want: "t2", reason: ReasonPriority},
		{name: "aging beats priority", k: one, nowMin: 31, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 5, prio)}, want: "t1", reason: ReasonAging},
		{name: "aging exactly at the guard", k: one, nowMin: 30, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 5, prio)}, want: "t1", reason: ReasonAging},
		{name: "just under aging", k: one, nowMin: 29, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 5, prio)}, want: "t2", reason: ReasonPriority},
		{name: "aging guard configurable", k: one, nowMin: 11, policy: &Policy{InterleaveK: 2, AgingMin: 10, AppointmentEarlyMin: 10, MaxRecalls: 3}, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 5, prio)}, want: "t1", reason: ReasonAging},
		{name: "appointment due beats priority and aging", k: one, nowMin: 60, cands: []Ticket{tk("t1", "a", 0), tk("t2", "a", 1, prio), tk("t3", "a", 50, appt(65))}, want: "t3", reason: ReasonAppointment},
		{name: "appointment early window", k: one, nowMin: 20, cands: []Ticket{tk("t1", "a", 0), tk("t3", "a", 15, appt(30))}, want: "t3", reason: ReasonAppointment},
		{name: "appointment not yet due waits", k: one, nowMin: 19, cands: []Ticket{tk("t1", "a", 0), tk("t3", "a", 15, appt(30))}, want: "t1", reason: ReasonOrder},
		// Before its slot a booked ticket still ranks as a walk-in by arrival
		// (Hanoi practice: same rank as walk-ins by time); the slot only lifts it.
		{name: "appointment not due ranks as walk-in", k: one, nowMin: 0, cands: []Ticket{tk("t3", "a", 0, appt(60))}, want: "t3", reason: ReasonOrder},
		{name: "earliest slot first", k: one, nowMin: 60, cands: []Ticket{tk("t3", "a", 0, appt(50)), tk("t4", "a", 1, appt(40))}, want: "t4", reason: ReasonAppointment},
		{name: "redirect beats everything", k: one, nowMin: 60, cands: []Ticket{tk("t1", "a", 0), tk("t3", "a", 0, appt(50)), tk("t9", "b", 40, target("q1"))}, want: "t9", reason: ReasonRedirect},
		{name: "redirect to another counter invisible", k: one, nowMin: 60, cands: []Ticket{tk("t9", "a", 0, target("q2"))}, want: ""},
		{name: "redirect oldest first", k: one, nowMin: 60, cands: []Ticket{tk("t9", "b", 40, target("q1")), tk("t8", "b", 30, target("q1"))}, want: "t8", reason: ReasonRedirect},
		// A ticket transferred from b to a keeps its arrival (minute 1) and
		// goes before tickets of a that arrived later, even though it was
		// re-queued at minute 9.
		{name: "transfer keeps arrival", k: one, nowMin: 10, cands: []Ticket{tk("t2", "a", 5), tk("t1", "a", 9, arrived(1), issuedAt(1))}, want: "t1", reason: ReasonOrder},
		{name: "only service", k: ab, nowMin: 10, only: "b", cands: []Ticket{tk("t1", "a", 0), tk("t2", "b", 5)}, want: "t2", reason: ReasonOrder},
		{name: "only service none", k: ab, nowMin: 10, only: "b", cands: []Ticket{tk("t1", "a", 0)}, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPolicy
			if tt.policy != nil {
				p = *tt.policy
			}
			got, reason, ok := Next(tt.cands, tt.k, tt.st, tt.only, t0.Add(time.Duration(tt.nowMin)*time.Minute), p)
			if tt.want == "" {
				if ok {
					t.Fatalf("got %s (%s), want none", got.ID, reason)
				}
				return
			}
			if !ok || got.ID != tt.want || reason != tt.reason {
				t.Fatalf("got %s (%s, %v), want %s (%s)", got.ID, reason, ok, tt.want, tt.reason)
			}
		})
	}
}

func TestCounterStateAfter(t *testing.T) {
	s := CounterState{}
	s = s.After(Ticket{Priority: "caotuoi"}, ReasonPriority)
	s = s.After(Ticket{Priority: "caotuoi"}, ReasonPriority)
	if s.ConsecutivePriority != 2 {
		t.Fatalf("after two priority calls: %d", s.ConsecutivePriority)
	}
	// A priority ticket called for another reason (redirect, appointment)
	// neither counts nor resets.
	if got := s.After(Ticket{Priority: "caotuoi"}, ReasonRedirect); got.ConsecutivePriority != 2 {
		t.Errorf("priority via redirect: %d", got.ConsecutivePriority)
	}
	for _, r := range []Reason{ReasonInterleave, ReasonOrder, ReasonAging, ReasonAppointment} {
		if got := s.After(Ticket{}, r); got.ConsecutivePriority != 0 {
			t.Errorf("normal via %s: %d", r, got.ConsecutivePriority)
		}
	}
}

// Simulates one counter draining a queue where priority tickets keep
// arriving: normal tickets are never passed over by more than InterleaveK
// priority tickets in a row, and FIFO holds within each class.
func TestNoStarvation(t *testing.T) {
	for _, k := range []int{1, 2, 3} {
		t.Run(fmt.Sprint("K=", k), func(t *testing.T) {
			p := testPolicy
			p.InterleaveK = k
			c := ctr(map[string]int{"a": 1})
			var waiting []Ticket
			for i := 0; i < 30; i++ {
				opt := func(*Ticket) {}
				if i%3 != 0 { // two of three tickets are priority
					opt = prio
				}
				waiting = append(waiting, tk(fmt.Sprintf("t%d", i+1), "a", 0, opt, func(t *Ticket) { t.ArrivalAt = t0.Add(time.Duration(i) * time.Second) }))
			}
			st := CounterState{}
			run := 0
			lastNormal, lastPrio := -1, -1
			now := t0.Add(time.Minute) // well inside the aging guard
			for len(waiting) > 0 {
				next, reason, ok := Next(waiting, c, st, "", now, p)
				if !ok {
					t.Fatal("nothing chosen while tickets wait")
				}
				hasNormal := false
				for _, w := range waiting {
					hasNormal = hasNormal || w.Priority == ""
				}
				if next.Priority != "" {
					run++
					if hasNormal && run > k {
						t.Fatalf("%d priority calls in a row with a normal ticket waiting", run)
					}
					if next.Seq < lastPrio {
						t.Fatalf("priority out of order: %d after %d", next.Seq, lastPrio)
					}
					lastPrio = next.Seq
				} else {
					run = 0
					if next.Seq < lastNormal {
						t.Fatalf("normal out of order: %d after %d", next.Seq, lastNormal)
					}
					lastNormal = next.Seq
				}
				st = st.After(next, reason)
				for i := range waiting {
					if waiting[i].ID == next.ID {
						waiting = append(waiting[:i], waiting[i+1:]...)
						break
					}
				}
			}
		})
	}
}

func TestEstimateWait(t *testing.T) {
	tests := []struct {
		ahead, open int
		mean        time.Duration
		want        time.Duration
	}{
		{0, 1, 8 * time.Minute, 8 * time.Minute},
		{3, 2, 8 * time.Minute, 16 * time.Minute},
		{5, 0, 2 * time.Minute, 12 * time.Minute}, // no open counter counts as one
		{1, 3, 5 * time.Minute, 3 * time.Minute},  // 3.33 min rounds to 3
	}
	for _, tt := range tests {
		if got := EstimateWait(tt.ahead, tt.open, tt.mean); got != tt.want {
			t.Errorf("EstimateWait(%d, %d, %v) = %v, want %v", tt.ahead, tt.open, tt.mean, got, tt.want)
		}
	}
}
