package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/internal/uicheck"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// The rating pad screen (motcua-display --mode ratingpad): light, high
// contrast, every target at least 64 px high for a finger.
var (
	padBg     = color.NRGBA{0xf3, 0xf6, 0xf9, 0xff}
	padHead   = color.NRGBA{0x0b, 0x4f, 0x8a, 0xff}
	padCard   = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	padInk    = color.NRGBA{0x14, 0x21, 0x2b, 0xff}
	padDim    = color.NRGBA{0x52, 0x60, 0x6d, 0xff}
	padRed    = color.NRGBA{0xb7, 0x1c, 0x1c, 0xff}
	padPhoto  = color.NRGBA{0xdd, 0xe6, 0xef, 0xff}
	padPhotoF = color.NRGBA{0x9f, 0xb3, 0xc8, 0xff}
	padGreen  = color.NRGBA{0x1b, 0x7f, 0x3b, 0xff}
	padLevels = []color.NRGBA{{0x1b, 0x7f, 0x3b, 0xff}, {0x2e, 0x9d, 0x5a, 0xff}, {0xd9, 0x8e, 0x04, 0xff}, {0xd3, 0x54, 0x1f, 0xff}, {0xb7, 0x1c, 0x1c, 0xff}}
	padWhite  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	padBorder = color.NRGBA{0x9a, 0xa5, 0xb1, 0xff}
)

// Tap is a big touch target: a coloured box with a centred label that
// shrinks to fit.
type Tap struct {
	widget.BaseWidget
	bg            *canvas.Rectangle
	label, label2 *canvas.Text // a long label takes two lines
	full          string
	size          float32
	OnTap         func()
}

func newTap(bg, fg color.Color, size float32) *Tap {
	t := &Tap{bg: canvas.NewRectangle(bg), label: text(fg, true), label2: text(fg, true), size: size}
	t.bg.CornerRadius = 12
	t.label.Alignment, t.label2.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
	t.ExtendBaseWidget(t)
	return t
}

// Label is the button's text.
func (t *Tap) Label() string { return t.full }

// Tapped implements fyne.Tappable.
func (t *Tap) Tapped(*fyne.PointEvent) {
	if t.OnTap != nil {
		t.OnTap()
	}
}

func (t *Tap) set(label string, bg, fg color.Color, border color.Color) {
	t.full, t.label.Color, t.label2.Color = label, fg, fg
	t.bg.FillColor = bg
	t.bg.StrokeColor, t.bg.StrokeWidth = border, 0
	if border != nil {
		t.bg.StrokeWidth = 5
	}
	t.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (t *Tap) CreateRenderer() fyne.WidgetRenderer { return &tapRenderer{t} }

type tapRenderer struct{ t *Tap }

func (r *tapRenderer) Layout(s fyne.Size) {
	r.t.bg.Resize(s)
	l, l2 := r.t.label, r.t.label2
	st := l.TextStyle
	fits := func(txt string, size float32) bool { return fyne.MeasureText(txt, size, st).Width <= s.Width-24 }
	l.Text, l2.Text, l2.Hidden = r.t.full, "", true
	size := r.t.size
	for size > 12 && !fits(r.t.full, size) {
		// Two lines when there is height for them and a word break fits.
		if a, b, ok := split(r.t.full); ok && 2.3*size <= s.Height && fits(a, size) && fits(b, size) {
			l.Text, l2.Text, l2.Hidden = a, b, false
			break
		}
		size--
	}
	l.TextSize, l2.TextSize = size, size
	h := fyne.MeasureText("Ấy", size, st).Height
	if l2.Hidden {
		l.Resize(fyne.NewSize(s.Width, h))
		l.Move(fyne.NewPos(0, (s.Height-h)/2))
		return
	}
	l.Resize(fyne.NewSize(s.Width, h))
	l.Move(fyne.NewPos(0, s.Height/2-h))
	l2.Resize(fyne.NewSize(s.Width, h))
	l2.Move(fyne.NewPos(0, s.Height/2))
}

// split cuts s at the space nearest its middle.
func split(s string) (string, string, bool) {
	best := -1
	for i, r := range s {
		if r == ' ' && (best < 0 || iabs(i-len(s)/2) < iabs(best-len(s)/2)) {
			best = i
		}
	}
	if best < 0 {
		return s, "", false
	}
	return s[:best], s[best+1:], true
}

func (r *tapRenderer) MinSize() fyne.Size { return fyne.NewSize(120, 64) }
func (r *tapRenderer) Refresh() {
	r.Layout(r.t.Size())
	r.t.bg.Refresh()
	r.t.label.Refresh()
	r.t.label2.Refresh()
}
func (r *tapRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.t.bg, r.t.label, r.t.label2}
}
func (r *tapRenderer) Destroy() {}

