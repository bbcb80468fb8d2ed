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
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
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
	Now   func() time.Time
	Log   *slog.Logger
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
	p := &Presenter{o: o, ctx: context.Background(), scale: *o.Scale}
	p.v = View{Screen: ScreenHome, Lang: VI}
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

func (p *Presenter) printerWarning() string {
	switch {
	case p.printerErr == nil || errors.Is(p.printerErr, printer.ErrTimeout):
		return ""
	case errors.Is(p.printerErr, errNoPrinter):
		return p.t("printer.noprinter")
	}
	if p.v.Lang == EN {
		return printerMessageEN(p.printerErr)
	}
	return printer.Message(p.printerErr)
}

func printerMessageEN(err error) string {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return "The printer is out of paper. Please tell a staff member."
	case errors.Is(err, printer.ErrCoverOpen):
		return "The printer cover is open."
	case errors.Is(err, printer.ErrOffline):
		return "The printer is not ready."
	case errors.Is(err, printer.ErrUnplugged):
		return "The printer is not connected."
	}
	return "Printer error."
}

// PrinterStateName is the device state the kiosk reports for err.
func PrinterStateName(err error) string {
	switch {
	case err == nil:
		return "printer:ok"
	case errors.Is(err, errNoPrinter):
		return "printer:none"
	case errors.Is(err, printer.ErrPaperOut):
		return "printer:paper_out"
	case errors.Is(err, printer.ErrCoverOpen):
		return "printer:cover_open"
	case errors.Is(err, printer.ErrOffline):
		return "printer:offline"
	case errors.Is(err, printer.ErrUnplugged):
		return "printer:unplugged"
	case errors.Is(err, printer.ErrTimeout):
		return "printer:unknown"
	case errors.Is(err, printer.ErrClosed):
		return "printer:closed"
	}
	return "printer:error"
}

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
		if p.v.Lang == EN && ce.MessageEN != "" {
			p.v.Notice = ce.MessageEN
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

// Home goes back to the home screen (in Vietnamese: every citizen starts
// in Vietnamese).
func (p *Presenter) Home() {
	p.touch()
	p.home()
	p.v.Lang = VI
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

// TakeNumber starts the take-a-number flow with fresh waiting figures.
func (p *Presenter) TakeNumber() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.async("", func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		svcs, err := p.o.API.Services(ctx)
		return func() {
			if err != nil {
				p.fail(err)
				return
			}
			p.services = svcs
			sectors := p.sectorChoices()
			if len(sectors) == 1 {
				p.sector = sectors[0].ID
				p.show(ScreenServices)
				p.v.Services = p.serviceChoices()
				return
			}
			p.show(ScreenSectors)
			p.v.Sectors = sectors
		}
	})
}

func (p *Presenter) sectorChoices() []Choice {
	var out []Choice
	for _, s := range p.services {
		if !slices.ContainsFunc(out, func(c Choice) bool { return c.ID == s.Sector }) {
			name := s.SectorName
			if name == "" {
				name = s.Sector
			}
			out = append(out, Choice{ID: s.Sector, Name: name})
		}
	}
	for i := range out {
		n := 0
		for _, s := range p.services {
			if s.Sector == out[i].ID {
				n += s.Waiting
			}
		}
		out[i].Detail = fmt.Sprintf(p.t("service.waiting"), n)
	}
	return out
}

func (p *Presenter) serviceChoices() []ServiceChoice {
	var out []ServiceChoice
	for _, s := range p.services {
		if s.Sector != p.sector {
			continue
		}
		name := s.Name
		if p.v.Lang == EN && s.NameEN != "" {
			name = s.NameEN
		}
		desc := s.Description
		if p.v.Lang == EN && s.DescriptionEN != "" {
			desc = s.DescriptionEN
		}
		out = append(out, ServiceChoice{ID: s.ID, Name: name, Description: desc, Waiting: s.Waiting, EstimatedWait: s.EstimatedWait,
			OpenCounters: s.OpenCounters})
	}
	return out
}

