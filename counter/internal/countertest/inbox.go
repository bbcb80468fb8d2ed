package countertest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/portal"
)

// Online is an online submission addressed to the test centre, as the
// portal's API accepts it (code is its MaNop, e.g. "NTT-AAAAAAAAAAAA").
func (e *Env) Online(code, name string) portal.Submission {
	return portal.Submission{MaTTHC: "1.001193", MaDonVi: e.Cfg.AgencyCode, MaNop: code,
		ChuHoSo:     portal.SubmissionApplicant{HoTen: name, SoGiayTo: "001190012345", DiaChi: "12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội", DienThoai: "0912345678"},
		TrichYeu:    "Đăng ký khai sinh cho con",
		ThanhPhan:   []portal.SubmissionComponent{{Ten: "Tờ khai đăng ký khai sinh", SoBanChinh: 1}, {Ten: "Giấy chứng sinh", SoBanChinh: 1}},
		HinhThucTra: "truc_tiep", ThoiDiemNop: ReceivedAt.Add(-time.Hour)}
}

// PutInbox stores submissions in the centre's inbox as the sync agent does
// when it pulls them from the portal.
func (e *Env) PutInbox(ctx context.Context, subs ...portal.Submission) {
	e.t.Helper()
	var items []centretest.Inbound
	for _, s := range subs {
		doc, _ := json.Marshal(s)
		items = append(items, centretest.Inbound{PortalID: s.MaNop, Kind: portal.KindOnline, Doc: doc, SubmittedAt: s.ThoiDiemNop})
	}
	e.Centre.PutInbox(ctx, e.Cfg.AgencyCode, items...)
}

// Many is n online submissions with distinct codes (NTT-000000000001…),
// submitted a minute apart, the last one newest.
func (e *Env) Many(n int) []portal.Submission {
	out := make([]portal.Submission, n)
	for i := range out {
		s := e.Online(fmt.Sprintf("NTT-%012d", i+1), fmt.Sprintf("Người nộp %d", i+1))
		s.ThoiDiemNop = ReceivedAt.Add(-time.Duration(n-i) * time.Minute)
		out[i] = s
	}
	return out
}
