package ui

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/queue"
)

// TestReturnAtReceivingShownInWindow: at the deciding centre, "Trả kết
// quả" on a forwarded dossier whose result the receiving centre hands over
// shows the counter's sentence on the window's message line, whole (it
// fits the line at the window's usual width), in Vietnamese and English.
// MOTCUA_HANDOVER_PNG=file writes the Vietnamese window.
func TestReturnAtReceivingShownInWindow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.StartConfig(t, queue.DemoProvinceConfig())

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	cl := env.Client()
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(cl), Counter: countertest.Counter}, view.Render)
	view.Bind(h.P)
	ui(func() { w.SetContent(view.Content()) })
	ui(func() {
		test.Type(view.lUser, countertest.Username)
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.Wait(t, "main screen", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected })
	const code = "000.00.06.H26-231027-0008"
	env.ResolvedTransfer(ctx, cl, code)

	returnIt := func(want string) {
		t.Helper()
		h.Do(func(p *counter.Presenter) { p.Open(code) })
		h.Wait(t, "opened", func(v counter.View) bool {
			return !v.Busy && v.List.Selected != nil && v.List.Selected.Dossier.Code == code
		})
		// No "Trả kết quả" button; the sentence under the actions says
		// where the result is handed over.
		h.Do(func(*counter.Presenter) {
			ret := counter.ActionLabel(view.lang, counter.ActionDef{ID: counter.ActReturn, Label: "Trả kết quả"})
			for _, o := range view.dl.actions.Objects {
				if b, ok := o.(*widget.Button); ok && b.Text == ret {
					t.Errorf("%q offered at the deciding centre", b.Text)
				}
			}
			note := fmt.Sprintf(view.t("d.returnAt"), countertest.WardCentre)
			if !strings.Contains(view.dl.detail.Text, note) {
				t.Errorf("dossier detail %q, want %q in it", view.dl.detail.Text, note)
			}
		})
		h.Do(func(p *counter.Presenter) {
			p.DoAction(counter.ActReturn, counter.ActionInput{CollectedBy: "Vũ Thị Hạnh", IDChecked: true})
		})
		h.Wait(t, "refused", func(v counter.View) bool { return !v.Busy && v.Error != "" })
		ui(func() { w.Content().Refresh() })
		h.Do(func(*counter.Presenter) {
			if !strings.Contains(view.message.Text, want) || view.message.Color != colRed {
				t.Errorf("message line %q, want %q in red", view.message.Text, want)
			}
			if got, room := view.message.MinSize().Width, view.message.Size().Width; got > room+1 {
				t.Errorf("message %.0f px wide, the line has %.0f", got, room)
			}
		})
	}
	returnIt("kết quả trả cho công dân tại đơn vị tiếp nhận (" + countertest.WardCentre + "), không trả tại đây")
	if out := os.Getenv("MOTCUA_HANDOVER_PNG"); out != "" {
		var img image.Image
		ui(func() { img = w.Canvas().Capture() })
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
	}
	ui(func() { view.SetLang(counter.EN) })
	returnIt("the result is handed over at the receiving centre (" + countertest.WardCentre + "), not here")
}