func (p *Presenter) priorityChoices() []Choice {
	out := make([]Choice, 0, len(p.priorities))
	for _, c := range p.priorities {
		name := c.Name
		if p.v.Lang == EN && c.NameEN != "" {
			name = c.NameEN
		}
		out = append(out, Choice{ID: c.ID, Name: name})
	}
	return out
}

// ChooseSector shows the services of a sector.
func (p *Presenter) ChooseSector(id string) {
	p.touch()
	if p.v.Busy {
		return
	}
	p.sector = id
	p.show(ScreenServices)
	p.v.Services = p.serviceChoices()
	p.render()
}

// ChooseService asks about priority groups (or issues at once when the
// centre has none).
func (p *Presenter) ChooseService(id string) {
	p.touch()
	if p.v.Busy {
		return
	}
	p.service = id
	if len(p.priorities) == 0 {
		p.issue("")
		return
	}
	p.show(ScreenPriority)
	p.v.Priorities = p.priorityChoices()
	p.render()
}

// ChoosePriority issues the ticket; id "" is a regular number.
func (p *Presenter) ChoosePriority(id string) {
	p.touch()
	if p.v.Busy {
		return
	}
	p.issue(id)
}

func (p *Presenter) issue(priority string) {
	service := p.service
	prioName := ""
	for _, c := range p.priorities {
		if c.ID == priority {
			prioName = c.Name
		}
	}
	p.v.Busy, p.v.BusyText, p.v.Notice = true, p.t("issuing"), ""
	p.render()
	gen := p.gen
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := p.call(p.ctx)
		iss, err := p.o.API.Issue(ctx, centre.IssueRequest{Service: service, Priority: priority})
		cancel()
		if err != nil {
			p.o.Dispatch(func() {
				if gen != p.gen {
					return
				}
				p.v.Busy = false
				p.fail(err)
				p.render()
			})
			return
		}
		t := NewTicket(iss, prioName, p.o.PublicURL)
		p.o.Log.Info("kiosk: ticket issued", "ticket", t.ID, "number", t.Number, "service", service)
		p.deliver(t, "")
	}()
}

// deliver shows a ticket and prints it (on a background goroutine); notice
// is a kind explanation shown with it (a late check-in).
func (p *Presenter) deliver(t Ticket, notice string) {
	// The number is on screen before the printer starts: a printer
	// problem can never lose it.
	p.o.Dispatch(func() {
		p.gen++ // the ticket screen belongs to this ticket only
		p.v.Busy = false
		p.show(ScreenTicket)
		p.back = nil
		p.v.Ticket, p.v.TicketPrinting, p.v.TicketPrinted = &t, p.o.Printer != nil, false
		p.v.Notice = notice
		p.render()
	})
	perr := p.print(t)
	p.o.Dispatch(func() {
		if perr == nil {
			p.printerErr = nil
		} else if !errors.Is(perr, errNoPrinter) {
			p.o.Log.Warn("kiosk: ticket not printed, shown on screen", "ticket", t.ID, "err", perr)
			p.printerErr = reason(perr)
		}
		if p.v.Ticket != nil && p.v.Ticket.ID == t.ID {
			p.v.TicketPrinting, p.v.TicketPrinted = false, perr == nil
			p.deadline = p.o.Now().Add(p.o.TicketHold)
		}
		p.setWanted(PrinterStateName(p.printerErr))
		p.render()
	})
}

// reason keeps the printer's typed reason of a failed job.
func reason(err error) error {
	var je *printer.JobError
	if errors.As(err, &je) && je.Reason != nil {
		return je.Reason
	}
	return err
}

func (p *Presenter) print(t Ticket) error {
	if p.o.Printer == nil {
		return errNoPrinter
	}
	data, err := PrintTicket(p.o.Profile, p.centreName, t)
	if err != nil {
		p.o.Log.Error("kiosk: ticket layout", "err", err)
	}
	ctx, cancel := context.WithTimeout(p.ctx, p.o.PrintTimeout)
	defer cancel()
	return p.o.Printer.Print(ctx, data)
}

