// Package counter is the officer's counter app presenter: login bound to a
// counter, the queue panel (call next, recall, no-show, transfer, finish,
// pause), receiving a dossier (CCCD scan, procedure search, checklist,
// fees, appointment, receipt printing) and the dossier list with its
// actions. Pure Go: no Fyne.
//
// Threading: every exported method runs on the UI goroutine. Network and
// printer work runs on goroutines whose results come back through
// Options.Dispatch, so all state is touched by one goroutine only; after
// each change the presenter calls Options.Render with a fresh View.
package counter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/queue"
)

// Printer prints one job; *printer.Printer is one.
type Printer interface {
	Print(ctx context.Context, data []byte) error
}

// Options configure a Presenter.
type Options struct {
	API     API
	Lang    Lang   // of the presenter's sentences; SetLang changes it
	Counter string // the counter this PC stands at (e.g. "q1")
	// CounterName is its name ("Quầy 1") for the login screen, before the
	// server can be asked; empty: the id until the first snapshot.
	CounterName string
	Printer     Printer
	Profile     escpos.Profile
	// Dispatch runs f on the UI goroutine (fyne.Do in the app).
	Dispatch func(f func())
	// Render draws a view; always called on the UI goroutine.
	Render func(View)
	// CallTimeout bounds one server call (default 10 s); PrintTimeout one
	// printed paper (default 20 s).
	CallTimeout, PrintTimeout time.Duration
	Log                       *slog.Logger
}

// Screen is the top-level screen.
type Screen string

const (
	ScreenLogin Screen = "login"
	ScreenMain  Screen = "main"
)

// Tab is the work area next to the queue panel.
type Tab string

const (
	TabReceive  Tab = "receive"
	TabDossiers Tab = "dossiers"
)

// Ticket is the number being served at this counter.
type Ticket struct {
	ID          string
	Number      string
	Service     string
	ServiceName string
	Status      queue.Status
	Recalls     int
	Priority    string // category id ("" for a regular number)
	// PriorityName is the category's name ("Người cao tuổi"), shown on the
	// queue panel so the officer knows why this citizen came first.
	PriorityName string
}

// ServiceWaiting is a waiting count on the queue panel.
type ServiceWaiting struct {
	ID      string
	Name    string
	Waiting int
	Mine    bool // this counter serves it
}

// Choice is a target for a transfer (service) or a redirect (counter).
type Choice struct {
	ID   string
	Name string
}

// Queue is the always-visible queue panel.
type Queue struct {
	Current     *Ticket
	Paused      bool
	PauseReason string
	Waiting     []ServiceWaiting // this counter's services first
	WaitingMine int
	Services    []Choice // transfer targets
	Counters    []Choice // redirect targets (other counters)
}

// ComponentLine is one line of the components checklist.
type ComponentLine struct {
	Name      string
	Received  bool
	Originals int
	Copies    int
	Note      string
}

// FeeLine is a fee of the procedure; Paid means collected at the counter.
type FeeLine struct {
	Name   string
	Amount int64
	Paid   bool
}

// Form is the dossier being received.
type Form struct {
	Name, IDNumber, DOB, Gender, Address, Phone, Email string
	FromCCCD                                           bool // applicant filled by a card scan

	ProcQuery   string
	Results     []dossier.Procedure
	ResultsFor  string // the query Results answer
	Procedure   *dossier.Procedure
	Components  []ComponentLine
	Fees        []FeeLine
	Appointment *Appointment // server preview for "received now"

	Override       bool
	OverrideAt     string // "dd/mm/yyyy hh:mm"
	OverrideReason string
	ReturnMethod   dossier.ReturnMethod
	Summary        string
}

// Paper is a printed document and what became of its printing.
type Paper struct {
	Kind     string // "receipt" or "slip"
	Code     string
	Printing bool
	Printed  bool
	Error    string // Vietnamese; the paper can be reprinted
}

// ListFilter is the dossier list's filter as the officer sets it.
type ListFilter struct {
	Status      dossier.Status // 0 = every status
	DueToday    bool
	Late        bool
	Query       string
	AllCounters bool
}

// List is the dossier list tab.
type List struct {
	Filter   ListFilter
	Items    []ListItem
	Selected *centre.DossierView
	Actions  []ActionDef // for Selected
}

