// Package ui draws the kiosk presenter's views with Fyne widgets. It never
// imports fyne.io/fyne/v2/app: cmd/motcua-kiosk makes the app and window,
// and tests use the fyne test driver.
package ui

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/internal/uicheck"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/queue"
)

// Options tune the UI.
type Options struct {
	// Portrait lays lists out in one column (a 1080×1920 screen).
	Portrait bool
	// Now is the clock for the hidden admin gesture (default time.Now).
	Now func() time.Time
}

// UI is the kiosk window's content.
type UI struct {
	o    Options
	win  fyne.Window
	p    *kiosk.Presenter
	root *fyne.Container
	v    kiosk.View

	// targets are the tappable things of the current screen by a stable
	// name ("home.take", "service.hotich"): tests tap them.
	targets map[string]fyne.Tappable
	qr      map[string]image.Image

	adminTaps []time.Time
	wedge     strings.Builder
	large     bool // the large-type, high-contrast palette and theme are on
}

// New prepares the window: theme, content, the close button opening the
// admin PIN screen, and the keyboard-wedge scanner input.
func New(win fyne.Window, o Options) *UI {
	if o.Now == nil {
		o.Now = time.Now
	}
	u := &UI{o: o, win: win, root: container.NewStack(), targets: map[string]fyne.Tappable{}, qr: map[string]image.Image{}}
	setPalette(false)
	fyne.CurrentApp().Settings().SetTheme(newTheme(false))
	win.SetContent(newShield(u.root))
	win.SetPadded(false)
	win.SetCloseIntercept(u.CloseRequested)
	// A USB "keyboard wedge" scanner types the code and presses Enter.
	win.Canvas().SetOnTypedRune(func(r rune) {
		if u.wedge.Len() < 2048 {
			u.wedge.WriteRune(r)
		}
	})
	win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
			raw := u.wedge.String()
			u.wedge.Reset()
			if u.p != nil && raw != "" {
				u.p.Scan(scanner.Classify(raw))
			}
		}
	})
	return u
}

// CloseRequested is the window's close intercept: leaving the kiosk needs
// the admin PIN.
func (u *UI) CloseRequested() {
	if u.p != nil {
		u.p.Admin()
	}
}

// Bind connects the presenter whose views this UI draws.
func (u *UI) Bind(p *kiosk.Presenter) { u.p = p }

// Target returns a tappable of the current screen by name (tests).
func (u *UI) Target(name string) (fyne.Tappable, bool) {
	t, ok := u.targets[name]
	return t, ok
}

// Targets lists the tappable names of the current screen (tests).
func (u *UI) Targets() []string {
	out := make([]string, 0, len(u.targets))
	for k := range u.targets {
		out = append(out, k)
	}
	return out
}

// Render draws v. It is kiosk.Options.Render: called on the UI goroutine.
func (u *UI) Render(v kiosk.View) {
	if !uicheck.Guard("kiosk view") {
		uicheck.Redo(func() { u.Render(v) })
		return
	}
	if v.Large != u.large {
		u.large = v.Large
		setPalette(v.Large)
		fyne.CurrentApp().Settings().SetTheme(newTheme(v.Large))
	}
	u.v = v
	u.targets = map[string]fyne.Tappable{}
	var body fyne.CanvasObject
	switch v.Screen {
	case kiosk.ScreenHome:
		body = u.home(v)
	case kiosk.ScreenSectors:
		body = u.sectors(v)
	case kiosk.ScreenServices:
		body = u.services(v)
	case kiosk.ScreenPriority:
		body = u.priority(v)
	case kiosk.ScreenTicket:
		body = u.ticket(v)
	case kiosk.ScreenLookup:
		body = u.lookup(v)
	case kiosk.ScreenCheckIn:
		body = u.checkIn(v)
	case kiosk.ScreenDossiers:
		body = u.dossiers(v)
	case kiosk.ScreenDossier:
		body = u.dossier(v)
	case kiosk.ScreenRateSubject:
		body = u.rateSubject(v)
	case kiosk.ScreenRateLevel:
		body = u.rateLevel(v)
	case kiosk.ScreenRateReason:
		body = u.rateReason(v)
	case kiosk.ScreenRateComment:
		body = u.rateComment(v)
	case kiosk.ScreenThanks:
		body = u.thanks(v)
	case kiosk.ScreenAsk:
		body = u.ask(v)
	case kiosk.ScreenAskText:
		body = u.vnKeyboard(v, v.T("ask.text"), v.T("ask.text.hint"))
	case kiosk.ScreenAskPhone:
		body = u.askPhone(v)
	case kiosk.ScreenAskSent:
		body = u.askSent(v)
	case kiosk.ScreenOffline:
		body = u.offline(v)
	case kiosk.ScreenAdmin:
		body = u.admin(v)
	default:
		body = u.home(v)
	}
	bg := canvas.NewRectangle(colBG)
	objs := []fyne.CanvasObject{bg, body}
	if v.Busy {
		shade := canvas.NewRectangle(colOverlay)
		msg := v.BusyText
		if msg == "" {
			msg = "…"
		}
		card := canvas.NewRectangle(colCard)
		card.CornerRadius = 16
		box := container.NewStack(card, container.NewPadded(container.NewVBox(text(msg, theme.SizeNameSubHeadingText, true), widget.NewProgressBarInfinite())))
		objs = append(objs, newShield(container.NewStack(shade, container.NewCenter(container.NewGridWrap(fyne.NewSize(720, 200), box)))))
	}
	u.root.Objects = objs
	u.root.Refresh()
}

