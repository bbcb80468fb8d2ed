package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/queue"
)

// TestCounterParkAndCallBack drives the window against a real centre on
// loopback, in Vietnamese and in English: F1 calls A, Alt+G parks it (the
// list shows A with "Gọi lại số này"), F1 calls B, "Gọi lại số này" is
// refused while B is at the counter, F5 finishes B, and "Gọi lại số này"
// brings A back to this counter (the server says A is called at q1).
// COUNTER_SHOTS=dir keeps counter-park-{vi,en}-*.png.
func TestCounterParkAndCallBack(t *testing.T) {
	for _, lang := range []counter.Lang{counter.VI, counter.EN} {
		t.Run(string(lang), func(t *testing.T) { testPark(t, lang) })
	}
}

func testPark(t *testing.T, lang counter.Lang) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t)
	tkA := env.Issue(ctx, "hotich")
	tkB := env.Issue(ctx, "hotich")

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Lang: lang, Dispatch: func(f func()) { f() }})
	dev := countertest.StartDevices(t, escpos.Default, t.TempDir())
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Lang: lang, Counter: countertest.Counter,
		Printer: dev.Printer, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	h.ForwardDevices(ctx, dev)
	ui(func() { w.SetContent(view.Content()) })
	en := lang == counter.EN
	pick := func(vi, eng string) string {
		if en {
			return eng
		}
		return vi
	}
	shot := func(name string) {
		dir := os.Getenv("COUNTER_SHOTS")
		if dir == "" {
			return
		}
		ui(func() { w.Content().Refresh() })
		f, err := os.Create(filepath.Join(dir, "counter-park-"+string(lang)+"-"+name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		ui(func() { png.Encode(f, w.Canvas().Capture()) })
	}
	kc, err := client.New(env.URL(), env.Kiosk)
	if err != nil {
		t.Fatal(err)
	}
	status := func(id string) queue.Ticket {
		t.Helper()
		v, err := kc.Ticket(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return v.Ticket
	}

	ui(func() {
		test.Type(view.lUser, countertest.Username)
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.Wait(t, "main", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected && !v.Busy })
	h.Do(func(*counter.Presenter) {
		if view.pk.button.Text != "Alt+G  "+pick("Tạm giữ", "Hold") || !view.pk.button.Disabled() {
			t.Errorf("park button %q disabled %v: want it disabled with no number at the counter", view.pk.button.Text, view.pk.button.Disabled())
		}
		if got, want := view.pk.title.Text, pick("Không có số nào đang tạm giữ", "No numbers on hold"); got != want {
			t.Errorf("empty list %q, want %q", got, want)
		}
		if !strings.Contains(view.keysLine.Text, "Alt+G "+pick("Tạm giữ", "Hold")) {
			t.Errorf("the shortcut line does not list Alt+G: %q", view.keysLine.Text)
		}
	})

	// F1 calls A; Alt+G parks it
	ui(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "A called", func(v counter.View) bool { return v.Queue.Current != nil && v.Queue.Current.ID == tkA.ID && !v.Busy })
	// Alt+G typed while the scan field has the focus (the entry hands the
	// app's shortcuts on)
	ui(func() {
		w.Canvas().Focus(view.rcv.scan)
		w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: fyne.KeyModifierAlt})
	})
	v := h.Wait(t, "A parked", func(v counter.View) bool {
		return v.Queue.Current == nil && len(v.Queue.Parked) == 1 && !v.Busy
	})
	if v.Queue.Parked[0].ID != tkA.ID {
		t.Fatalf("parked list %+v, want %s", v.Queue.Parked, tkA.Number)
	}
	if want := pick("Đã tạm giữ số "+tkA.Number, "Number "+tkA.Number+" is on hold"); !strings.HasPrefix(v.Info, want) {
		t.Errorf("message %q, want %q…", v.Info, want)
	}
	if st := status(tkA.ID); st.Status != queue.Parked || st.Counter != countertest.Counter {
		t.Fatalf("server: A is %s at %q, want parked at %s", st.Status, st.Counter, countertest.Counter)
	}
	h.Do(func(*counter.Presenter) {
		if got := view.pk.title.Text; got != pick("Số đang tạm giữ: 1", "Numbers on hold: 1") {
			t.Errorf("list title %q", got)
		}
		if !view.pk.rows.Objects[0].Visible() || !strings.HasPrefix(view.pk.labels[0].Text, tkA.Number+" · ") {
			t.Errorf("row %q", view.pk.labels[0].Text)
		}
		if got := view.pk.calls[0].Text; got != pick("Gọi lại số này", "Call it back") {
			t.Errorf("call back button %q", got)
		}
		if view.pk.calls[0].Disabled() {
			t.Error("call back disabled with a free counter")
		}
	})
	shot("parked")

	// F1 calls B, not the parked A
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "B called", func(v counter.View) bool { return v.Queue.Current != nil && v.Queue.Current.ID == tkB.ID && !v.Busy })
	if st := status(tkA.ID); st.Status != queue.Parked {
		t.Fatalf("calling the next took A out of parked: %s", st.Status)
	}
	// with B at the counter, calling A back is refused (calling would finish B)
	h.Do(func(p *counter.Presenter) { p.CallParked(tkA.ID) })
	v = h.Last()
	if want := pick("Số "+tkB.Number+" đang ở quầy.", "Number "+tkB.Number+" is at the counter."); !strings.HasPrefix(v.Error, want) {
		t.Errorf("error %q, want %q…", v.Error, want)
	}
	h.Do(func(*counter.Presenter) {
		if view.message.Text != v.Error || !view.pk.calls[0].Disabled() {
			t.Errorf("message line %q, call back disabled %v", view.message.Text, view.pk.calls[0].Disabled())
		}
	})
	if v.Queue.Current == nil || v.Queue.Current.ID != tkB.ID || status(tkB.ID).Status != queue.Called {
		t.Fatal("B must stay at the counter")
	}
	shot("refused")

	// F5 finishes B; "Gọi lại số này" calls A back here
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF5}) })
	h.Wait(t, "B finished", func(v counter.View) bool { return v.Queue.Current == nil && !v.Busy })
	ui(func() { test.Tap(view.pk.calls[0]) })
	v = h.Wait(t, "A called back", func(v counter.View) bool {
		return v.Queue.Current != nil && v.Queue.Current.ID == tkA.ID && len(v.Queue.Parked) == 0 && !v.Busy
	})
	if want := pick("Đã gọi lại số "+tkA.Number+" sau khi tạm giữ.", "Number "+tkA.Number+" has been called back from hold."); !strings.HasPrefix(v.Info, want) {
		t.Errorf("message %q, want %q…", v.Info, want)
	}
	if st := status(tkA.ID); st.Status != queue.Called || st.Counter != countertest.Counter {
		t.Fatalf("server: A is %s at %q, want called at %s", st.Status, st.Counter, countertest.Counter)
	}
	h.Do(func(*counter.Presenter) {
		if view.qNumber.Text != tkA.Number || view.pk.rows.Objects[0].Visible() {
			t.Errorf("big number %q, parked row still shown %v", view.qNumber.Text, view.pk.rows.Objects[0].Visible())
		}
		if got := view.pk.title.Text; got != pick("Không có số nào đang tạm giữ", "No numbers on hold") {
			t.Errorf("list title %q", got)
		}
	})
	shot("calledback")
}