// PrinterView is the printer line of the status bar.
type PrinterView struct {
	Configured bool
	Ready      bool
	Text       string
}

// View is everything the UI draws.
type View struct {
	Screen Screen
	Tab    Tab
	Busy   bool
	// BusyText says what is in flight.
	BusyText string
	// Error (red) and Info (neutral) are the message line.
	Error string
	Info  string

	LoginUser  string
	LoginError string

	CentreName           string
	Officer, OfficerName string
	Counter, CounterName string
	Connected            bool
	Queue                Queue
	Form                 Form
	Saved                *centre.DossierView // the dossier saved last (reprint)
	Paper                *Paper              // the last printing
	// PaperOld: Saved/Paper belong to an earlier citizen (a new number was
	// called since): their success line is not shown, F10 still reprints.
	PaperOld          bool
	List              List
	Printer           PrinterView
	ScannerConnected  bool
	ScannerConfigured bool
}

// Presenter holds the counter app's state. Create it with New.
type Presenter struct {
	o    Options
	lang Lang // of the sentences the presenter writes
	ctx  context.Context

	gen     int // bumped on login/logout: late answers of an old session are dropped
	sess    context.CancelFunc
	v       View
	busy    int
	queueOp bool
	search  int // sequence of procedure searches
	byID    map[string]queue.ServiceState
	counter map[string]queue.CounterLive
	// priorities: category id → name, fetched at login
	priorities map[string]string
	// lookupURL is the portal's lookup page named on receipts (server setting)
	lookupURL string
	order     []string // counter ids in the centre's order
	starting  string   // ticket whose start (called → serving) is in flight
}

// New makes a presenter showing the login screen. ctx bounds every
// background goroutine it starts.
func New(ctx context.Context, o Options) *Presenter {
	if o.CallTimeout <= 0 {
		o.CallTimeout = 10 * time.Second
	}
	if o.PrintTimeout <= 0 {
		o.PrintTimeout = 20 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Profile.WidthDots == 0 {
		o.Profile = escpos.Default
	}
	p := &Presenter{o: o, ctx: ctx, lang: ParseLang(string(o.Lang))}
	p.v = View{Screen: ScreenLogin, Counter: o.Counter, CounterName: p.counterName(), Tab: TabReceive}
	p.v.Printer = PrinterView{Configured: o.Printer != nil, Text: "Chưa cấu hình máy in"}
	if o.Printer != nil {
		p.v.Printer.Text = "Đang kết nối máy in…"
	}
	return p
}

// counterName is the counter's name as far as known: from the server's
// snapshot, else Options.CounterName, else its id.
func (p *Presenter) counterName() string {
	if c, ok := p.counter[p.o.Counter]; ok && c.Name != "" {
		return c.Name
	}
	if p.o.CounterName != "" {
		return p.o.CounterName
	}
	return p.o.Counter
}

// View returns the current view.
func (p *Presenter) View() View { return p.v }

// Start draws the first screen.
func (p *Presenter) Start() { p.render() }

func (p *Presenter) render() {
	// The view is handed to other goroutines (tests, the UI): share nothing
	// the presenter changes in place.
	p.redirectTargets() // the current citizen may have changed
	v := p.v
	v.Busy = p.busy > 0
	v.Form.Components = slices.Clone(v.Form.Components)
	v.Form.Fees = slices.Clone(v.Form.Fees)
	v.Queue.Waiting = slices.Clone(v.Queue.Waiting)
	if v.Paper != nil {
		pp := *v.Paper
		v.Paper = &pp
	}
	if v.Queue.Current != nil {
		c := *v.Queue.Current
		if c.Priority != "" && c.PriorityName == "" {
			c.PriorityName = p.priorities[c.Priority] // "" until the categories are loaded
		}
		v.Queue.Current = &c
	}
	if p.o.Render != nil {
		p.o.Render(v)
	}
}

// Messages.
const (
	msgExpired     = "Phiên làm việc đã hết hạn hoặc đã bị đăng xuất. Vui lòng đăng nhập lại."
	msgUnreachable = "Không kết nối được máy chủ trung tâm. Vui lòng kiểm tra mạng rồi thử lại."
	msgSlow        = "Máy chủ không trả lời kịp. Vui lòng thử lại."
	MsgRateAtKiosk = "Mời công dân quét mã QR trên phiếu số thứ tự tại kiosk để đánh giá mức độ hài lòng."
)

// errText is the Vietnamese message for an error of a server call.
func errText(err error) string {
	var ce *client.Error
	switch {
	case errors.As(err, &ce):
		if ce.Message != "" {
			return ce.Message
		}
		return "Máy chủ từ chối yêu cầu."
	case errors.Is(err, client.ErrUnreachable):
		return msgUnreachable
	case errors.Is(err, context.DeadlineExceeded):
		return msgSlow
	}
	return "Đã xảy ra lỗi, vui lòng thử lại."
}

func unauthorized(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce) && ce.Status == 401
}

