package portal

// The monthly statistics packets (DongBoThongKeHoSo) that a centre pushes
// beside the portal's own rollup of the same centre and month (issue 16):
// the centre counts from its database, the portal from the dossier
// packets it holds, with the same rules (thongke/tally); a difference
// means the centre holds dossiers the portal does not (not yet synced,
// parked) or the other way round, or the packet is older than the
// dossiers (the current month is recomputed every --stats-every).

import (
	"context"
	"encoding/json"
	"time"

	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/thongke/tally"
)

// ReportRow is one agency's month: the packet the centre sent and the
// portal's own figures.
type ReportRow struct {
	Agency string `json:"ma_don_vi"`
	Month  string `json:"thang"` // YYYY-MM
	// Sent: a packet was received; SentAt is when the centre computed it.
	Sent   bool         `json:"co_bao_cao"`
	SentAt string       `json:"thoi_diem_tinh,omitempty"`
	Centre tally.Counts `json:"trung_tam"`
	Portal tally.Counts `json:"cong"`
	// Diff lists the figures that differ (Vietnamese labels); empty when they agree.
	Diff []string `json:"chenh_lech"`
}

// Differs reports whether the centre's packet and the portal disagree (a
// missing packet for a month with dossiers differs).
func (r ReportRow) Differs() bool { return len(r.Diff) > 0 }

// countsOf reads the figures of a DongBoThongKeHoSo.
func countsOf(p qcvn120.DongBoThongKeHoSo) tally.Counts {
	return tally.Counts{Received: int64(p.SoNhanTrongKy), Carried: int64(p.SoTonKyTruoc), Resolved: int64(p.TongDaXuLy),
		OnTime: int64(p.TongXuLyDungHan), Late: int64(p.TongXuLyTreHan), Open: int64(p.TongChuaXuLy),
		OpenOnTime: int64(p.TongChuaXuLyTrongHan), OpenLate: int64(p.TongChuaXuLyTreHan)}
}

// diffCounts names the figures of a and b that differ.
func diffCounts(a, b tally.Counts) []string {
	var out []string
	for _, f := range []struct {
		name string
		x, y int64
	}{
		{"Tiếp nhận trong kỳ", a.Received, b.Received}, {"Kỳ trước chuyển sang", a.Carried, b.Carried},
		{"Đã giải quyết", a.Resolved, b.Resolved}, {"Đúng hạn", a.OnTime, b.OnTime}, {"Trễ hạn", a.Late, b.Late},
		{"Đang giải quyết", a.Open, b.Open}, {"Trong hạn", a.OpenOnTime, b.OpenOnTime}, {"Quá hạn", a.OpenLate, b.OpenLate},
	} {
		if f.x != f.y {
			out = append(out, f.name)
		}
	}
	return out
}

// compareReports puts, for each calendar month of the period, the packets
// of the centre's own agencies beside the portal's figures of the same
// agency and month. A month with neither a packet nor a dossier is left out.
func (s *Server) compareReports(ctx context.Context, agencies []string, d *rollupData) ([]ReportRow, error) {
	out := []ReportRow{}
	for i, m := range d.months {
		reps, err := s.pub.Reports(ctx, m.Year(), int(m.Month()))
		if err != nil {
			return nil, err
		}
		for _, a := range agencies {
			row := ReportRow{Agency: a, Month: m.Format("2006-01")}
			if x := d.by[a]; x != nil {
				row.Portal = x.months[i]
			}
			for _, rp := range reps {
				var p qcvn120.DongBoThongKeHoSo
				if rp.Agency != a || (rp.Kind != "" && rp.Kind != "1") || json.Unmarshal(rp.Doc, &p) != nil {
					continue
				}
				row.Sent, row.Centre = true, countsOf(p)
				if rp.Version > 0 {
					row.SentAt = time.UnixMilli(rp.Version).In(qcvn120.Location).Format("15:04 02/01/2006")
				}
			}
			if !row.Sent && row.Portal == (tally.Counts{}) {
				continue
			}
			row.Diff = diffCounts(row.Centre, row.Portal)
			if !row.Sent {
				row.Diff = append([]string{"Chưa nhận báo cáo của trung tâm"}, row.Diff...)
			}
			if row.Diff == nil {
				row.Diff = []string{}
			}
			out = append(out, row)
		}
	}
	return out, nil
}
