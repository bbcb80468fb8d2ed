package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// TestSignOutDialog drives the real window: a number is called at Quầy 1,
// the officer taps "Đăng xuất"; a modal asks "Số A001 đang ở quầy." with
// "Hoàn thành / Trả lại hàng chờ (đầu hàng) / Vắng mặt / Hủy đăng xuất".
// Escape cancels (still signed in, F1 did nothing meanwhile); tapping
// "Trả lại hàng chờ" puts the number back first in its queue on the real
// server, signs out, and the hall board's snapshot over /ws no longer shows
// it at Quầy 1. In English the dialog has no Vietnamese.
// COUNTER_SHOTS=dir keeps counter-signout-{vi,en}.png.
func TestSignOutDialog(t *testing.T) {
	for _, lang := range []counter.Lang{counter.VI, counter.EN} {
		t.Run(string(lang), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			a := test.NewApp()
			defer a.Quit()
			a.Settings().SetTheme(Theme())
			env := countertest.Start(t, countertest.WithBoard, func(o *centretest.Options) { o.CounterOfficers = true })
			first := env.Issue(ctx, "hotich")
			second := env.Issue(ctx, "hotich")
			w := test.NewWindow(nil)
			w.Resize(fyne.NewSize(1600, 900))
			var h *countertest.Harness
			ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
			view := New(Options{Window: w, Server: env.URL(), Lang: lang, Dispatch: func(f func()) { f() }})
			h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Lang: lang, Counter: countertest.Counter}, view.Render)
			view.Bind(h.P)
			ui(func() { w.SetContent(view.Content()) })
			h.Do(func(p *counter.Presenter) { p.Login(countertest.Username, countertest.Password) })
			h.Wait(t, "signed in", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected && !v.Busy })
			ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
			h.Wait(t, "called", func(v counter.View) bool { return v.Queue.Current != nil && v.Queue.Current.ID == first.ID && !v.Busy })

			ui(func() { test.Tap(findButton(t, view.root, counter.T(lang, "logout"))) })
			h.Wait(t, "asked", func(v counter.View) bool { return v.Leave != nil })
			d := &view.leave
			want := map[counter.Lang][]string{
				counter.VI: {"Hoàn thành", "Trả lại hàng chờ (đầu hàng)", "Vắng mặt", "Hủy đăng xuất", "Số " + first.Number + " đang ở quầy."},
				counter.EN: {"Finish", "Back to the queue (first in line)", "Absent", "Cancel sign-out", "Number " + first.Number + " is at the counter."},
			}[lang]
			var shown []string
			ui(func() {
				if d.pop == nil || !d.pop.Visible() {
					t.Fatal("no dialog")
				}
				got := []string{d.finish.Text, d.requeue.Text, d.noShow.Text, d.cancel.Text}
				for i, b := range []*widget.Button{d.finish, d.requeue, d.noShow, d.cancel} {
					if !b.Visible() || b.Disabled() {
						t.Errorf("button %q not offered", got[i])
					}
				}
				texts(d.pop.Content, nil, &shown)
			})
			all := strings.Join(shown, "\n")
			for _, s := range want {
				if !strings.Contains(all, s) {
					t.Errorf("dialog does not say %q: %q", s, shown)
				}
			}
			if lang == counter.EN {
				if left := entext.Leftovers(shown); len(left) > 0 {
					t.Errorf("Vietnamese in English mode: %q", left)
				}
			}
			shot(t, ui, w, "counter-signout-"+string(lang)+".png")

			// F1 with the dialog open calls nobody; Escape cancels.
			ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
			ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
			v := h.Wait(t, "cancelled", func(v counter.View) bool { return v.Leave == nil && !v.Busy })
			if v.Screen != counter.ScreenMain || v.Queue.Current == nil || v.Queue.Current.ID != first.ID || d.pop != nil {
				t.Fatalf("after Escape: screen %s current %+v dialog %v", v.Screen, v.Queue.Current, d.pop)
			}
			if tk, err := env.Centre.Client(env.Kiosk).Ticket(ctx, second.ID); err != nil || tk.Status != queue.Waiting {
				t.Fatalf("F1 under the dialog called %s: %+v %v", second.Number, tk.Ticket, err)
			}

			ui(func() { test.Tap(findButton(t, view.root, counter.T(lang, "logout"))) })
			h.Wait(t, "asked again", func(v counter.View) bool { return v.Leave != nil })
			ui(func() { test.Tap(d.requeue) })
			h.Wait(t, "signed out", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
			ui(func() {
				if d.pop != nil {
					t.Error("dialog left on the login screen")
				}
			})
			for i := 0; ; i++ {
				k := env.BoardCounter(ctx, "q1")
				if k.Status == "closed" {
					if k.Current != nil {
						t.Fatalf("the board still shows %+v at q1", k.Current)
					}
					break
				}
				if i == 400 {
					t.Fatalf("q1 never closed on the board: %+v", k)
				}
				time.Sleep(50 * time.Millisecond)
			}
			q2 := env.Centre.Login(ctx, "canbo-q2", "q2")
			if next, ok, err := q2.CallNext(ctx, "q2", ""); err != nil || !ok || next.ID != first.ID {
				t.Fatalf("q2 called %+v (%v %v), want %s first", next.Ticket, ok, err, first.Number)
			}
		})
	}
}

// findButton is the visible button labelled s under o.
func findButton(t *testing.T, o fyne.CanvasObject, s string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == s {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(x)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", s)
	}
	return found
}
