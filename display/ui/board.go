// Package ui is the Fyne hall board: it draws a display.Board. It never
// imports fyne.io/fyne/v2/app (only cmd/motcua-display does), so it tests
// headless with fyne.io/fyne/v2/test.
package ui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/internal/uicheck"
)

// Colours: white and yellow on deep navy, well above WCAG AAA contrast.
var (
	colBg      = color.NRGBA{0x0b, 0x1d, 0x3a, 0xff}
	colHead    = color.NRGBA{0x06, 0x12, 0x2a, 0xff}
	colCard    = color.NRGBA{0x16, 0x34, 0x63, 0xff}
	colFg      = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colDim     = color.NRGBA{0xb9, 0xc8, 0xe6, 0xff}
	colAccent  = color.NRGBA{0xff, 0xd8, 0x4d, 0xff}
	colFlash   = color.NRGBA{0xd8, 0x1f, 0x26, 0xff}
	colOpen    = color.NRGBA{0x3e, 0xcf, 0x6e, 0xff}
	colPaused  = color.NRGBA{0xff, 0x9f, 0x1c, 0xff}
	colClosed  = color.NRGBA{0x6b, 0x7a, 0x99, 0xff}
	colLine    = color.NRGBA{0x2c, 0x4f, 0x86, 0xff}
	colTickerF = color.NRGBA{0x06, 0x12, 0x2a, 0xff}
)

func text(c color.Color, bold bool) *canvas.Text {
	t := canvas.NewText("", c)
	// Regular or bold Noto Sans: Fyne's monospace lacks Vietnamese letters.
	t.TextStyle = fyne.TextStyle{Bold: bold}
	return t
}

type counterCell struct {
	bg, strip    *canvas.Rectangle
	name, num, s *canvas.Text
	sW           float32 // room for the status line, set by Layout
	fullName     string  // the counter's label before fitting
	// the name-and-number row, set by Layout: left, name and number middles,
	// width, gap, base font sizes
	x, nameY, numY, w, gap, nameSize, numSize float32
}

type recentRow struct {
	num, counter *canvas.Text
	line         *canvas.Rectangle
}

type serviceCell struct {
	bg                *canvas.Rectangle
	name, name2, wait *canvas.Text
	// the name's box, set by Layout: x, top, width, height, base font size
	nameX, nameY, nameW, nameH, nameSize float32
}

// View is the board. Render and every other method must run on the Fyne
// goroutine (fyne.Do from elsewhere).
type View struct {
	portrait bool
	en       bool // the board's own words in English (SetEnglish)
	root     *fyne.Container

	headBg, headLine      *canvas.Rectangle
	centre, clock, date   *canvas.Text
	bannerBg              *canvas.Rectangle
	banner                *canvas.Text
	featBg                *canvas.Rectangle
	featLabel, fnum, fctr *canvas.Text
	recentBg              *canvas.Rectangle
	recentTitle           *canvas.Text
	recent                []recentRow
	counters              []counterCell
	services              []serviceCell
	tickerBg              *canvas.Rectangle
	notice                *canvas.Text
	noticeX               float32     // scrolling notice: its position
	scroll                bool        // the notice scrolls (else it is paged)
	pager                 noticePager // the paged notice
	centreW               float32
	// the centre name's largest and smallest type and where it sits: a name
	// that arrives after the layout (the first snapshot) is shrunk to fit too
	centreMax, centreMin, centreX, centreY float32
	cursor                                 *hiddenCursor

	last display.Board
}

// New builds an empty board; portrait stacks the panels for a tall screen.
// SetEnglish switches the board's own words to English (call before the
// first Render).
func (v *View) SetEnglish(on bool) {
	v.en = on
	v.featLabel.Text, v.recentTitle.Text = v.tr("MỜI SỐ"), v.tr("Số vừa gọi")
	v.featLabel.Refresh()
	v.recentTitle.Refresh()
}

// counterLabel is a counter's name in the board's language.
func (v *View) counterLabel(number int, name, nameEN string) string {
	if v.en {
		return display.CounterLabelEN(number, nameEN)
	}
	return display.CounterLabel(number, name)
}

func (v *View) tr(s string) string {
	if v.en {
		return display.EN(s)
	}
	return s
}

