package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestBoardCounterNamesSurviveLayout: the walk of 5/12/2026 found the hall
// board's counter tiles without their names right after start. Render
// fitted the names on a copy of each tile, so the next layout (the first
// snapshot's relayout, a resize) drew every name from an empty one. The
// names stay after a layout and after a resize, with no render between.
func TestBoardCounterNamesSurviveLayout(t *testing.T) {
	test.NewTempApp(t)
	v := New(false)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1920, 1080))
	v.Render(sampleBoard(), t0.Add(10*time.Second))
	for _, size := range []fyne.Size{fyne.NewSize(1920, 1080), fyne.NewSize(1366, 768)} {
		w.Resize(size)
		v.Layout(nil, v.root.Size())
		for i, want := range []string{"Quầy 1", "Quầy 3", "Quầy 4"} {
			if got := v.counters[i].name.Text; got != want || !v.counters[i].name.Visible() {
				t.Errorf("%v: counter tile %d shows %q after a layout, want %q", size, i, got, want)
			}
		}
	}
}