// fail shows err; a 401 ends the session and brings back the login screen.
func (p *Presenter) fail(what string, err error) {
	p.o.Log.Warn("counter: "+what+" failed", "err", err)
	if unauthorized(err) {
		p.endSession(msgExpired)
		return
	}
	p.v.Error, p.v.Info = errText(err), ""
}

// SetLang sets the language of the sentences the presenter writes from
// now on (the window's switch; the server's messages stay Vietnamese).
func (p *Presenter) SetLang(l Lang) { p.lang = l }

// tr is the English of a fixed Vietnamese sentence in English mode (an
// unknown one, such as a server message, is shown as it is).
func (p *Presenter) tr(s string) string {
	if p.lang != EN {
		return s
	}
	if en, ok := MsgEN[s]; ok {
		return en
	}
	if en, ok := PrinterEN[s]; ok {
		return en
	}
	return s
}

// tf formats the sentence format, translated first.
func (p *Presenter) tf(format string, a ...any) string { return fmt.Sprintf(p.tr(format), a...) }

func (p *Presenter) info(s string)  { p.v.Info, p.v.Error = p.tr(s), "" }
func (p *Presenter) error(s string) { p.v.Error, p.v.Info = p.tr(s), "" }

// call runs work on a goroutine and applies its outcome on the UI
// goroutine. busy, when not empty, shows as the busy text meanwhile.
func (p *Presenter) call(what, busy string, work func(ctx context.Context) (apply func(), err error)) {
	gen := p.gen
	if busy != "" {
		p.busy++
		p.v.BusyText = busy
	}
	go func() {
		ctx, cancel := context.WithTimeout(p.ctx, p.o.CallTimeout)
		defer cancel()
		apply, err := work(ctx)
		p.o.Dispatch(func() {
			if busy != "" {
				p.busy--
				if p.busy == 0 {
					p.v.BusyText = ""
				}
			}
			if gen != p.gen {
				p.render()
				return
			}
			if err != nil {
				p.fail(what, err)
			} else if apply != nil {
				apply()
			}
			p.render()
		})
	}()
	p.render()
}

// ---- session ----

// Login logs the officer in at the counter given in Options.
func (p *Presenter) Login(username, password string) {
	username = strings.TrimSpace(username)
	p.v.LoginUser = username
	if username == "" || password == "" {
		p.v.LoginError = p.tr("Hãy nhập tên đăng nhập và mật khẩu.")
		p.render()
		return
	}
	if p.o.Counter == "" {
		p.v.LoginError = p.tr("Máy này chưa được gán quầy (tham số --counter).")
		p.render()
		return
	}
	p.v.LoginError = ""
	gen := p.gen
	p.busy++
	p.v.BusyText = "Đang đăng nhập…"
	go func() {
		ctx, cancel := context.WithTimeout(p.ctx, p.o.CallTimeout)
		defer cancel()
		r, err := p.o.API.Login(ctx, username, password, p.o.Counter)
		p.o.Dispatch(func() {
			p.busy--
			p.v.BusyText = ""
			if gen != p.gen {
				return
			}
			if err != nil {
				p.v.LoginError = p.tr(errText(err))
				p.o.Log.Warn("counter: login failed", "err", err)
				p.render()
				return
			}
			p.startSession(r)
			p.render()
		})
	}()
	p.render()
}

