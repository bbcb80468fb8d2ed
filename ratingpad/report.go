package ratingpad

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"sort"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad/padwire"
	"github.com/motcua/motcua/store"
)

// OfficerRatings is the ratings of one officer over a period. It counts
// answers and reasons only: no ticket, time or comment of a single rating
// appears, so no rating can be traced back to a citizen (Decree
// 42/2022/NĐ-CP Art. 13; docs/SECURITY.md).
type OfficerRatings struct {
	Officer  string `json:"officer"` // username; "" for ratings no officer can be named for
	FullName string `json:"full_name"`
	Total    int    `json:"total"`
	// Levels counts the answers per level value, in the scale's order.
	Levels []LevelCount `json:"levels"`
	// Satisfied is the share (0–100, two decimals) of answers that are
	// not low ratings.
	Satisfied float64 `json:"satisfied"`
	// FromPad counts the ratings given on a counter pad (the others at a
	// kiosk, from a ticket or dossier receipt QR).
	FromPad int            `json:"from_pad"`
	Reasons map[string]int `json:"reasons,omitempty"`
}

// LevelCount is one level's count.
type LevelCount struct {
	Value int    `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// ReportByOfficer counts the ratings given in [from, to) per officer. The
// officer is the one the rating was bound to (pad ratings), else the one
// who served the rated ticket or received the rated dossier.
func ReportByOfficer(ctx context.Context, db *store.DB, scale dossier.RatingScale, from, to time.Time) ([]OfficerRatings, error) {
	rows, err := db.Read().QueryContext(ctx, `SELECT
		COALESCE(NULLIF(r.officer, ''), t.officer, d.officer, ''), COALESCE(o.full_name, ''), r.level, r.doc, r.source
		FROM ratings r
		LEFT JOIN tickets t ON r.subject LIKE 'ticket:%' AND t.id = substr(r.subject, 8)
		LEFT JOIN dossiers d ON r.subject LIKE 'dossier:%' AND d.code = substr(r.subject, 9)
		LEFT JOIN officers o ON o.username = COALESCE(NULLIF(r.officer, ''), t.officer, d.officer, '')
		WHERE r.at >= ? AND r.at < ?`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[string]*OfficerRatings{}
	for rows.Next() {
		var off, name, doc, source string
		var level int
		if err := rows.Scan(&off, &name, &level, &doc, &source); err != nil {
			return nil, err
		}
		o := by[off]
		if o == nil {
			o = &OfficerRatings{Officer: off, FullName: name}
			for _, l := range scale.Levels {
				o.Levels = append(o.Levels, LevelCount{Value: l.Value, Label: l.Label})
			}
			by[off] = o
		}
		o.Total++
		if source == SourcePad {
			o.FromPad++
		}
		for i := range o.Levels {
			if o.Levels[i].Value == level {
				o.Levels[i].Count++
			}
		}
		var d struct {
			Reasons []string `json:"reasons"`
		}
		if json.Unmarshal([]byte(doc), &d) == nil {
			for _, r := range d.Reasons {
				if o.Reasons == nil {
					o.Reasons = map[string]int{}
				}
				o.Reasons[r]++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]OfficerRatings, 0, len(by))
	for _, o := range by {
		good := 0
		for _, l := range o.Levels {
			if lv, ok := scale.Level(l.Value); ok && !lv.Low {
				good += l.Count
			}
		}
		if o.Total > 0 {
			o.Satisfied = float64(int(float64(good)*10000/float64(o.Total)+0.5)) / 100
		}
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Officer == "") != (out[j].Officer == "") {
			return out[j].Officer == ""
		}
		if out[i].FullName != out[j].FullName {
			return out[i].FullName < out[j].FullName
		}
		return out[i].Officer < out[j].Officer
	})
	return out, nil
}

// period reads ?from=YYYY-MM-DD&to=YYYY-MM-DD (to inclusive) in the
// centre's time zone; the default is the current month to today.
func period(r *http.Request, now time.Time) (from, to time.Time, fromS, toS string, err error) {
	now = now.In(queue.Loc)
	from = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, queue.Loc)
	to = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, queue.Loc)
	q := r.URL.Query()
	if s := q.Get("from"); s != "" {
		if from, err = time.ParseInLocation(time.DateOnly, s, queue.Loc); err != nil {
			return from, to, "", "", queue.Errf(queue.CodeInvalid, "Ngày bắt đầu không hợp lệ (yyyy-mm-dd)", "bad from date")
		}
	}
	if s := q.Get("to"); s != "" {
		if to, err = time.ParseInLocation(time.DateOnly, s, queue.Loc); err != nil {
			return from, to, "", "", queue.Errf(queue.CodeInvalid, "Ngày kết thúc không hợp lệ (yyyy-mm-dd)", "bad to date")
		}
	}
	if to.Before(from) || to.Sub(from) > 3*366*24*time.Hour {
		return from, to, "", "", queue.Errf(queue.CodeInvalid, "Khoảng thời gian không hợp lệ (tối đa 3 năm)", "bad period (at most 3 years)")
	}
	return from, to.AddDate(0, 0, 1), from.Format(time.DateOnly), to.Format(time.DateOnly), nil
}

//go:embed report.html
var reportHTML string

//go:embed report.js
var reportJS []byte

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"en": padwire.EN,
}).Parse(reportHTML))

// MountConsolePage adds the per-officer rating report to the console
// mounted on srv (page /console/danh-gia-can-bo) and its JSON for
// supervisors (GET /api/v1/reports/officer-ratings?from=&to=).
func MountConsolePage(srv *centre.Server, db *store.DB) {
	scale := dossier.Scale3()
	now := time.Now
	api := func(w http.ResponseWriter, r *http.Request) {
		from, to, _, _, err := period(r, now())
		if err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		rows, err := ReportByOfficer(r.Context(), db, scale, from, to)
		if err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		centre.WriteJSON(w, http.StatusOK, map[string]any{"from": from.Format(time.DateOnly), "to": to.AddDate(0, 0, -1).Format(time.DateOnly), "officers": rows})
	}
	srv.Handle("GET /api/v1/reports/officer-ratings", srv.Need([]string{centre.RoleSupervisor, centre.RoleAdmin}, api))
	page := console.SupervisorPage(srv, func(w http.ResponseWriter, r *http.Request) {
		from, to, fromS, toS, err := period(r, now())
		if err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		rows, err := ReportByOfficer(r.Context(), db, scale, from, to)
		if err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		d := struct {
			From, To string
			Levels   []dossier.RatingLevel
			Rows     []OfficerRatings
			Reasons  []string
		}{fromS, toS, scale.Levels, rows, dossier.RatingReasons}
		var buf bytes.Buffer
		if err := reportTmpl.Execute(&buf, d); err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(buf.Bytes())
	})
	if page == nil {
		return
	}
	srv.Handle("GET /console/danh-gia-can-bo", page)
	srv.Handle("GET /console/danh-gia-can-bo.js", console.SupervisorPage(srv, console.Script(reportJS)))
	console.NavLink(srv, "/console/danh-gia-can-bo", "Đánh giá cán bộ", "Officer ratings")
	mountPadsPage(srv, db)
}