// SetCentreName sets the name printed on tickets.
func (p *Presenter) SetCentreName(name string) { p.centreName = name }

// PrinterState is called (through Dispatch) when the printer worker's
// state changes: the warning appears before the next ticket and goes away
// when the printer is back.
func (p *Presenter) PrinterState(err error) {
	if errors.Is(err, printer.ErrTimeout) {
		return // unknown is not a reason to alarm anyone
	}
	if (err == nil) == (p.printerErr == nil) && errors.Is(err, p.printerErr) {
		return
	}
	p.printerErr = err
	p.setWanted(PrinterStateName(err))
	p.render()
}

// setWanted records the printer state the server should know and sends
// it in the background when it changed.
func (p *Presenter) setWanted(state string) {
	p.repMu.Lock()
	p.wanted = state
	send := p.wanted != p.reported
	p.repMu.Unlock()
	if send {
		p.sendReport()
	}
}

// heartbeat is how often an unchanged state is reported again.
const heartbeat = time.Minute

func (p *Presenter) retryReport() {
	p.repMu.Lock()
	send := p.wanted != "" && (p.wanted != p.reported || p.o.Now().Sub(p.reportedAt) >= heartbeat)
	p.repMu.Unlock()
	if send {
		p.sendReport()
	}
}

func (p *Presenter) sendReport() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.repMu.Lock()
		defer p.repMu.Unlock() // one report at a time, in order
		state := p.wanted
		if state == p.reported && p.o.Now().Sub(p.reportedAt) < heartbeat {
			return
		}
		ctx, cancel := p.call(p.ctx)
		defer cancel()
		if err := p.o.API.ReportState(ctx, state); err != nil {
			p.o.Log.Warn("kiosk: report printer state", "state", state, "err", err)
			return
		}
		if state != p.reported {
			p.o.Log.Info("kiosk: printer state reported", "state", state)
		}
		p.reported, p.reportedAt = state, p.o.Now()
	}()
}

// Reported is the printer state the server last acknowledged.
func (p *Presenter) Reported() string {
	p.repMu.Lock()
	defer p.repMu.Unlock()
	return p.reported
}

// Lookup opens the dossier lookup screen.
func (p *Presenter) Lookup() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.show(ScreenLookup)
	p.v.Input = ""
	p.render()
}

// maxCode bounds typed input: a dossier code is 25 characters.
const maxCode = 32

// Key types s on the on-screen keyboard.
func (p *Presenter) Key(s string) {
	p.touch()
	if p.v.Busy || len(p.v.Input)+len(s) > maxCode {
		return
	}
	p.v.Input += s
	p.v.Notice = ""
	p.render()
}

// Backspace deletes the last typed character.
func (p *Presenter) Backspace() {
	p.touch()
	if n := len(p.v.Input); n > 0 && !p.v.Busy {
		p.v.Input = p.v.Input[:n-1]
		p.render()
	}
}

// ClearInput empties the typed code.
func (p *Presenter) ClearInput() {
	p.touch()
	p.v.Input = ""
	p.v.Notice = ""
	p.render()
}

// Search looks up the typed dossier code.
func (p *Presenter) Search() {
	p.touch()
	if p.v.Busy {
		return
	}
	c, err := dossier.ParseCode(p.v.Input)
	if err != nil {
		p.v.Notice = p.t("lookup.badcode")
		p.render()
		return
	}
	p.lookupCode(c.String(), "")
}

// lookupCode looks up a dossier; token is the receipt QR's rating token,
// which also shows the masked applicant name.
func (p *Presenter) lookupCode(code, token string) {
	p.async(p.t("lookup.searching"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		d, err := p.o.API.LookupDossier(ctx, code, token)
		return func() {
			if client.IsCode(err, queue.CodeNotFound) {
				p.v.Notice = p.t("lookup.notfound")
				return
			}
			if err != nil {
				p.fail(err)
				return
			}
			p.show(ScreenDossier)
			p.v.Dossier = &d
		}
	})
}

