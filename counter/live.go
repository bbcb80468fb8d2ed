package counter

// Live queue: the snapshot and events from the server's stream.

import (
	"slices"

	"github.com/motcua/motcua/queue"
)

func (p *Presenter) applySnapshot(s *queue.Snapshot) {
	p.byID = map[string]queue.ServiceState{}
	for _, sv := range s.Services {
		p.byID[sv.ID] = sv
	}
	p.v.CentreName = s.CentreName
	p.counter = map[string]queue.CounterLive{}
	for _, c := range s.Counters {
		p.counter[c.ID] = c
	}
	if me, ok := p.counter[p.o.Counter]; ok {
		p.v.CounterName = me.Name
		p.v.CounterNameEN = queue.CounterNameEN(me)
		p.v.Queue.Paused = me.Status == "paused"
		p.v.Queue.PauseReason = me.Reason
		p.v.Queue.Current = nil
		if c := me.Current; c != nil && (c.Status == queue.Called || c.Status == queue.Serving) {
			p.v.Queue.Current = &Ticket{ID: c.TicketID, Number: c.Number, Service: c.Service, ServiceName: c.ServiceName, ServiceNameEN: p.byID[c.Service].NameEN, Status: c.Status}
		}
	}
	p.v.Queue.Services = nil
	for _, sv := range s.Services {
		p.v.Queue.Services = append(p.v.Queue.Services, Choice{ID: sv.ID, Name: sv.Name, NameEN: sv.NameEN})
	}
	p.order = p.order[:0]
	for _, c := range s.Counters {
		p.order = append(p.order, c.ID)
	}
	p.redirectTargets()
	p.v.Connected = true
	p.waiting()
	p.refreshParked() // park.go
}

func (p *Presenter) serves(service string) bool {
	me, ok := p.counter[p.o.Counter]
	return ok && slices.Contains(me.Serves, service)
}

// waiting rebuilds the waiting list: this counter's services first.
func (p *Presenter) waiting() {
	var mine, other []ServiceWaiting
	total := 0
	for _, id := range p.serviceOrder() {
		sv := p.byID[id]
		w := ServiceWaiting{ID: sv.ID, Name: sv.Name, NameEN: sv.NameEN, Waiting: sv.Waiting, Mine: p.serves(sv.ID)}
		if w.Mine {
			mine = append(mine, w)
			total += w.Waiting
		} else {
			other = append(other, w)
		}
	}
	p.v.Queue.Waiting = append(mine, other...)
	p.v.Queue.WaitingMine = total
}

func (p *Presenter) serviceOrder() []string {
	ids := make([]string, 0, len(p.v.Queue.Services))
	for _, c := range p.v.Queue.Services {
		ids = append(ids, c.ID)
	}
	return ids
}

func (p *Presenter) applyEvent(e queue.Event) {
	if p.parkedEvent(e) { // park.go
		p.refreshParked()
	}
	for id, n := range e.Waiting {
		if sv, ok := p.byID[id]; ok {
			sv.Waiting = n
			p.byID[id] = sv
		}
	}
	if e.Counter == p.o.Counter {
		switch e.Kind {
		case queue.EvCalled, queue.EvRecalled:
			if c := p.v.Queue.Current; e.Kind == queue.EvCalled && (c == nil || c.ID != e.TicketID) {
				p.newCitizen()
			}
			p.v.Queue.Current = &Ticket{ID: e.TicketID, Number: e.Number, Service: e.Service, ServiceName: e.ServiceName, ServiceNameEN: p.byID[e.Service].NameEN,
				Status: queue.Called, Recalls: e.Recalls, Priority: e.Priority}
		case queue.EvStarted:
			if c := p.v.Queue.Current; c != nil && c.ID == e.TicketID {
				c.Status = queue.Serving
			}
		case queue.EvPaused:
			p.v.Queue.Paused, p.v.Queue.PauseReason = true, e.Reason
		case queue.EvUnpaused, queue.EvCounterOpen:
			p.v.Queue.Paused, p.v.Queue.PauseReason = false, ""
		}
	}
	switch e.Kind {
	case queue.EvFinished, queue.EvNoShow, queue.EvTransferred, queue.EvRedirected, queue.EvParked, queue.EvCancelled:
		if c := p.v.Queue.Current; c != nil && c.ID == e.TicketID {
			p.v.Queue.Current = nil
			p.closedUnder(e) // text_counterends.go
		}
	}
	if k, ok := p.counter[e.Counter]; ok {
		switch e.Kind {
		case queue.EvCounterOpen, queue.EvUnpaused, queue.EvCalled:
			k.Status = "open"
		case queue.EvPaused:
			k.Status = "paused"
		case queue.EvCounterShut:
			k.Status = "closed"
		}
		p.counter[e.Counter] = k
	}
	p.redirectTargets()
	p.waiting()
}

// redirectTargets lists the counters the current citizen can be sent to:
// open ones that serve the citizen's service (the server refuses others).
func (p *Presenter) redirectTargets() {
	p.v.Queue.Counters = nil
	for _, id := range p.order {
		c := p.counter[id]
		if id == p.o.Counter || c.Status != "open" {
			continue
		}
		if cur := p.v.Queue.Current; cur != nil && !slices.Contains(c.Serves, cur.Service) {
			continue
		}
		p.v.Queue.Counters = append(p.v.Queue.Counters, Choice{ID: c.ID, Name: c.Name, NameEN: queue.CounterNameEN(c)})
	}
}
