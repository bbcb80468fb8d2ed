//go:build shots

package main

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
)

// shownLabel reports whether a label reading text is on screen now: it and
// every container and widget above it visible, laid out with a height, and
// inside the window. It walks what is drawn without laying anything out,
// so a panel shown but not yet laid out does not count. Call it on Fyne's
// goroutine.
func shownLabel(w fyne.Window, text string) bool {
	win := w.Canvas().Size()
	var walk func(o fyne.CanvasObject) bool
	walk = func(o fyne.CanvasObject) bool {
		if o == nil || !o.Visible() {
			return false
		}
		if l, ok := o.(*widget.Label); ok && l.Text == text {
			if l.Size().Height <= 0 {
				return false
			}
			p := fyne.CurrentApp().Driver().AbsolutePositionForObject(l)
			return p.X >= 0 && p.Y >= 0 && p.X < win.Width && p.Y+l.Size().Height <= win.Height
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				if walk(c) {
					return true
				}
			}
		case fyne.Widget:
			if r := test.WidgetRenderer(x); r != nil {
				for _, c := range r.Objects() {
					if walk(c) {
						return true
					}
				}
			}
		}
		return false
	}
	return walk(w.Content())
}

// waitShown polls until a label reading text is on screen (shownLabel),
// then lets the GL driver draw one more frame; an error after timeout.
func waitShown(w fyne.Window, text string, timeout time.Duration) error {
	start := time.Now()
	end := start.Add(timeout)
	for {
		var ok bool
		fyne.DoAndWait(func() { ok = shownLabel(w, text) })
		if ok {
			fmt.Printf("on screen after %s: %q\n", time.Since(start).Round(time.Millisecond), text)
			time.Sleep(300 * time.Millisecond) // the frame after the layout
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("%q not on screen after %s", text, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// transferPanel is the F4 panel's heading in the window's language.
func transferPanel(lang counter.Lang) string { return counter.T(lang, "q.transferTo") }
