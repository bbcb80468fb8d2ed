// Package kiosk is the citizen kiosk's presenter: the screens, the flows
// (take a number, look up a dossier, rate the service), the printer and
// offline handling. Pure Go: no Fyne. The UI (kiosk/ui) calls the
// presenter's methods on its goroutine and draws each View it is given;
// network and printer work runs on background goroutines whose results come
// back through Options.Dispatch, so all state lives on the UI goroutine.
package kiosk

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/petition"
	"github.com/motcua/motcua/queue"
)

// Screen is which screen the kiosk shows.
type Screen string

const (
	ScreenHome        Screen = "home"
	ScreenSectors     Screen = "sectors"
	ScreenServices    Screen = "services"
	ScreenPriority    Screen = "priority"
	ScreenTicket      Screen = "ticket"
	ScreenLookup      Screen = "lookup"
	ScreenCheckIn     Screen = "checkin" // "I have an appointment": scan or type the booking code
	ScreenDossiers    Screen = "dossiers"
	ScreenDossier     Screen = "dossier"
	ScreenRateSubject Screen = "rate_subject"
	ScreenRateLevel   Screen = "rate_level"
	ScreenRateReason  Screen = "rate_reason"
	ScreenRateComment Screen = "rate_comment"
	ScreenThanks      Screen = "thanks"
	ScreenOffline     Screen = "offline"
	ScreenAdmin       Screen = "admin"
)

// Printer prints one job; *printer.Printer is one. Errors are the typed
// reasons of package printer.
type Printer interface {
	Print(ctx context.Context, data []byte) error
}

// Options configure a Presenter.
type Options struct {
	API     API
	Printer Printer // nil: no printer; tickets are shown on screen only
	Profile escpos.Profile
	// PublicURL is the centre server as citizens' phones reach it; the
	// ticket QR links to PublicURL/t/{id}.
	PublicURL string
	// Dispatch runs f on the UI goroutine (fyne.Do in the app).
	Dispatch func(f func())
	// Render draws a view; always called on the UI goroutine.
	Render func(View)
	// Idle returns to the home screen after this long without a touch
	// (default 60 s).
	Idle time.Duration
	// TicketHold and ThanksHold: how long the ticket and the thank-you
	// screens stay before going home (defaults 20 s and 6 s).
	TicketHold, ThanksHold time.Duration
	// PrintTimeout bounds one ticket's printing (default 15 s).
	PrintTimeout time.Duration
	// CallTimeout bounds one server call (default 8 s).
	CallTimeout time.Duration
	// ProbeEvery: while offline, how often the server is tried (default 3 s).
	ProbeEvery time.Duration
	// AdminPIN unlocks the admin screen (exit). Empty: exit is impossible.
	AdminPIN string
	// Quit ends the application (after the admin PIN).
	Quit func()
	// Scale is the rating scale used when the server's cannot be read
	// (default DefaultScale()); the server's is asked for at each rating.
	Scale *RatingScale
	// Lang is the kiosk's default language (`--lang`): the language at
	// start, after Home and after the idle timeout. Empty or unknown: VI.
	Lang Lang
	Now  func() time.Time
	Log  *slog.Logger
}

// Choice is a button on a list screen.
type Choice struct {
	ID       string
	Name     string
	Detail   string
	Selected bool
}

// ServiceChoice is a service button with its live figures.
type ServiceChoice struct {
	ID            string
	Name          string
	Description   string
	Waiting       int
	EstimatedWait int
	OpenCounters  int
}

// LevelChoice is an answer button of the rating question.
type LevelChoice struct {
	Value int
	Label string
	Low   bool
}

// View is everything a screen shows. The UI draws it and nothing else.
type View struct {
	Screen Screen
	Lang   Lang
	// Large: large type and high contrast (one tap in every header); kept
	// while the citizen moves between screens, cleared for the next one.
	Large      bool
	CentreName string
	// Busy: a request is in flight; the UI shows BusyText and ignores taps.
	Busy     bool
	BusyText string
	// Notice is a kind message for the citizen on the current screen
	// (a refusal from the server, an unknown code, a bad scan).
	Notice string
	// PrinterWarning stays on the ticket screens while the printer cannot
	// print, so every citizen is told honestly.
	PrinterWarning string

	Sectors    []Choice
	Services   []ServiceChoice
	Priorities []Choice

	Ticket         *Ticket
	TicketPrinting bool
	TicketPrinted  bool

	Input    string // dossier code being typed
	Dossiers []Dossier
	Dossier  *Dossier

	// RateSubject names what is rated: "Đánh giá lượt phục vụ số A012 tại
	// Quầy 3".
	RateSubject string
	// Question and Levels are the rating scale's, in the view's language.
	Question string
	Levels   []LevelChoice
	Reasons  []Choice
	// Comment is the citizen's own words after a low level (optional).
	Comment string

	// The question or petition form: kinds and topics with the chosen one
	// selected, the text and phone number typed, and after sending the
	// reference the centre answers under.
	AskKinds   []Choice
	AskTopics  []Choice
	AskText    string
	AskContact string
	AskRef     string

	PinLen        int
	AdminUnlocked bool
}

