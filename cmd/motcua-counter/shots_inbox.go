//go:build shots

package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
)

// shotsInbox mounts the inbox on the centre.
func shotsInbox(m centretest.Mount) error {
	_, err := inbox.Mount(m.Server, m.DB, inbox.Options{})
	return err
}

// shotsInboxItems puts two online submissions in the inbox, as the sync
// agent does when it pulls them from the portal.
func shotsInboxItems(ctx context.Context, env *centretest.Env) {
	at := time.Now().In(dossier.Loc).Add(-2 * time.Hour).Truncate(time.Minute)
	subs := []portal.Submission{
		{MaTTHC: "1.001193", MaDonVi: env.Cfg.AgencyCode, MaNop: "NTT-7K2M9Q4X8PLA",
			ChuHoSo:     portal.SubmissionApplicant{HoTen: "Lê Thị Thu Hằng", SoGiayTo: "001190012345", DiaChi: "12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội", DienThoai: "0912 345 678"},
			TrichYeu:    "Đăng ký khai sinh cho con: Lê Minh Khang",
			ThanhPhan:   []portal.SubmissionComponent{{Ten: "Tờ khai đăng ký khai sinh", SoBanChinh: 1}, {Ten: "Giấy chứng sinh", SoBanChinh: 1}},
			HinhThucTra: "buu_chinh", ThoiDiemNop: at},
		{MaTTHC: "1.001193", MaDonVi: env.Cfg.AgencyCode, MaNop: "NTT-3HD8W2R6Y1ZB",
			ChuHoSo:     portal.SubmissionApplicant{HoTen: "Phạm Quốc Trung", SoGiayTo: "001088004321", DiaChi: "5 Lý Thái Tổ, phường Hoàn Kiếm, Hà Nội", DienThoai: "0987 654 321"},
			TrichYeu:    "Đăng ký khai sinh",
			ThanhPhan:   []portal.SubmissionComponent{{Ten: "Tờ khai đăng ký khai sinh", SoBanChinh: 1}},
			HinhThucTra: "truc_tiep", ThoiDiemNop: at.Add(40 * time.Minute)},
	}
	var items []centretest.Inbound
	for _, s := range subs {
		doc, _ := json.Marshal(s)
		items = append(items, centretest.Inbound{PortalID: s.MaNop, Kind: portal.KindOnline, Doc: doc, SubmittedAt: s.ThoiDiemNop})
	}
	env.PutInbox(ctx, env.Cfg.AgencyCode, items...)
}

// inboxShot opens the inbox tab, the first submission and ticks its
// first component: counter-inbox.png.
func inboxShot(p *counter.Presenter, do func(func()), snap func(string) error) error {
	do(func() { p.SetTab(counter.TabInbox) })
	time.Sleep(time.Second)
	do(func() {
		for _, it := range p.View().Inbox.Items {
			if it.Code == "NTT-7K2M9Q4X8PLA" {
				p.OpenInbox(it.ID)
			}
		}
		p.CheckInboxComponent(0, true)
	})
	return snap("inbox")
}

// shotsLang is the --lang after --shots (vi when absent): the window's
// language for the tour (files counter-en-*.png in English).
func shotsLang(args []string) counter.Lang {
	for i, a := range args {
		if a == "--lang" && i+1 < len(args) {
			return counter.ParseLang(args[i+1])
		}
	}
	return counter.VI
}
