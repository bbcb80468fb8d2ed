package console

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Filter selects what a report counts. From and To are days (YYYY-MM-DD,
// Asia/Ho_Chi_Minh), both included. Service keeps the tickets issued to that
// service; Counter and Officer keep the tickets first called at that
// counter / by that officer (a ticket never called has neither).
type Filter struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Service string `json:"service,omitempty"`
	Counter string `json:"counter,omitempty"`
	Officer string `json:"officer,omitempty"`
}

// Figures are the queue statistics of one group. The definitions are those
// of queue.ComputeStats: wait = issue → first call; service time = first
// call (or a later start) → finish; percentiles nearest-rank, rounded to
// 0.1 minute.
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
	ServiceMax float64 `json:"service_max_min"`
	// ServiceLevelPct is the share of called tickets whose wait was within
	// their service's target (Service.TargetWaitMin); nil when no called
	// ticket had a target.
	ServiceLevelPct *float64 `json:"service_level_pct"`
	WithinTarget    int      `json:"within_target"`
	WithTarget      int      `json:"with_target"`

	waits, svcs []float64
}

// Group is the figures of one service or counter.
type Group struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Target  int      `json:"target_wait_min,omitempty"`
	Figures *Figures `json:"figures"`
}

// Hour is one hour of the day across the period.
type Hour struct {
	Hour        int     `json:"hour"`
	Issued      int     `json:"issued"`
	MeanWaitMin float64 `json:"mean_wait_min"`
	waits       []float64
}

// Day is one day of the period.
type Day struct {
	Date            string   `json:"date"`
	Issued          int      `json:"issued"`
	Served          int      `json:"served"`
	ServiceLevelPct *float64 `json:"service_level_pct"`
	within, with    int
}

// Bucket is one bar of the wait-time distribution.
type Bucket struct {
	Label string `json:"label"`
	From  int    `json:"from_min"`
	To    int    `json:"to_min"` // 0 = open-ended
	Count int    `json:"count"`
}

// DossierFigures count the dossiers of the period.
type DossierFigures struct {
	Received       int `json:"received"`
	ResolvedOnTime int `json:"resolved_on_time"`
	ResolvedLate   int `json:"resolved_late"`
	Returned       int `json:"returned"`
}

