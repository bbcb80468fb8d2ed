package ui

import (
	"context"
	"flag"
	"image/png"
	"os"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

var placeOut = flag.String("counter-place-out", "", "write the receive form with the deciding-centre choice here (PNG)")

// TestReturnPlaceChoices: the return-place choices follow the procedure.
// For a land registration the ward forwards to the provincial land office,
// the form offers "at the deciding centre: Văn phòng Đăng ký đất đai Hà
// Nội"; choosing it and saving stores it; for a civil-status procedure
// decided here the choice is not offered; by post shows the "Gửi đến"
// address, filled from the applicant's.
func TestReturnPlaceChoices(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	cfg := queue.DemoConfig()
	for i := range cfg.Agencies {
		if cfg.Agencies[i].Code == "000.10.00.H26" {
			cfg.Agencies[i].Forward = true
		}
	}
	env := countertest.StartConfig(t, cfg)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Counter: countertest.Counter}, view.Render)
	view.Bind(h.P)
	ui(func() { w.SetContent(view.Content()) })
	h.Do(func(p *counter.Presenter) { p.Login(countertest.Username, countertest.Password) })
	h.Wait(t, "main", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected && !v.Busy })
	choose := func(q string) {
		t.Helper()
		h.Do(func(p *counter.Presenter) {
			p.SetField(counter.FieldName, "Vũ Thị Hạnh")
			p.SetField(counter.FieldAddress, "Số 3 Hàng Khay, phường Hoàn Kiếm")
			p.SearchProcedures(q)
		})
		h.Wait(t, "results for "+q, func(v counter.View) bool { return len(v.Form.Results) > 0 && v.Form.ResultsFor == q })
		h.Do(func(p *counter.Presenter) { p.ChooseProcedure(0); p.ReceiveAll() })
		h.Wait(t, "appointment", func(v counter.View) bool { return v.Form.Appointment != nil && !v.Busy })
	}
	const deciding = "Nhận trực tiếp tại nơi giải quyết: Văn phòng Đăng ký đất đai Hà Nội"
	choose("1.012789")
	ui(func() {
		if !slices.Contains(view.rcv.ret.Options, deciding) || len(view.rcv.ret.Options) != 3 {
			t.Fatalf("choices for a forwarded procedure: %q", view.rcv.ret.Options)
		}
		view.rcv.ret.SetSelected(deciding)
	})
	if v := h.Last(); v.Form.ReturnPlace != dossier.PlaceDeciding {
		t.Fatalf("form place %q", v.Form.ReturnPlace)
	}
	if *placeOut != "" {
		ui(func() { w.Content().Refresh() })
		f, err := os.Create(*placeOut)
		if err != nil {
			t.Fatal(err)
		}
		ui(func() { err = png.Encode(f, w.Canvas().Capture()) })
		f.Close()
	}
	h.Do(func(p *counter.Presenter) { p.Save() })
	v := h.Wait(t, "saved", func(v counter.View) bool { return v.Saved != nil && !v.Busy })
	if v.Saved.Dossier.Place() != dossier.PlaceDeciding || !strings.Contains(v.Saved.Receipt.ReturnPlace, "Văn phòng Đăng ký đất đai Hà Nội") {
		t.Fatalf("saved place %q, receipt %q", v.Saved.Dossier.Place(), v.Saved.Receipt.ReturnPlace)
	}

	choose("dang ky khai sinh")
	ui(func() {
		if slices.Contains(view.rcv.ret.Options, deciding) || len(view.rcv.ret.Options) != 2 {
			t.Fatalf("choices for a procedure decided here: %q", view.rcv.ret.Options)
		}
		if view.rcv.retAddrBox.Visible() {
			t.Fatal("address shown before choosing the post")
		}
		view.rcv.ret.SetSelected(view.rcv.retByPost)
		if !view.rcv.retAddrBox.Visible() || view.rcv.retAddr.Text != "Số 3 Hàng Khay, phường Hoàn Kiếm" {
			t.Fatalf("post address shown %v, %q", view.rcv.retAddrBox.Visible(), view.rcv.retAddr.Text)
		}
	})
}