func (p *Presenter) lookupCCCD(raw string) {
	p.async(p.t("lookup.searching"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		ds, err := p.o.API.LookupByCCCD(ctx, raw)
		return func() {
			if err != nil && !client.IsCode(err, queue.CodeNotFound) {
				p.fail(err)
				return
			}
			if len(ds) == 0 {
				p.v.Notice = p.t("lookup.none")
				return
			}
			if len(ds) == 1 {
				p.show(ScreenDossier)
				p.v.Dossier = &ds[0]
				return
			}
			p.show(ScreenDossiers)
			p.v.Dossiers = ds
		}
	})
}

// OpenDossier shows one dossier of the CCCD list.
func (p *Presenter) OpenDossier(i int) {
	p.touch()
	if p.v.Busy || i < 0 || i >= len(p.v.Dossiers) {
		return
	}
	d := p.v.Dossiers[i]
	p.show(ScreenDossier)
	p.v.Dossier = &d
	p.render()
}

// CheckIn opens the "I have an appointment" screen: scan the booking QR
// or the CCCD, or type the booking code on the on-screen keyboard.
func (p *Presenter) CheckIn() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.show(ScreenCheckIn)
	p.v.Input = ""
	p.render()
}

// SubmitCheckIn checks in the typed booking code (or a typed 12-digit
// CCCD number), checked for its form before any request.
func (p *Presenter) SubmitCheckIn() {
	p.touch()
	if p.v.Busy {
		return
	}
	in := strings.ToUpper(strings.TrimSpace(p.v.Input))
	if isCCCDNumber(in) {
		p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBookingByCCCD(ctx, in) })
		return
	}
	if !isBookingCode(in) {
		p.v.Notice = p.t("checkin.badcode")
		p.render()
		return
	}
	p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBooking(ctx, in) })
}

// isBookingCode: 16 letters and digits, in groups separated by dashes
// (the server reads O as 0 and I, L as 1, and says when it knows no such code).
func isBookingCode(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			n++
		case r == '-' || r == ' ':
		default:
			return false
		}
	}
	return n == 16
}

func isCCCDNumber(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkIn runs a booking check-in: on success the ticket is shown and
// printed exactly as a number taken at the kiosk (with the server's kind
// explanation when the citizen came late); a refusal (too early, unknown
// code, already checked in) stays on the check-in screen with the
// server's own sentence and the way back.
func (p *Presenter) checkIn(call func(ctx context.Context) (client.BookingCheckIn, error)) {
	if p.v.Screen != ScreenCheckIn {
		// A booking QR scanned over another flow (or the previous
		// citizen's ticket) starts afresh: Back leads home.
		p.home()
		p.show(ScreenCheckIn)
		p.v.Input = ""
	}
	p.v.Busy, p.v.BusyText, p.v.Notice = true, p.t("checkin.busy"), ""
	p.render()
	gen, lang := p.gen, p.v.Lang
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := p.call(p.ctx)
		res, err := call(ctx)
		cancel()
		if err != nil {
			p.o.Dispatch(func() {
				if gen != p.gen {
					return
				}
				p.v.Busy = false
				var ce *client.Error
				switch {
				case client.IsCode(err, queue.CodeNotFound) && p.v.Lang == EN:
					p.v.Notice = p.t("checkin.notfound")
				case p.v.Lang == EN && errors.As(err, &ce) && ce.Status == 409 && ce.MessageEN != "":
					// The server's English is a log line ("too early: check-in opens at 09:45 on …").
					p.v.Notice = strings.ToUpper(ce.MessageEN[:1]) + ce.MessageEN[1:] + "."
				default:
					p.fail(err)
				}
				p.render()
			})
			return
		}
		t := NewTicket(res.Issued, "", p.o.PublicURL)
		p.o.Log.Info("kiosk: booking checked in", "ticket", t.ID, "number", t.Number, "service", t.Service, "late", res.Late)
		notice := ""
		if res.Late {
			notice = res.Notice
			if lang == EN || notice == "" {
				notice = T(lang, "checkin.late")
			}
		}
		p.deliver(t, notice)
	}()
}

