package countertest

import (
	"context"
	"encoding/json"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
)

// WardCentre is the receiving centre of ResolvedTransfer's dossier.
const WardCentre = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"

// ResolvedTransfer stores in this (deciding) centre's inbox a land
// registration dossier the ward centre received and forwarded (code, of the
// ward's agency), its result to be collected at the ward, as the sync agent
// pulls it; then accepts, processes and resolves it through cl (an
// officer's session). The centre must decide 1.012789 (the province demo).
func (e *Env) ResolvedTransfer(ctx context.Context, cl *client.Client, code string) {
	e.t.Helper()
	at := qcvn120.At(ReceivedAt.Add(-time.Hour))
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai",
		MaLinhVuc: "DD", TenLinhVuc: "Đất đai", ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, SoDienThoai: "0912345678",
		SoGiayToChuHoSo: "001099012345", TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: at,
		NgayHenTra: qcvn120.At(ReceivedAt.AddDate(0, 0, 14)), TrangThaiHoSo: 2, DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội",
		KenhThucHien: qcvn120.KenhTrucTiep})
	det, _ := json.Marshal(map[string]any{"dossier": dossier.Dossier{Code: code, ReceivingCentre: WardCentre,
		Applicant:  dossier.Applicant{Name: "Vũ Thị Hạnh", IDNumber: "001099012345"},
		Components: []dossier.ComponentReceived{{Name: "Đơn đăng ký biến động", Originals: 1}}}})
	tr, _ := json.Marshal(portal.Transfer{MaDonViNhan: e.Cfg.AgencyCode, HoSo: hs, TraKetQuaTai: string(dossier.PlaceReceiving), PhienBan: 1, ChiTiet: det})
	e.Centre.PutInbox(ctx, e.Cfg.AgencyCode, centretest.Inbound{PortalID: "LT-" + code, Kind: portal.KindTransfer, Doc: tr, SubmittedAt: at.Time})
	items, err := cl.Inbox(ctx, client.InboxNew)
	if err != nil || len(items) == 0 {
		e.t.Fatalf("inbox: %+v %v", items, err)
	}
	id := int64(0)
	for _, it := range items {
		if it.Code == "LT-"+code {
			id = it.ID
		}
	}
	if _, err := cl.AcceptInbox(ctx, id, client.InboxAccept{}); err != nil {
		e.t.Fatal(err)
	}
	api := counter.NewAPI(cl)
	for _, a := range []string{counter.ActStartProcessing, counter.ActResolve} {
		if _, err := api.DossierAction(ctx, code, a, counter.ActionBody{Result: "Đã cập nhật biến động"}); err != nil {
			e.t.Fatalf("%s: %v", a, err)
		}
	}
}