// PadView draws a display.PadScreen.
type PadView struct {
	root                    *fyne.Container
	bg, head, card          *canvas.Rectangle
	title, offline          *canvas.Text
	Lang                    *Tap
	photo, head2            *canvas.Circle
	body                    *canvas.Rectangle
	initials                *canvas.Text
	offLabel, offName, hint *canvas.Text
	tLabel, number, service *canvas.Text
	sub                     *canvas.Text
	question                []*canvas.Text
	Levels                  []*Tap
	Reasons                 []*Tap
	Send                    *Tap
	note, thanks            *canvas.Text
	last                    display.PadScreen
	OnLang, OnSend          func()
	OnLevel                 func(level int)
	OnReason                func(key string)
}

// NewPad makes the pad view; set OnLang, OnLevel, OnReason and OnSend.
func NewPad() *PadView {
	v := &PadView{bg: canvas.NewRectangle(padBg), head: canvas.NewRectangle(padHead), card: canvas.NewRectangle(padCard),
		title: text(padWhite, true), offline: text(padRed, true),
		photo: canvas.NewCircle(padPhoto), head2: canvas.NewCircle(padPhotoF), body: canvas.NewRectangle(padPhotoF),
		initials: text(padHead, true), offLabel: text(padDim, false), offName: text(padInk, true), hint: text(padDim, false),
		tLabel: text(padDim, false), number: text(padRed, true), service: text(padDim, false), sub: text(padDim, false),
		note: text(padDim, false), thanks: text(padGreen, true)}
	v.card.CornerRadius = 16
	v.body.CornerRadius = 60
	v.Lang = newTap(padWhite, padHead, 22)
	v.Lang.OnTap = func() {
		if v.OnLang != nil {
			v.OnLang()
		}
	}
	v.Send = newTap(padHead, padWhite, 30)
	v.Send.OnTap = func() {
		if v.OnSend != nil {
			v.OnSend()
		}
	}
	v.initials.Alignment, v.thanks.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
	v.root = padContainer(v, padLayout{v})
	return v
}

func padContainer(v *PadView, l fyne.Layout) *fyne.Container {
	objs := []fyne.CanvasObject{v.bg, v.head, v.title, v.Lang, v.card, v.photo, v.body, v.head2, v.initials, v.offLabel, v.offName,
		v.hint, v.tLabel, v.number, v.service, v.sub, v.note, v.thanks, v.Send, v.offline}
	return &fyne.Container{Layout: l, Objects: objs}
}

// Object is the pad's canvas object (the window content).
func (v *PadView) Object() fyne.CanvasObject { return v.root }

// Screen is the last screen drawn.
func (v *PadView) Screen() display.PadScreen { return v.last }

func (v *PadView) ensure(nl, nr, nq int) {
	for len(v.Levels) < nl {
		t := newTap(padGreen, padWhite, 34)
		v.Levels = append(v.Levels, t)
		v.root.Add(t)
	}
	for len(v.Reasons) < nr {
		t := newTap(padWhite, padInk, 22)
		v.Reasons = append(v.Reasons, t)
		v.root.Add(t)
	}
	for len(v.question) < nq {
		q := text(padInk, true)
		v.question = append(v.question, q)
		v.root.Add(q)
	}
}