// T translates key in the view's language.
func (v View) T(key string) string { return T(v.Lang, key) }

// Presenter holds the kiosk's state. Its methods must be called on the UI
// goroutine (or through Options.Dispatch).
type Presenter struct {
	o   Options
	ctx context.Context
	wg  sync.WaitGroup

	v          View
	back       []Screen
	gen        int // bumped on Home: late answers of abandoned flows are dropped
	lastTouch  time.Time
	deadline   time.Time
	services   []queue.ServiceState
	priorities []queue.PriorityCategory
	sector     string
	service    string
	centreName string

	printerErr error
	offline    bool
	probing    bool
	lastProbe  time.Time

	pin         string
	pinFails    int
	lockedUntil time.Time

	ask     petition.Submission // the question or petition being written
	rating  Rating
	subject *centre.RatingSubject // what rating names, for relabelling
	scale   RatingScale

	repMu    sync.Mutex
	wanted   string // printer state the server should know
	reported string
	// reportedAt: when the server last heard from this kiosk; the state is
	// sent again every heartbeat so supervisors see the kiosk is alive.
	reportedAt time.Time
}

// New makes a presenter; call Start on the UI goroutine to begin.
func New(o Options) *Presenter {
	if o.Idle <= 0 {
		o.Idle = 60 * time.Second
	}
	if o.TicketHold <= 0 {
		o.TicketHold = 20 * time.Second
	}
	if o.ThanksHold <= 0 {
		o.ThanksHold = 6 * time.Second
	}
	if o.PrintTimeout <= 0 {
		o.PrintTimeout = 15 * time.Second
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 8 * time.Second
	}
	if o.ProbeEvery <= 0 {
		o.ProbeEvery = 3 * time.Second
	}
	if o.Profile.WidthDots == 0 {
		o.Profile = escpos.Default
	}
	if o.Scale == nil || o.Scale.Validate() != nil {
		s := DefaultScale()
		o.Scale = &s
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Quit == nil {
		o.Quit = func() {}
	}
	if o.Lang != EN {
		o.Lang = VI
	}
	p := &Presenter{o: o, ctx: context.Background(), scale: *o.Scale}
	p.v = View{Screen: ScreenHome, Lang: o.Lang}
	if o.Printer == nil {
		p.printerErr = errNoPrinter
	}
	return p
}

var errNoPrinter = errors.New("kiosk: no printer configured")

// Start loads the services and shows the home screen, or the offline
// screen when the server cannot be reached. ctx bounds all background work.
func (p *Presenter) Start(ctx context.Context) {
	p.ctx = ctx
	p.lastTouch = p.o.Now()
	if p.o.Printer == nil {
		p.setWanted("printer:none")
	}
	p.render()
	p.probe()
}

// Wait blocks until no background work is running (tests, shutdown).
func (p *Presenter) Wait() { p.wg.Wait() }

// View returns the current view, as last rendered.
func (p *Presenter) View() View {
	v := p.v
	v.CentreName = p.centreName
	v.PrinterWarning = p.printerWarning()
	v.PinLen = len(p.pin)
	return v
}

func (p *Presenter) render() { p.o.Render(p.View()) }

func (p *Presenter) t(key string) string { return T(p.v.Lang, key) }

func (p *Presenter) touch() { p.lastTouch = p.o.Now() }

// go runs work in the background; its result is applied on the UI
// goroutine unless the citizen has left the flow meanwhile.
func (p *Presenter) async(busyText string, work func(ctx context.Context) func()) {
	p.v.Busy, p.v.BusyText, p.v.Notice = true, busyText, ""
	p.render()
	gen := p.gen
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		apply := work(p.ctx)
		p.o.Dispatch(func() {
			if gen != p.gen {
				return
			}
			p.v.Busy, p.v.BusyText = false, ""
			apply()
			p.render()
		})
	}()
}

func (p *Presenter) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, p.o.CallTimeout)
}

// show switches screen, remembering where Back goes.
func (p *Presenter) show(s Screen) {
	if p.v.Screen != s && p.v.Screen != ScreenOffline {
		p.back = append(p.back, p.v.Screen)
	}
	p.v.Screen = s
	p.v.Notice = ""
	p.deadline = time.Time{}
}

// fail turns an error into what the citizen sees: the offline screen for a
// network failure, the server's kind message for a refusal, and a generic
// sentence (never a stack trace) for anything else.
func (p *Presenter) fail(err error) {
	var ce *client.Error
	switch {
	case errors.Is(err, client.ErrUnreachable), errors.Is(err, context.DeadlineExceeded):
		p.o.Log.Warn("kiosk: centre server unreachable", "err", err)
		p.goOffline(p.t("offline.body"))
	case errors.As(err, &ce) && (ce.Status == 401 || ce.Status == 403):
		p.o.Log.Error("kiosk: not authorised by the centre server", "err", err)
		p.goOffline(p.t("unauthorized.body"))
	case errors.As(err, &ce):
		p.o.Log.Info("kiosk: request refused", "code", ce.Code, "status", ce.Status)
		if p.v.Lang == EN {
			p.v.Notice = refusalEN(ce)
		} else {
			p.v.Notice = ce.Message
		}
	default:
		p.o.Log.Error("kiosk: unexpected error", "err", err)
		p.v.Notice = p.t("error.generic")
	}
}

