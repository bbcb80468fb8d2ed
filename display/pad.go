package display

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/ratingpad/padwire"
)

// The rating pad mode of motcua-display (--mode ratingpad): a small screen
// facing the citizen at one counter. The server decides what it shows
// (GET /api/v1/pad/state); Pad adds what is local to the screen: the
// language, the answer being chosen and the thank-you after sending.

// PadScreen is what the pad draws.
type PadScreen struct {
	Mode      string // padwire.ModeIdle, ModeServing, ModeRate, or PadThanks
	Title     string // the counter ("Quầy 1")
	English   bool
	LangLabel string // the switch's label: the other language
	Offline   string // not "" when the server is unreachable or refuses

	OfficerLabel string // "Cán bộ tiếp nhận"
	Officer      string
	Initials     string
	Hint         string // idle: what the citizen should do

	TicketLabel string // "Đang phục vụ số"
	Number      string
	Service     string

	Question    string
	Levels      []PadChoice // rating answers
	Reasons     []PadChoice // low-rating reasons (Chosen marks the picked ones)
	ShowReasons bool
	SendLabel   string
	Note        string // anonymity note
	Thanks      string
}

// PadChoice is one button.
type PadChoice struct {
	Value  int
	Key    string // the reason's Vietnamese text (sent as is)
	Label  string
	Low    bool
	Chosen bool
}

// PadThanks is the mode shown for a few seconds after a rating is sent.
const PadThanks = "thanks"

// Pad holds the pad's state; safe for use from several goroutines.
type Pad struct {
	mu          sync.Mutex
	st          padwire.State
	have        bool
	en          bool
	offline     string
	level       int
	reasons     map[string]bool
	thanksFor   string
	thanksUntil time.Time
}

// NewPad starts in Vietnamese (English when en).
func NewPad(en bool) *Pad { return &Pad{en: en, reasons: map[string]bool{}} }

// Update applies a state read from the server.
func (p *Pad) Update(st padwire.State) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.st.Ticket == nil || st.Ticket == nil || p.st.Ticket.ID != st.Ticket.ID || st.Mode != padwire.ModeRate {
		p.level, p.reasons = 0, map[string]bool{}
	}
	p.st, p.have, p.offline = st, true, ""
}

// Offline records that the last read failed (msg is shown).
func (p *Pad) Offline(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.offline = msg
}

// ToggleLang switches Vietnamese/English.
func (p *Pad) ToggleLang() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.en = !p.en
}

// Choose picks an answer. It returns the request to send now (a rating
// that is not low), or ok=false when the pad must first ask for reasons.
func (p *Pad) Choose(level int) (req padwire.RateRequest, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.st.Mode != padwire.ModeRate || p.st.Ticket == nil {
		return req, false
	}
	p.level = level
	for _, l := range p.st.Scale.Levels {
		if l.Value == level && l.Low {
			return req, false
		}
	}
	return padwire.RateRequest{TicketID: p.st.Ticket.ID, Level: level}, true
}

// ToggleReason picks or drops a reason of a low rating.
func (p *Pad) ToggleReason(r string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reasons[r] = !p.reasons[r]
}

// Send is the request of a low rating with its reasons (ok=false when no
// answer is chosen).
func (p *Pad) Send() (padwire.RateRequest, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.level == 0 || p.st.Ticket == nil {
		return padwire.RateRequest{}, false
	}
	req := padwire.RateRequest{TicketID: p.st.Ticket.ID, Level: p.level}
	for _, r := range p.st.Scale.Reasons {
		if p.reasons[r] {
			req.Reasons = append(req.Reasons, r)
		}
	}
	return req, true
}

// Sent records a rating accepted (or already given) for ticket at now:
// the pad thanks the citizen for a few seconds.
func (p *Pad) Sent(ticket string, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.thanksFor, p.thanksUntil, p.level, p.reasons = ticket, now.Add(6*time.Second), 0, map[string]bool{}
}

func (p *Pad) tr(s string) string {
	if p.en {
		return padwire.EN(s)
	}
	return s
}

func (p *Pad) pick(vi, en string) string {
	if p.en {
		return en
	}
	return vi
}

