// Package ui draws the kiosk presenter's views with Fyne widgets. It never
// imports fyne.io/fyne/v2/app: cmd/motcua-kiosk makes the app and window,
// and tests use the fyne test driver.
package ui

import (
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

	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/internal/uicheck"
	"github.com/motcua/motcua/kiosk"
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
	headSize := float32(40)
	if v.Large {
		headSize = 54
	}
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
	// The centre's name and the title wrap to the room they have (a long
	// title must not widen the window): beside the switches, or under
	// them when that room is too narrow for a title.
	pad := theme.Padding()
	full := u.width() - 4*pad
	beside := full - right.MinSize().Width - 2*pad
	stacked := (u.o.Portrait && v.Large) || beside < 0.4*u.width()
	room := beside
	if stacked {
		room = full
	}
	left := func() fyne.CanvasObject {
		centre := wrappedText(v.CentreName, 22, false, colOnBlue, room)
		hidden := newCornerTap(centre, u.secretTap)
		return container.NewVBox(hidden, wrappedText(title, headSize, true, colOnBlue, room))
	}()
	if stacked {
		// No room beside the title for the switches: a row of their own.
		return container.NewStack(bg, container.NewPadded(container.NewVBox(left, container.NewHBox(layout.NewSpacer(), right))))
	}
	return container.NewStack(bg, container.NewPadded(container.NewBorder(nil, nil, nil, container.NewCenter(right), left)))
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

func (u *UI) offline(v kiosk.View) fyne.CanvasObject {
	title := text(v.T("offline.title"), theme.SizeNameHeadingText, true)
	title.Alignment = fyne.TextAlignCenter
	body := text(v.Notice, theme.SizeNameSubHeadingText, false)
	body.Alignment = fyne.TextAlignCenter
	return u.frame(v, v.T("offline.title"), container.NewVBox(title, body, widget.NewProgressBarInfinite()), false)
}
