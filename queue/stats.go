package queue

import (
	"math"
	"sort"
	"time"
)

// Figures are the statistics of one group (a service, a counter, the day).
type Figures struct {
	Issued     int     `json:"issued"`
	Called     int     `json:"called"`
	Served     int     `json:"served"`
	NoShows    int     `json:"no_shows"`
	Cancelled  int     `json:"cancelled"`
	WaitP50    float64 `json:"wait_p50_min"`
	WaitP90    float64 `json:"wait_p90_min"`
	WaitMax    float64 `json:"wait_max_min"`
	ServiceP50 float64 `json:"service_p50_min"`
	ServiceP90 float64 `json:"service_p90_min"`
	waits      []float64
	services   []float64
}

// Stats are a day's figures derived from the event log.
type Stats struct {
	Date      string              `json:"date"`
	Total     *Figures            `json:"total"`
	Services  map[string]*Figures `json:"services"`
	Counters  map[string]*Figures `json:"counters"`
	PerHour   [24]int             `json:"issued_per_hour"`
	Generated time.Time           `json:"generated_at"`
}

// ComputeStats derives statistics from one day's events in sequence order.
// Wait = issue → first call; service time = first call (or start) → finish.
// A ticket counts for the service it was issued to and the counter that
// finished it.
func ComputeStats(date string, events []Event) *Stats {
	st := &Stats{Date: date, Total: &Figures{}, Services: map[string]*Figures{}, Counters: map[string]*Figures{}, Generated: time.Now()}
	svc := func(id string) *Figures {
		f, ok := st.Services[id]
		if !ok {
			f = &Figures{}
			st.Services[id] = f
		}
		return f
	}
	ctr := func(id string) *Figures {
		f, ok := st.Counters[id]
		if !ok {
			f = &Figures{}
			st.Counters[id] = f
		}
		return f
	}
	type life struct {
		service             string
		issued, called, beg time.Time
	}
	lives := map[string]*life{}
	for _, e := range events {
		l := lives[e.TicketID]
		switch e.Kind {
		case EvIssued:
			lives[e.TicketID] = &life{service: e.Service, issued: e.At}
			for _, f := range []*Figures{st.Total, svc(e.Service)} {
				f.Issued++
			}
			st.PerHour[e.At.In(Loc).Hour()]++
		case EvCalled:
			if l == nil || !l.called.IsZero() {
				continue
			}
			l.called, l.beg = e.At, e.At
			w := e.At.Sub(l.issued).Minutes()
			for _, f := range []*Figures{st.Total, svc(l.service), ctr(e.Counter)} {
				f.Called++
				f.waits = append(f.waits, w)
			}
		case EvStarted:
			if l != nil && !l.called.IsZero() {
				l.beg = e.At
			}
		case EvFinished:
			if l == nil || l.beg.IsZero() {
				continue
			}
			d := e.At.Sub(l.beg).Minutes()
			for _, f := range []*Figures{st.Total, svc(l.service), ctr(e.Counter)} {
				f.Served++
				f.services = append(f.services, d)
			}
		case EvNoShow:
			if l == nil {
				continue
			}
			for _, f := range []*Figures{st.Total, svc(l.service), ctr(e.Counter)} {
				f.NoShows++
			}
		case EvCancelled:
			if l == nil {
				continue
			}
			for _, f := range []*Figures{st.Total, svc(l.service)} {
				f.Cancelled++
			}
		}
	}
	all := []*Figures{st.Total}
	for _, f := range st.Services {
		all = append(all, f)
	}
	for _, f := range st.Counters {
		all = append(all, f)
	}
	for _, f := range all {
		f.WaitP50, f.WaitP90, f.WaitMax = pct(f.waits, 50), pct(f.waits, 90), pct(f.waits, 100)
		f.ServiceP50, f.ServiceP90 = pct(f.services, 50), pct(f.services, 90)
	}
	return st
}

// pct is the nearest-rank percentile, rounded to 0.1 minute.
func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	rank := int(math.Ceil(p/100*float64(len(s)))) - 1
	if rank < 0 {
		rank = 0
	}
	return math.Round(s[rank]*10) / 10
}