// Scan handles a code read by the scanner (serial or keyboard wedge).
// Raw scans may hold personal data: they are never logged.
func (p *Presenter) Scan(s scanner.Scan) {
	if p.v.Screen == ScreenOffline || p.v.Screen == ScreenAdmin || p.v.Busy {
		return
	}
	p.touch()
	p.o.Log.Info("kiosk: scan", "kind", s.Kind.String())
	// A booking QR checks in wherever it is scanned.
	if s.Kind == scanner.KindBooking {
		code := s.BookingCode
		p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBooking(ctx, code) })
		return
	}
	if p.v.Screen == ScreenCheckIn {
		switch s.Kind {
		case scanner.KindCCCD:
			id := s.CCCD.ID
			p.v.Input = ""
			p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBookingByCCCD(ctx, id) })
		case scanner.KindDossier, scanner.KindTicket:
			p.v.Notice = p.t("checkin.wrongqr")
			p.render()
		default:
			p.v.Notice = p.t("checkin.unreadable")
			p.render()
		}
		return
	}
	rating := p.v.Screen == ScreenRateSubject || p.v.Screen == ScreenRateLevel || p.v.Screen == ScreenRateReason || p.v.Screen == ScreenRateComment
	if rating && (s.Kind == scanner.KindTicket || s.Kind == scanner.KindDossier) {
		r := Rating{TicketID: s.TicketID, DossierCode: s.DossierCode, Token: s.RatingToken}
		if r.Token == "" {
			// A paper printed before rating tokens: it cannot rate.
			if p.v.Screen != ScreenRateSubject {
				p.show(ScreenRateSubject)
			}
			p.v.Notice = p.t("rate.oldqr")
			p.render()
			return
		}
		p.checkSubject(r)
		return
	}
	if p.v.Screen == ScreenHome && s.Kind == scanner.KindTicket && s.RatingToken != "" {
		p.rateFromHome(Rating{TicketID: s.TicketID, Token: s.RatingToken})
		return
	}
	if p.v.Screen != ScreenLookup {
		p.show(ScreenLookup)
		p.v.Input = ""
	}
	switch s.Kind {
	case scanner.KindDossier:
		p.v.Input = s.DossierCode
		p.lookupCode(s.DossierCode, s.RatingToken)
	case scanner.KindCCCD:
		p.v.Input = ""
		p.lookupCCCD(s.Raw)
	case scanner.KindTicket:
		p.v.Notice = p.t("lookup.ticket")
		p.render()
	default:
		msg := s.Message()
		if msg == "" {
			msg = p.t("lookup.badcode")
		}
		if p.v.Lang == EN {
			msg = "The code could not be read. Please scan again."
		}
		p.v.Notice = msg
		p.render()
	}
}

// Rate starts the rating flow: the citizen scans the QR of their ticket or
// receipt (a rating needs the token printed there), with the server's
// rating scale (the built-in one when it cannot be read).
func (p *Presenter) Rate() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.async("", func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		scale, err := p.o.API.RatingScale(ctx)
		return func() {
			if err != nil {
				if errors.Is(err, client.ErrUnreachable) || errors.Is(err, context.DeadlineExceeded) {
					p.fail(err)
					return
				}
				p.o.Log.Warn("kiosk: rating scale not available, using the built-in one", "err", err)
				scale = *p.o.Scale
			}
			p.scale = scale
			p.show(ScreenRateSubject)
			p.rating, p.subject = Rating{}, nil
			p.v.RateSubject = ""
		}
	})
}