// Screen is what to draw at now.
func (p *Pad) Screen(now time.Time) PadScreen {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := PadScreen{English: p.en, LangLabel: p.pick("English", "Tiếng Việt"), Offline: p.offline, Mode: padwire.ModeIdle}
	st := p.st
	if !p.have {
		s.Title = p.pick("Máy đánh giá", "Rating pad")
		s.Hint = p.pick("Đang kết nối máy chủ…", "Connecting to the server…")
		return s
	}
	s.Title = st.Counter.Name
	if p.en {
		s.Title = st.Counter.NameEN // the Vietnamese name is not shown in English
	}
	if s.Title == "" {
		s.Title = p.pick("Quầy ", "Counter ") + strconv.Itoa(st.Counter.Number)
	}
	mode := st.Mode
	if now.Before(p.thanksUntil) && mode != padwire.ModeServing {
		mode = PadThanks
	}
	s.Mode = mode
	switch mode {
	case PadThanks:
		s.Thanks = p.pick(padwire.Thanks, "Thank you for your rating!")
	case padwire.ModeRate:
		s.Officer, s.Initials = st.Officer, Initials(st.Officer)
		s.TicketLabel = p.pick("Số thứ tự", "Ticket")
		if st.Ticket != nil {
			s.Number = st.Ticket.Number
		}
		s.Question = p.tr(st.Scale.Question)
		for _, l := range st.Scale.Levels {
			s.Levels = append(s.Levels, PadChoice{Value: l.Value, Label: p.tr(l.Label), Low: l.Low, Chosen: l.Value == p.level})
			if l.Value == p.level && l.Low {
				s.ShowReasons = true
			}
		}
		for _, r := range st.Scale.Reasons {
			s.Reasons = append(s.Reasons, PadChoice{Key: r, Label: p.tr(r), Chosen: p.reasons[r]})
		}
		s.SendLabel = p.pick("Gửi đánh giá", "Send rating")
		s.Note = p.pick("Đánh giá của Quý khách là ẩn danh: không kèm tên hay số phiếu của Quý khách.",
			"Your rating is anonymous: it does not carry your name or ticket.")
	default:
		closed := !st.Open && mode == padwire.ModeIdle
		s.OfficerLabel = p.pick("Cán bộ tiếp nhận", "Officer")
		s.Officer, s.Initials = st.Officer, Initials(st.Officer)
		if closed {
			s.OfficerLabel, s.Officer = "", p.pick("Quầy tạm ngừng phục vụ", "Counter closed")
			s.Hint = p.pick("Xin mời Quý khách đến quầy khác đang mở.", "Please go to another open counter.")
		} else if mode == padwire.ModeIdle && st.Paused != "" {
			s.Hint = p.pick("Quầy tạm dừng: "+st.Paused, "Counter paused: "+pauseEN(st.Paused))
		} else if mode == padwire.ModeIdle {
			s.Hint = p.pick("Xin mời Quý khách chờ đến lượt được gọi số.", "Please wait for your number to be called.")
		}
		if mode == padwire.ModeServing && st.Ticket != nil {
			s.TicketLabel = p.pick("Đang phục vụ số", "Now serving")
			s.Number, s.Service = st.Ticket.Number, st.Ticket.ServiceName
			if p.en && st.Ticket.ServiceNameEN != "" {
				s.Service = st.Ticket.ServiceNameEN
			}
		}
	}
	return s
}

// Initials of a Vietnamese full name: the first letters of the family and
// given names ("Nguyễn Văn An" → "NA").
func Initials(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	first := []rune(f[0])[:1]
	if len(f) == 1 {
		return strings.ToUpper(string(first))
	}
	return strings.ToUpper(string(first) + string([]rune(f[len(f)-1])[:1]))
}

// PadAPI is the server side of the pad; *client.Client with the pad's
// device token is one (see PadClient).
type PadAPI interface {
	PadState(ctx context.Context) (padwire.State, error)
	PadRate(ctx context.Context, req padwire.RateRequest) error
}