func (p *Presenter) startSession(r client.LoginResult) {
	p.gen++
	ctx, cancel := context.WithCancel(p.ctx)
	p.sess = cancel
	printer, scannerOn, scannerCfg := p.v.Printer, p.v.ScannerConnected, p.v.ScannerConfigured
	p.v = View{Screen: ScreenMain, Tab: TabReceive, Officer: r.Username, OfficerName: r.FullName,
		Counter: p.o.Counter, CounterName: p.counterName(), Printer: printer,
		ScannerConnected: scannerOn, ScannerConfigured: scannerCfg, LoginUser: r.Username}
	if p.v.OfficerName == "" {
		p.v.OfficerName = r.Username
	}
	p.info(p.tf("Xin chào %s. Nhấn F1 để gọi số tiếp theo.", p.v.OfficerName))
	p.o.Log.Info("counter: logged in", "officer", r.Username, "counter", p.o.Counter)
	gen := p.gen
	in := func(f func()) {
		p.o.Dispatch(func() {
			if gen == p.gen {
				f()
				p.render()
			}
		})
	}
	go p.o.API.Subscribe(ctx, client.SubscribeOptions{MaxBackoff: 5 * time.Second}, client.Handler{
		Snapshot: func(s *queue.Snapshot) { in(func() { p.applySnapshot(s) }) },
		Event:    func(e queue.Event) { in(func() { p.applyEvent(e) }) },
		State: func(st client.ConnState, err error) {
			in(func() {
				p.v.Connected = st == client.Connected
				if st == client.Disconnected && unauthorized(err) {
					p.endSession(msgExpired)
				}
			})
		},
	})
	p.refreshList()
	p.call("priorities", "", func(ctx context.Context) (func(), error) {
		cats, err := p.o.API.Priorities(ctx)
		if err != nil {
			return nil, err
		}
		st, err := p.o.API.Settings(ctx)
		if err != nil {
			p.o.Log.Warn("counter: settings", "err", err)
		}
		return func() {
			p.priorities = map[string]string{}
			for _, c := range cats {
				p.priorities[c.ID] = c.Name
			}
			p.lookupURL = st.LookupURL
		}, nil
	})
}

// Logout ends the session on the server and locally.
func (p *Presenter) Logout() {
	if p.v.Screen != ScreenMain {
		return
	}
	api := p.o.API
	go func() {
		ctx, cancel := context.WithTimeout(p.ctx, p.o.CallTimeout)
		defer cancel()
		if err := api.Logout(ctx); err != nil {
			p.o.Log.Warn("counter: logout", "err", err)
		}
	}()
	p.endSession("")
	p.render()
}

func (p *Presenter) endSession(msg string) {
	if p.sess != nil {
		p.sess()
		p.sess = nil
	}
	p.gen++
	p.queueOp = false
	user := p.v.LoginUser
	printer, scannerOn, scannerCfg := p.v.Printer, p.v.ScannerConnected, p.v.ScannerConfigured
	p.v = View{Screen: ScreenLogin, Tab: TabReceive, Counter: p.o.Counter, CounterName: p.counterName(),
		LoginUser: user, LoginError: p.tr(msg), Printer: printer, ScannerConnected: scannerOn, ScannerConfigured: scannerCfg}
	if msg != "" {
		p.o.Log.Info("counter: session ended", "reason", "expired")
	}
}

// ---- live queue ----

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
		p.v.Queue.Paused = me.Status == "paused"
		p.v.Queue.PauseReason = me.Reason
		p.v.Queue.Current = nil
		if c := me.Current; c != nil && (c.Status == queue.Called || c.Status == queue.Serving) {
			p.v.Queue.Current = &Ticket{ID: c.TicketID, Number: c.Number, Service: c.Service, ServiceName: c.ServiceName, Status: c.Status}
		}
	}
	p.v.Queue.Services = nil
	for _, sv := range s.Services {
		p.v.Queue.Services = append(p.v.Queue.Services, Choice{sv.ID, sv.Name})
	}
	p.order = p.order[:0]
	for _, c := range s.Counters {
		p.order = append(p.order, c.ID)
	}
	p.redirectTargets()
	p.v.Connected = true
	p.waiting()
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
		w := ServiceWaiting{ID: sv.ID, Name: sv.Name, Waiting: sv.Waiting, Mine: p.serves(sv.ID)}
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
			p.v.Queue.Current = &Ticket{ID: e.TicketID, Number: e.Number, Service: e.Service, ServiceName: e.ServiceName,
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
		p.v.Queue.Counters = append(p.v.Queue.Counters, Choice{c.ID, c.Name})
	}
}

