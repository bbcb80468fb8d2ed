package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/queue"
)

// TestCounterShowsServerState (issue 18): the login names the counter;
// after F1 the panel says "Đang gọi" as the boards do, with the ticket's
// priority category, until the citizen is at the counter (the CCCD scan
// starts serving); the procedure results close once one is chosen; the
// previous citizen's "printed" line is gone when the next one is called.
func TestCounterShowsServerState(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t)
	kc, err := client.New(env.URL(), env.Kiosk)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := kc.Issue(ctx, centre.IssueRequest{Service: "hotich", Priority: "caotuoi"})
	if err != nil {
		t.Fatal(err)
	}

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	dev := countertest.StartDevices(t, escpos.Default, t.TempDir())
	cl := env.Client()
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(cl), Counter: countertest.Counter, CounterName: "Quầy 1",
		Printer: dev.Printer, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	h.ForwardDevices(ctx, dev)
	ui(func() { w.SetContent(view.Content()) })
	h.Do(func(*counter.Presenter) {
		if got := view.lCounter.Text; got != "Quầy làm việc: Quầy 1" {
			t.Errorf("login names the counter %q, want its name, not its id", got)
		}
	})

	ui(func() {
		test.Type(view.lUser, countertest.Username)
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.Wait(t, "main screen", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected })
	ui(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "called with its category", func(v counter.View) bool {
		return v.Queue.Current != nil && v.Queue.Current.Number == tk.Number && v.Queue.Current.PriorityName == "Người cao tuổi"
	})
	h.Do(func(*counter.Presenter) {
		if got := view.qState.Text; !strings.HasPrefix(got, "Đang gọi") {
			t.Errorf("right after F1 the panel says %q; the server and boards say called", got)
		}
		if got := view.qPriority.Text; got != "Ưu tiên: Người cao tuổi" || !view.qPriority.Visible() {
			t.Errorf("priority line %q visible %v", got, view.qPriority.Visible())
		}
		if !view.qStart.Visible() {
			t.Error("no way to start serving by hand")
		}
	})

	// The citizen is at the counter: the card scan starts serving.
	// (A scan written while the worker is still opening the pty can be
	// flushed with the port's input: scan again until the form has it.)
	for attempt := 0; !h.Last().Form.FromCCCD; attempt++ {
		if attempt == 20 {
			t.Fatal("the card scan never reached the form")
		}
		if dev.Scanner.Connected() {
			if err := dev.SimScanner.Scan(countertest.CCCD); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(time.Second)
	}
	h.Wait(t, "serving", func(v counter.View) bool { return v.Queue.Current != nil && v.Queue.Current.Status == queue.Serving })
	srvTicket, err := cl.Ticket(ctx, tk.ID)
	if err != nil || srvTicket.Status != queue.Serving {
		t.Errorf("server: %+v %v", srvTicket.Status, err)
	}
	h.Do(func(*counter.Presenter) {
		if got := view.qState.Text; got != "Đang phục vụ" || view.qStart.Visible() {
			t.Errorf("after the scan: %q, start button %v", got, view.qStart.Visible())
		}
	})

	// Search, choose: the results close.
	ui(func() {
		view.Key(&fyne.KeyEvent{Name: fyne.KeyF12})
		test.Type(view.rcv.search, "xac nhan tinh trang hon nhan")
	})
	h.Wait(t, "results", func(v counter.View) bool { return len(v.Form.Results) > 0 })
	h.Do(func(*counter.Presenter) {
		if !view.rcv.resBox.Visible() {
			t.Error("results not shown")
		}
	})
	ui(func() { view.rcv.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	h.Wait(t, "appointment", func(v counter.View) bool { return v.Form.Appointment != nil })
	h.Do(func(*counter.Presenter) {
		if view.rcv.resBox.Visible() || len(view.rcv.resData) != 0 {
			t.Errorf("results still open after choosing (%d)", len(view.rcv.resData))
		}
	})
	ui(func() {
		for _, c := range view.rcv.compCheck {
			test.Tap(c)
		}
		for _, c := range view.rcv.feeCheck {
			test.Tap(c)
		}
		view.Key(&fyne.KeyEvent{Name: fyne.KeyF9})
	})
	h.Wait(t, "printed", func(v counter.View) bool { return v.Paper != nil && v.Paper.Printed })
	h.Do(func(p *counter.Presenter) {
		if !strings.HasPrefix(view.rcv.paper.Text, "Đã in") {
			t.Errorf("paper line %q", view.rcv.paper.Text)
		}
		// The receipt names the portal's lookup page (server setting).
		r := p.ReceiptFor(*p.View().Saved)
		job, err := counter.ReceiptJob(escpos.Default, r)
		if err != nil || !strings.Contains(r.Footer, countertest.LookupURL) || !bytes.Contains(job, []byte(countertest.LookupURL)) {
			t.Errorf("receipt footer %q (err %v): no lookup address", r.Footer, err)
		}
	})

	// F5, the next citizen: no success line of the previous one.
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF5}) })
	h.Wait(t, "finished", func(v counter.View) bool { return v.Queue.Current == nil && !v.Busy })
	env.Issue(ctx, "hotich")
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	v := h.Wait(t, "next called", func(v counter.View) bool { return v.Queue.Current != nil })
	h.Do(func(*counter.Presenter) {
		if view.rcv.paper.Text != "" || view.qPriority.Visible() {
			t.Errorf("next citizen: paper line %q, priority shown %v", view.rcv.paper.Text, view.qPriority.Visible())
		}
	})
	if v.Saved == nil {
		t.Error("the last receipt must stay reprintable (F10)")
	}
}