// RatingCount is how many ratings gave one level.
type RatingCount struct {
	Level int    `json:"level"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Report is everything the report page, the CSV and the charts show.
type Report struct {
	Filter
	Total       *Figures       `json:"total"`
	Services    []Group        `json:"services"`
	Counters    []Group        `json:"counters"`
	Hours       []Hour         `json:"hours"`
	Days        []Day          `json:"days"`
	WaitBuckets []Bucket       `json:"wait_buckets"`
	Dossiers    DossierFigures `json:"dossiers"`
	Ratings     []RatingCount  `json:"ratings"`
	// Sections are added by other packages (AddReportSection): bookings.
	Sections []ReportSection `json:"sections,omitempty"`
}

var bucketEdges = []int{0, 5, 10, 15, 20, 30, 45, 60}

// life is one ticket's path through the period's events.
type life struct {
	service        string
	issued         time.Time
	called, beg    time.Time
	counter, offic string // of the first call
	served         []struct {
		counter string
		d       float64
	}
	noShows   []string // counters
	cancelled int
}

// ComputeQueue derives the queue part of a report from the events of the
// period, in sequence order.
func ComputeQueue(cfg *queue.Config, f Filter, events []queue.Event) *Report {
	r := &Report{Filter: f, Total: &Figures{}, Services: []Group{}, Counters: []Group{}}
	lives := map[string]*life{}
	var order []string
	for _, e := range events {
		l := lives[e.TicketID]
		switch e.Kind {
		case queue.EvIssued:
			if d := queue.Day(e.At); f.From != "" && d < f.From || f.To != "" && d > f.To {
				continue // issued outside the period: not counted
			}
			lives[e.TicketID] = &life{service: e.Service, issued: e.At}
			order = append(order, e.TicketID)
		case queue.EvCalled:
			if l == nil || !l.called.IsZero() {
				continue
			}
			l.called, l.beg, l.counter, l.offic = e.At, e.At, e.Counter, e.Officer
		case queue.EvStarted:
			if l != nil && !l.called.IsZero() {
				l.beg = e.At
			}
		case queue.EvFinished:
			if l == nil || l.beg.IsZero() {
				continue
			}
			l.served = append(l.served, struct {
				counter string
				d       float64
			}{e.Counter, e.At.Sub(l.beg).Minutes()})
		case queue.EvNoShow:
			if l != nil {
				l.noShows = append(l.noShows, e.Counter)
			}
		case queue.EvCancelled:
			if l != nil {
				l.cancelled++
			}
		}
	}
	svcIdx, ctrIdx := map[string]int{}, map[string]int{}
	for _, s := range cfg.Services {
		if f.Service != "" && s.ID != f.Service {
			continue
		}
		svcIdx[s.ID] = len(r.Services)
		r.Services = append(r.Services, Group{ID: s.ID, Name: s.Name, Target: s.TargetWaitMin, Figures: &Figures{}})
	}
	for _, k := range cfg.Counters {
		if f.Counter != "" && k.ID != f.Counter {
			continue
		}
		ctrIdx[k.ID] = len(r.Counters)
		r.Counters = append(r.Counters, Group{ID: k.ID, Name: k.Name, Figures: &Figures{}})
	}
	svc := func(id string) *Figures {
		if i, ok := svcIdx[id]; ok {
			return r.Services[i].Figures
		}
		if f.Service != "" {
			return nil
		}
		svcIdx[id] = len(r.Services) // a service since removed from the config
		r.Services = append(r.Services, Group{ID: id, Name: id, Figures: &Figures{}})
		return r.Services[svcIdx[id]].Figures
	}
	ctr := func(id string) *Figures {
		if id == "" {
			return nil
		}
		if i, ok := ctrIdx[id]; ok {
			return r.Counters[i].Figures
		}
		if f.Counter != "" {
			return nil
		}
		ctrIdx[id] = len(r.Counters)
		r.Counters = append(r.Counters, Group{ID: id, Name: id, Figures: &Figures{}})
		return r.Counters[ctrIdx[id]].Figures
	}
	target := map[string]int{}
	for _, s := range cfg.Services {
		target[s.ID] = s.TargetWaitMin
	}
	hours := make([]Hour, 24)
	for h := range hours {
		hours[h].Hour = h
	}
	days := map[string]*Day{}
	day := func(t time.Time) *Day {
		k := queue.Day(t)
		d, ok := days[k]
		if !ok {
			d = &Day{Date: k}
			days[k] = d
		}
		return d
	}
	buckets := make([]Bucket, len(bucketEdges))
	for i, from := range bucketEdges {
		buckets[i] = Bucket{From: from}
		if i+1 < len(bucketEdges) {
			buckets[i].To = bucketEdges[i+1]
			buckets[i].Label = fmt.Sprintf("%d–%d", from, bucketEdges[i+1])
		} else {
			buckets[i].Label = fmt.Sprintf("≥%d", from)
		}
	}
	nonNil := func(fs ...*Figures) []*Figures {
		out := fs[:0]
		for _, x := range fs {
			if x != nil {
				out = append(out, x)
			}
		}
		return out
	}
	for _, id := range order {
		l := lives[id]
		if f.Service != "" && l.service != f.Service {
			continue
		}
		if f.Counter != "" && l.counter != f.Counter {
			continue
		}
		if f.Officer != "" && l.offic != f.Officer {
			continue
		}
		sf := svc(l.service)
		for _, x := range nonNil(r.Total, sf) {
			x.Issued++
		}
		h := &hours[l.issued.In(queue.Loc).Hour()]
		h.Issued++
		dd := day(l.issued)
		dd.Issued++
		if !l.called.IsZero() {
			w := l.called.Sub(l.issued).Minutes()
			tgt := target[l.service]
			for _, x := range nonNil(r.Total, sf, ctr(l.counter)) {
				x.Called++
				x.waits = append(x.waits, w)
				if tgt > 0 {
					x.WithTarget++
					if w <= float64(tgt) {
						x.WithinTarget++
					}
				}
			}
			h.waits = append(h.waits, w)
			if tgt > 0 {
				dd.with++
				if w <= float64(tgt) {
					dd.within++
				}
			}
			for i := len(buckets) - 1; i >= 0; i-- {
				if w >= float64(buckets[i].From) {
					buckets[i].Count++
					break
				}
			}
		}
		for _, s := range l.served {
			for _, x := range nonNil(r.Total, sf, ctr(s.counter)) {
				x.Served++
				x.svcs = append(x.svcs, s.d)
			}
			dd.Served++
		}
		for _, c := range l.noShows {
			for _, x := range nonNil(r.Total, sf, ctr(c)) {
				x.NoShows++
			}
		}
		for range l.cancelled {
			for _, x := range nonNil(r.Total, sf) {
				x.Cancelled++
			}
		}
	}
	all := []*Figures{r.Total}
	for _, g := range r.Services {
		all = append(all, g.Figures)
	}
	for _, g := range r.Counters {
		all = append(all, g.Figures)
	}
	for _, x := range all {
		x.WaitP50, x.WaitP90, x.WaitMax = pct(x.waits, 50), pct(x.waits, 90), pct(x.waits, 100)
		x.ServiceP50, x.ServiceP90, x.ServiceMax = pct(x.svcs, 50), pct(x.svcs, 90), pct(x.svcs, 100)
		x.ServiceLevelPct = ratio(x.WithinTarget, x.WithTarget)
	}
	for i := range hours {
		if n := len(hours[i].waits); n > 0 {
			var s float64
			for _, w := range hours[i].waits {
				s += w
			}
			hours[i].MeanWaitMin = math.Round(s/float64(n)*10) / 10
		}
	}
	r.Hours = hours
	// Every day of the period, also those without tickets (a chart needs them).
	from, err1 := time.ParseInLocation(time.DateOnly, f.From, queue.Loc)
	to, err2 := time.ParseInLocation(time.DateOnly, f.To, queue.Loc)
	if err1 == nil && err2 == nil {
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			day(d)
		}
	}
	for _, d := range days {
		d.ServiceLevelPct = ratio(d.within, d.with)
		r.Days = append(r.Days, *d)
	}
	sort.Slice(r.Days, func(i, j int) bool { return r.Days[i].Date < r.Days[j].Date })
	r.WaitBuckets = buckets
	return r
}

func ratio(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	v := math.Round(float64(n)/float64(of)*1000) / 10
	return &v
}

// pct is the nearest-rank percentile rounded to 0.1 minute (as queue.ComputeStats).
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

// periodBounds are the instants the period's days span: [start, end).
func periodBounds(f Filter) (time.Time, time.Time, error) {
	from, err := time.ParseInLocation(time.DateOnly, f.From, queue.Loc)
	if err != nil {
		return from, from, err
	}
	to, err := time.ParseInLocation(time.DateOnly, f.To, queue.Loc)
	return from, to.AddDate(0, 0, 1), err
}

// CountDossiers fills the dossier figures: received in the period, resolved
// in it on time or late (against the appointment), results returned in it.
// Counter and Officer filters apply to the receiving counter and officer;
// the service filter does not (dossiers belong to procedures, not services).
func CountDossiers(rows []store.DossierRow, f Filter) (DossierFigures, error) {
	var out DossierFigures
	start, end, err := periodBounds(f)
	if err != nil {
		return out, err
	}
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(start) && t.Before(end) }
	for _, row := range rows {
		if f.Counter != "" && row.Counter != f.Counter {
			continue
		}
		if f.Officer != "" && row.Officer != f.Officer {
			continue
		}
		var sd struct {
			Dossier dossier.Dossier `json:"dossier"`
		}
		if err := json.Unmarshal(row.Doc, &sd); err != nil {
			return out, fmt.Errorf("dossier %s: %w", row.Code, err)
		}
		d := sd.Dossier
		if in(d.ReceivedAt) {
			out.Received++
		}
		if in(d.ResolvedAt) {
			if late, _ := d.ResolvedLate(); late {
				out.ResolvedLate++
			} else {
				out.ResolvedOnTime++
			}
		}
		if d.Return != nil && in(d.Return.At) {
			out.Returned++
		}
	}
	return out, nil
}

// CountRatings is the distribution of ratings over the scale's levels.
func CountRatings(rows []store.RatingRow, f Filter, scale dossier.RatingScale) []RatingCount {
	out := []RatingCount{}
	idx := map[int]int{}
	for _, l := range scale.Levels {
		idx[l.Value] = len(out)
		out = append(out, RatingCount{Level: l.Value, Label: l.Label})
	}
	for _, r := range rows {
		if f.Service != "" && r.Service != f.Service || f.Counter != "" && r.Counter != f.Counter {
			continue
		}
		i, ok := idx[r.Level]
		if !ok {
			idx[r.Level] = len(out)
			i = len(out)
			out = append(out, RatingCount{Level: r.Level, Label: fmt.Sprintf("Mức %d", r.Level)})
		}
		out[i].Count++
	}
	return out
}
