package portal

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/thongke/tally"
)

// MaxRollups is how many rollups are computed at once (each reads the
// period's dossiers); another request meanwhile is answered 429.
const MaxRollups = 2

func (s *Server) rollupRoutes() {
	rs, ok := s.pub.(RollupStore)
	if !ok {
		return
	}
	busy := make(chan struct{}, MaxRollups)
	// run checks the client's budget (the public statistics bucket) and
	// a computing slot, then runs fn.
	run := func(w http.ResponseWriter, r *http.Request, fn func(ctx context.Context, start, end time.Time) (any, error)) (any, int, string) {
		if !s.slim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now()) {
			return nil, http.StatusTooManyRequests, "Bạn truy cập quá nhanh, vui lòng thử lại sau ít phút."
		}
		start, end, err := s.periodOf(r.URL.Query())
		if err != nil {
			return nil, http.StatusBadRequest, err.Error()
		}
		select {
		case busy <- struct{}{}:
			defer func() { <-busy }()
		default:
			refusals{s.refused, "rollup"}.count("busy")
			return nil, http.StatusTooManyRequests, "Đang tính thống kê khác, xin thử lại sau ít giây."
		}
		v, err := fn(r.Context(), start, end)
		if errors.Is(err, errNoUnit) {
			return nil, http.StatusNotFound, "Không có đơn vị này trong danh mục của tỉnh."
		}
		if err != nil {
			s.log.Error("rollup", "path", r.URL.Path, "err", err)
			return nil, http.StatusInternalServerError, "Hệ thống đang bận, vui lòng thử lại sau."
		}
		return v, http.StatusOK, ""
	}
	rollup := func(r *http.Request) func(ctx context.Context, start, end time.Time) (any, error) {
		return func(ctx context.Context, start, end time.Time) (any, error) {
			return s.rollup(ctx, rs, r.PathValue("ma"), start, end)
		}
	}
	jsonRollup := func(w http.ResponseWriter, r *http.Request) {
		v, status, msg := run(w, r, rollup(r))
		if status != http.StatusOK {
			writeJSON(w, status, map[string]string{"loi": msg})
			return
		}
		writeJSON(w, status, v)
	}
	pageRollup := func(w http.ResponseWriter, r *http.Request) {
		v, status, msg := run(w, r, rollup(r))
		p := rollupPage{Error: msg, Query: periodQuery(r.URL.Query())}
		if ru, ok := v.(Rollup); ok {
			p.Rollup = ru
		}
		p.Form = r.URL.Query()
		if p.Form.Get("thang") == "" && p.Form.Get("nam") == "" && p.Form.Get("tu") == "" {
			p.Form = url.Values{"thang": {s.o.Now().In(qcvn120.Location).Format("2006-01")}}
		}
		s.render(w, r, status, "tonghop.html", p)
	}
	s.mux.HandleFunc("GET /api/v1/thong-ke/tong-hop", jsonRollup)
	s.mux.HandleFunc("GET /api/v1/thong-ke/tong-hop/{ma}", jsonRollup)
	s.mux.HandleFunc("GET /thong-ke/tong-hop", pageRollup)
	s.mux.HandleFunc("GET /thong-ke/tong-hop/{ma}", pageRollup)
	s.mux.HandleFunc("GET /api/v1/thong-ke-ho-so", func(w http.ResponseWriter, r *http.Request) {
		code := strings.TrimSpace(r.URL.Query().Get("ma_don_vi"))
		if !qcvn120.ValidAgency(code) && !reProvince.MatchString(code) {
			writeJSON(w, http.StatusBadRequest, map[string]string{"loi": "Mã đơn vị không hợp lệ (ma_don_vi: mã đơn vị như 000.00.06.H26, hoặc mã tỉnh như H26)"})
			return
		}
		v, status, msg := run(w, r, func(ctx context.Context, start, end time.Time) (any, error) {
			return s.periodStats(ctx, rs, code, start, end)
		})
		if status != http.StatusOK {
			writeJSON(w, status, map[string]string{"loi": msg, "huong_dan": tally.PeriodHelp})
			return
		}
		writeJSON(w, status, v)
	})
}

// rollupPage is what tonghop.html shows.
type rollupPage struct {
	Rollup
	Error string
	Query string     // the period as a query string, for the drill-down links
	Form  url.Values // the period form's values
}

// Href is the drill-down link to a unit for the same period.
func (p rollupPage) Href(code string) template.URL {
	u := "/thong-ke/tong-hop"
	if code != "" {
		u += "/" + url.PathEscape(code)
	}
	if p.Query != "" {
		u += "?" + p.Query
	}
	return template.URL(u)
}

// SwitchHref is this page in another language (lang.go).
func (p rollupPage) SwitchHref(lang string) template.URL {
	u := string(p.Href(p.Unit.Code))
	if strings.Contains(u, "?") {
		return template.URL(u + "&lang=" + url.QueryEscape(lang))
	}
	return template.URL(u + "?lang=" + url.QueryEscape(lang))
}

// JSONHref is the same rollup as JSON.
func (p rollupPage) JSONHref() template.URL {
	return template.URL("/api/v1" + string(p.Href(p.Unit.Code)))
}

// periodQuery keeps only the period parameters of a query.
func periodQuery(q url.Values) string {
	out := url.Values{}
	for _, k := range []string{"thang", "nam", "tu", "den"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out.Encode()
}
