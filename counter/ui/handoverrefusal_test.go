package ui

import (
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
)

// TestHandOverRefusedShownInWindow (liên thông): at the receiving centre,
// a dossier whose hand-over the deciding centre could not record shows,
// under its details, the server's sentence "Bàn giao kết quả chưa được ghi
// nhận tại <B>: <lý do>" and what to do, in Vietnamese and English.
// MOTCUA_REFUSAL_PNG=file writes the Vietnamese window.
func TestHandOverRefusedShownInWindow(t *testing.T) {
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
	if _, err := api.DossierAction(ctx, code, counter.ActReturn, counter.ActionBody{CollectedBy: "Vũ Thị Hạnh", IDChecked: true}); err != nil {
		t.Fatal(err)
	}
	x := lienthong.HandOverRefusal{MaHoSo: code, MaDonViGiaiQuyet: land, NoiGiaiQuyet: "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
		PhienBan: 4, MaLyDo: lienthong.RefusalNotResolved, LyDo: "Hồ sơ chưa có kết quả giải quyết", ThoiDiem: time.Now()}
	if ok, err := env.Srv.ApplyHandOverRefusal(ctx, x, nil); err != nil || !ok {
		t.Fatalf("refusal: %v %v", ok, err)
	}

	check := func(want ...string) {
		t.Helper()
		h.Do(func(p *counter.Presenter) { p.Open(code) })
		h.Wait(t, "opened", func(v counter.View) bool {
			return !v.Busy && v.List.Selected != nil && v.List.Selected.Dossier.Code == code && v.List.Selected.HandOverRefused != nil
		})
		ui(func() { w.Content().Refresh() })
		h.Do(func(*counter.Presenter) {
			for _, s := range want {
				if !strings.Contains(view.dl.detail.Text, s) {
					t.Errorf("dossier details %q lack %q", view.dl.detail.Text, s)
				}
			}
		})
	}
	notice := "Bàn giao kết quả chưa được ghi nhận tại Trung tâm Phục vụ hành chính công thành phố Hà Nội: Hồ sơ chưa có kết quả giải quyết"
	check("CHÚ Ý: "+notice, "Cần làm: Kết quả đã trao cho công dân vẫn có giá trị", "Liên hệ Trung tâm Phục vụ hành chính công thành phố Hà Nội")
	if out := os.Getenv("MOTCUA_REFUSAL_PNG"); out != "" {
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
	check("the deciding centre did not record this hand-over: "+notice, "What to do: ")
}
