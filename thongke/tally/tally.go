// Package tally holds the counting rules of DongBoThongKeHoSo (QCVN 120)
// for any period, once, for every place that computes them: the centre
// (syncagent.PeriodStats, the thongke API) and the provincial portal's
// rollups (portal.Rollup). It knows nothing of where dossiers are stored:
// the caller feeds it one Case per dossier.
package tally

import (
	"net/url"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
)

// MaxDays is the longest period one request may ask for.
const MaxDays = 366

// loc is Viet Nam's time (periods are calendar days there).
var loc = dossier.Loc

// Case is what the rules need of one dossier.
type Case struct {
	Received time.Time // NgayTiepNhan
	Due      time.Time // NgayHenTra (zero: no appointment, never late)
	Resolved time.Time // NgayKetThucXuLy: resolved (zero while not)
	// Closed is when the dossier left processing without a result
	// (refused, withdrawn, stopped); zero otherwise.
	Closed time.Time
}

// end is when the case left processing, resolved or not; zero while open.
func (c Case) end() time.Time {
	if !c.Resolved.IsZero() {
		return c.Resolved
	}
	return c.Closed
}

// Counts are the DongBoThongKeHoSo figures of a period.
type Counts struct {
	Received   int64 `json:"so_nhan_trong_ky"`
	Carried    int64 `json:"so_ton_ky_truoc"`
	Resolved   int64 `json:"tong_da_xu_ly"`
	OnTime     int64 `json:"tong_xu_ly_dung_han"`
	Late       int64 `json:"tong_xu_ly_tre_han"`
	Open       int64 `json:"tong_chua_xu_ly"`
	OpenOnTime int64 `json:"tong_chua_xu_ly_trong_han"`
	OpenLate   int64 `json:"tong_chua_xu_ly_tre_han"`
}

// Add counts c in the period [start, end), end already cut at now (see
// Clamp). It reports whether the case belongs to the period at all, and
// whether it was received in it (rather than carried over):
//   - finished (resolved or closed) before start: not in the period;
//   - received before start: carried over, else received in the period;
//   - resolved before end: processed, on time when no later than its
//     appointment;
//   - refused, withdrawn or stopped before end: neither processed nor
//     pending;
//   - otherwise pending, late when its appointment is before end.
func (n *Counts) Add(c Case, start, end time.Time) (in, received bool) {
	if e := c.end(); !e.IsZero() && e.Before(start) {
		return false, false
	}
	if !c.Received.Before(end) {
		return false, false
	}
	if c.Received.Before(start) {
		n.Carried++
	} else {
		n.Received++
		received = true
	}
	switch {
	case !c.Resolved.IsZero() && c.Resolved.Before(end):
		n.Resolved++
		if !c.Due.IsZero() && c.Resolved.After(c.Due) {
			n.Late++
		} else {
			n.OnTime++
		}
	case !c.Closed.IsZero() && c.Closed.Before(end):
		// not processed, not pending
	default:
		n.Open++
		if !c.Due.IsZero() && c.Due.Before(end) {
			n.OpenLate++
		} else {
			n.OpenOnTime++
		}
	}
	return true, received
}

// Plus adds two sets of figures (a province is the sum of its centres:
// each dossier is counted at one centre only).
func (n Counts) Plus(o Counts) Counts {
	return Counts{n.Received + o.Received, n.Carried + o.Carried, n.Resolved + o.Resolved, n.OnTime + o.OnTime,
		n.Late + o.Late, n.Open + o.Open, n.OpenOnTime + o.OpenOnTime, n.OpenLate + o.OpenLate}
}

// Packet is the figures as DongBoThongKeHoSo; Thang and Nam are those of
// start (the packet has no other period fields), LoaiThongKe "1".
func (n Counts) Packet(agency, agencyName string, start time.Time) qcvn120.DongBoThongKeHoSo {
	s := start.In(loc)
	return qcvn120.DongBoThongKeHoSo{
		MaDonVi: agency, TenDonVi: agencyName, Thang: qcvn120.Int(s.Month()), Nam: qcvn120.Int(s.Year()), LoaiThongKe: "1",
		SoNhanTrongKy: qcvn120.Int(n.Received), SoTonKyTruoc: qcvn120.Int(n.Carried), TongSoXuLy: qcvn120.Int(n.Received + n.Carried),
		TongDaXuLy: qcvn120.Int(n.Resolved), TongXuLyDungHan: qcvn120.Int(n.OnTime), PhanTramXuLyDungHan: qcvn120.Ratio(n.OnTime, n.Resolved),
		TongXuLyTreHan: qcvn120.Int(n.Late), PhanTramXuLyTreHan: qcvn120.Ratio(n.Late, n.Resolved),
		TongChuaXuLy: qcvn120.Int(n.Open), TongChuaXuLyTrongHan: qcvn120.Int(n.OpenOnTime), PhanTramChuaXuLyTrongHan: qcvn120.Ratio(n.OpenOnTime, n.Open),
		TongChuaXuLyTreHan: qcvn120.Int(n.OpenLate), PhanTramChuaXuLyTreHan: qcvn120.Ratio(n.OpenLate, n.Open),
	}
}