// checkSubject asks the server what the scanned QR rates, then asks the
// question naming the ticket and counter (or the dossier).
func (p *Presenter) checkSubject(r Rating) {
	p.async(p.t("rate.checking"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		sub, err := p.o.API.RatingSubject(ctx, r)
		return func() { p.subjectAnswer(r, sub, err) }
	})
}

// rateFromHome starts the rating flow from a ticket QR scanned on the home
// screen (the officer's F5 sent the citizen here): the scale and the
// subject are asked together.
func (p *Presenter) rateFromHome(r Rating) {
	p.async(p.t("rate.checking"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		scale, serr := p.o.API.RatingScale(ctx)
		offline := errors.Is(serr, client.ErrUnreachable) || errors.Is(serr, context.DeadlineExceeded)
		var sub centre.RatingSubject
		var err error
		if !offline {
			sub, err = p.o.API.RatingSubject(ctx, r)
		}
		return func() {
			if offline {
				p.fail(serr)
				return
			}
			if serr != nil {
				p.o.Log.Warn("kiosk: rating scale not available, using the built-in one", "err", serr)
				scale = *p.o.Scale
			}
			p.scale = scale
			p.show(ScreenRateSubject)
			p.rating, p.subject = Rating{}, nil
			p.subjectAnswer(r, sub, err)
		}
	})
}

// subjectAnswer goes on from the server's answer about a scanned QR.
func (p *Presenter) subjectAnswer(r Rating, sub centre.RatingSubject, err error) {
	switch {
	case err == nil:
		p.subject = &sub
		p.rateSubject(r, p.subjectLabel(sub))
	case client.IsCode(err, queue.CodeConflict):
		p.endRating(p.t("rate.already"))
	case client.IsCode(err, queue.CodeTransition):
		p.endRating(p.t("rate.notserved"))
	case client.IsCode(err, queue.CodeNotFound):
		if p.v.Screen != ScreenRateSubject {
			p.show(ScreenRateSubject)
		}
		p.v.Notice = p.t("rate.unknown")
	default:
		p.fail(err)
	}
}

// subjectLabel is "Đánh giá lượt phục vụ số A012 tại Quầy 3" or "Đánh giá
// hồ sơ … tiếp nhận tại Quầy 6", in the view's language.
func (p *Presenter) subjectLabel(s centre.RatingSubject) string {
	where := s.CounterName
	if p.v.Lang == EN || where == "" {
		where = ""
		if s.CounterNumber > 0 {
			where = fmt.Sprintf(p.t("rate.counterno"), s.CounterNumber)
		}
	}
	if s.Kind == "dossier" {
		if where == "" {
			return fmt.Sprintf(p.t("rate.for.dossier"), s.DossierCode)
		}
		return fmt.Sprintf(p.t("rate.dossier.at"), s.DossierCode, where)
	}
	if where == "" {
		return fmt.Sprintf(p.t("rate.for.ticket"), s.Number)
	}
	return fmt.Sprintf(p.t("rate.for.ticket.at"), s.Number, where)
}

// endRating shows msg on the thanks screen, which returns home by itself.
func (p *Presenter) endRating(msg string) {
	p.show(ScreenThanks)
	p.v.Notice = msg
	p.back = nil
	p.deadline = p.o.Now().Add(p.o.ThanksHold)
}

func (p *Presenter) rateSubject(r Rating, label string) {
	p.rating = r
	p.show(ScreenRateLevel)
	p.v.RateSubject = strings.TrimSpace(label)
	p.v.Question, p.v.Levels = p.levelChoices()
	p.render()
}

// levelChoices is the scale in the view's language: the server's labels
// are Vietnamese; known ones have an English text.
func (p *Presenter) levelChoices() (string, []LevelChoice) {
	q := p.scale.Question
	if q == "" {
		q = dossier.RatingQuestion
	}
	if p.v.Lang == EN && q == dossier.RatingQuestion {
		q = p.t("rate.question")
	}
	out := make([]LevelChoice, len(p.scale.Levels))
	for i, l := range p.scale.Levels {
		out[i] = LevelChoice{Value: l.Value, Label: LevelText(p.v.Lang, l.Label), Low: l.Low}
	}
	return q, out
}

