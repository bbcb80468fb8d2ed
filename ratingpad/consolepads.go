package ratingpad

import (
	"bytes"
	"context"
	_ "embed"
	"html/template"
	"net/http"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

//go:embed pads.html
var padsHTML string

//go:embed pads.js
var padsJS []byte

var padsTmpl = template.Must(template.New("pads").Parse(padsHTML))

// PadRow is one rating pad as the console lists it.
type PadRow struct {
	ID, Name, Counter string
	Known             bool // the bound counter is in the configuration
	LastSeen          string
}

// Pads lists the rating pads that are not revoked, with their counters.
func Pads(ctx context.Context, db *store.DB, cfg *queue.Config) ([]PadRow, error) {
	ds, err := db.Devices(ctx)
	if err != nil {
		return nil, err
	}
	var out []PadRow
	for _, d := range ds {
		if d.Role != centre.RoleRatingPad || d.Revoked {
			continue
		}
		c, err := BoundCounter(ctx, db, d.ID)
		if err != nil {
			return nil, err
		}
		_, known := cfg.Counter(c)
		row := PadRow{ID: d.ID, Name: d.Name, Counter: c, Known: known}
		if !d.LastSeen.IsZero() {
			row.LastSeen = d.LastSeen.In(queue.Loc).Format("02/01/2006 15:04")
		}
		out = append(out, row)
	}
	return out, nil
}

// mountPadsPage adds /console/may-danh-gia: the rating pads and the
// counter each faces; an admin binds a pad to a counter there (or moves
// it). The console's devices page binds a new pad to the counter chosen
// at enrolment (EnrolWithCounter below).
func mountPadsPage(srv *centre.Server, db *store.DB) {
	page := console.SupervisorPage(srv, func(w http.ResponseWriter, r *http.Request) {
		cfg := srv.Engine().Config()
		rows, err := Pads(r.Context(), db, cfg)
		if err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		_, _, role := console.SessionUser(r)
		d := struct {
			Rows     []PadRow
			Counters []queue.Counter
			Admin    bool
		}{rows, cfg.Counters, role == centre.RoleAdmin}
		var buf bytes.Buffer
		if err := padsTmpl.Execute(&buf, d); err != nil {
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
	srv.Handle("GET /console/may-danh-gia", page)
	srv.Handle("GET /console/may-danh-gia.js", console.SupervisorPage(srv, console.Script(padsJS)))
	srv.Handle("POST /console/may-danh-gia/{id}/counter", console.SupervisorAction(srv, func(w http.ResponseWriter, r *http.Request) {
		if _, _, role := console.SessionUser(r); role != centre.RoleAdmin {
			centre.WriteError(w, r, srv.Logger(), queue.Errf(queue.CodeForbidden, "Chỉ quản trị viên được gắn máy đánh giá với quầy", "role not allowed"))
			return
		}
		var req struct {
			Counter string `json:"counter"`
		}
		if err := centre.DecodeJSON(r, &req); err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		id := r.PathValue("id")
		if err := Bind(r.Context(), db, srv.Engine().Config(), id, req.Counter); err != nil {
			centre.WriteError(w, r, srv.Logger(), err)
			return
		}
		console.Audit(r, "ratingpad_bind", id, map[string]string{"counter": req.Counter})
		centre.WriteJSON(w, http.StatusOK, map[string]string{"device": id, "counter": req.Counter})
	}))
	console.NavLink(srv, "/console/may-danh-gia", "Máy đánh giá", "Rating pads")
	// The devices page binds a pad to its counter as it enrols it.
	console.EnrolWithCounter(srv, centre.RoleRatingPad, BindTx)
}
