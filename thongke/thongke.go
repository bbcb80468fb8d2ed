// Package thongke serves DongBoThongKeHoSo for any period on request
// (QCVN 120 asks for statistics the national portal can pull, not only the
// monthly push): a month, a year, or a range of days.
package thongke

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// MaxDays is the longest period one request may ask for.
const MaxDays = 366

// Answer is the reply: the period, its figures as one DongBoThongKeHoSo
// (Thang and Nam are those of the first day: the packet has no other
// period fields), and the standard monthly packets of every calendar month
// the period touches, as the portal ingests them.
type Answer struct {
	MaDonVi   string                      `json:"ma_don_vi"`
	Tu        string                      `json:"tu"`  // first day, yyyy-mm-dd
	Den       string                      `json:"den"` // last day, yyyy-mm-dd
	TongHop   qcvn120.DongBoThongKeHoSo   `json:"tong_hop"`
	TheoThang []qcvn120.DongBoThongKeHoSo `json:"theo_thang"`
}

// Mount adds GET /api/v1/thong-ke-ho-so?thang=YYYY-MM | nam=YYYY |
// tu=YYYY-MM-DD&den=YYYY-MM-DD (supervisor, admin). One computation runs at
// a time; another request meanwhile gets 429.
func Mount(srv *centre.Server, db *store.DB, cfg *queue.Config, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	busy := make(chan struct{}, 1)
	srv.Handle("GET /api/v1/thong-ke-ho-so", srv.Need([]string{centre.RoleSupervisor, centre.RoleAdmin}, func(w http.ResponseWriter, r *http.Request) {
		start, end, err := period(r)
		if err != nil {
			fail(w, http.StatusBadRequest, "invalid", err.Error(), "period: thang=YYYY-MM, nam=YYYY or tu=YYYY-MM-DD&den=YYYY-MM-DD (at most 366 days)")
			return
		}
		select {
		case busy <- struct{}{}:
			defer func() { <-busy }()
		default:
			fail(w, http.StatusTooManyRequests, "rate_limited", "Đang tính thống kê khác, xin thử lại sau ít giây", "another statistics request is running")
			return
		}
		t := now()
		a := Answer{MaDonVi: cfg.AgencyCode, Tu: start.Format("2006-01-02"), Den: end.AddDate(0, 0, -1).Format("2006-01-02"), TheoThang: []qcvn120.DongBoThongKeHoSo{}}
		if a.TongHop, err = syncagent.PeriodStats(r.Context(), db, cfg.AgencyCode, cfg.AgencyName, start, end, t); err != nil {
			srv.Logger().Error("period statistics", "err", err)
			fail(w, http.StatusInternalServerError, "internal", "Hệ thống đang gặp sự cố, xin vui lòng thử lại sau ít phút", "internal server error")
			return
		}
		for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, dossier.Loc); m.Before(end) && !m.After(t); m = m.AddDate(0, 1, 0) {
			p, err := syncagent.MonthlyStats(r.Context(), db, cfg.AgencyCode, cfg.AgencyName, m.Year(), m.Month(), t)
			if err != nil {
				srv.Logger().Error("monthly statistics", "err", err)
				fail(w, http.StatusInternalServerError, "internal", "Hệ thống đang gặp sự cố, xin vui lòng thử lại sau ít phút", "internal server error")
				return
			}
			a.TheoThang = append(a.TheoThang, p)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.Encode(a)
	}))
}

type periodErr string

func (e periodErr) Error() string { return string(e) }

// period reads the query: [start, end) in Viet Nam time.
func period(r *http.Request) (time.Time, time.Time, error) {
	q := r.URL.Query()
	day := func(s string) (time.Time, error) { return time.ParseInLocation("2006-01-02", s, dossier.Loc) }
	var start, end time.Time
	switch {
	case q.Get("thang") != "":
		m, err := time.ParseInLocation("2006-01", q.Get("thang"), dossier.Loc)
		if err != nil {
			return start, end, periodErr("Tháng không hợp lệ (định dạng YYYY-MM)")
		}
		start, end = m, m.AddDate(0, 1, 0)
	case q.Get("nam") != "":
		y, err := time.ParseInLocation("2006", q.Get("nam"), dossier.Loc)
		if err != nil {
			return start, end, periodErr("Năm không hợp lệ (định dạng YYYY)")
		}
		start, end = y, y.AddDate(1, 0, 0)
	default:
		var err1, err2 error
		start, err1 = day(q.Get("tu"))
		last, err2 := day(q.Get("den"))
		if err1 != nil || err2 != nil {
			return start, end, periodErr("Xin cho kỳ thống kê: tháng, năm, hoặc từ ngày – đến ngày (YYYY-MM-DD)")
		}
		end = last.AddDate(0, 0, 1)
	}
	if start.Year() < 2000 || !end.After(start) || end.Sub(start) > MaxDays*24*time.Hour+time.Hour {
		return start, end, periodErr("Kỳ thống kê không hợp lệ (tối đa 366 ngày, từ năm 2000)")
	}
	return start, end, nil
}

func fail(w http.ResponseWriter, status int, code, vi, en string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": vi, "message_en": en}})
}
