package ui

import (
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
)

// TestHandOverResentFromWindow (liên thông, docs/SYNC.md step 9): at the
// receiving centre, a dossier whose hand-over the deciding centre refused
// offers "Gửi lại bàn giao kết quả" (and no "Trả kết quả"); the form says
// what will be sent to whom — dossier, attempt 2, the deciding agency and
// its centre, when, where and to whom the result was handed over — with
// the collector's name and the place prefilled; the officer corrects the
// name (the sentence follows), confirms, and the window says it was sent
// again; the dossier then shows no refusal and no resend button, and a
// second send of attempt 1 is refused by the server (409).
// MOTCUA_RESEND_PNG=file writes the window with the form open,
// MOTCUA_RESENT_PNG=file the window once sent.
func TestHandOverResentFromWindow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	const land = "000.10.00.H26"
	cfg := queue.DemoConfig()
	for i := range cfg.Agencies {
		if cfg.Agencies[i].Code == land {
			cfg.Agencies[i].Forward = true
		}
	}
	env := countertest.StartConfig(t, cfg)

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

	// Received here, forwarded to the land office; its resolution comes
	// back (as the portal's tien_do item); the officer hands it over.
	api := counter.NewAPI(cl)
	v, err := api.Receive(ctx, counter.ReceiveRequest{ProcedureCode: "1.012789", Applicant: dossier.Applicant{Name: "Vũ Thị Hạnh", IDNumber: "001099012345"},
		Components: []dossier.ComponentReceived{{Name: "Đơn đăng ký biến động", Originals: 1}}})
	if err != nil || v.TransferTo != land {
		t.Fatalf("receive: %+v %v", v.TransferTo, err)
	}
	code := v.Dossier.Code
	at := qcvn120.At(countertest.ReceivedAt)
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Cung cấp thông tin, dữ liệu đất đai",
		MaLinhVuc: "DD", TenLinhVuc: "Đất đai", ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, SoGiayToChuHoSo: "001099012345",
		TrichYeuHoSo: "Cung cấp thông tin, dữ liệu đất đai", NgayTiepNhan: at, NgayHenTra: qcvn120.At(v.Dossier.AppointmentAt),
		NgayKetThucXuLy: qcvn120.At(countertest.ReceivedAt.Add(time.Hour)), TrangThaiHoSo: qcvn120.TrangThaiHoSo(dossier.StatusResolved),
		DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	if ok, err := env.Srv.ApplyProgress(ctx, lienthong.Progress{MaHoSo: code, PhienBan: 4, HoSo: hs}, nil); err != nil || !ok {
		t.Fatalf("resolution from the deciding centre: %v %v", ok, err)
	}
	if _, err := api.DossierAction(ctx, code, counter.ActReturn, counter.ActionBody{CollectedBy: "Vũ Thị Hạng", IDChecked: true}); err != nil {
		t.Fatal(err)
	}
	x := lienthong.HandOverRefusal{MaHoSo: code, MaDonViGiaiQuyet: land, NoiGiaiQuyet: "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
		PhienBan: 4, MaLyDo: lienthong.RefusalNotResolved, LyDo: "Hồ sơ chưa có kết quả giải quyết", ThoiDiem: time.Now()}
	if ok, err := env.Srv.ApplyHandOverRefusal(ctx, x, nil); err != nil || !ok {
		t.Fatalf("refusal: %v %v", ok, err)
	}

	h.Do(func(p *counter.Presenter) { p.Open(code) })
	h.Wait(t, "opened", func(v counter.View) bool {
		return !v.Busy && v.List.Selected != nil && v.List.Selected.Dossier.Code == code && v.List.Selected.HandOverRefused != nil
	})
	button := func(label string) *widget.Button {
		var b *widget.Button
		h.Do(func(*counter.Presenter) {
			for _, o := range view.dl.actions.Objects {
				if x, ok := o.(*widget.Button); ok && x.Text == label {
					b = x
				}
			}
		})
		return b
	}
	if button("Trả kết quả") != nil || button("Gửi lại bàn giao kết quả") == nil {
		t.Fatal("the dossier's buttons: want Gửi lại bàn giao kết quả and no Trả kết quả")
	}
	resendBtn := button("Gửi lại bàn giao kết quả")
	ui(func() { test.Tap(resendBtn) })
	landName := ""
	for _, a := range cfg.Agencies {
		if a.Code == land {
			landName = a.Name
		}
	}
	var sentence, collector, place string
	h.Do(func(*counter.Presenter) {
		sentence, collector, place = view.dl.resend.confirm.Text, view.dl.resend.collector.Text, view.dl.resend.place.Text
	})
	want := "Sẽ gửi lại bàn giao kết quả hồ sơ " + code + " (lần 2) qua cổng liên thông đến " + landName + " (Trung tâm Phục vụ hành chính công thành phố Hà Nội):"
	if landName == "" || !strings.HasPrefix(sentence, want) || !strings.Contains(sentence, "tại "+cfg.CentreName+" cho Vũ Thị Hạng.") ||
		!strings.Contains(sentence, "Bấm “Xác nhận” để gửi.") || collector != "Vũ Thị Hạng" || place != cfg.CentreName {
		t.Fatalf("confirmation %q (collector %q, place %q)", sentence, collector, place)
	}
	ui(func() { view.dl.resend.collector.SetText("Vũ Thị Hạnh") })
	h.Do(func(*counter.Presenter) { sentence = view.dl.resend.confirm.Text })
	if !strings.Contains(sentence, "cho Vũ Thị Hạnh.") {
		t.Fatalf("the confirmation does not follow the correction: %q", sentence)
	}
	ui(func() { w.Content().Refresh() })
	if out := os.Getenv("MOTCUA_RESEND_PNG"); out != "" {
		var img image.Image
		ui(func() { img = w.Canvas().Capture() })
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
	}
	var confirm *widget.Button
	h.Do(func(*counter.Presenter) {
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.Button:
				if x.Text == "Xác nhận" {
					confirm = x
				}
			case *fyne.Container:
				for _, c := range x.Objects {
					walk(c)
				}
			}
		}
		walk(view.dl.form)
	})
	if confirm == nil {
		t.Fatal("no Xác nhận button in the form")
	}
	ui(func() { test.Tap(confirm) })
	v2 := h.Wait(t, "sent again", func(v counter.View) bool {
		return !v.Busy && v.List.Selected != nil && v.List.Selected.HandOverAttempt == 2
	})
	if v2.List.Selected.HandOverRefused != nil || v2.List.Selected.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" ||
		v2.Info != "Đã gửi lại bàn giao kết quả hồ sơ "+code+" (lần 2) đến "+landName+"; đang chờ đơn vị đó ghi nhận." {
		t.Fatalf("after the resend: %+v, message %q / %q", v2.List.Selected.HandOverRefused, v2.Info, v2.Error)
	}
	if button("Gửi lại bàn giao kết quả") != nil {
		t.Fatal("the resend button is still offered")
	}
	if out := os.Getenv("MOTCUA_RESENT_PNG"); out != "" { // the window once sent
		var img image.Image
		ui(func() { w.Content().Refresh(); img = w.Canvas().Capture() })
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, img)
		f.Close()
	}
	resent := 0
	for _, e := range v2.List.Selected.Dossier.History {
		if e.Action == "HandOverResent" && strings.Contains(e.Note, "(lần 2)") && strings.Contains(e.Note, "người nhận kết quả Vũ Thị Hạnh") {
			resent++
		}
	}
	if resent != 1 {
		t.Fatalf("%d resend steps: %+v", resent, v2.List.Selected.Dossier.History)
	}
	var ce *client.Error
	if _, err := api.DossierAction(ctx, code, counter.ActResendHandOver, counter.ActionBody{Attempt: 1, CollectedBy: "Vũ Thị Hạnh"}); !errors.As(err, &ce) || ce.Status != 409 {
		t.Fatalf("a second send of attempt 1: %v", err)
	}
}