func (u *UI) tap(name string, t *tile) *tile {
	u.targets[name] = t
	return t
}

// frame is the common layout: header, scrolling body, footer buttons.
func (u *UI) frame(v kiosk.View, title string, body fyne.CanvasObject, nav bool) fyne.CanvasObject {
	head := u.header(v, title)
	var top []fyne.CanvasObject
	top = append(top, head)
	if v.Notice != "" && v.Screen != kiosk.ScreenThanks && v.Screen != kiosk.ScreenOffline {
		top = append(top, container.NewPadded(banner(v.Notice, colWarnBG)))
	}
	var foot fyne.CanvasObject
	if nav {
		back := u.tap("nav.back", navTile("‹  "+v.T("back"), colMuted, func() { u.p.Back() }))
		home := u.tap("nav.home", navTile(v.T("home"), colMuted, func() { u.p.Home() }))
		foot = container.NewPadded(container.NewGridWithColumns(2, back, home))
	}
	// The VBox keeps tiles at their natural height instead of stretching
	// them over the whole screen.
	scroll := container.NewVScroll(container.NewPadded(container.NewVBox(body)))
	return container.NewBorder(container.NewVBox(top...), foot, nil, nil, scroll)
}

func navTile(s string, c color.Color, onTap func()) *tile {
	t := newTile(s, "", c, onTap)
	t.center = true
	t.titleSize = theme.SizeNameSubHeadingText
	t.minH = minTouch + 16
	return t
}

// header shows the centre, the screen title and the language switch. Five
// quick taps on the centre name open the admin PIN screen.
func (u *UI) header(v kiosk.View, title string) fyne.CanvasObject {
	bg := canvas.NewRectangle(colHeader)
	centre := canvas.NewText(v.CentreName, colOnBlue)
	centre.TextSize = 22
	hidden := newCornerTap(centre, u.secretTap)
	heading := canvas.NewText(title, colOnBlue)
	heading.TextSize = 40
	if v.Large {
		heading.TextSize = 54
	}
	heading.TextStyle = fyne.TextStyle{Bold: true}
	left := container.NewVBox(hidden, heading)
	var right fyne.CanvasObject = layout.NewSpacer()
	if v.Screen != kiosk.ScreenAdmin {
		// Large type and high contrast, one tap away on every screen
		// (Decree 42/2022 Art. 14: usable by people with low vision).
		big := newTile(v.T("large.toggle"), "", colOnBlue, func() { u.p.ToggleLarge() })
		big.minH = minTouch + 8
		big.titleSize = theme.SizeNameText
		big.center = true
		big.selected = v.Large // a tick shows it is on; the same tap turns it off
		u.targets["large"] = big
		w := float32(230)
		if v.Large {
			w = 300 // the larger label (on a portrait screen the switches get a row of their own)
		}
		cells := []fyne.CanvasObject{container.NewGridWrap(fyne.NewSize(w, minTouch+8), big)}
		if v.Screen != kiosk.ScreenOffline {
			lang := newTile(v.T("lang.switch"), "", colOnBlue, func() { u.p.ToggleLang() })
			lang.minH = minTouch + 8
			lang.titleSize = theme.SizeNameText
			lang.center = true
			u.targets["lang"] = lang
			cells = append(cells, container.NewGridWrap(fyne.NewSize(w, minTouch+8), lang))
		}
		right = container.NewHBox(cells...)
	}
	if u.o.Portrait && v.Large {
		// No room beside the title for the larger switches: a row of their own.
		return container.NewStack(bg, container.NewPadded(container.NewVBox(left, container.NewHBox(layout.NewSpacer(), right))))
	}
	return container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, nil, container.NewCenter(right), left)))
}

