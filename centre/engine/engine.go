// Package engine is the centre's engine: the queue and dossier operations
// applied to the store, and the events and outbox packets they produce. It
// knows nothing of HTTP, authentication or WebSockets (package centre is the
// transport over it), so it can be used and tested without a server; a test
// keeps it from importing net/http or gorilla/websocket.
package engine

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Engine runs the queue operations. All state lives in the store; each
// operation is one unit of a group-committed write, so two counters calling
// at the same instant are serialised and never get the same ticket.
type Engine struct {
	cfgp  atomic.Pointer[queue.Config] // replaced whole by SetConfig; never mutated
	db    *store.DB
	log   *slog.Logger
	clock atomic.Pointer[func() time.Time]
	days  atomic.Pointer[queue.DayInfo] // the holiday schedule, for opening hours

	mu          sync.Mutex
	lastDay     string
	meanService map[string]time.Duration // refreshed in the background
	counterOpen map[string]string        // counter → status, kept from committed events
	waitHint    map[string]int           // service → waiting count the last event said (callhint.go)
}

// New builds an engine; call Start to expire yesterday's tickets and
// begin refreshing estimates.
func New(cfg *queue.Config, db *store.DB, log *slog.Logger) *Engine {
	e := &Engine{db: db, log: log, meanService: map[string]time.Duration{}, counterOpen: map[string]string{}}
	e.cfgp.Store(cfg)
	e.SetClock(time.Now)
	return e
}

func (e *Engine) now() time.Time { return (*e.clock.Load())() }

// SetDays gives the engine the holiday schedule the opening hours follow (closed on days
// off, weekday hours on a swapped working Saturday). Without it only weekdays count.
func (e *Engine) SetDays(d queue.DayInfo) { e.days.Store(&d) }

// SetClock replaces the engine's clock (tests, simulations).
func (e *Engine) SetClock(now func() time.Time) { e.clock.Store(&now) }

// Config is the centre's current queue configuration. Treat it as read-only.
func (e *Engine) Config() *queue.Config { return e.cfgp.Load() }

// SetConfig replaces the configuration at run time (administration console);
// it takes effect for the next operation. The config is validated first.
func (e *Engine) SetConfig(c *queue.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	e.cfgp.Store(c)
	return nil
}

// Start expires active tickets of earlier days and keeps the service-time
// estimates fresh until ctx ends.
func (e *Engine) Start(ctx context.Context) error {
	if err := e.rollDay(ctx); err != nil {
		return err
	}
	ls, err := e.db.Live(ctx, 0)
	if err != nil {
		return err
	}
	e.mu.Lock()
	for id, c := range ls.Counters {
		e.counterOpen[id] = c.Status
	}
	e.mu.Unlock()
	e.db.OnCommit(e.trackCounters)
	e.refreshEstimates(ctx)
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				e.refreshEstimates(ctx)
				if err := e.rollDay(ctx); err != nil {
					e.log.Error("day roll-over failed", "err", err)
				}
			}
		}
	}()
	return nil
}