func New(portrait bool) *View {
	v := &View{portrait: portrait}
	bg := canvas.NewRectangle(colBg)
	v.headBg, v.headLine = canvas.NewRectangle(colHead), canvas.NewRectangle(colAccent)
	v.centre, v.clock, v.date = text(colFg, true), text(colFg, true), text(colDim, false)
	v.clock.Alignment, v.date.Alignment = fyne.TextAlignTrailing, fyne.TextAlignTrailing
	v.bannerBg, v.banner = canvas.NewRectangle(colFlash), text(colFg, true)
	v.banner.Alignment = fyne.TextAlignCenter
	v.featBg = canvas.NewRectangle(colCard)
	v.featBg.CornerRadius = 12
	v.featBg.StrokeColor, v.featBg.StrokeWidth = colLine, 4
	v.featLabel, v.fnum, v.fctr = text(colDim, true), text(colAccent, true), text(colFg, true)
	v.featLabel.Text = "MỜI SỐ"
	for _, t := range []*canvas.Text{v.featLabel, v.fnum, v.fctr} {
		t.Alignment = fyne.TextAlignCenter
	}
	v.recentBg = canvas.NewRectangle(colCard)
	v.recentBg.CornerRadius = 12
	v.recentTitle = text(colDim, true)
	v.recentTitle.Text = "Số vừa gọi"
	v.tickerBg, v.notice = canvas.NewRectangle(colAccent), text(colTickerF, true)
	v.cursor = &hiddenCursor{}
	v.cursor.ExtendBaseWidget(v.cursor)
	objs := []fyne.CanvasObject{bg, v.headBg, v.headLine, v.centre, v.clock, v.date, v.featBg, v.featLabel, v.fnum, v.fctr,
		v.recentBg, v.recentTitle}
	for range 10 {
		r := recentRow{num: text(colAccent, true), counter: text(colFg, false), line: canvas.NewRectangle(colLine)}
		r.counter.Alignment = fyne.TextAlignTrailing
		v.recent = append(v.recent, r)
		objs = append(objs, r.line, r.num, r.counter)
	}
	objs = append(objs, v.tickerBg, v.notice, v.bannerBg, v.banner, v.cursor)
	v.root = container.New(v, objs...)
	v.Render(display.Board{Banner: "Đang kết nối tới máy chủ…"}, time.Now())
	return v
}

// Object is the board's canvas object (the window content).
func (v *View) Object() fyne.CanvasObject { return v.root }

func (v *View) serviceName(sv display.ServiceRow) string {
	if v.en && sv.NameEN != "" {
		return sv.NameEN
	}
	return sv.Name
}

// Board is the last rendered state.
func (v *View) Board() display.Board { return v.last }

// insert puts objects below the banner and cursor layers.
func (v *View) insert(objs ...fyne.CanvasObject) {
	o := v.root.Objects
	n := len(o) - 3
	v.root.Objects = append(append(append([]fyne.CanvasObject{}, o[:n]...), objs...), o[n:]...)
}

func (v *View) ensureCells(nc, ns int) {
	grew := false
	for len(v.counters) < nc {
		c := counterCell{bg: canvas.NewRectangle(colCard), strip: canvas.NewRectangle(colOpen),
			name: text(colFg, true), num: text(colAccent, true), s: text(colDim, false)}
		c.bg.CornerRadius = 8
		c.num.Alignment = fyne.TextAlignTrailing
		v.counters = append(v.counters, c)
		v.insert(c.bg, c.strip, c.name, c.num, c.s)
		grew = true
	}
	for len(v.services) < ns {
		s := serviceCell{bg: canvas.NewRectangle(colCard), name: text(colDim, false), name2: text(colDim, false), wait: text(colFg, true)}
		s.bg.CornerRadius = 8
		v.services = append(v.services, s)
		v.insert(s.bg, s.name, s.name2, s.wait)
		grew = true
	}
	if grew {
		v.root.Refresh()
	}
}

func setText(t *canvas.Text, s string, c color.Color) {
	if t.Text != s || t.Color != c {
		t.Text, t.Color = s, c
		t.Refresh()
	}
}

// fitText sets a text that may be shortened to w (0: not laid out yet).
func fitText(t *canvas.Text, full string, w float32) {
	if w <= 0 {
		if t.Text != full {
			t.Text = full
			t.Refresh()
		}
		return
	}
	fit(t, full, w)
}

func show(o fyne.CanvasObject, on bool) {
	if on && !o.Visible() {
		o.Show()
	} else if !on && o.Visible() {
		o.Hide()
	}
}

