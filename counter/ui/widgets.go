package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Colours: the public-service blue of the kiosk on a light background.
var (
	colBlue   = color.NRGBA{R: 0x0b, G: 0x4f, B: 0x9c, A: 0xff}
	colRed    = color.NRGBA{R: 0xb3, G: 0x1b, B: 0x1b, A: 0xff}
	colGreen  = color.NRGBA{R: 0x1b, G: 0x7a, B: 0x3a, A: 0xff}
	colAmber  = color.NRGBA{R: 0xa3, G: 0x5c, B: 0x00, A: 0xff}
	colBG     = color.NRGBA{R: 0xf2, G: 0xf5, B: 0xfa, A: 0xff}
	colPanel  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colText   = color.NRGBA{R: 0x17, G: 0x1c, B: 0x26, A: 0xff}
	colMuted  = color.NRGBA{R: 0x4a, G: 0x55, B: 0x68, A: 0xff}
	colHeader = color.NRGBA{R: 0x0b, G: 0x4f, B: 0x9c, A: 0xff}
	colOnBlue = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// counterTheme keeps Fyne's Noto Sans (every Vietnamese letter; its
// monospace font lacks the hook-above letters, so nothing here is
// monospace) with denser sizes for an officer's 1920×1080 screen.
type counterTheme struct{ fyne.Theme }

// colFocus marks the focused widget.
var colFocus = color.NRGBA{R: 0xc2, G: 0x5e, B: 0x00, A: 0xff}

// Theme is the counter app's theme.
func Theme() fyne.Theme { return counterTheme{theme.DefaultTheme()} }

func (t counterTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return colBG
	case theme.ColorNameForeground:
		return colText
	case theme.ColorNamePrimary:
		return colBlue
	case theme.ColorNameInputBackground:
		return colPanel
	case theme.ColorNameFocus:
		// Keyboard-only work: the focused field or button must stand out
		// (amber, ≥ 3:1 against the background).
		return colFocus
	}
	return t.Theme.Color(n, theme.VariantLight)
}

func (t counterTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 15
	case theme.SizeNameSubHeadingText:
		return 19
	case theme.SizeNameHeadingText:
		return 24
	case theme.SizeNamePadding:
		return 4
	case theme.SizeNameInnerPadding:
		return 7
	}
	return t.Theme.Size(n)
}

// keyHandler gets function keys and the app's shortcuts (Alt+1…3)
// wherever the focus is; *View is one.
type keyHandler interface {
	Key(*fyne.KeyEvent) bool
	Shortcut(fyne.Shortcut) bool
}

// fkEntry is an Entry that passes function keys (F1…F12) to the app: a
// focused Entry swallows keys without modifiers, and officers press F-keys
// while typing.
type fkEntry struct {
	widget.Entry
	keys   keyHandler
	submit func()
}

func newEntry(keys keyHandler, placeholder string) *fkEntry {
	e := &fkEntry{keys: keys}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrapOff
	e.PlaceHolder = placeholder
	return e
}

func (e *fkEntry) TypedKey(ev *fyne.KeyEvent) {
	if e.keys != nil && e.keys.Key(ev) {
		return
	}
	if (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && e.submit != nil && !e.MultiLine {
		e.submit()
		return
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut gives the app's shortcuts first go (copy, paste and the
// rest stay the entry's).
func (e *fkEntry) TypedShortcut(s fyne.Shortcut) {
	if e.keys != nil && e.keys.Shortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// fkCheck is a Check that passes function keys on (a tapped check takes
// the focus).
type fkCheck struct {
	widget.Check
	keys keyHandler
}

func newCheck(keys keyHandler, label string, changed func(bool)) *fkCheck {
	c := &fkCheck{keys: keys}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *fkCheck) TypedKey(ev *fyne.KeyEvent) {
	if c.keys != nil && c.keys.Key(ev) {
		return
	}
	c.Check.TypedKey(ev)
}

func label(s string, bold bool) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle = fyne.TextStyle{Bold: bold}
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heading is a one-line bold label (a wrapping label in a Border side
// would be squeezed to one letter per line).
func heading(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

func text(s string, c color.Color, size float32, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: bold}
	return t
}

// setText changes a canvas.Text only when needed (no extra refresh).
func setText(t *canvas.Text, s string, c color.Color) {
	if t.Text != s || t.Color != c {
		t.Text, t.Color = s, c
		t.Refresh()
	}
}

func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

func setEntry(e *fkEntry, s string) {
	if e.Text != s {
		e.SetText(s)
	}
}

func setChecked(c *fkCheck, on bool) {
	if c.Checked != on {
		c.SetChecked(on)
	}
}

func show(o fyne.CanvasObject, on bool) {
	if on && !o.Visible() {
		o.Show()
	} else if !on && o.Visible() {
		o.Hide()
	}
}

func enable(w fyne.Disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}
