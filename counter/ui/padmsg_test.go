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

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/ratingpad"
)

var padMsgOut = flag.String("counter-pad-out", "", "write the counter after F5 with a rating pad here (PNG)")

// TestFinishSendsToThePad: at a counter with a working rating pad, F5's
// message line sends the citizen to the pad, not to the kiosk.
func TestFinishSendsToThePad(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t, func(o *centretest.Options) {
		o.Devices = append(o.Devices, centretest.Device{ID: "pad-q1", Name: "pad-q1", Role: centre.RoleRatingPad})
		o.Mount = func(m centretest.Mount) error {
			ratingpad.Mount(m.Server, m.DB, ratingpad.Options{})
			return ratingpad.Bind(m.Ctx, m.DB, m.Config, "pad-q1", countertest.Counter)
		}
	})
	pc, err := client.New(env.URL(), env.Centre.Token("pad-q1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (display.PadClient{C: pc}).PadState(ctx); err != nil { // the pad is on
		t.Fatal(err)
	}
	issued := env.Issue(ctx, "hotich")

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	dev := countertest.StartDevices(t, escpos.Default, t.TempDir())
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Counter: countertest.Counter, CounterName: "Quầy 1",
		Printer: dev.Printer, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	h.ForwardDevices(ctx, dev)
	ui(func() { w.SetContent(view.Content()) })
	ui(func() {
		test.Type(view.lUser, countertest.Username)
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.Wait(t, "main screen", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected })
	ui(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "called", func(v counter.View) bool {
		return v.Queue.Current != nil && v.Queue.Current.Number == issued.Number && !v.Busy
	})
	ui(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF5}) })
	h.Wait(t, "finished", func(v counter.View) bool { return v.Queue.Current == nil && !v.Busy && v.Info != "" })
	h.Do(func(*counter.Presenter) {
		if got := view.message.Text; !strings.Contains(got, counter.MsgRateAtPad) || strings.Contains(got, "kiosk") {
			t.Errorf("message after F5 %q, want %q", got, counter.MsgRateAtPad)
		}
	})
	if *padMsgOut != "" {
		f, err := os.Create(*padMsgOut)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// The test canvas does not lay out again when a text grows, as the
		// app's driver does each frame: refresh (and so lay out) the tree.
		ui(func() { w.Content().Refresh() })
		ui(func() { err = png.Encode(f, w.Canvas().Capture()) })
		if err != nil {
			t.Fatal(err)
		}
	}
}