func (u *UI) secretTap() {
	now := u.o.Now()
	keep := u.adminTaps[:0]
	for _, t := range u.adminTaps {
		if now.Sub(t) < 3*time.Second {
			keep = append(keep, t)
		}
	}
	u.adminTaps = append(keep, now)
	if len(u.adminTaps) >= 5 {
		u.adminTaps = nil
		u.p.Admin()
	}
}

// cornerTap makes an object tappable without looking like a button.
type cornerTap struct {
	widget.BaseWidget
	obj   fyne.CanvasObject
	onTap func()
}

func newCornerTap(obj fyne.CanvasObject, onTap func()) *cornerTap {
	c := &cornerTap{obj: obj, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *cornerTap) Tapped(*fyne.PointEvent) { c.onTap() }
func (c *cornerTap) Cursor() desktop.Cursor  { return desktop.HiddenCursor }
func (c *cornerTap) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(c.obj)
}

// rowHeight shares the screen's height between rows of tiles so a short
// list does not leave the lower part of a landscape screen empty; between
// lo and hi units per tile.
func (u *UI) rowHeight(rows int, nav bool, lo, hi float32) float32 {
	h := float32(1080)
	if u.win != nil && u.win.Canvas().Size().Height > 0 {
		h = u.win.Canvas().Size().Height
	}
	avail := h - 150 // header and paddings
	if nav {
		avail -= minTouch + 40
	}
	if u.v.Notice != "" {
		avail -= 90
	}
	per := avail/float32(max(rows, 1)) - 24
	return min(max(per, lo), hi)
}

// fillRows gives a list's tiles the height that fills the screen.
func (u *UI) fillRows(items []fyne.CanvasObject, nav bool) {
	cols := u.columns(len(items))
	rows := (len(items) + cols - 1) / cols
	h := u.rowHeight(rows, nav, 110, 320)
	for _, o := range items {
		if t, ok := o.(*tile); ok {
			t.minH = h
		}
	}
}

func (u *UI) columns(n int) int {
	if u.o.Portrait {
		return 1
	}
	if n <= 3 {
		return 1
	}
	return 2
}

func (u *UI) warning(v kiosk.View) fyne.CanvasObject {
	if v.PrinterWarning == "" {
		return nil
	}
	return banner("⚠ "+v.PrinterWarning, colWarnBG)
}

func (u *UI) home(v kiosk.View) fyne.CanvasObject {
	take := u.tap("home.take", newTile(v.T("home.take"), v.T("home.take.sub"), colBlue, func() { u.p.TakeNumber() }))
	book := u.tap("home.booking", newTile(v.T("home.booking"), v.T("home.booking.sub"), colTeal, func() { u.p.CheckIn() }))
	look := u.tap("home.lookup", newTile(v.T("home.lookup"), v.T("home.lookup.sub"), colGreen, func() { u.p.Lookup() }))
	rate := u.tap("home.rate", newTile(v.T("home.rate"), v.T("home.rate.sub"), colAmber, func() { u.p.Rate() }))
	// Questions and feedback: a fifth entry in a lower row of its own, so
	// the four main tiles keep their size.
	ask := u.tap("home.ask", newTile(v.T("home.ask"), v.T("home.ask.sub"), colMuted, func() { u.p.Ask() }))
	ask.minH = minTouch + 50
	rows := 2
	if u.o.Portrait {
		rows = 4
	}
	if v.PrinterWarning != "" {
		rows++
	}
	for _, t := range []*tile{take, book, look, rate} {
		t.minH = u.rowHeight(rows, false, 200, 500) - (minTouch+74)/float32(rows)
		t.titleSize = theme.SizeNameHeadingText
	}
	items := []fyne.CanvasObject{take, book, look, rate, ask}
	if !u.o.Portrait {
		items = []fyne.CanvasObject{container.NewGridWithColumns(2, take, book), container.NewGridWithColumns(2, look, rate), ask}
	}
	if w := u.warning(v); w != nil {
		items = append(items, w)
	}
	return u.frame(v, v.T("home.title"), container.NewVBox(items...), false)
}

