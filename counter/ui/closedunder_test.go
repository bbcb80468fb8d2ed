package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/internal/entext"
)

// TestCounterClosedFromConsoleWindow drives the real window: a number is
// called at Quầy 1 and a supervisor closes Quầy 1 from the console; the
// window no longer shows the number and its message line says why, in
// both languages (no Vietnamese in English). COUNTER_SHOTS=dir keeps
// counter-closed-under-{vi,en}.png.
func TestCounterClosedFromConsoleWindow(t *testing.T) {
	for _, lang := range []counter.Lang{counter.VI, counter.EN} {
		t.Run(string(lang), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			a := test.NewApp()
			defer a.Quit()
			a.Settings().SetTheme(Theme())
			env := countertest.Start(t, countertest.WithBoard, func(o *centretest.Options) { o.CounterOfficers = true })
			first := env.Issue(ctx, "hotich")
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
			if _, err := env.Srv.Engine().CloseReturning(ctx, centre.Actor{Role: centre.RoleSupervisor}, "q1", "", engine.ReasonCounterClosed); err != nil {
				t.Fatal(err)
			}
			want := map[counter.Lang]string{
				counter.VI: "Quầy đã được đóng từ bảng điều khiển: số " + first.Number + " đã được trả lại đầu hàng chờ để quầy khác gọi.",
				counter.EN: "The counter was closed from the console: number " + first.Number + " was put back at the head of its queue for another counter to call.",
			}[lang]
			h.Wait(t, "told", func(v counter.View) bool { return v.Queue.Current == nil && v.Info == want })
			var shown []string
			ui(func() { texts(view.root, nil, &shown) })
			if !strings.Contains(strings.Join(shown, "\n"), want) {
				t.Errorf("the window does not say %q", want)
			}
			if lang == counter.EN {
				if left := entext.Leftovers([]string{want}); len(left) > 0 {
					t.Errorf("Vietnamese in English mode: %q", left)
				}
			}
			shot(t, ui, w, "counter-closed-under-"+string(lang)+".png")
		})
	}
}
