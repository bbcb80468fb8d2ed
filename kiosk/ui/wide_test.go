package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// dumpWide lists the objects wider than limit (a failing fit test shows
// what widens the screen).
func dumpWide(o fyne.CanvasObject, depth int, limit float32, out *strings.Builder) {
	w := o.MinSize().Width
	if w <= limit {
		return
	}
	desc := fmt.Sprintf("%T", o)
	switch x := o.(type) {
	case *canvas.Text:
		desc += " " + x.Text
	case *widget.Label:
		desc += " " + x.Text
	case *tile:
		desc += " " + x.title
	}
	fmt.Fprintf(out, "%s%s %.0f\n", strings.Repeat(" ", depth), desc, w)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			dumpWide(c, depth+1, limit, out)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			dumpWide(c, depth+1, limit, out)
		}
	}
}
