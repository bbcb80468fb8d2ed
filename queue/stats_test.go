package queue

import (
	"testing"
	"time"
)

func TestComputeStats(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2025, 3, 3, h, m, 0, 0, Loc) }
	ev := func(kind, ticket, service, counter string, when time.Time) Event {
		return Event{Kind: kind, TicketID: ticket, Service: service, Counter: counter, At: when}
	}
	events := []Event{
		ev(EvIssued, "t1", "a", "", at(7, 30)),
		ev(EvIssued, "t2", "a", "", at(7, 40)),
		ev(EvIssued, "t3", "b", "", at(8, 0)),
		ev(EvIssued, "t4", "b", "", at(8, 10)),
		ev(EvIssued, "t5", "a", "", at(8, 20)),
		ev(EvCalled, "t1", "a", "q1", at(7, 40)), // wait 10
		ev(EvStarted, "t1", "a", "q1", at(7, 42)),
		ev(EvFinished, "t1", "a", "q1", at(7, 50)), // service 8 (from start)
		ev(EvCalled, "t2", "a", "q1", at(8, 0)),    // wait 20
		ev(EvRecalled, "t2", "a", "q1", at(8, 2)),
		ev(EvFinished, "t2", "a", "q1", at(8, 12)), // service 12 (from call)
		ev(EvCalled, "t3", "b", "q2", at(8, 30)),   // wait 30
		ev(EvNoShow, "t3", "b", "q2", at(8, 35)),
		ev(EvCancelled, "t4", "b", "", at(8, 40)),
		// A second call of a reactivated ticket does not count as a new wait.
		ev(EvReactivated, "t3", "b", "", at(8, 50)),
		ev(EvCalled, "t3", "b", "q2", at(9, 0)),
		ev(EvFinished, "t3", "b", "q2", at(9, 4)), // service 34 (from first call)
		// Events of a ticket issued another day are ignored.
		ev(EvCalled, "old", "a", "q1", at(9, 10)),
		ev(EvFinished, "old", "a", "q1", at(9, 20)),
	}
	st := ComputeStats("2025-03-03", events)
	tot := st.Total
	if tot.Issued != 5 || tot.Called != 3 || tot.Served != 3 || tot.NoShows != 1 || tot.Cancelled != 1 {
		t.Fatalf("total %+v", tot)
	}
	if tot.WaitP50 != 20 || tot.WaitP90 != 30 || tot.WaitMax != 30 {
		t.Errorf("waits p50 %v p90 %v max %v", tot.WaitP50, tot.WaitP90, tot.WaitMax)
	}
	if tot.ServiceP50 != 12 || tot.ServiceP90 != 34 {
		t.Errorf("service p50 %v p90 %v", tot.ServiceP50, tot.ServiceP90)
	}
	a, b := st.Services["a"], st.Services["b"]
	if a.Issued != 3 || a.Called != 2 || a.Served != 2 || a.WaitP50 != 10 || a.WaitMax != 20 {
		t.Errorf("service a %+v", a)
	}
	if b.Issued != 2 || b.Called != 1 || b.NoShows != 1 || b.Cancelled != 1 || b.Served != 1 {
		t.Errorf("service b %+v", b)
	}
	q1, q2 := st.Counters["q1"], st.Counters["q2"]
	if q1.Called != 2 || q1.Served != 2 || q1.ServiceP50 != 8 || q1.ServiceP90 != 12 {
		t.Errorf("counter q1 %+v", q1)
	}
	if q2.Called != 1 || q2.NoShows != 1 || q2.Served != 1 {
		t.Errorf("counter q2 %+v", q2)
	}
	if st.PerHour[7] != 2 || st.PerHour[8] != 3 {
		t.Errorf("per hour %v", st.PerHour)
	}
	// The hour is Vietnam's whatever zone the events carry.
	st = ComputeStats("2025-03-03", []Event{ev(EvIssued, "x", "a", "", at(7, 0).UTC())})
	if st.PerHour[7] != 1 {
		t.Errorf("UTC event counted in hour %v", st.PerHour)
	}
}

func TestComputeStatsEmpty(t *testing.T) {
	st := ComputeStats("2025-03-03", nil)
	if st.Total.Issued != 0 || st.Total.WaitP50 != 0 || len(st.Services) != 0 {
		t.Errorf("%+v", st)
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 6, 7, 8, 9, 10}
	tests := []struct{ p, want float64 }{{0, 1}, {10, 1}, {50, 5}, {90, 9}, {100, 10}}
	for _, tt := range tests {
		if got := pct(xs, tt.p); got != tt.want {
			t.Errorf("p%v = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := pct([]float64{1.26}, 50); got != 1.3 {
		t.Errorf("rounding: %v", got)
	}
	if xs[0] != 5 {
		t.Error("pct sorted its input")
	}
}