// Render draws s.
func (v *PadView) Render(s display.PadScreen) {
	if !uicheck.Guard("pad view") {
		uicheck.Redo(func() { v.Render(s) })
		return
	}
	v.last = s
	v.ensure(len(s.Levels), len(s.Reasons), 0)
	v.title.Text = s.Title
	v.Lang.set(s.LangLabel, padWhite, padHead, nil)
	v.offline.Text = s.Offline
	rate, thanks := s.Mode == padwire.ModeRate, s.Mode == display.PadThanks
	person := !rate && !thanks
	for _, o := range []fyne.CanvasObject{v.photo, v.body, v.head2, v.initials, v.offLabel, v.offName} {
		show(o, person)
	}
	v.offLabel.Text, v.offName.Text, v.initials.Text = s.OfficerLabel, s.Officer, s.Initials
	show(v.hint, person && s.Hint != "")
	v.hint.Text = s.Hint
	serving := person && s.Number != ""
	for _, o := range []fyne.CanvasObject{v.tLabel, v.number, v.service} {
		show(o, serving)
	}
	v.tLabel.Text, v.number.Text, v.service.Text = s.TicketLabel, s.Number, s.Service
	show(v.sub, rate)
	for _, q := range v.question {
		show(q, rate) // place shows the lines the question needs
	}
	if rate {
		v.sub.Text = s.TicketLabel + " " + s.Number + " · " + s.Officer
	}
	for i, t := range v.Levels {
		show(t, rate && i < len(s.Levels))
		if i < len(s.Levels) {
			l := s.Levels[i]
			c := padLevels[(l.Value-1+len(padLevels))%len(padLevels)]
			if len(s.Levels) == 3 && l.Value == 3 {
				c = padLevels[4] // the 3-level scale's "Không hài lòng" is red
			}
			var border color.Color
			if l.Chosen {
				border = padHead
			}
			t.set(l.Label, c, padWhite, border)
			val := l.Value
			t.OnTap = func() {
				if v.OnLevel != nil {
					v.OnLevel(val)
				}
			}
		}
	}
	for i, t := range v.Reasons {
		show(t, rate && s.ShowReasons && i < len(s.Reasons))
		if i < len(s.Reasons) {
			r := s.Reasons[i]
			if r.Chosen {
				t.set(r.Label, padHead, padWhite, nil)
			} else {
				t.set(r.Label, padWhite, padInk, padBorder)
			}
			key := r.Key
			t.OnTap = func() {
				if v.OnReason != nil {
					v.OnReason(key)
				}
			}
		}
	}
	show(v.Send, rate && s.ShowReasons)
	v.Send.set(s.SendLabel, padHead, padWhite, nil)
	show(v.note, rate)
	v.note.Text = s.Note
	show(v.thanks, thanks)
	v.thanks.Text = s.Thanks
	v.place(v.root.Size())
	v.root.Refresh()
}

type padLayout struct{ v *PadView }

func (l padLayout) Layout(_ []fyne.CanvasObject, s fyne.Size) { l.v.place(s) }
func (l padLayout) MinSize([]fyne.CanvasObject) fyne.Size     { return fyne.NewSize(640, 400) }

// wrap splits s into lines no wider than w at size.
func wrap(s string, size float32, style fyne.TextStyle, w float32) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && fyne.MeasureText(try, size, style).Width > w {
			lines = append(lines, cur)
			cur = word
			continue
		}
		cur = try
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func put(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
}