func (p *Presenter) reasonChoices() []Choice {
	out := make([]Choice, len(p.scale.Reasons))
	for i, r := range p.scale.Reasons {
		out[i] = Choice{ID: r, Name: ReasonText(p.v.Lang, r), Selected: slices.Contains(p.rating.Reasons, r)}
	}
	return out
}

// ChooseLevel answers the question with a level of the scale: a level
// that is not low is sent at once; a low one asks for reasons first.
func (p *Presenter) ChooseLevel(value int) {
	p.touch()
	l, ok := p.scale.Level(value)
	if p.v.Busy || !ok || (p.rating.TicketID == "" && p.rating.DossierCode == "") {
		return
	}
	p.rating.Level = value
	if l.Low {
		p.show(ScreenRateReason)
		p.v.Reasons = p.reasonChoices()
		p.v.Comment = p.rating.Comment
		p.render()
		return
	}
	p.rating.Reasons, p.rating.Comment = nil, ""
	p.sendRating()
}

// ToggleReason selects or unselects a reason.
func (p *Presenter) ToggleReason(r string) {
	p.touch()
	if p.v.Busy {
		return
	}
	if i := slices.Index(p.rating.Reasons, r); i >= 0 {
		p.rating.Reasons = slices.Delete(p.rating.Reasons, i, i+1)
	} else if slices.Contains(p.scale.Reasons, r) {
		p.rating.Reasons = append(p.rating.Reasons, r)
	}
	p.v.Reasons = p.reasonChoices()
	p.v.Notice = ""
	p.render()
}

// ReasonOther is the reason that needs the citizen's own words.
const ReasonOther = "Khác"

// maxComment bounds the comment typed on the kiosk (the server takes 500).
const maxComment = 200

// EditComment opens the on-screen keyboard for a comment.
func (p *Presenter) EditComment() {
	p.touch()
	if p.v.Busy || p.v.Screen != ScreenRateReason {
		return
	}
	p.show(ScreenRateComment)
	p.v.Comment = p.rating.Comment
	p.render()
}

func (p *Presenter) setComment(c string) {
	p.rating.Comment = c
	p.v.Comment = c
	p.v.Notice = ""
	p.render()
}

// CommentKey types s (a letter, a space, a punctuation mark) into the comment.
func (p *Presenter) CommentKey(s string) {
	p.touch()
	if p.v.Screen == ScreenAskText {
		p.askKey(s)
		return
	}
	if p.v.Screen != ScreenRateComment || len([]rune(p.rating.Comment))+len([]rune(s)) > maxComment {
		return
	}
	if s == " " && (p.rating.Comment == "" || strings.HasSuffix(p.rating.Comment, " ")) {
		return
	}
	p.setComment(p.rating.Comment + s)
}

// CommentTone puts a tone mark on the word being typed.
func (p *Presenter) CommentTone(t Tone) {
	p.touch()
	if p.v.Screen == ScreenAskText {
		p.setAskText(AddTone(p.ask.Text, t))
		return
	}
	if p.v.Screen == ScreenRateComment {
		p.setComment(AddTone(p.rating.Comment, t))
	}
}

// CommentBackspace deletes the last character of the comment.
func (p *Presenter) CommentBackspace() {
	p.touch()
	if rs := []rune(p.ask.Text); p.v.Screen == ScreenAskText {
		if len(rs) > 0 {
			p.setAskText(string(rs[:len(rs)-1]))
		}
		return
	}
	if rs := []rune(p.rating.Comment); p.v.Screen == ScreenRateComment && len(rs) > 0 {
		p.setComment(string(rs[:len(rs)-1]))
	}
}

