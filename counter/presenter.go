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
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/escpos"
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
	// InboxEvery is how often the inbox is reloaded while logged in
	// (default 60 s; inbox.go).
	InboxEvery time.Duration
	Log        *slog.Logger
}

// Presenter holds the counter app's state. Create it with New.
type Presenter struct {
	o    Options
	lang Lang // of the sentences the presenter writes
	// lastTF is the last sentence p.tf wrote, said the message line's
	lastTF, said said
	ctx          context.Context

	gen int // bumped on login/logout: late answers of an old session are dropped
	// inboxPolling is set while a quiet inbox poll reads: the next tick is
	// skipped rather than started beside it (a slow server or PC must not
	// pile up polls that each read the newest pages).
	inboxPolling atomic.Bool
	// signingOut is closed when the server's sign-out of the last session
	// is done: a login waits for it (leave.go logoutNow).
	signingOut chan struct{}
	sess       context.CancelFunc
	v          View
	busy       int
	queueOp    bool
	// inboxNext is the cursor of the inbox page after those loaded;
	// inboxLoading: a "Xem thêm" is in flight (inbox_paging.go).
	inboxNext    string
	inboxLoading bool
	// quit closes the app once the sign-out asked by Quit is done (leave.go).
	quit    func()
	search  int // sequence of procedure searches
	byID    map[string]queue.ServiceState
	counter map[string]queue.CounterLive
	// priorities: category id → name, fetched at login
	priorities map[string]string
	// lookupURL is the portal's lookup page named on receipts (server setting)
	lookupURL string
	order     []string  // counter ids in the centre's order
	starting  string    // ticket whose start (called → serving) is in flight
	park      parkState // park.go
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
	v.Queue.Parked = slices.Clone(v.Queue.Parked)
	v.Inbox.Checked = slices.Clone(v.Inbox.Checked)
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
	// MsgRateAtPad: the counter has a working rating pad (ratingpad.HasPad).
	MsgRateAtPad = "Mời công dân đánh giá trên máy đánh giá tại quầy."
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
	p.v.Error, p.v.Info = p.errIn(err), ""
}

// errIn is err's message in the window's language: in English, a server
// refusal the window has no translation for shows the server's own English
// (message_en: "officer … is not assigned to counter …; ask an
// administrator") rather than its Vietnamese.
func (p *Presenter) errIn(err error) string {
	s := errText(err)
	if p.lang != EN {
		return s
	}
	if t := p.tr(s); t != s {
		return t
	}
	var ce *client.Error
	if errors.As(err, &ce) && ce.Message == s && ce.MessageEN != "" {
		r, n := utf8.DecodeRuneInString(ce.MessageEN) // a log line's English: a sentence here
		return string(unicode.ToUpper(r)) + ce.MessageEN[n:]
	}
	return s
}

// SetLang sets the language of the sentences the presenter writes from
// now on (the window's switch; a server's refusal shows in its English,
// errIn). The
// sentence on the message line is written again in l when the presenter
// wrote it.
func (p *Presenter) SetLang(l Lang) {
	if l == p.lang {
		return
	}
	p.lang = l
	if m := p.said; m.out != "" {
		s := p.sentence(m.format, m.args)
		switch {
		case m.isErr && p.v.Error == m.out:
			p.v.Error = s
		case !m.isErr && p.v.Info == m.out:
			p.v.Info = s
		default:
			return
		}
		p.said.out = s
		p.render()
	}
}

// bi is a name in both languages (a service's), an argument of p.tf
// written in the presenter's language.
type bi struct{ vi, en string }

// svc is service id's name in both languages; vi is the name the server
// sent with the ticket.
func (p *Presenter) svc(id, vi string) bi {
	return bi{vi, p.byID[id].NameEN}
}

// said is the sentence on the message line as written (format and
// arguments), so a language switch can write it again.
type said struct {
	format string
	args   []any // nil: format is the whole sentence
	out    string
	isErr  bool
}

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
func (p *Presenter) tf(format string, a ...any) string {
	s := p.sentence(format, a)
	p.lastTF = said{format: format, args: a, out: s}
	return s
}

// sentence is format with args in the presenter's language; nil args: the
// sentence format translated.
func (p *Presenter) sentence(format string, args []any) string {
	if args == nil {
		return p.tr(format)
	}
	a := make([]any, len(args))
	for i, x := range args {
		a[i] = x
		if n, ok := x.(bi); ok {
			a[i] = n.vi
			if p.lang == EN && n.en != "" {
				a[i] = n.en
			}
		}
	}
	return fmt.Sprintf(p.tr(format), a...)
}

func (p *Presenter) info(s string) { p.v.Info, p.v.Error = p.tr(s), ""; p.remember(s, p.v.Info, false) }
func (p *Presenter) error(s string) {
	p.v.Error, p.v.Info = p.tr(s), ""
	p.remember(s, p.v.Error, true)
}

// remember notes how the message line's sentence out was written from s.
func (p *Presenter) remember(s, out string, isErr bool) {
	if t := p.lastTF; t.out == s && t.args != nil {
		p.said = said{format: t.format, args: t.args, out: out, isErr: isErr}
	} else {
		p.said = said{format: s, out: out, isErr: isErr}
	}
}

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
