package queue

import (
	"sort"
	"time"
)

// CounterState is what the policy remembers per counter.
type CounterState struct {
	// ConsecutivePriority counts priority tickets called in a row here.
	ConsecutivePriority int
}

// After returns the state after calling t for the given reason.
func (s CounterState) After(t Ticket, reason Reason) CounterState {
	if reason == ReasonPriority {
		s.ConsecutivePriority++
	} else if t.Priority == "" {
		s.ConsecutivePriority = 0
	}
	return s
}

// Reason says which link of the chain chose a ticket.
type Reason string

const (
	ReasonRedirect    Reason = "redirect"    // sent to this counter by name
	ReasonAppointment Reason = "appointment" // booked slot due now
	ReasonAging       Reason = "aging"       // normal ticket waited past the guard
	ReasonPriority    Reason = "priority"    // priority category
	ReasonInterleave  Reason = "interleave"  // normal ticket after K priority calls
	ReasonOrder       Reason = "order"       // service weight, then arrival
)

// Next chooses the ticket counter k should call now from the waiting
// tickets cands (any order; non-waiting ones are ignored). onlyService, if
// set, restricts the choice to that service ("call next for one service").
//
// The chain: tickets redirected to this counter; appointments due now;
// then normal tickets that waited past the aging guard; then priority
// tickets, except that after InterleaveK priority calls in a row a waiting
// normal ticket goes next; then normal tickets by weighted wait. Weighted
// wait = (wait + 1 min) × the counter's weight for the service, so weights
// share the counter without starving any service, and equal weights are
// plain FIFO.
func Next(cands []Ticket, k Counter, st CounterState, onlyService string, now time.Time, p Policy) (Ticket, Reason, bool) {
	var redirected, due, prio, normal []Ticket
	early := time.Duration(p.AppointmentEarlyMin) * time.Minute
	for _, t := range cands {
		if t.Status != Waiting {
			continue
		}
		if onlyService != "" && t.Service != onlyService {
			continue
		}
		if t.TargetCounter != "" {
			if t.TargetCounter == k.ID {
				redirected = append(redirected, t)
			}
			continue
		}
		if !k.Serves(t.Service) {
			continue
		}
		switch {
		case t.AppointmentAt != nil && !t.AppointmentAt.After(now.Add(early)):
			due = append(due, t)
		case t.Priority != "":
			prio = append(prio, t)
		default:
			normal = append(normal, t)
		}
	}
	if len(redirected) > 0 {
		sortBy(redirected, func(t Ticket) time.Time { return t.ArrivalAt })
		return redirected[0], ReasonRedirect, true
	}
	if len(due) > 0 {
		sortBy(due, func(t Ticket) time.Time { return *t.AppointmentAt })
		return due[0], ReasonAppointment, true
	}
	n, hasN := best(normal, k, now)
	if hasN && now.Sub(n.ArrivalAt) >= p.Aging() {
		return n, ReasonAging, true
	}
	pt, hasP := best(prio, k, now)
	if hasP && (!hasN || st.ConsecutivePriority < p.InterleaveK) {
		return pt, ReasonPriority, true
	}
	if hasN {
		if hasP {
			return n, ReasonInterleave, true
		}
		return n, ReasonOrder, true
	}
	return Ticket{}, "", false
}

// best picks the highest weighted wait; ties go to the earlier arrival,
// then the lower sequence.
func best(ts []Ticket, k Counter, now time.Time) (Ticket, bool) {
	if len(ts) == 0 {
		return Ticket{}, false
	}
	score := func(t Ticket) float64 {
		w := k.Services[t.Service]
		if w < 1 {
			w = 1
		}
		return (now.Sub(t.ArrivalAt).Seconds() + 60) * float64(w)
	}
	b := ts[0]
	bs := score(b)
	for _, t := range ts[1:] {
		s := score(t)
		if s > bs || (s == bs && (t.ArrivalAt.Before(b.ArrivalAt) || (t.ArrivalAt.Equal(b.ArrivalAt) && t.Seq < b.Seq))) {
			b, bs = t, s
		}
	}
	return b, true
}

func sortBy(ts []Ticket, key func(Ticket) time.Time) {
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := key(ts[i]), key(ts[j])
		if a.Equal(b) {
			return ts[i].Seq < ts[j].Seq
		}
		return a.Before(b)
	})
}

// EstimateWait estimates how long a new ticket waits behind ahead tickets
// with open counters serving its service and the recent mean service time.
func EstimateWait(ahead, open int, meanService time.Duration) time.Duration {
	if open < 1 {
		open = 1
	}
	return time.Duration(float64(ahead+1) / float64(open) * float64(meanService)).Round(time.Minute)
}
