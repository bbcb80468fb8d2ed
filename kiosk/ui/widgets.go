package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// minTouch is the smallest touch target in Fyne units: on a 21.5" full-HD
// panel one unit is about 0.25 mm, so 72 units ≈ 18 mm (≥ 15 mm wanted).
const minTouch = 72

// tile is the kiosk's button: a white card with a coloured bar, a wrapped
// title and an optional second line. It hides the mouse cursor.
type tile struct {
	widget.BaseWidget
	title, sub string
	accent     color.Color
	minH       float32
	selected   bool
	center     bool
	key        bool // a keyboard key: no accent bar, the label alone, so it fits a narrow key
	titleSize  fyne.ThemeSizeName
	onTap      func()
}

func newTile(title, sub string, accent color.Color, onTap func()) *tile {
	t := &tile{title: title, sub: sub, accent: accent, minH: 110, onTap: onTap, titleSize: theme.SizeNameSubHeadingText}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tile) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

func (t *tile) Cursor() desktop.Cursor { return desktop.HiddenCursor }

func (t *tile) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(colCard)
	bg.CornerRadius = 14
	bg.StrokeColor = t.accent
	bg.StrokeWidth = 3
	if t.selected {
		bg.FillColor = colSelBG
		bg.StrokeWidth = 6
	}
	if t.key && t.sub == "" {
		// A key: its label centred, nothing else taking the key's width.
		l := canvas.NewText(t.title, colText)
		l.TextSize = t.Theme().Size(t.titleSize)
		l.TextStyle = fyne.TextStyle{Bold: true}
		l.Alignment = fyne.TextAlignCenter
		floor := canvas.NewRectangle(color.Transparent)
		floor.SetMinSize(fyne.NewSize(minKey, t.minH))
		return widget.NewSimpleRenderer(container.NewStack(floor, bg, container.New(&vcenter{}, l)))
	}
	bar := canvas.NewRectangle(t.accent)
	bar.CornerRadius = 6
	bar.SetMinSize(fyne.NewSize(14, 0))
	title := widget.NewLabel(t.title)
	title.Wrapping = fyne.TextWrapWord
	title.SizeName = t.titleSize
	title.TextStyle = fyne.TextStyle{Bold: true}
	if t.center {
		title.Alignment = fyne.TextAlignCenter
	}
	lines := []fyne.CanvasObject{title}
	if t.sub != "" {
		sub := widget.NewLabel(t.sub)
		sub.Wrapping = fyne.TextWrapWord
		if t.center {
			sub.Alignment = fyne.TextAlignCenter
		}
		lines = append(lines, sub)
	}
	var left fyne.CanvasObject = bar
	if t.selected {
		left = container.NewHBox(bar, widget.NewIcon(theme.ConfirmIcon()))
	}
	body := container.NewBorder(nil, nil, left, nil, container.New(&vcenter{}, container.NewVBox(lines...)))
	floor := canvas.NewRectangle(color.Transparent)
	floor.SetMinSize(fyne.NewSize(minTouch, t.minH))
	return widget.NewSimpleRenderer(container.NewStack(floor, bg, container.NewPadded(body)))
}

// vcenter centres its single child vertically and gives it the full width.
type vcenter struct{}

func (*vcenter) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	return objs[0].MinSize()
}

func (*vcenter) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		h := o.MinSize().Height
		if h > size.Height {
			h = size.Height
		}
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, (size.Height-h)/2))
	}
}

// shield swallows taps (busy overlay) and hides the cursor.
type shield struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

func newShield(content fyne.CanvasObject) *shield {
	s := &shield{content: content}
	s.ExtendBaseWidget(s)
	return s
}

func (s *shield) Tapped(*fyne.PointEvent) {}
func (s *shield) Cursor() desktop.Cursor  { return desktop.HiddenCursor }
func (s *shield) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.content)
}

// text makes a wrapped label of a theme size.
func text(s string, size fyne.ThemeSizeName, bold bool) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = size
	l.TextStyle = fyne.TextStyle{Bold: bold}
	return l
}

// bigText is a single line at an exact size (the ticket number).
func bigText(s string, size float32, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.Alignment = fyne.TextAlignCenter
	return t
}

// banner is a coloured box with a wrapped message (printer warning, notice).
func banner(msg string, bg color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(bg)
	r.CornerRadius = 10
	l := text(msg, theme.SizeNameText, true)
	return container.NewStack(r, container.NewPadded(l))
}