// ---- queue actions ----

func ticketOf(t centre.TicketView) *Ticket {
	return &Ticket{ID: t.ID, Number: t.Number, Service: t.Service, ServiceName: t.ServiceName, Status: t.Status, Recalls: t.Recalls, Priority: t.Priority}
}

// CallNext calls the next citizen to this counter.
func (p *Presenter) CallNext() {
	if p.v.Queue.Paused {
		p.error("Quầy đang tạm dừng. Nhấn F6 để tiếp tục nhận công dân.")
		p.render()
		return
	}
	p.queueDo("call next", "Đang gọi số…", func(ctx context.Context) (func(), error) {
		t, ok, err := p.o.API.CallNext(ctx, p.o.Counter, "")
		if err != nil {
			return nil, err
		}
		return func() {
			if !ok {
				p.info("Hiện không còn công dân nào đang chờ ở quầy này.")
				return
			}
			p.v.Queue.Current = ticketOf(t)
			p.newCitizen()
			p.info(p.tf("Đã gọi số %s (%s). Khi công dân tới quầy, quét CCCD hoặc bấm “Công dân đã đến”.", t.Number, t.ServiceName))
		}, nil
	})
}

// queueDo runs one queue operation at a time (a double press of F1 must
// not call two citizens); the guard is released when the answer arrives.
func (p *Presenter) queueDo(what, busy string, work func(ctx context.Context) (func(), error)) {
	if p.v.Screen != ScreenMain || p.queueOp {
		return
	}
	p.queueOp = true
	gen := p.gen
	p.call(what, busy, func(ctx context.Context) (func(), error) {
		apply, err := work(ctx)
		release := func() {
			if gen == p.gen {
				p.queueOp = false
			}
		}
		if err != nil {
			p.o.Dispatch(release)
			return nil, err
		}
		return func() { release(); apply() }, nil
	})
}

// newCitizen: a new number was called here. What was printed for the
// previous citizen is no longer news (F10 can still reprint it).
func (p *Presenter) newCitizen() {
	if pp := p.v.Paper; pp == nil || !pp.Printing && pp.Error == "" {
		p.v.PaperOld = true
	}
}

// StartServing records that the called citizen has arrived at the counter
// (the ticket goes from called to serving: boards and the phone page say
// "Đang phục vụ"). The officer's first work on the citizen's dossier (a
// CCCD scan, a chosen procedure) does it too.
func (p *Presenter) StartServing() {
	c := p.v.Queue.Current
	if c == nil || c.Status != queue.Called || p.starting == c.ID || p.v.Screen != ScreenMain {
		return
	}
	// Not behind the one-queue-operation guard: the call that brought this
	// number may still be answering (the board's event came first), and
	// the officer's tap must not be lost.
	id := c.ID
	p.starting = id
	p.call("start", "", func(ctx context.Context) (func(), error) {
		v, err := p.o.API.Act(ctx, id, queue.OpStart, "", "")
		p.o.Dispatch(func() {
			if p.starting == id {
				p.starting = ""
			}
		})
		if err != nil {
			return nil, err
		}
		return func() {
			if c := p.v.Queue.Current; c != nil && c.ID == v.ID {
				c.Status = v.Status
			}
		}, nil
	})
}

func (p *Presenter) current() *Ticket {
	if p.v.Queue.Current == nil {
		p.error("Chưa có công dân nào được gọi tới quầy. Nhấn F1 để gọi số.")
		p.render()
	}
	return p.v.Queue.Current
}

func (p *Presenter) act(op queue.Op, service, counter, busy string, done func(centre.TicketView)) {
	t := p.current()
	if t == nil {
		return
	}
	id := t.ID
	p.queueDo(string(op), busy, func(ctx context.Context) (func(), error) {
		v, err := p.o.API.Act(ctx, id, op, service, counter)
		if err != nil {
			return nil, err
		}
		return func() { done(v) }, nil
	})
}

