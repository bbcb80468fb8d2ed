// Package thongke serves DongBoThongKeHoSo for any period on request
// (QCVN 120 asks for statistics the national portal can pull, not only the
// monthly push): a month, a year, or a range of days.
package thongke

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
	"github.com/motcua/motcua/thongke/tally"
)

// MaxDays is the longest period one request may ask for.
const MaxDays = tally.MaxDays

// Answer is the reply: the period, its figures as one DongBoThongKeHoSo
// (Thang and Nam are those of the first day: the packet has no other
// period fields), and the standard monthly packets of every calendar month
// the period touches, as the portal ingests them. The portal answers the
// same shape for any of its centres (portal.Server, /api/v1/thong-ke-ho-so).
type Answer = tally.Answer

// Mount adds GET /api/v1/thong-ke-ho-so?thang=YYYY-MM | nam=YYYY |
// tu=YYYY-MM-DD&den=YYYY-MM-DD (supervisor, admin). One computation runs at
// a time; another request meanwhile gets 429.
func Mount(srv *centre.Server, db *store.DB, cfg *queue.Config, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	busy := make(chan struct{}, 1)
	srv.Handle("GET /api/v1/thong-ke-ho-so", srv.Need([]string{centre.RoleSupervisor, centre.RoleAdmin}, func(w http.ResponseWriter, r *http.Request) {
		start, end, err := tally.ParsePeriod(r.URL.Query())
		if err != nil {
			fail(w, http.StatusBadRequest, "invalid", err.Error(), tally.PeriodHelp)
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
		a := tally.NewAnswer(cfg.AgencyCode, start, end)
		if a.TongHop, err = syncagent.PeriodStats(r.Context(), db, cfg.AgencyCode, cfg.AgencyName, start, end, t); err != nil {
			srv.Logger().Error("period statistics", "err", err)
			fail(w, http.StatusInternalServerError, "internal", "Hệ thống đang gặp sự cố, xin vui lòng thử lại sau ít phút", "internal server error")
			return
		}
		err = tally.Months(start, end, t, func(m, _ time.Time) error {
			p, err := syncagent.MonthlyStats(r.Context(), db, cfg.AgencyCode, cfg.AgencyName, m.Year(), m.Month(), t)
			a.TheoThang = append(a.TheoThang, p)
			return err
		})
		if err != nil {
			srv.Logger().Error("monthly statistics", "err", err)
			fail(w, http.StatusInternalServerError, "internal", "Hệ thống đang gặp sự cố, xin vui lòng thử lại sau ít phút", "internal server error")
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.Encode(a)
	}))
}

func fail(w http.ResponseWriter, status int, code, vi, en string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": vi, "message_en": en}})
}