func (e *Engine) rollDay(ctx context.Context) error {
	day := queue.Day(e.now())
	e.mu.Lock()
	same := day == e.lastDay
	e.mu.Unlock()
	if same {
		return nil
	}
	var n int
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		expired, err := tx.ExpireBefore(day, e.now())
		if err != nil {
			return err
		}
		n = len(expired)
		for _, t := range expired {
			if _, err := tx.AppendEvent(e.event(queue.EvCancelled, t, "end_of_day")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("expire earlier days: %w", err)
	}
	if n > 0 {
		e.log.Info("expired tickets of earlier days", "count", n, "day", day)
	}
	e.mu.Lock()
	e.lastDay = day
	e.mu.Unlock()
	return nil
}

func (e *Engine) refreshEstimates(ctx context.Context) {
	m, err := e.db.MeanServiceMs(ctx, queue.Day(e.now()), 20)
	if err != nil {
		e.log.Warn("service time estimate failed", "err", err)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for s, v := range m {
		e.meanService[s] = time.Duration(v) * time.Millisecond
	}
}

func (e *Engine) mean(service string) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	if d, ok := e.meanService[service]; ok && d > 0 {
		return d
	}
	return time.Duration(e.Config().Policy.DefaultServiceMin) * time.Minute
}

// openCounters counts the open counters serving a service and lists the
// numbers of every counter that serves it.
func (e *Engine) openCounters(service string) (int, []int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	open := 0
	var nums []int
	for _, k := range e.Config().Counters {
		if !k.Serves(service) {
			continue
		}
		nums = append(nums, k.Number)
		if e.counterOpen[k.ID] == "open" {
			open++
		}
	}
	return open, nums
}

// trackCounters follows counter status from committed events, so issuing a
// ticket needs no extra read for its estimate.
func (e *Engine) trackCounters(evs []queue.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range evs {
		e.noteWaiting(&ev)
		switch ev.Kind {
		case queue.EvCounterOpen, queue.EvUnpaused, queue.EvCalled:
			e.counterOpen[ev.Counter] = "open"
		case queue.EvPaused:
			e.counterOpen[ev.Counter] = "paused"
		case queue.EvCounterShut:
			e.counterOpen[ev.Counter] = "closed"
		}
	}
}

func (e *Engine) event(kind string, t queue.Ticket, reason string) queue.Event {
	ev := queue.Event{At: e.now(), Kind: kind, TicketID: t.ID, Number: t.Number, Service: t.Service,
		Priority: t.Priority, Counter: t.Counter, Officer: t.Officer, Reason: reason, Recalls: t.Recalls}
	if s, ok := e.Config().Service(t.Service); ok {
		ev.ServiceName = s.Name
	}
	if k, ok := e.Config().Counter(t.Counter); ok {
		ev.CounterNumber, ev.CounterName = k.Number, k.Name
	}
	if ev.IsCall() {
		ev.Text = queue.CallText(t.Number, ev.CounterNumber)
	}
	return ev
}

// Snapshot builds the full board state.
func (e *Engine) Snapshot(ctx context.Context) (*queue.Snapshot, error) {
	ls, err := e.db.Live(ctx, 10)
	if err != nil {
		return nil, err
	}
	s := &queue.Snapshot{Seq: ls.Seq, At: e.now(), CentreName: e.Config().CentreName, Notice: e.Notice(), NoticeEN: e.Config().NoticeEN}
	sectorName, sectorNameEN := map[string]string{}, map[string]string{}
	for _, sec := range e.Config().Sectors {
		sectorName[sec.ID] = sec.Name
		sectorNameEN[sec.ID] = sec.NameEN
	}
	for _, k := range e.Config().Counters {
		st := ls.Counters[k.ID]
		if st.Status == "" {
			st.Status = "closed"
		}
		cl := queue.CounterLive{ID: k.ID, Number: k.Number, Name: k.Name, NameEN: k.NameEN, Status: st.Status, Reason: st.Reason, Officer: st.Officer}
		for _, sv := range e.Config().Services {
			if k.Serves(sv.ID) {
				cl.Serves = append(cl.Serves, sv.ID)
			}
		}
		if t, ok := ls.Current[k.ID]; ok {
			c := e.call(t)
			cl.Current = &c
		}
		s.Counters = append(s.Counters, cl)
	}
	for _, sv := range e.Config().Services {
		open := 0
		for _, k := range e.Config().Counters {
			if k.Serves(sv.ID) && ls.Counters[k.ID].Status == "open" {
				open++
			}
		}
		w := ls.Waiting[sv.ID]
		s.Services = append(s.Services, queue.ServiceState{Service: sv, SectorName: sectorName[sv.Sector], SectorNameEN: sectorNameEN[sv.Sector], Waiting: w,
			OpenCounters: open, EstimatedWait: int(queue.EstimateWait(w, open, e.mean(sv.ID)) / time.Minute)})
	}
	s.Recent = []queue.Call{}
	for _, ev := range ls.Recent {
		s.Recent = append(s.Recent, queue.Call{TicketID: ev.TicketID, Number: ev.Number, Service: ev.Service, ServiceName: ev.ServiceName,
			Counter: ev.Counter, CounterNumber: ev.CounterNumber, CounterName: ev.CounterName, At: ev.At, Status: queue.Called})
	}
	return s, nil
}

func (e *Engine) call(t queue.Ticket) queue.Call {
	c := queue.Call{TicketID: t.ID, Number: t.Number, Service: t.Service, Counter: t.Counter, Status: t.Status}
	if t.CalledAt != nil {
		c.At = *t.CalledAt
	}
	if s, ok := e.Config().Service(t.Service); ok {
		c.ServiceName = s.Name
	}
	if k, ok := e.Config().Counter(t.Counter); ok {
		c.CounterNumber, c.CounterName = k.Number, k.Name
	}
	return c
}

// Notice is the scrolling line shown on boards.
func (e *Engine) Notice() string { return e.Config().Notice }

// SetNotice changes the notice line and tells the boards; English boards
// then show no notice until SetNoticeEN gives its English.
func (e *Engine) SetNotice(ctx context.Context, a Actor, text string) error {
	return e.SetNoticeEN(ctx, a, text, "")
}

// SetNoticeEN changes the notice line in both languages (textEN for the
// boards in English, "" for none) and tells the boards.
func (e *Engine) SetNoticeEN(ctx context.Context, a Actor, text, textEN string) error {
	text, textEN = cleanNotice(text), cleanNotice(textEN) // shown on every hall board (textrule.go)
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.AppendEvent(queue.Event{At: e.now(), Kind: queue.EvNotice, Officer: a.Officer, Text: text, TextEN: textEN})
		return err
	})
	if err == nil {
		c := *e.Config()
		c.Notice, c.NoticeEN = text, textEN
		e.cfgp.Store(&c)
	}
	return err
}

// Days is the holiday schedule the opening hours follow (nil: weekdays only).
func (e *Engine) Days() queue.DayInfo {
	if d := e.days.Load(); d != nil {
		return *d
	}
	return nil
}

// Now is the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// Stats are the queue statistics of a day (YYYY-MM-DD; empty: today).
func (e *Engine) Stats(ctx context.Context, date string) (*queue.Stats, error) {
	if date == "" {
		date = queue.Day(time.Now())
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return nil, queue.Errf(queue.CodeInvalid, "Ngày không hợp lệ, cần dạng YYYY-MM-DD", "bad date %q", date)
	}
	evs, err := e.db.EventsOfDay(ctx, date, queue.EvIssued, queue.EvCalled, queue.EvStarted, queue.EvFinished, queue.EvNoShow, queue.EvCancelled)
	if err != nil {
		return nil, err
	}
	return queue.ComputeStats(date, evs), nil
}
