package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// demoSnapshot is the ward demo centre's board: every service and counter
// of the built-in config, a counter paused for one of the counter's offered
// reasons, one away, and the notice in both languages.
func demoSnapshot() *queue.Snapshot {
	cfg := queue.DemoConfig()
	s := &queue.Snapshot{Seq: 1, CentreName: cfg.CentreName, Notice: cfg.Notice, NoticeEN: cfg.NoticeEN}
	for i, sv := range cfg.Services {
		s.Services = append(s.Services, queue.ServiceState{Service: sv, Waiting: i * 3})
	}
	for i, k := range cfg.Counters {
		live := queue.CounterLive{ID: k.ID, Number: k.Number, Name: k.Name, NameEN: k.NameEN, Status: "open"}
		for id := range k.Services {
			live.Serves = append(live.Serves, id)
		}
		switch i {
		case 1:
			live.Status, live.Reason = "paused", "Họp, công tác"
		case 2:
			live.Status, live.Reason = "paused", display.AwayReason
		case 3:
			live.Status = "closed"
		}
		s.Counters = append(s.Counters, live)
	}
	return s
}

// TestBoardNoVietnameseInEnglish: the Fyne board in English, fed the demo
// centre's real names, shows no Vietnamese letter but the centre's name —
// services by their English names, counters as "Counter N" or their
// English names, pause reasons the counter offers in English, the notice
// line in English (and, without an English notice, no notice at all
// rather than the Vietnamese one) — before and after calls.
func TestBoardNoVietnameseInEnglish(t *testing.T) {
	test.NewTempApp(t)
	v := New(false)
	v.SetEnglish(true)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1920, 1080))
	p := display.New(display.Options{})
	p.Connected(true)
	snap := demoSnapshot()
	p.Snapshot(snap, t0)
	p.Event(queue.Event{Seq: 2, Kind: queue.EvCalled, TicketID: "t1", Number: "A024", Service: "hotich", Counter: "q1", CounterNumber: 1, CounterName: "Quầy 1"}, t0)
	v.Render(p.Board(), t0.Add(time.Second))
	got := texts(v.Object())
	if left := entext.Leftovers(got, snap.CentreName); len(left) > 0 {
		t.Errorf("English board shows Vietnamese: %q", left)
	}
	if !has(got, "Paused: Meeting or official duty") || !has(got, "Counter unattended") {
		t.Errorf("pause lines: %q", got)
	}
	if v.notice == nil || !v.noticeShows(snap.NoticeEN) {
		t.Errorf("the English notice is not shown: %q", got)
	}
	saveCapture(t, w, "board-fyne-en-demo.png")

	// A supervisor posts a Vietnamese notice only: the English board
	// drops the line instead of showing Vietnamese.
	p.Event(queue.Event{Seq: 3, Kind: queue.EvNotice, Text: "Trung tâm nghỉ chiều nay để bảo trì hệ thống."}, t0.Add(2*time.Second))
	v.Render(p.Board(), t0.Add(3*time.Second))
	if left := entext.Leftovers(texts(v.Object()), snap.CentreName); len(left) > 0 {
		t.Errorf("English board after a Vietnamese-only notice: %q", left)
	}
	p.Event(queue.Event{Seq: 4, Kind: queue.EvNotice, Text: "Trung tâm nghỉ chiều nay.", TextEN: "The centre closes this afternoon."}, t0.Add(4*time.Second))
	v.Render(p.Board(), t0.Add(5*time.Second))
	if !v.noticeShows("The centre closes this afternoon.") {
		t.Errorf("the new English notice is not shown: %q", texts(v.Object()))
	}
}

// noticeShows reports whether the notice line holds s (all its pages).
func (v *View) noticeShows(s string) bool {
	if v.scroll {
		return v.notice.Text == s
	}
	return v.pager.full == s && v.notice.Text != ""
}
