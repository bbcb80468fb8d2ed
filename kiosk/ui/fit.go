package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Every screen must fit the window's width: on a kiosk without a window
// manager a content wider than the screen widens the window, and the
// screen is cut on the right (the portrait tour of 05/12/2026). Sizes that
// would grow with a text are computed from the window's width instead.

// minKey is the smallest key of an on-screen keyboard in Fyne units: 48
// units ≈ 9 mm at a kiosk's typical density, a comfortable finger target.
const minKey = 48

// width is the window's width, or the orientation's screen width before
// the window is shown. A window already widened past the screen does not
// count: the content is laid out for the screen.
func (u *UI) width() float32 {
	w := float32(1920)
	if u.o.Portrait {
		w = 1080
	}
	if u.win != nil {
		if cw := u.win.Canvas().Size().Width; cw > 0 && cw < w {
			w = cw
		}
	}
	return w
}

// keyGrid lays a row of keys in equal cells sharing the width it is given.
// Its minimum width asks only minW per key, never the keys' own (label)
// widths, so a row of ten keys cannot widen the window; the height is the
// tallest key's.
type keyGrid struct {
	cols int
	minW float32
}

func (g keyGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	pad := theme.Padding()
	return fyne.NewSize(float32(g.cols)*g.minW+float32(g.cols-1)*pad, h)
}

func (g keyGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	cw := (size.Width - float32(g.cols-1)*pad) / float32(g.cols)
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i)*(cw+pad), 0))
		o.Resize(fyne.NewSize(cw, size.Height))
	}
}

// keyRow is a row of cols equal keys. Its minimum key width comes from the
// window's width (what a screen-wide row leaves each key, never below
// minKey), so the row shrinks with a narrower window.
func (u *UI) keyRow(cols int, keys ...fyne.CanvasObject) fyne.CanvasObject {
	pad := theme.Padding()
	// The frame's paddings and scroll bar take about 8 paddings.
	share := (u.width()-8*pad)/float32(cols) - pad
	return container.New(keyGrid{cols: cols, minW: max(minKey, min(share, 2*minKey))}, keys...)
}

// wrapLines breaks s into lines no wider than maxW at this text size; a
// single word wider than maxW gets a line of its own.
func wrapLines(s string, size float32, style fyne.TextStyle, maxW float32) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		try := w
		if cur != "" {
			try = cur + " " + w
		}
		if cur != "" && fyne.MeasureText(try, size, style).Width > maxW {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur = try
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// wrappedText is s in lines of canvas text no wider than maxW; a word too
// wide even alone is drawn smaller so that it fits.
func wrappedText(s string, size float32, bold bool, c color.Color, maxW float32) fyne.CanvasObject {
	style := fyne.TextStyle{Bold: bold}
	var objs []fyne.CanvasObject
	for _, l := range wrapLines(s, size, style, maxW) {
		t := canvas.NewText(l, c)
		t.TextStyle = style
		t.TextSize = size
		if w := fyne.MeasureText(l, size, style).Width; w > maxW && w > 0 {
			t.TextSize = size * maxW / w
		}
		objs = append(objs, t)
	}
	if len(objs) == 1 {
		return objs[0]
	}
	return container.New(&tightRows{}, objs...)
}

// tightRows stacks lines without the VBox's padding between them.
type tightRows struct{}

func (*tightRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	return s
}

func (*tightRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var y float32
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}