// Render draws b; now drives the clock.
func (v *View) Render(b display.Board, now time.Time) {
	if !uicheck.Guard("board view") {
		uicheck.Redo(func() { v.Render(b, now) })
		return
	}
	relayout := len(b.Counters) != len(v.last.Counters) || len(b.Services) != len(v.last.Services) || b.Notice != v.last.Notice || b.NoticeEN != v.last.NoticeEN
	v.last = b
	v.ensureCells(len(b.Counters), len(b.Services))
	name := b.CentreName
	if name == "" {
		name = "Trung tâm Phục vụ hành chính công"
	}
	if v.centreW > 0 && v.centreMax > 0 {
		place(v.centre, shrink(v.centre, name, v.centreMax, v.centreMin, v.centreW), v.centreX, v.centreY, v.centreW)
	}
	fitText(v.centre, name, v.centreW)
	setText(v.clock, display.ClockText(now), colFg)
	date := display.DateText(now)
	if v.en {
		date = display.DateTextEN(now)
	}
	setText(v.date, date, colDim)
	setText(v.banner, v.tr(b.Banner), colFg)
	show(v.banner, b.Banner != "")
	show(v.bannerBg, b.Banner != "")

	fill, stroke := colCard, color.Color(colLine)
	if b.Highlight && b.BlinkOn {
		fill, stroke = colFlash, colAccent
	}
	if v.featBg.FillColor != fill {
		v.featBg.FillColor, v.featBg.StrokeColor = fill, stroke
		v.featBg.Refresh()
	}
	if f := b.Featured; f != nil {
		setText(v.fnum, f.Number, colAccent)
		setText(v.fctr, "» "+v.counterLabel(f.CounterNumber, f.CounterName, f.CounterNameEN), colFg) // no "→" in the bundled font
	} else {
		setText(v.fnum, "---", colAccent)
		setText(v.fctr, "", colFg)
	}

	for i, r := range v.recent {
		on := i < len(b.Recent)
		show(r.num, on)
		show(r.counter, on)
		show(r.line, on)
		if on {
			c := b.Recent[i]
			label := v.counterLabel(c.CounterNumber, c.CounterName, c.CounterNameEN)
			if c.Recall {
				label += " " + v.tr("(gọi lại)")
			}
			setText(r.num, c.Number, colAccent)
			setText(r.counter, label, colFg)
		}
	}
	for i := range v.counters {
		c := &v.counters[i] // not a copy: Layout fits the name kept here (fullName)
		on := i < len(b.Counters)
		for _, o := range []fyne.CanvasObject{c.bg, c.strip, c.name, c.num, c.s} {
			show(o, on)
		}
		if !on {
			continue
		}
		k := b.Counters[i]
		strip := colOpen
		switch k.Status {
		case "paused":
			strip = colPaused
		case "closed":
			strip = colClosed
		}
		if c.strip.FillColor != strip {
			c.strip.FillColor = strip
			c.strip.Refresh()
		}
		hot := b.Featured != nil && b.Highlight && b.Featured.Counter == k.ID
		bgc := colCard
		if hot {
			bgc = color.NRGBA{0x2a, 0x4d, 0x8a, 0xff}
		}
		if c.bg.FillColor != bgc {
			c.bg.FillColor = bgc
			c.bg.Refresh()
		}
		num, dim := k.TileNumber()
		numCol := color.Color(colAccent)
		if dim { // a paused/away counter's number: not a current call
			numCol = colClosed
		}
		nameCol := color.Color(colFg)
		if k.Status == "closed" {
			nameCol = colDim
		}
		c.fullName = v.counterLabel(k.Number, k.Name, k.NameEN)
		if c.w <= 0 {
			setText(c.name, c.fullName, nameCol)
		} else if c.name.Color != nameCol {
			c.name.Color = nameCol
			c.name.Refresh()
		}
		setText(c.num, num, numCol)
		c.fitRow()
		fitText(c.s, v.tr(k.StatusText()), c.sW)
	}
	for i, s := range v.services {
		on := i < len(b.Services)
		show(s.bg, on)
		show(s.name, on)
		show(s.name2, on)
		show(s.wait, on)
		if on {
			sv := b.Services[i]
			setText(s.wait, itoa(sv.Waiting)+" "+v.tr("đang chờ"), colFg)
		}
	}
	v.fitServiceNames()
	notice := b.Notice
	if v.en {
		notice = b.NoticeEN // never the Vietnamese line on an English board
	}
	v.setNotice(notice)
	if relayout {
		v.Layout(nil, v.root.Size())
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// ScrollNotice moves the notice line one step; the app calls it from an
// animation so the text scrolls smoothly right to left.
func (v *View) ScrollNotice(step float32) {
	if !uicheck.Guard("board notice") {
		uicheck.Redo(func() { v.ScrollNotice(step) })
		return
	}
	w := v.root.Size().Width
	tw := v.notice.MinSize().Width
	v.noticeX -= step
	if v.noticeX < -tw {
		v.noticeX = w
	}
	v.notice.Move(fyne.NewPos(v.noticeX, v.notice.Position().Y))
}

// hiddenCursor covers the board and hides the mouse pointer over it.
type hiddenCursor struct{ widget.BaseWidget }

func (h *hiddenCursor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Cursor implements desktop.Cursorable.
func (h *hiddenCursor) Cursor() desktop.Cursor { return desktop.HiddenCursor }