// place lays the pad out for size s (the scale follows the height: a
// 1024×600 tablet and a 1280×800 screen both fill).
func (v *PadView) place(s fyne.Size) {
	if s.Width <= 0 || s.Height <= 0 {
		return
	}
	k := s.Height / 600
	if kw := s.Width / 1024; kw < k {
		k = kw
	}
	m := 20 * k
	put(v.bg, 0, 0, s.Width, s.Height)
	headH := 72 * k
	put(v.head, 0, 0, s.Width, headH)
	v.title.TextSize = 30 * k
	put(v.title, m, (headH-v.title.MinSize().Height)/2, s.Width-220*k, v.title.MinSize().Height)
	v.Lang.size = 22 * k
	put(v.Lang, s.Width-m-170*k, 10*k, 170*k, headH-20*k)
	top := headH + m
	put(v.card, m, top, s.Width-2*m, s.Height-top-m)
	v.offline.TextSize = 20 * k
	put(v.offline, 2*m, s.Height-m-34*k, s.Width-4*m, 30*k)
	inner := s.Width - 4*m
	x0, y0 := 2*m, top+m
	switch {
	case v.thanks.Visible():
		v.thanks.TextSize = 52 * k
		put(v.thanks, x0, top+(s.Height-top)/2-50*k, inner, 70*k)
	case len(v.Levels) > 0 && v.Levels[0].Visible():
		v.sub.TextSize = 22 * k
		put(v.sub, x0, y0, inner, 30*k)
		qs := 32 * k
		lines := wrap(v.last.Question, qs, fyne.TextStyle{Bold: true}, inner)
		v.ensure(0, 0, len(lines))
		y := y0 + 40*k
		for i, q := range v.question {
			show(q, i < len(lines))
			if i < len(lines) {
				q.Text, q.TextSize = lines[i], qs
				put(q, x0, y, inner, 42*k)
				y += 42 * k
			}
		}
		y += 14 * k
		n := float32(len(v.last.Levels))
		gap := 16 * k
		bw := (inner - gap*(n-1)) / n
		bh := 150 * k
		if v.Send.Visible() {
			bh = 76 * k
		}
		for i, t := range v.Levels {
			if t.Visible() {
				t.size = 34 * k
				put(t, x0+float32(i)*(bw+gap), y, bw, bh)
			}
		}
		y += bh + 14*k
		if v.Send.Visible() {
			cols := float32(3)
			rw := (inner - gap*(cols-1)) / cols
			rh := 64 * k
			for i, t := range v.Reasons {
				if t.Visible() {
					t.size = 21 * k
					put(t, x0+float32(i%3)*(rw+gap), y+float32(i/3)*(rh+10*k), rw, rh)
				}
			}
			rows := (len(v.last.Reasons) + 2) / 3
			y += float32(rows)*(rh+10*k) + 4*k
			v.Send.size = 28 * k
			put(v.Send, x0+inner-300*k, y, 300*k, 64*k)
		}
		// The note shares no room with the reasons (it was on the screen
		// before them).
		show(v.note, !v.Send.Visible())
		v.note.TextSize = 18 * k
		put(v.note, x0, s.Height-m-70*k, inner, 26*k)
	default:
		ph := 220 * k
		py := y0 + 10*k
		put(v.photo, x0, py, ph, ph)
		put(v.head2, x0+ph*0.32, py+ph*0.14, ph*0.36, ph*0.36)
		put(v.body, x0+ph*0.22, py+ph*0.56, ph*0.56, ph*0.30)
		v.initials.TextSize = 30 * k
		put(v.initials, x0, py+ph+8*k, ph, 40*k)
		tx := x0 + ph + 36*k
		tw := inner - ph - 36*k
		v.offLabel.TextSize = 24 * k
		put(v.offLabel, tx, py+6*k, tw, 32*k)
		v.offName.TextSize = 44 * k
		fitText(v.offName, v.last.Officer, tw)
		put(v.offName, tx, py+40*k, tw, 56*k)
		v.tLabel.TextSize = 24 * k
		put(v.tLabel, tx, py+120*k, tw, 32*k)
		v.number.TextSize = 110 * k
		put(v.number, tx, py+150*k, tw, 120*k)
		v.service.TextSize = 24 * k
		fitText(v.service, v.last.Service, tw)
		put(v.service, tx, py+275*k, tw, 32*k)
		v.hint.TextSize = 28 * k
		put(v.hint, tx, py+130*k, tw, 40*k)
	}
}

func iabs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
