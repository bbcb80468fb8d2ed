// Package display is the hall board's presenter: it builds the board state
// only from the centre server's snapshot and numbered events, queues the
// announcements so each call is shown for a while, and filters a board to
// some counters or services. Pure Go: no Fyne, no network; time is passed
// in so tests need no clock.
package display

import (
	"slices"
	"time"

	"github.com/motcua/motcua/queue"
)

// Offline is the banner shown while the board has no link to the server.
const Offline = "Mất kết nối, đang kết nối lại…"

// Filter restricts a board to some counters and/or services (a hall on two
// floors). Empty lists mean everything.
type Filter struct {
	Counters []string // counter ids (q1, q2)
	Services []string // service ids (hotich)
}

// Options tune a Presenter.
type Options struct {
	Filter
	// MinShow is how long each call stays the large featured call before the
	// next queued one replaces it (default 5 s).
	MinShow time.Duration
	// Highlight is how long a new call blinks (default MinShow).
	Highlight time.Duration
	// Blink is the half-period of the blinking (default 500 ms).
	Blink time.Duration
	// RecentMax bounds the recent calls list (default 10).
	RecentMax int
	// MaxPending bounds the announcement queue; older ones are dropped from
	// the queue (they stay in the recent list). Default 20.
	MaxPending int
	// Announce is called when a call becomes the featured call (chime,
	// voice). It runs under the presenter's lock and must not block.
	Announce func(Call)
}

// Call is one call as the board shows it.
type Call struct {
	Seq           int64
	TicketID      string
	Number        string
	Service       string
	ServiceName   string
	Counter       string
	CounterNumber int
	CounterName   string
	CounterNameEN string // the counter's English name ("" when none)
	At            time.Time
	Recall        bool
}

// Text is the hall announcement sentence.
func (c Call) Text() string { return queue.CallText(c.Number, c.CounterNumber) }

// CounterRow is a counter on the board.
type CounterRow struct {
	ID     string
	Number int
	Name   string
	NameEN string // "" when the config has none
	Status string // open, paused, closed
	Reason string
	// Current is the number now at this counter ("" when none).
	Current  string
	TicketID string
	Serving  bool // the citizen has arrived (started)
	serves   []string
}

// ServiceRow is a service with its waiting count.
type ServiceRow struct {
	ID      string
	Name    string
	NameEN  string
	Prefix  string
	Waiting int
}

// Board is everything a view renders. It is a copy: views may keep it.
type Board struct {
	CentreName string
	Notice     string
	NoticeEN   string // for a board in English; "" there: no notice line
	Online     bool
	Banner     string // non-empty while offline
	Ready      bool   // a snapshot has arrived
	Featured   *Call  // the large newest call
	Highlight  bool   // Featured is new: blink it
	BlinkOn    bool   // phase of the blink
	Pending    int    // calls waiting to be featured
	Counters   []CounterRow
	Services   []ServiceRow
	Recent     []Call // newest first
	Seq        int64
}

// Presenter holds the board state. It is not safe for concurrent use: drive
// it from one goroutine (the UI's).
type Presenter struct {
	o     Options
	board Board
	// all rows from the last snapshot, before filtering, so counter→service
	// filtering can be recomputed.
	pending       []Call
	namesEN       map[string]string // counter id → English name, from the snapshot
	featuredSince time.Time
	now           time.Time
}

// New makes a presenter; the board is offline until the first snapshot.
func New(o Options) *Presenter {
	if o.MinShow <= 0 {
		o.MinShow = 5 * time.Second
	}
	if o.Highlight <= 0 {
		o.Highlight = o.MinShow
	}
	if o.Blink <= 0 {
		o.Blink = 500 * time.Millisecond
	}
	if o.RecentMax <= 0 {
		o.RecentMax = 10
	}
	if o.MaxPending <= 0 {
		o.MaxPending = 20
	}
	p := &Presenter{o: o}
	p.board.Banner = "Đang kết nối tới máy chủ…"
	return p
}

// Board returns a copy of the current state.
func (p *Presenter) Board() Board {
	b := p.board
	b.Counters = slices.Clone(b.Counters)
	b.Services = slices.Clone(b.Services)
	b.Recent = slices.Clone(b.Recent)
	if b.Featured != nil {
		f := *b.Featured
		b.Featured = &f
	}
	b.Pending = len(p.pending)
	return b
}

// Connected records the link state. While offline the last state stays on
// screen under the banner; it is replaced by the next snapshot or replay.
func (p *Presenter) Connected(online bool) {
	p.board.Online = online
	switch {
	case online:
		p.board.Banner = ""
	case p.board.Ready:
		p.board.Banner = Offline
	default:
		p.board.Banner = "Đang kết nối tới máy chủ…"
	}
}

func (p *Presenter) wantCounter(id string) bool {
	return len(p.o.Counters) == 0 || slices.Contains(p.o.Counters, id)
}

func (p *Presenter) wantService(id string) bool {
	return len(p.o.Services) == 0 || slices.Contains(p.o.Services, id)
}

