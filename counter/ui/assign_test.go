package ui

import (
	"context"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
)

// An officer assigned other counters signs in at this one (q1): the login
// screen says so in Vietnamese, in full (docs/SECURITY.md, "Centre:
// officer → counters assignment"), and stays on the login screen.
func TestLoginRefusedAtUnassignedCounter(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t, func(o *centretest.Options) { o.Officers[0].Counters = []string{"q4", "q5"} })

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Counter: countertest.Counter}, view.Render)
	view.Bind(h.P)
	ui(func() { w.SetContent(view.Content()) })

	ui(func() {
		test.Type(view.lUser, countertest.Username)
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	v := h.Wait(t, "login refused", func(v counter.View) bool { return !v.Busy && v.LoginError != "" })
	want := "Cán bộ " + countertest.FullName + " chưa được phân công tại Quầy 1; liên hệ quản trị viên"
	if v.Screen != counter.ScreenLogin || v.LoginError != want {
		t.Fatalf("screen %s, error %q; want %q", v.Screen, v.LoginError, want)
	}
	ui(func() {
		if view.lError.Text != want || !view.login.Visible() || view.main.Visible() {
			t.Errorf("shown %q (login %v, main %v)", view.lError.Text, view.login.Visible(), view.main.Visible())
		}
		if got, room := view.lError.MinSize().Width, w.Canvas().Size().Width; got > room {
			t.Errorf("message %.0f px wide, the window %.0f", got, room)
		}
	})
	if out := os.Getenv("MOTCUA_ASSIGN_PNG"); out != "" {
		var img image.Image
		ui(func() { img = w.Canvas().Capture() })
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
	}
}

// TestLoginRefusedAtUnassignedCounterInEnglish: in English the refusal is
// the server's English sentence, not its Vietnamese.
func TestLoginRefusedAtUnassignedCounterInEnglish(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t, func(o *centretest.Options) { o.Officers[0].Counters = []string{"q4", "q5"} })

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Lang: counter.EN, Dispatch: func(f func()) { f() }})
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Lang: counter.EN, Counter: countertest.Counter}, view.Render)
	view.Bind(h.P)
	ui(func() { w.SetContent(view.Content()) })
	ui(func() {
		test.Type(view.lUser, countertest.Username)
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	v := h.Wait(t, "login refused", func(v counter.View) bool { return !v.Busy && v.LoginError != "" })
	if v.Screen != counter.ScreenLogin || !strings.HasPrefix(v.LoginError, "Officer ") || !strings.Contains(v.LoginError, "not assigned to") || strings.Contains(v.LoginError, "chưa được phân công") {
		t.Fatalf("screen %s, error %q; want the server's English refusal", v.Screen, v.LoginError)
	}
	ui(func() {
		if view.lError.Text != v.LoginError {
			t.Errorf("shown %q, the presenter says %q", view.lError.Text, v.LoginError)
		}
	})
	if out := os.Getenv("MOTCUA_ASSIGN_EN_PNG"); out != "" {
		var img image.Image
		ui(func() { img = w.Canvas().Capture() })
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
	}
}
