package counter_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
)

// TestReturnRefusedAtDecidingCentre (liên thông): at the deciding centre,
// "Trả kết quả" on a forwarded dossier whose citizen collects the result at
// the receiving centre is refused by the server (409); the counter says, in
// Vietnamese and in English, that the result is handed over at the
// receiving centre (named), and the dossier stays resolved on the server.
func TestReturnRefusedAtDecidingCentre(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	env := countertest.StartConfig(t, queue.DemoProvinceConfig())
	r := startOn(t, env, false)
	r.login(t)

	const code = "000.00.06.H26-231027-0007"
	const ward = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"
	at := qcvn120.At(countertest.ReceivedAt.Add(-time.Hour))
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai",
		MaLinhVuc: "DD", TenLinhVuc: "Đất đai", ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, SoDienThoai: "0912345678",
		SoGiayToChuHoSo: "001099012345", TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: at,
		NgayHenTra: qcvn120.At(countertest.ReceivedAt.AddDate(0, 0, 14)), TrangThaiHoSo: 2, DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	det, _ := json.Marshal(map[string]any{"dossier": dossier.Dossier{Code: code, ReceivingCentre: ward,
		Applicant:  dossier.Applicant{Name: "Vũ Thị Hạnh", IDNumber: "001099012345"},
		Components: []dossier.ComponentReceived{{Name: "Đơn đăng ký biến động", Originals: 1}}}})
	tr, _ := json.Marshal(portal.Transfer{MaDonViNhan: env.Cfg.AgencyCode, HoSo: hs, TraKetQuaTai: string(dossier.PlaceReceiving), PhienBan: 1, ChiTiet: det})
	env.Centre.PutInbox(ctx, env.Cfg.AgencyCode, centretest.Inbound{PortalID: "LT-" + code, Kind: portal.KindTransfer, Doc: tr, SubmittedAt: at.Time})

	items, err := r.cl.Inbox(ctx, client.InboxNew)
	if err != nil || len(items) != 1 {
		t.Fatalf("inbox: %+v %v", items, err)
	}
	if _, err := r.cl.AcceptInbox(ctx, items[0].ID, client.InboxAccept{}); err != nil {
		t.Fatal(err)
	}
	api := counter.NewAPI(r.cl)
	for _, a := range []string{counter.ActStartProcessing, counter.ActResolve} {
		if _, err := api.DossierAction(ctx, code, a, counter.ActionBody{Result: "Đã cập nhật biến động"}); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}

	returnIt := func(what string) counter.View {
		t.Helper()
		r.h.Do(func(p *counter.Presenter) { p.Open(code) })
		r.h.Wait(t, what+": opened", func(v counter.View) bool {
			return !v.Busy && v.List.Selected != nil && v.List.Selected.Dossier.Code == code
		})
		r.h.Do(func(p *counter.Presenter) {
			p.DoAction(counter.ActReturn, counter.ActionInput{CollectedBy: "Vũ Thị Hạnh", IDChecked: true})
		})
		return r.h.Wait(t, what+": refused", func(v counter.View) bool { return !v.Busy && (v.Error != "" || v.Info != "") })
	}
	v := returnIt("Vietnamese")
	if !strings.Contains(v.Error, "kết quả được trả cho công dân tại đơn vị tiếp nhận ("+ward+"), không trả tại đây") ||
		!strings.Contains(v.Error, code) || v.Info != "" {
		t.Fatalf("Vietnamese message: error %q info %q", v.Error, v.Info)
	}
	r.h.Do(func(p *counter.Presenter) { p.SetLang(counter.EN) })
	v = returnIt("English")
	if !strings.Contains(v.Error, "the result is handed over to the citizen at the receiving centre ("+ward+"), not here") {
		t.Fatalf("English message: %q", v.Error)
	}
	got, err := api.Dossier(ctx, code)
	if err != nil || got.Dossier.Status != dossier.StatusResolved || got.Dossier.Return != nil {
		t.Fatalf("server dossier after the refusals: %+v %v", got.Dossier, err)
	}
}