// wantCall says whether this board announces a call.
func (p *Presenter) wantCall(counter, service string) bool {
	return p.wantCounter(counter) && p.wantService(service)
}

// Snapshot replaces the whole state (first connect, or a gap too large to
// replay). Queued announcements are dropped, and the featured call is kept
// only if its ticket is still at its counter: no stale call stays on screen.
// Calls from a snapshot are shown but never announced again.
func (p *Presenter) Snapshot(s *queue.Snapshot, now time.Time) {
	p.now = now
	b := &p.board
	b.Ready = true
	b.Seq = s.Seq
	b.CentreName = s.CentreName
	b.Notice, b.NoticeEN = s.Notice, s.NoticeEN
	b.Counters = b.Counters[:0]
	p.namesEN = map[string]string{}
	for _, k := range s.Counters {
		if k.NameEN != "" {
			p.namesEN[k.ID] = k.NameEN
		}
	}
	for _, k := range s.Counters {
		if !p.counterShown(k) {
			continue
		}
		row := CounterRow{ID: k.ID, Number: k.Number, Name: k.Name, NameEN: k.NameEN, Status: k.Status, Reason: k.Reason, serves: k.Serves}
		if k.Current != nil {
			row.Current, row.TicketID = k.Current.Number, k.Current.TicketID
			row.Serving = k.Current.Status == queue.Serving
		}
		b.Counters = append(b.Counters, row)
	}
	b.Services = b.Services[:0]
	for _, sv := range s.Services {
		if !p.serviceShown(sv.ID, s.Counters) {
			continue
		}
		b.Services = append(b.Services, ServiceRow{ID: sv.ID, Name: sv.Name, NameEN: sv.NameEN, Prefix: sv.Prefix, Waiting: sv.Waiting})
	}
	b.Recent = b.Recent[:0]
	for _, c := range s.Recent {
		if !p.wantCall(c.Counter, c.Service) || len(b.Recent) >= p.o.RecentMax {
			continue
		}
		b.Recent = append(b.Recent, Call{TicketID: c.TicketID, Number: c.Number, Service: c.Service, ServiceName: c.ServiceName,
			Counter: c.Counter, CounterNumber: c.CounterNumber, CounterName: c.CounterName, CounterNameEN: p.namesEN[c.Counter], At: c.At})
	}
	p.pending = p.pending[:0]
	b.Highlight, b.BlinkOn = false, false
	if b.Featured != nil && !p.isCurrent(b.Featured.TicketID, b.Featured.Counter) {
		b.Featured = nil
	}
	if b.Featured == nil {
		p.featureLatestCurrent()
	}
}

// counterShown: with a counter filter, those counters; with only a service
// filter, the counters serving one of those services.
func (p *Presenter) counterShown(k queue.CounterLive) bool {
	if len(p.o.Counters) > 0 {
		return slices.Contains(p.o.Counters, k.ID)
	}
	if len(p.o.Services) == 0 {
		return true
	}
	for _, s := range k.Serves {
		if slices.Contains(p.o.Services, s) {
			return true
		}
	}
	return false
}

// serviceShown: with a service filter, those services; with only a counter
// filter, the services those counters serve.
func (p *Presenter) serviceShown(id string, counters []queue.CounterLive) bool {
	if len(p.o.Services) > 0 {
		return slices.Contains(p.o.Services, id)
	}
	if len(p.o.Counters) == 0 {
		return true
	}
	for _, k := range counters {
		if slices.Contains(p.o.Counters, k.ID) && slices.Contains(k.Serves, id) {
			return true
		}
	}
	return false
}

// isCurrent reports whether ticket is the current ticket at counter and the
// counter is open: a paused or closed counter (its officer stepped out, its
// app is gone after a crash or restart) is not calling anyone, so its last
// call is not the hall's big call.
func (p *Presenter) isCurrent(ticket, counter string) bool {
	for _, k := range p.board.Counters {
		if k.ID == counter {
			return k.TicketID == ticket && ticket != "" && k.Status == "open"
		}
	}
	return false
}

// featureLatestCurrent shows, without announcing, the newest recent call
// whose ticket is still at its counter.
func (p *Presenter) featureLatestCurrent() {
	for _, c := range p.board.Recent {
		if p.isCurrent(c.TicketID, c.Counter) {
			c := c
			p.board.Featured = &c
			p.featuredSince = time.Time{}
			return
		}
	}
}

