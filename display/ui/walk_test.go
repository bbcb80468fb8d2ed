package ui

import (
	"fmt"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/queue"
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

// TestBoardAwayAndClosedTiles: after Ctrl-C of `make run` counter 1's tile
// said "Đóng" beside the number it had called, in the called colour. A
// closed counter's tile shows "—"; a paused/away counter's number is dimmed
// under "Quầy tạm vắng"; neither is the big call.
func TestBoardAwayAndClosedTiles(t *testing.T) {
	test.NewTempApp(t)
	p := display.New(display.Options{})
	p.Connected(true)
	p.Snapshot(&queue.Snapshot{Seq: 1, CentreName: "Trung tâm Phục vụ hành chính công",
		Services: []queue.ServiceState{{Service: queue.Service{ID: "hotich", Name: "Đăng ký hộ tịch", Prefix: "A"}, Waiting: 2}},
		Counters: []queue.CounterLive{
			{ID: "q1", Number: 1, Name: "Quầy 1", Status: "open", Serves: []string{"hotich"}},
			{ID: "q2", Number: 2, Name: "Quầy 2", Status: "open", Serves: []string{"hotich"}},
			{ID: "q3", Number: 3, Name: "Quầy 3", Status: "open", Serves: []string{"hotich"}},
		}}, t0)
	for i, q := range []string{"q1", "q2", "q3"} {
		n := fmt.Sprintf("A00%d", i+1)
		p.Event(queue.Event{Seq: int64(2 + i), Kind: queue.EvCalled, TicketID: "t" + n, Number: n, Service: "hotich",
			Counter: q, CounterNumber: i + 1, CounterName: fmt.Sprintf("Quầy %d", i+1)}, t0)
	}
	p.Event(queue.Event{Seq: 5, Kind: queue.EvPaused, Counter: "q2", Reason: display.AwayReason}, t0)
	p.Event(queue.Event{Seq: 6, Kind: queue.EvCounterShut, Counter: "q3"}, t0)
	now := t0.Add(time.Minute)
	p.Tick(now)
	v := New(false)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1920, 1080))
	v.Render(p.Board(), now)
	want := []struct {
		num    string
		col    color.Color
		status string
	}{{"A001", colAccent, "Đang gọi"}, {"A002", colClosed, display.AwayReason}, {"—", colAccent, "Đóng"}}
	for i, x := range want {
		c := v.counters[i]
		if c.num.Text != x.num || c.num.Color != x.col || c.s.Text != x.status {
			t.Errorf("tile %d: %q %v %q, want %q %v %q", i+1, c.num.Text, c.num.Color, c.s.Text, x.num, x.col, x.status)
		}
	}
	if v.fnum.Text != "A001" {
		t.Errorf("big call %q, want A001 (the only open counter's)", v.fnum.Text)
	}
	saveCapture(t, w, "board-fyne-away-closed.png")
}
