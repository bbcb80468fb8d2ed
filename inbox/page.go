package inbox

import (
	"embed"
	"html/template"
	"net/http"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/dossier"
)

//go:embed page.html
var pageFS embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(dossier.Loc).Format("15:04 02/01/2006")
	},
}).ParseFS(pageFS, "page.html"))

// MountConsolePage adds /console/hop-thu, the inbox as supervisors see it in
// the console (read-only: officers accept or return items through the API).
// It does nothing when no console is mounted on srv.
func (in *Inbox) MountConsolePage(srv *centre.Server) {
	h := console.SupervisorPage(srv, in.consolePage)
	if h == nil {
		return
	}
	srv.Handle("GET /console/hop-thu", h)
	console.NavLink(srv, "/console/hop-thu", "Hộp thư trực tuyến", "Online inbox")
}

func (in *Inbox) consolePage(w http.ResponseWriter, r *http.Request) {
	// The page is for supervisors only (console.SupervisorPage): every field.
	items, err := in.List(r.Context(), centre.Principal{Kind: "officer", Role: centre.RoleSupervisor}, "", 200)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	waiting := 0
	for _, it := range items {
		if it.Status == "new" {
			waiting++
		}
	}
	failed, err := in.FailedHandOvers(r.Context(), 500)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	refused, err := in.RefusedHandOvers(r.Context(), 500)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := page.Execute(w, map[string]any{"Items": items, "Waiting": waiting, "Failed": failed, "Refused": refused}); err != nil {
		in.log.Error("inbox page", "err", err)
	}
}