// Clamp cuts a period's end at now: the current month is counted up to now.
func Clamp(end, now time.Time) time.Time {
	if now.Before(end) {
		return now
	}
	return end
}

// Answer is the reply of a DongBoThongKeHoSo-for-any-period request (the
// centre's GET /api/v1/thong-ke-ho-so and the portal's): the period, its
// figures as one DongBoThongKeHoSo, and the standard monthly packets of
// every calendar month the period touches (up to now).
type Answer struct {
	MaDonVi   string                      `json:"ma_don_vi"`
	Tu        string                      `json:"tu"`  // first day, yyyy-mm-dd
	Den       string                      `json:"den"` // last day, yyyy-mm-dd
	TongHop   qcvn120.DongBoThongKeHoSo   `json:"tong_hop"`
	TheoThang []qcvn120.DongBoThongKeHoSo `json:"theo_thang"`
}

// NewAnswer starts the answer for [start, end).
func NewAnswer(agency string, start, end time.Time) Answer {
	return Answer{MaDonVi: agency, Tu: start.In(loc).Format("2006-01-02"), Den: end.In(loc).AddDate(0, 0, -1).Format("2006-01-02"),
		TheoThang: []qcvn120.DongBoThongKeHoSo{}}
}

// Months calls fn with [first, next) for every calendar month that
// [start, end) touches, from its first day, up to now.
func Months(start, end, now time.Time, fn func(first, next time.Time) error) error {
	s := start.In(loc)
	for m := time.Date(s.Year(), s.Month(), 1, 0, 0, 0, 0, loc); m.Before(end) && !m.After(now); m = m.AddDate(0, 1, 0) {
		if err := fn(m, m.AddDate(0, 1, 0)); err != nil {
			return err
		}
	}
	return nil
}

// PeriodError is a refused period; its text is Vietnamese, for the user.
type PeriodError string

func (e PeriodError) Error() string { return string(e) }

// PeriodHelp is the English description of the accepted queries.
const PeriodHelp = "period: thang=YYYY-MM, nam=YYYY or tu=YYYY-MM-DD&den=YYYY-MM-DD (at most 366 days)"

// ParsePeriod reads thang=YYYY-MM, nam=YYYY or tu=YYYY-MM-DD&den=YYYY-MM-DD
// (both days included): [start, end) in Viet Nam time, at most MaxDays.
func ParsePeriod(q url.Values) (time.Time, time.Time, error) {
	day := func(s string) (time.Time, error) { return time.ParseInLocation("2006-01-02", s, loc) }
	var start, end time.Time
	switch {
	case q.Get("thang") != "":
		m, err := time.ParseInLocation("2006-01", q.Get("thang"), loc)
		if err != nil {
			return start, end, PeriodError("Tháng không hợp lệ (định dạng YYYY-MM)")
		}
		start, end = m, m.AddDate(0, 1, 0)
	case q.Get("nam") != "":
		y, err := time.ParseInLocation("2006", q.Get("nam"), loc)
		if err != nil {
			return start, end, PeriodError("Năm không hợp lệ (định dạng YYYY)")
		}
		start, end = y, y.AddDate(1, 0, 0)
	default:
		var err1, err2 error
		start, err1 = day(q.Get("tu"))
		last, err2 := day(q.Get("den"))
		if err1 != nil || err2 != nil {
			return start, end, PeriodError("Xin cho kỳ thống kê: tháng, năm, hoặc từ ngày – đến ngày (YYYY-MM-DD)")
		}
		end = last.AddDate(0, 0, 1)
	}
	if start.Year() < 2000 || !end.After(start) || end.Sub(start) > MaxDays*24*time.Hour+time.Hour {
		return start, end, PeriodError("Kỳ thống kê không hợp lệ (tối đa 366 ngày, từ năm 2000)")
	}
	return start, end, nil
}