// CommentDone returns to the reasons with the comment kept.
func (p *Presenter) CommentDone() {
	p.touch()
	if p.v.Screen == ScreenAskText {
		p.AskEditDone()
		return
	}
	if p.v.Screen != ScreenRateComment {
		return
	}
	p.rating.Comment = strings.TrimSpace(p.rating.Comment)
	p.Back()
	p.v.Reasons = p.reasonChoices()
	p.v.Comment = p.rating.Comment
	p.render()
}

// SendRating sends a low rating with its reasons and comment.
func (p *Presenter) SendRating() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.rating.Comment = strings.TrimSpace(p.rating.Comment)
	l, _ := p.scale.Level(p.rating.Level)
	switch {
	case l.Low && len(p.rating.Reasons) == 0 && p.rating.Comment == "":
		p.v.Notice = p.t("rate.needreason")
		p.render()
		return
	case slices.Contains(p.rating.Reasons, ReasonOther) && p.rating.Comment == "":
		p.v.Notice = p.t("rate.needother")
		p.render()
		return
	}
	p.sendRating()
}

func (p *Presenter) sendRating() {
	r := p.rating
	r.Reasons = slices.Clone(r.Reasons)
	p.async(p.t("rate.sending"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		err := p.o.API.Rate(ctx, r)
		return func() {
			// The server's refusals of a rating end the flow with the
			// kiosk's own sentence, in the citizen's language.
			var msg string
			switch {
			case err == nil:
				p.o.Log.Info("kiosk: rating sent", "ticket", r.TicketID, "dossier", r.DossierCode, "level", r.Level)
				msg = p.t("rate.thanks")
			case client.IsCode(err, queue.CodeConflict):
				msg = p.t("rate.already")
			case client.IsCode(err, queue.CodeTransition):
				msg = p.t("rate.notserved")
			case client.IsCode(err, queue.CodeNotFound):
				msg = p.t("rate.unknown")
			default:
				p.fail(err)
				return
			}
			if err != nil {
				p.o.Log.Info("kiosk: rating refused", "ticket", r.TicketID, "dossier", r.DossierCode, "err", err)
			}
			p.endRating(msg)
		}
	})
}

// Admin opens the PIN screen (window close, hidden corner).
func (p *Presenter) Admin() {
	p.touch()
	if p.v.Busy || p.v.Screen == ScreenAdmin {
		return
	}
	p.pin = ""
	p.show(ScreenAdmin)
	p.v.AdminUnlocked = false
	p.render()
}

// PinKey types a PIN digit.
func (p *Presenter) PinKey(d string) {
	p.touch()
	if len(p.pin) < 12 {
		p.pin += d
	}
	p.v.Notice = ""
	p.render()
}

// PinBack deletes a PIN digit.
func (p *Presenter) PinBack() {
	p.touch()
	if n := len(p.pin); n > 0 {
		p.pin = p.pin[:n-1]
	}
	p.render()
}

// PinSubmit checks the PIN; five wrong PINs lock the screen for a minute.
func (p *Presenter) PinSubmit() {
	p.touch()
	now := p.o.Now()
	pin := p.pin
	p.pin = ""
	switch {
	case now.Before(p.lockedUntil):
		p.v.Notice = p.t("admin.locked")
	case p.o.AdminPIN != "" && pin == p.o.AdminPIN:
		p.pinFails = 0
		p.v.AdminUnlocked = true
		p.o.Log.Warn("kiosk: admin unlocked")
	default:
		p.pinFails++
		p.v.Notice = p.t("admin.wrong")
		if p.pinFails >= 5 {
			p.lockedUntil = now.Add(time.Minute)
			p.pinFails = 0
			p.v.Notice = p.t("admin.locked")
		}
		p.o.Log.Warn("kiosk: wrong admin PIN")
	}
	p.render()
}

// Exit quits the application; only after the PIN.
func (p *Presenter) Exit() {
	if p.v.Screen == ScreenAdmin && p.v.AdminUnlocked {
		p.o.Log.Warn("kiosk: exit by admin")
		p.o.Quit()
	}
}