func (p *Presenter) goOffline(body string) {
	p.offline = true
	p.back = nil
	p.v = View{Screen: ScreenOffline, Lang: p.v.Lang, Notice: body}
	p.lastProbe = p.o.Now()
}

// probe loads the services: at start and, while offline, until it works.
func (p *Presenter) probe() {
	if p.probing {
		return
	}
	p.probing = true
	p.lastProbe = p.o.Now()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := p.call(p.ctx)
		defer cancel()
		svcs, err := p.o.API.Services(ctx)
		var pris []queue.PriorityCategory
		if err == nil {
			pris, err = p.o.API.Priorities(ctx)
		}
		p.o.Dispatch(func() {
			p.probing = false
			if err != nil {
				if p.v.Screen != ScreenOffline {
					p.fail(err)
					if p.v.Screen != ScreenOffline { // refused: no service without the catalogue
						p.goOffline(p.t("offline.body"))
					}
					p.render()
				}
				return
			}
			p.services, p.priorities = svcs, pris
			if p.offline || p.v.Screen == ScreenOffline {
				p.offline = false
				p.o.Log.Info("kiosk: centre server reachable")
				p.home()
			}
			p.render()
		})
	}()
}

// Tick is called about once a second by the UI: idle timeout, screen
// hold times, reconnection, and retrying the printer state report.
func (p *Presenter) Tick(now time.Time) {
	switch {
	case p.v.Screen == ScreenOffline:
		if !p.probing && now.Sub(p.lastProbe) >= p.o.ProbeEvery {
			p.probe()
		}
		return
	case p.v.Busy || p.v.TicketPrinting:
		return
	case !p.deadline.IsZero() && !now.Before(p.deadline):
		p.v.Large = false // the citizen has the ticket: the next one starts in normal type
		p.Home()
	case p.v.Screen != ScreenHome && now.Sub(p.lastTouch) >= p.o.Idle:
		p.o.Log.Info("kiosk: idle, back to home", "screen", p.v.Screen)
		p.v.Large = false
		p.Home()
	case p.v.Large && now.Sub(p.lastTouch) >= p.o.Idle:
		p.v.Large = false // left on at the home screen: the next citizen starts in normal type
		p.render()
	}
	p.retryReport()
}

func (p *Presenter) home() {
	p.gen++
	lang, large := p.v.Lang, p.v.Large
	p.v = View{Screen: ScreenHome, Lang: lang, Large: large}
	p.back = nil
	p.deadline = time.Time{}
	p.sector, p.service, p.pin, p.rating, p.subject = "", "", "", Rating{}, nil
	p.ask = petition.Submission{}
}

// Home goes back to the home screen in the kiosk's default language
// (Options.Lang): every citizen starts in it, whatever the last one chose.
func (p *Presenter) Home() {
	p.touch()
	p.home()
	p.v.Lang = p.o.Lang
	p.render()
}

// ToggleLarge switches the large-type, high-contrast mode.
func (p *Presenter) ToggleLarge() {
	p.touch()
	p.v.Large = !p.v.Large
	p.render()
}

// ToggleLang switches between Vietnamese and English.
func (p *Presenter) ToggleLang() {
	p.touch()
	if p.v.Lang == VI {
		p.v.Lang = EN
	} else {
		p.v.Lang = VI
	}
	p.relabel()
	p.render()
}

// relabel rebuilds the lists whose names depend on the language.
func (p *Presenter) relabel() {
	switch p.v.Screen {
	case ScreenSectors:
		p.v.Sectors = p.sectorChoices()
	case ScreenServices:
		p.v.Services = p.serviceChoices()
	case ScreenPriority:
		p.v.Priorities = p.priorityChoices()
	case ScreenRateLevel:
		p.v.Question, p.v.Levels = p.levelChoices()
	case ScreenRateReason, ScreenRateComment:
		p.v.Reasons = p.reasonChoices()
	case ScreenAsk, ScreenAskText, ScreenAskPhone:
		p.askView()
	}
	if p.subject != nil {
		p.v.RateSubject = p.subjectLabel(*p.subject)
	}
}

// Back returns to the previous screen.
func (p *Presenter) Back() {
	p.touch()
	if p.v.Busy {
		return
	}
	if len(p.back) == 0 {
		p.Home()
		return
	}
	prev := p.back[len(p.back)-1]
	p.back = p.back[:len(p.back)-1]
	p.v.Screen, p.v.Notice = prev, ""
	if prev == ScreenHome {
		p.home()
	}
	p.render()
}
