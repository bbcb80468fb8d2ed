package ui

import (
	"context"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
)

// TestKeyboardOnly: an officer without a mouse logs in with Tab and Space,
// calls with F1 and reaches "Công dân đã đến" with Tab; the focused widget
// is drawn in a colour that stands out (≥ 3:1 against the background).
func TestKeyboardOnly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	th := Theme()
	if c := contrastRatio(th.Color(theme.ColorNameFocus, theme.VariantLight), th.Color(theme.ColorNameBackground, theme.VariantLight)); c < 3 {
		t.Errorf("focus colour contrast %.1f:1, want ≥ 3:1", c)
	}
	env := countertest.Start(t)
	env.Issue(ctx, "hotich")
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Counter: countertest.Counter, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	ui(func() { w.SetContent(view.Content()) })

	c := w.Canvas()
	ui(func() {
		c.Focus(view.lUser)
		test.Type(view.lUser, countertest.Username)
		c.FocusNext()
		if c.Focused() != view.lPass {
			t.Fatalf("Tab from the username went to %T", c.Focused())
		}
		test.Type(view.lPass, countertest.Password)
		c.FocusNext()
		if c.Focused() != view.lButton {
			t.Fatalf("Tab from the password went to %T", c.Focused())
		}
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	})
	h.Wait(t, "logged in by keyboard", func(v counter.View) bool { return v.Screen == counter.ScreenMain })
	ui(func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "called", func(v counter.View) bool { return v.Queue.Current != nil })
	// Tab reaches the start button; Space on it starts serving.
	ui(func() {
		for i := 0; i < 60 && c.Focused() != view.qStart; i++ {
			c.FocusNext()
		}
		if c.Focused() != view.qStart {
			t.Fatal("Tab never reaches “Công dân đã đến”")
		}
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	})
	h.Wait(t, "serving", func(v counter.View) bool { return v.Queue.Current != nil && v.Queue.Current.Status == "serving" })
}

func contrastRatio(a, b interface{ RGBA() (r, g, b, a uint32) }) float64 {
	lum := func(c interface{ RGBA() (r, g, b, a uint32) }) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
