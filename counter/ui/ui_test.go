package ui

import (
	"context"
	"flag"
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
)

var receiptOut = flag.String("receipt-out", "", "copy the printed receipt PNG here (docs/img/receipt.png)")

// TestCounterFlow drives the window as an officer does, against a real
// server and the virtual printer and scanner on ptys: log in, F1, scan the
// card, search the procedure without diacritics, tick the checklist, F9.
// The receipt the virtual printer renders must carry the dossier code QR
// and the right appointment date.
func TestCounterFlow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t)
	tk := env.Issue(ctx, "hotich")

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	// Widget events in this test come from inside ui(), which holds the
	// harness lock (the "Fyne goroutine"): the view calls the presenter
	// directly, as in the app.
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	outDir := t.TempDir()
	dev := countertest.StartDevices(t, escpos.Default, outDir)
	cl := env.Client()
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(cl), Counter: countertest.Counter,
		Printer: dev.Printer, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	h.ForwardDevices(ctx, dev)
	ui(func() { w.SetContent(view.Content()) })

	// log in with the keyboard
	ui(func() {
		test.Type(view.lUser, countertest.Username)
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.Wait(t, "main screen", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected })
	if !view.main.Visible() || view.login.Visible() {
		t.Fatal("main screen not shown")
	}

	// F1 with nothing focused calls the next citizen
	ui(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "called", func(v counter.View) bool { return v.Queue.Current != nil })
	h.Do(func(*counter.Presenter) {
		if view.qNumber.Text != tk.Number {
			t.Errorf("big number %q, want %q", view.qNumber.Text, tk.Number)
		}
	})

	// the serial scanner reads the card
	if err := dev.SimScanner.Scan(countertest.CCCD); err != nil {
		t.Fatal(err)
	}
	h.Wait(t, "applicant", func(v counter.View) bool { return v.Form.FromCCCD })
	h.Do(func(*counter.Presenter) {
		if got := view.rcv.fields[counter.FieldName].Text; got != "Nguyễn Văn An" {
			t.Errorf("name entry %q", got)
		}
	})

	// F12 focuses the search; typing without diacritics finds the procedure
	ui(func() {
		view.Key(&fyne.KeyEvent{Name: fyne.KeyF12})
		if w.Canvas().Focused() != view.rcv.search {
			t.Error("F12 must focus the procedure search")
		}
		test.Type(view.rcv.search, "xac nhan tinh trang hon nhan")
	})
	h.Wait(t, "results", func(v counter.View) bool {
		return v.Form.ResultsFor == "xac nhan tinh trang hon nhan" && len(v.Form.Results) > 0
	})
	h.Do(func(*counter.Presenter) {
		if len(view.rcv.resData) == 0 || view.rcv.resData[0].Name != "Cấp Giấy xác nhận tình trạng hôn nhân" {
			t.Errorf("results in the list: %d", len(view.rcv.resData))
		}
	})
	// Enter in the search takes the first result
	ui(func() { view.rcv.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	h.Wait(t, "appointment", func(v counter.View) bool { return v.Form.Appointment != nil })
	h.Do(func(*counter.Presenter) {
		if len(view.rcv.compCheck) != 2 || len(view.rcv.feeCheck) != 1 {
			t.Errorf("checklist %d lines, fees %d", len(view.rcv.compCheck), len(view.rcv.feeCheck))
		}
	})
	ui(func() {
		for _, c := range view.rcv.compCheck {
			test.Tap(c)
		}
		test.Tap(view.rcv.feeCheck[0])
		// F9 while a checkbox has the focus still saves
		w.Canvas().Focus(view.rcv.compCheck[0])
		w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF9})
	})
	v := h.Wait(t, "printed", func(v counter.View) bool { return v.Paper != nil && !v.Paper.Printing })
	if !v.Paper.Printed {
		t.Fatalf("paper %+v error %q", v.Paper, v.Error)
	}
	code := v.Saved.Dossier.Code
	pages, err := dev.SimPrinter.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countertest.DecodeQR(t, pages[0].Image), env.Srv.DossierQR(code); got != want {
		t.Fatalf("receipt QR %q, want %q", got, want)
	}
	// 3 working days from Friday 27/10/2023 09:32
	if want := "ngày 01/11/2023"; !strings.Contains(v.Saved.Receipt.Appointment, want) {
		t.Fatalf("appointment %q, want %q", v.Saved.Receipt.Appointment, want)
	}
	h.Do(func(*counter.Presenter) {
		if !strings.Contains(view.rcv.paper.Text, "Đã in giấy tiếp nhận") || !strings.Contains(view.message.Text, code) {
			t.Errorf("paper line %q, message %q", view.rcv.paper.Text, view.message.Text)
		}
	})
	if *receiptOut != "" {
		f, err := os.Create(*receiptOut)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, pages[0].Image); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}

	// F5 finishes; the citizen is sent to the kiosk to rate
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF5}) })
	v = h.Wait(t, "finished", func(v counter.View) bool { return v.Queue.Current == nil && !v.Busy })
	if !strings.Contains(v.Info, counter.MsgRateAtKiosk) {
		t.Fatalf("info %q", v.Info)
	}

	// F8: the dossier list shows it; the return flow records the collector
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF8}) })
	h.Wait(t, "list", func(v counter.View) bool { return v.Tab == counter.TabDossiers && len(v.List.Items) == 1 })
	h.Do(func(*counter.Presenter) {
		if view.tabs.SelectedIndex() != 1 {
			t.Error("dossier tab not selected")
		}
	})
	ui(func() { view.dl.list.Select(0) })
	h.Wait(t, "selected", func(v counter.View) bool { return v.List.Selected != nil })
	h.Do(func(*counter.Presenter) {
		if !strings.Contains(view.dl.detail.Text, code) || len(view.dl.actions.Objects) == 0 {
			t.Errorf("detail %q, %d action buttons", view.dl.detail.Text, len(view.dl.actions.Objects))
		}
	})

	// an ended session (401) brings back the login screen with a message
	env.EndSession(ctx, cl.Token())
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "login screen", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
	h.Do(func(*counter.Presenter) {
		if !view.login.Visible() || !strings.Contains(view.lError.Text, "hết hạn") || view.lUser.Text != countertest.Username {
			t.Errorf("login visible %v, error %q, user %q", view.login.Visible(), view.lError.Text, view.lUser.Text)
		}
	})
}