// Event applies one numbered event. Events at or below the board's
// sequence are ignored (a replay overlapping what the board already has).
func (p *Presenter) Event(e queue.Event, now time.Time) {
	p.now = now
	b := &p.board
	if !b.Ready || e.Seq <= b.Seq {
		return
	}
	b.Seq = e.Seq
	for id, n := range e.Waiting {
		for i := range b.Services {
			if b.Services[i].ID == id {
				b.Services[i].Waiting = n
			}
		}
	}
	switch e.Kind {
	case queue.EvNotice:
		b.Notice, b.NoticeEN = e.Text, e.TextEN
		return
	case queue.EvCounterOpen, queue.EvUnpaused:
		p.setCounter(e.Counter, "open", "")
		return
	case queue.EvPaused:
		p.setCounter(e.Counter, "paused", e.Reason)
		p.dropPendingAt(e.Counter)
		p.advance()
		return
	case queue.EvCounterShut:
		p.setCounter(e.Counter, "closed", "")
		p.dropPendingAt(e.Counter)
		p.advance()
		return
	case queue.EvIssued:
		return
	case queue.EvCalled, queue.EvRecalled:
		p.call(e)
		return
	case queue.EvStarted:
		for i := range b.Counters {
			if b.Counters[i].TicketID == e.TicketID {
				b.Counters[i].Serving = true
			}
		}
		return
	}
	// Every other ticket event (finished, no-show, cancelled, transferred,
	// redirected, parked, ...) takes the ticket away from its counter. Some
	// carry no counter, so match by ticket.
	p.leave(e.TicketID)
}

func (p *Presenter) setCounter(id, status, reason string) {
	for i := range p.board.Counters {
		if p.board.Counters[i].ID == id {
			p.board.Counters[i].Status, p.board.Counters[i].Reason = status, reason
		}
	}
}

func (p *Presenter) call(e queue.Event) {
	b := &p.board
	// The called ticket leaves whatever counter showed it before.
	for i := range b.Counters {
		if b.Counters[i].TicketID == e.TicketID && b.Counters[i].ID != e.Counter {
			b.Counters[i].Current, b.Counters[i].TicketID, b.Counters[i].Serving = "", "", false
		}
	}
	for i := range b.Counters {
		if b.Counters[i].ID == e.Counter {
			b.Counters[i].Current, b.Counters[i].TicketID, b.Counters[i].Serving = e.Number, e.TicketID, false
			b.Counters[i].Status, b.Counters[i].Reason = "open", ""
		}
	}
	if !p.wantCall(e.Counter, e.Service) {
		return
	}
	c := Call{Seq: e.Seq, TicketID: e.TicketID, Number: e.Number, Service: e.Service, ServiceName: e.ServiceName,
		Counter: e.Counter, CounterNumber: e.CounterNumber, CounterName: e.CounterName, CounterNameEN: p.namesEN[e.Counter], At: e.At, Recall: e.Kind == queue.EvRecalled}
	b.Recent = append([]Call{c}, b.Recent...)
	if len(b.Recent) > p.o.RecentMax {
		b.Recent = b.Recent[:p.o.RecentMax]
	}
	// A ticket waiting to be announced is announced once, at its newest call.
	p.pending = slices.DeleteFunc(p.pending, func(q Call) bool { return q.TicketID == c.TicketID })
	p.pending = append(p.pending, c)
	if len(p.pending) > p.o.MaxPending {
		p.pending = p.pending[len(p.pending)-p.o.MaxPending:]
	}
	p.advance()
}

// dropPendingAt drops the queued announcements of a counter that paused or
// closed: it is calling nobody, so its calls are not announced late.
func (p *Presenter) dropPendingAt(counter string) {
	p.pending = slices.DeleteFunc(p.pending, func(q Call) bool { return q.Counter == counter })
}

// leave clears a ticket from its counter and from the announcement queue;
// a featured call whose ticket left is replaced once its minimum show time
// is over.
func (p *Presenter) leave(ticket string) {
	if ticket == "" {
		return
	}
	b := &p.board
	for i := range b.Counters {
		if b.Counters[i].TicketID == ticket {
			b.Counters[i].Current, b.Counters[i].TicketID, b.Counters[i].Serving = "", "", false
		}
	}
	p.pending = slices.DeleteFunc(p.pending, func(q Call) bool { return q.TicketID == ticket })
	p.advance()
}

// Tick advances time: the blink phase, the end of a call's show time, the
// next queued call. Views call it a few times a second.
func (p *Presenter) Tick(now time.Time) {
	p.now = now
	p.advance()
}

func (p *Presenter) advance() {
	b := &p.board
	now := p.now
	shownFor := now.Sub(p.featuredSince)
	busy := b.Featured != nil && !p.featuredSince.IsZero() && shownFor < p.o.MinShow
	if !busy && len(p.pending) > 0 {
		c := p.pending[0]
		p.pending = p.pending[1:]
		b.Featured = &c
		p.featuredSince = now
		shownFor = 0
		if p.o.Announce != nil {
			p.o.Announce(c)
		}
	} else if !busy && b.Featured != nil && !p.isCurrent(b.Featured.TicketID, b.Featured.Counter) {
		b.Featured = nil
		p.featureLatestCurrent()
	}
	b.Highlight = b.Featured != nil && !p.featuredSince.IsZero() && now.Sub(p.featuredSince) < p.o.Highlight
	b.BlinkOn = b.Highlight && (shownFor/p.o.Blink)%2 == 0
	if !b.Highlight {
		b.BlinkOn = false
	}
}