func (u *UI) sectors(v kiosk.View) fyne.CanvasObject {
	var items []fyne.CanvasObject
	for _, s := range v.Sectors {
		id := s.ID
		items = append(items, u.tap("sector."+id, newTile(s.Name, s.Detail, colBlue, func() { u.p.ChooseSector(id) })))
	}
	u.fillRows(items, true)
	return u.frame(v, v.T("sector.title"), container.NewGridWithColumns(u.columns(len(items)), items...), true)
}

func waitLine(v kiosk.View, s kiosk.ServiceChoice) string {
	return fmt.Sprintf(v.T("service.waiting"), s.Waiting) + "  ·  " +
		kiosk.WaitText(v.Lang, s.Waiting, s.OpenCounters, s.EstimatedWait, "service.wait")
}

func (u *UI) services(v kiosk.View) fyne.CanvasObject {
	var items []fyne.CanvasObject
	for _, s := range v.Services {
		id := s.ID
		sub := waitLine(v, s)
		if s.Description != "" {
			sub = s.Description + "\n" + sub
		}
		items = append(items, u.tap("service."+id, newTile(s.Name, sub, colBlue, func() { u.p.ChooseService(id) })))
	}
	u.fillRows(items, true)
	return u.frame(v, v.T("service.title"), container.NewGridWithColumns(u.columns(len(items)), items...), true)
}

func (u *UI) priority(v kiosk.View) fyne.CanvasObject {
	none := u.tap("priority.", newTile(v.T("priority.none"), "", colBlue, func() { u.p.ChoosePriority("") }))
	none.minH = 130
	var items []fyne.CanvasObject
	for _, c := range v.Priorities {
		id := c.ID
		items = append(items, u.tap("priority."+id, newTile(c.Name, "", colAmber, func() { u.p.ChoosePriority(id) })))
	}
	body := container.NewVBox(text(v.T("priority.sub"), theme.SizeNameText, false), none,
		container.NewGridWithColumns(u.columns(len(items)+1), items...))
	return u.frame(v, v.T("priority.title"), body, true)
}

func (u *UI) qrImage(url string) image.Image {
	if img, ok := u.qr[url]; ok {
		return img
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return image.NewGray(image.Rect(0, 0, 1, 1))
	}
	q.DisableBorder = false
	img := q.Image(400)
	if len(u.qr) > 16 {
		clear(u.qr)
	}
	u.qr[url] = img
	return img
}

func (u *UI) ticket(v kiosk.View) fyne.CanvasObject {
	t := v.Ticket
	if t == nil {
		return u.home(v)
	}
	num := bigText(t.Number, 180, colBlue)
	rows := []fyne.CanvasObject{container.NewCenter(num)}
	if t.Priority != "" {
		rows = append(rows, container.NewCenter(text(v.T("priority.label")+": "+t.Priority, theme.SizeNameSubHeadingText, true)))
	}
	info := widget.NewForm(
		widget.NewFormItem(v.T("ticket.service"), text(t.ServiceName, theme.SizeNameText, true)),
		widget.NewFormItem(v.T("ticket.counters"), text(kiosk.CounterList(t.Counters), theme.SizeNameText, true)),
		widget.NewFormItem(v.T("ticket.ahead"), text(fmt.Sprint(t.Ahead), theme.SizeNameText, true)),
		widget.NewFormItem(v.T("ticket.wait"), text(kiosk.WaitText(v.Lang, t.Ahead, t.OpenCounters, t.EstimatedWait, "ticket.minutes"), theme.SizeNameText, true)),
		widget.NewFormItem("", text(t.IssuedAt.In(queue.Loc).Format("15:04  02/01/2006"), theme.SizeNameText, false)),
	)
	qr := canvas.NewImageFromImage(u.qrImage(t.TrackURL))
	qr.FillMode = canvas.ImageFillContain
	qr.ScaleMode = canvas.ImageScalePixels
	qr.SetMinSize(fyne.NewSize(300, 300))
	caption := text(v.T("ticket.scan"), theme.SizeNameText, false)
	caption.Alignment = fyne.TextAlignCenter
	qrBox := container.NewVBox(container.NewCenter(qr), caption)
	var status fyne.CanvasObject
	switch {
	case v.TicketPrinting:
		status = banner(v.T("ticket.printing"), colInfoBG)
	case v.TicketPrinted:
		status = banner(v.T("ticket.printed"), colOkBG)
	default:
		msg := v.T("ticket.noprint")
		if v.PrinterWarning != "" {
			msg = v.PrinterWarning + " " + msg
		}
		status = banner(msg, colWarnBG)
	}
	done := u.tap("ticket.done", newTile(v.T("ticket.done"), "", colBlue, func() { u.p.Home() }))
	done.center = true
	done.minH = 100
	var body fyne.CanvasObject
	if u.o.Portrait {
		body = container.NewVBox(append(rows, info, qrBox, status, done)...)
	} else {
		left := container.NewVBox(append(rows, info)...)
		body = container.NewVBox(container.NewGridWithColumns(2, left, qrBox), status, done)
	}
	return u.frame(v, v.T("ticket.title"), body, false)
}