// Recall calls the current number again.
func (p *Presenter) Recall() {
	p.act(queue.OpRecall, "", "", "Đang gọi lại…", func(v centre.TicketView) {
		p.v.Queue.Current = ticketOf(v)
		p.info(p.tf("Đã gọi lại số %s (lần %d).", v.Number, v.Recalls))
	})
}

// NoShow marks the current citizen absent.
func (p *Presenter) NoShow() {
	p.act(queue.OpNoShow, "", "", "Đang ghi vắng mặt…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		p.info(p.tf("Số %s vắng mặt. Nhấn F1 để gọi số tiếp theo.", v.Number))
	})
}

// Finish ends the current visit; the citizen is invited to rate at the kiosk.
func (p *Presenter) Finish() {
	p.act(queue.OpFinish, "", "", "Đang hoàn thành…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		p.info(p.tf("Đã hoàn thành số %s. %s", v.Number, p.tr(MsgRateAtKiosk)))
	})
}

// Transfer sends the current citizen to another service's queue.
func (p *Presenter) Transfer(service string) {
	if service == "" {
		p.error("Hãy chọn lĩnh vực cần chuyển đến.")
		p.render()
		return
	}
	p.act(queue.OpTransfer, service, "", "Đang chuyển lĩnh vực…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		p.info(p.tf("Đã chuyển số %s sang lĩnh vực %s.", v.Number, v.ServiceName))
	})
}

// Redirect sends the current citizen to another counter.
func (p *Presenter) Redirect(counter string) {
	if counter == "" {
		p.error("Hãy chọn quầy cần chuyển đến.")
		p.render()
		return
	}
	name := counter
	if c, ok := p.counter[counter]; ok {
		name = c.Name
	}
	p.act(queue.OpRedirect, "", counter, "Đang chuyển quầy…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		p.info(p.tf("Đã chuyển số %s sang %s.", v.Number, name))
	})
}

// PauseReasons are offered by the pause dialog.
var PauseReasons = []string{"Nghỉ giải lao", "Họp, công tác", "Xử lý hồ sơ phức tạp", "Sự cố kỹ thuật"}

// Pause stops new calls to this counter with a reason.
func (p *Presenter) Pause(reason string) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		p.error("Hãy chọn hoặc nhập lý do tạm dừng.")
		p.render()
		return
	}
	p.queueDo("pause", "Đang tạm dừng quầy…", func(ctx context.Context) (func(), error) {
		if err := p.o.API.Pause(ctx, p.o.Counter, reason); err != nil {
			return nil, err
		}
		return func() {
			p.v.Queue.Paused, p.v.Queue.PauseReason = true, reason
			p.info(p.tf("Quầy đã tạm dừng: %s. Nhấn F6 để tiếp tục.", reason))
		}, nil
	})
}

// Resume reopens the counter.
func (p *Presenter) Resume() {
	p.queueDo("resume", "Đang mở lại quầy…", func(ctx context.Context) (func(), error) {
		if err := p.o.API.Resume(ctx, p.o.Counter); err != nil {
			return nil, err
		}
		return func() {
			p.v.Queue.Paused, p.v.Queue.PauseReason = false, ""
			p.info("Quầy đã tiếp tục nhận công dân.")
		}, nil
	})
}

// ---- devices ----

// PrinterState shows the printer worker's state (call through Dispatch
// from printer.Config.OnState).
func (p *Presenter) PrinterState(s printer.State) {
	p.v.Printer.Configured = true
	p.v.Printer.Ready = s.Err == nil || (s.Connected && errors.Is(s.Err, printer.ErrTimeout))
	p.v.Printer.Text = printer.Message(s.Err)
	if errors.Is(s.Err, printer.ErrPaperOut) {
		p.v.Printer.Text = "Máy in hết giấy: hãy thay giấy rồi nhấn F10 để in lại."
	}
	p.render()
}

// ScannerState shows whether the serial scanner is connected.
func (p *Presenter) ScannerState(connected bool) {
	p.v.ScannerConfigured = true
	p.v.ScannerConnected = connected
	p.render()
}

// Tab switches the work area.
func (p *Presenter) SetTab(t Tab) {
	if p.v.Tab == t {
		return
	}
	p.v.Tab = t
	if t == TabDossiers {
		p.refreshList()
	}
	p.render()
}