// PadRunOptions wire a Pad to its API and view.
type PadRunOptions struct {
	Dispatch func(f func())    // runs f on the UI goroutine
	Render   func(s PadScreen) // draws; called through Dispatch
	Every    time.Duration     // redraw period, and the poll period without long-poll (default 1 s)
	// Wait is how long one long-poll may wait (API with PadStateWait;
	// default 8 s, the server's cap).
	Wait    time.Duration
	Message func(err error) string // the text shown for an error (default err.Error())
	Log     *slog.Logger
	Now     func() time.Time
}

// PadRunner follows the server and sends ratings.
type PadRunner struct {
	api PadAPI
	pad *Pad
	o   PadRunOptions
	mu  sync.Mutex // one send at a time
}

// NewPadRunner prepares a runner; call Run, and Rate from the view.
func NewPadRunner(api PadAPI, pad *Pad, o PadRunOptions) *PadRunner {
	if o.Every <= 0 {
		o.Every = time.Second
	}
	if o.Wait <= 0 {
		o.Wait = 8 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Message == nil {
		o.Message = func(err error) string { return err.Error() }
	}
	return &PadRunner{api: api, pad: pad, o: o}
}

// Redraw renders the current screen.
func (r *PadRunner) Redraw() {
	s := r.pad.Screen(r.o.Now())
	r.o.Dispatch(func() { r.o.Render(s) })
}

// Refresh reads the state once.
func (r *PadRunner) Refresh(ctx context.Context) {
	st, err := r.api.PadState(ctx)
	if err != nil {
		if ctx.Err() == nil {
			r.o.Log.Warn("pad state", "err", err)
			r.pad.Offline(r.o.Message(err))
		}
	} else {
		r.pad.Update(st)
	}
	r.Redraw()
}

// PadWaiter is a PadAPI that can long-poll (PadClient): the answer comes
// when the state is no longer since, or after wait.
type PadWaiter interface {
	PadStateWait(ctx context.Context, since string, wait time.Duration) (padwire.State, error)
}

// Run follows the server until ctx ends. With a PadWaiter it long-polls:
// the next request goes out as soon as an answer arrives, so a finish at
// the counter shows at once and an idle pad asks every Wait; the screen is
// redrawn every Every for what is local to it (the thanks). Otherwise, or
// after an error, or when an answer comes back unchanged sooner than Every
// (a server without long-poll), it waits Every. An API that can report the
// device's state (PadClient) is told "ok" once a minute: the console's
// "last seen".
func (r *PadRunner) Run(ctx context.Context) {
	t := time.NewTicker(r.o.Every)
	defer t.Stop()
	rep, _ := r.api.(interface {
		ReportState(context.Context, string) error
	})
	waiter, _ := r.api.(PadWaiter)
	if waiter != nil {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					r.Redraw()
				}
			}
		}()
	}
	var last time.Time
	version := ""
	for {
		if now := r.o.Now(); rep != nil && now.Sub(last) >= time.Minute {
			last = now
			if err := rep.ReportState(ctx, "ok"); err != nil && ctx.Err() == nil {
				r.o.Log.Warn("pad heartbeat", "err", err)
			}
		}
		pace := true
		if waiter == nil {
			r.Refresh(ctx)
		} else {
			start := time.Now()
			st, err := waiter.PadStateWait(ctx, version, r.o.Wait)
			if err != nil {
				if ctx.Err() == nil {
					r.o.Log.Warn("pad state", "err", err)
					r.pad.Offline(r.o.Message(err))
				}
				version = ""
			} else {
				r.pad.Update(st)
				pace = st.Version == "" || (st.Version == version && time.Since(start) < r.o.Every)
				version = st.Version
			}
			r.Redraw()
		}
		if !pace {
			if ctx.Err() != nil {
				return
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(r.o.Every):
		}
	}
}

// Rate sends req (from Pad.Choose or Pad.Send); on success or "already
// rated" the pad thanks the citizen. It must not run on the UI goroutine.
func (r *PadRunner) Rate(ctx context.Context, req padwire.RateRequest, alreadyRated func(error) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.api.PadRate(ctx, req)
	if err == nil || (alreadyRated != nil && alreadyRated(err)) {
		r.pad.Sent(req.TicketID, r.o.Now())
		r.pad.Offline("")
	} else {
		r.o.Log.Warn("pad rate", "err", err)
		r.pad.Offline(r.o.Message(err))
	}
	r.Refresh(ctx)
}