// keyboard rows of the on-screen keyboard for dossier codes.
var keyRows = [][]string{
	{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
	{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
	{"A", "S", "D", "F", "G", "H", "J", "K", "L", "."},
	{"Z", "X", "C", "V", "B", "N", "M", "-"},
}

func (u *UI) lookup(v kiosk.View) fyne.CanvasObject {
	return u.keyboardScreen(v, v.T("lookup.title"), v.T("lookup.hint"), "000.00.06.H26-231027-0361",
		u.tap("key.search", newTile(v.T("lookup.search"), "", colGreen, func() { u.p.Search() })))
}

// checkIn is "I have an appointment": the lookup's keyboard for the
// booking code; a booking QR or a CCCD may be scanned instead.
func (u *UI) checkIn(v kiosk.View) fyne.CanvasObject {
	return u.keyboardScreen(v, v.T("checkin.title"), v.T("checkin.hint"), "B2FR-GA6B-F6ZX-VS2Y",
		u.tap("key.checkin", newTile(v.T("checkin.submit"), "", colTeal, func() { u.p.SubmitCheckIn() })))
}

// keyboardScreen is a code typed on the on-screen keyboard; submit is the
// screen's action key.
func (u *UI) keyboardScreen(v kiosk.View, title, hint, example string, submit *tile) fyne.CanvasObject {
	shown := v.Input
	if shown == "" {
		// An example, not a pre-filled code: say so, in lighter italics.
		shown = fmt.Sprintf(v.T("lookup.example"), example)
	}
	inBG := canvas.NewRectangle(colCard)
	inBG.StrokeColor = colBlue
	inBG.StrokeWidth = 3
	inBG.CornerRadius = 10
	in := canvas.NewText(shown, colText)
	if v.Input == "" {
		in.Color = colMuted
	}
	in.TextSize = 40
	if v.Input == "" {
		in.TextSize = 30
		in.TextStyle = fyne.TextStyle{Italic: true}
	}
	input := container.NewStack(inBG, container.NewPadded(in))
	var rows []fyne.CanvasObject
	for _, r := range keyRows {
		var keys []fyne.CanvasObject
		for _, k := range r {
			key := k
			t := u.tap("key."+key, newTile(key, "", colMuted, func() { u.p.Key(key) }))
			t.minH = minTouch + 10
			t.center = true
			keys = append(keys, t)
		}
		rows = append(rows, container.NewGridWithColumns(len(keyRows[0]), keys...))
	}
	del := u.tap("key.del", newTile(v.T("lookup.del"), "", colMuted, func() { u.p.Backspace() }))
	clr := u.tap("key.clear", newTile(v.T("lookup.clear"), "", colMuted, func() { u.p.ClearInput() }))
	for _, t := range []*tile{del, clr, submit} {
		t.center = true
		t.minH = minTouch + 10
	}
	rows = append(rows, container.NewGridWithColumns(3, del, clr, submit))
	body := container.NewVBox(text(hint, theme.SizeNameText, false), input, container.NewVBox(rows...))
	return u.frame(v, title, body, true)
}

func (u *UI) dossiers(v kiosk.View) fyne.CanvasObject {
	var items []fyne.CanvasObject
	for i, d := range v.Dossiers {
		i := i
		sub := d.Code + "\n" + v.T("dossier.status") + ": " + d.StatusLabel
		items = append(items, u.tap(fmt.Sprintf("dossier.%d", i), newTile(d.ProcedureName, sub, colGreen, func() { u.p.OpenDossier(i) })))
	}
	return u.frame(v, v.T("lookup.list"), container.NewVBox(items...), true)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(queue.Loc).Format("15:04 02/01/2006")
}

// appointment is the server's own wording of the due date when it has one.
func appointment(d *kiosk.Dossier) string {
	if d.Appointment != "" {
		return d.Appointment
	}
	return day(d.AppointmentAt)
}

func (u *UI) dossier(v kiosk.View) fyne.CanvasObject {
	d := v.Dossier
	if d == nil {
		return u.lookup(v)
	}
	f := widget.NewForm(widget.NewFormItem(v.T("dossier.code"), text(d.Code, theme.SizeNameText, true)))
	if d.Applicant != "" { // only after a receipt QR scan, never for a typed code
		f.AppendItem(widget.NewFormItem(v.T("dossier.applicant"), text(d.Applicant, theme.SizeNameText, false)))
	}
	f.AppendItem(widget.NewFormItem(v.T("dossier.received"), text(day(d.ReceivedAt), theme.SizeNameText, false)))
	f.AppendItem(widget.NewFormItem(v.T("dossier.appoint"), text(appointment(d), theme.SizeNameText, true)))
	stCol := colBlue
	if d.Late || d.Status == 5 || d.Status == 6 {
		stCol = colAmber
	}
	st := canvas.NewRectangle(stCol)
	st.CornerRadius = 10
	stLabel := canvas.NewText(d.StatusLabel, colOnBlue)
	stLabel.TextSize = 34
	stLabel.TextStyle = fyne.TextStyle{Bold: true}
	items := []fyne.CanvasObject{
		text(d.ProcedureName, theme.SizeNameSubHeadingText, true), f,
		container.NewStack(st, container.NewPadded(container.NewPadded(stLabel))),
	}
	if d.StatusExplain != "" {
		items = append(items, text(d.StatusExplain, theme.SizeNameText, false))
	}
	if d.Late {
		items = append(items, banner(v.T("dossier.late"), colWarnBG))
	}
	if len(d.Missing) > 0 {
		items = append(items, text(v.T("dossier.missing"), theme.SizeNameSubHeadingText, true))
		for _, m := range d.Missing {
			items = append(items, text("•  "+m, theme.SizeNameText, false))
		}
	}
	if len(d.Timeline) > 0 {
		items = append(items, text(v.T("dossier.timeline"), theme.SizeNameSubHeadingText, true))
		for _, s := range d.Timeline {
			items = append(items, text(day(s.At)+"   "+s.Label, theme.SizeNameText, false))
		}
	}
	if d.Collect != "" {
		items = append(items, text(v.T("dossier.collect"), theme.SizeNameSubHeadingText, true), text(d.Collect, theme.SizeNameText, false))
	}
	return u.frame(v, v.T("lookup.title"), container.NewVBox(items...), true)
}

// rateSubject asks for the scan of the ticket or receipt QR: one sentence,
// and how to hold the paper.
func (u *UI) rateSubject(v kiosk.View) fyne.CanvasObject {
	items := []fyne.CanvasObject{
		text(v.T("rate.subject"), theme.SizeNameSubHeadingText, true),
		text(v.T("rate.subject.how"), theme.SizeNameText, false),
	}
	return u.frame(v, v.T("rate.title"), container.NewVBox(items...), true)
}

// levelColour: the best level green, low levels red, the others blue.
func levelColour(i int, l kiosk.LevelChoice) color.Color {
	switch {
	case l.Low:
		return colRed
	case i == 0:
		return colGreen
	}
	return colBlue
}

func (u *UI) rateLevel(v kiosk.View) fyne.CanvasObject {
	// What is rated comes first, in large type: the citizen checks the
	// number and the counter before answering.
	items := []fyne.CanvasObject{text(v.RateSubject, theme.SizeNameSubHeadingText, true), text(v.Question, theme.SizeNameSubHeadingText, false)}
	h := float32(150)
	if len(v.Levels) > 3 {
		h = 112 // five levels still fit a landscape screen without scrolling
	}
	for i, l := range v.Levels {
		value := l.Value
		t := u.tap(fmt.Sprintf("level.%d", value), newTile(l.Label, "", levelColour(i, l), func() { u.p.ChooseLevel(value) }))
		t.minH = h
		t.titleSize = theme.SizeNameHeadingText
		t.center = true
		items = append(items, t)
	}
	return u.frame(v, v.T("rate.title"), container.NewVBox(items...), true)
}

// maxShown is how much of a typed text a box shows (its end).
const maxShown = 240

// commentBox shows the comment typed so far, or the invitation to write.
func commentBox(v kiosk.View, placeholder string) fyne.CanvasObject {
	bg := canvas.NewRectangle(colCard)
	bg.StrokeColor = colBlue
	bg.StrokeWidth = 3
	bg.CornerRadius = 10
	shown := v.Comment
	if rs := []rune(shown); len(rs) > maxShown {
		// A long text shows its end, where letters go: the keys stay on screen.
		shown = "…" + string(rs[len(rs)-maxShown:])
	}
	if v.Screen == kiosk.ScreenRateComment || v.Screen == kiosk.ScreenAskText {
		shown += "|" // the caret: letters go at the end (ASCII: the bundled font has no box-drawing bar)
	}
	l := text(shown, theme.SizeNameSubHeadingText, false)
	if v.Comment == "" {
		l = text(placeholder, theme.SizeNameText, false)
		l.Importance = widget.LowImportance
	}
	floor := canvas.NewRectangle(color.Transparent)
	floor.SetMinSize(fyne.NewSize(0, 96))
	return container.NewStack(floor, bg, container.NewPadded(l))
}

func (u *UI) rateReason(v kiosk.View) fyne.CanvasObject {
	items := []fyne.CanvasObject{text(v.T("rate.reason"), theme.SizeNameSubHeadingText, true)}
	var reasons []fyne.CanvasObject
	for i, r := range v.Reasons {
		id := r.ID
		t := newTile(r.Name, "", colRed, func() { u.p.ToggleReason(id) })
		t.selected = r.Selected
		t.titleSize = theme.SizeNameText
		t.minH = 96
		reasons = append(reasons, u.tap(fmt.Sprintf("reason.%d", i), t))
	}
	items = append(items, container.NewGridWithColumns(u.columns(len(reasons)), reasons...))
	items = append(items, text(v.T("rate.comment"), theme.SizeNameSubHeadingText, true))
	comment := newCornerTap(commentBox(v, v.T("rate.comment.tap")), func() { u.p.EditComment() })
	u.targets["rate.comment"] = comment
	items = append(items, comment)
	send := u.tap("rate.send", newTile(v.T("rate.send"), "", colBlue, func() { u.p.SendRating() }))
	send.center = true
	items = append(items, send)
	return u.frame(v, v.T("rate.title"), container.NewVBox(items...), true)
}

// commentRows is the on-screen keyboard for a comment: Vietnamese letters,
// then the five tone keys that mark the word just typed.
var commentRows = [][]string{
	{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
	{"a", "s", "d", "f", "g", "h", "j", "k", "l", "đ"},
	{"z", "x", "c", "v", "b", "n", "m", ",", ".", "?"},
	{"ă", "â", "ê", "ô", "ơ", "ư"},
}

var toneNames = map[kiosk.Tone][2]string{
	kiosk.ToneSac: {"sắc", "acute"}, kiosk.ToneHuyen: {"huyền", "grave"}, kiosk.ToneHoi: {"hỏi", "hook"},
	kiosk.ToneNga: {"ngã", "tilde"}, kiosk.ToneNang: {"nặng", "dot"},
}

func (u *UI) rateComment(v kiosk.View) fyne.CanvasObject {
	return u.vnKeyboard(v, v.T("rate.comment"), v.T("rate.comment.hint"))
}

// vnKeyboard is the Vietnamese on-screen keyboard (the rating comment's and
// the question's): v.Comment is the text typed so far.
func (u *UI) vnKeyboard(v kiosk.View, title, hint string) fyne.CanvasObject {
	key := func(name, label string, c color.Color, onTap func()) *tile {
		t := u.tap(name, newTile(label, "", c, onTap))
		t.minH = minTouch + 10
		t.center = true
		return t
	}
	var rows []fyne.CanvasObject
	for _, r := range commentRows {
		var keys []fyne.CanvasObject
		for _, k := range r {
			k := k
			keys = append(keys, key("ckey."+k, k, colMuted, func() { u.p.CommentKey(k) }))
		}
		rows = append(rows, container.NewGridWithColumns(len(keys), keys...))
	}
	var tones []fyne.CanvasObject
	for i, tn := range kiosk.Tones {
		tn := tn
		name := toneNames[tn][0]
		if v.Lang == kiosk.EN {
			name = toneNames[tn][1]
		}
		t := u.tap(fmt.Sprintf("tone.%d", i), newTile(tn.Key(), name, colAmber, func() { u.p.CommentTone(tn) }))
		t.minH = minTouch + 30
		t.center = true
		tones = append(tones, t)
	}
	rows = append(rows, container.NewGridWithColumns(len(tones), tones...))
	space := key("ckey.space", v.T("rate.comment.space"), colMuted, func() { u.p.CommentKey(" ") })
	del := key("ckey.del", v.T("lookup.del"), colMuted, func() { u.p.CommentBackspace() })
	done := key("comment.done", v.T("rate.comment.done"), colGreen, func() { u.p.CommentDone() })
	rows = append(rows, container.NewGridWithColumns(3, space, del, done))
	body := container.NewVBox(text(hint, theme.SizeNameText, false), commentBox(v, ""), container.NewVBox(rows...))
	return u.frame(v, title, body, true)
}

func (u *UI) thanks(v kiosk.View) fyne.CanvasObject {
	msg := text(v.Notice, theme.SizeNameHeadingText, true)
	msg.Alignment = fyne.TextAlignCenter
	done := u.tap("thanks.done", newTile(v.T("home"), "", colBlue, func() { u.p.Home() }))
	done.center = true
	return u.frame(v, v.T("rate.title"), container.NewVBox(layout.NewSpacer(), msg, done), false)
}

func (u *UI) offline(v kiosk.View) fyne.CanvasObject {
	title := text(v.T("offline.title"), theme.SizeNameHeadingText, true)
	title.Alignment = fyne.TextAlignCenter
	body := text(v.Notice, theme.SizeNameSubHeadingText, false)
	body.Alignment = fyne.TextAlignCenter
	return u.frame(v, v.T("offline.title"), container.NewVBox(title, body, widget.NewProgressBarInfinite()), false)
}

func (u *UI) admin(v kiosk.View) fyne.CanvasObject {
	if v.AdminUnlocked {
		exit := u.tap("admin.exit", newTile(v.T("admin.exit"), "", colRed, func() { u.p.Exit() }))
		resume := u.tap("admin.resume", newTile(v.T("admin.resume"), "", colBlue, func() { u.p.Home() }))
		return u.frame(v, v.T("admin.title"), container.NewVBox(resume, exit), false)
	}
	// "•" and "_": the bundled font has no ●/○ (Windows has no system font to fill in)
	dots := canvas.NewText(strings.TrimSpace(strings.Repeat("• ", v.PinLen)+strings.Repeat("_ ", max(0, 4-v.PinLen))), colText)
	dots.TextSize = 48
	dots.Alignment = fyne.TextAlignCenter
	var keys []fyne.CanvasObject
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		key := k
		t := u.tap("pin."+key, newTile(key, "", colMuted, func() { u.p.PinKey(key) }))
		t.center = true
		keys = append(keys, t)
	}
	back := u.tap("pin.del", newTile(v.T("lookup.del"), "", colMuted, func() { u.p.PinBack() }))
	zero := u.tap("pin.0", newTile("0", "", colMuted, func() { u.p.PinKey("0") }))
	ok := u.tap("pin.ok", newTile(v.T("admin.ok"), "", colGreen, func() { u.p.PinSubmit() }))
	for _, t := range []*tile{back, zero, ok} {
		t.center = true
	}
	keys = append(keys, back, zero, ok)
	pad := container.NewGridWrap(fyne.NewSize(600, 4*(110+8)), container.NewGridWithColumns(3, keys...))
	body := container.NewVBox(text(v.T("admin.pin"), theme.SizeNameSubHeadingText, true), dots, container.NewCenter(pad))
	return u.frame(v, v.T("admin.title"), body, true)
}
