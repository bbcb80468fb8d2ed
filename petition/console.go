package petition

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
)

//go:embed console.html console.js
var consoleFS embed.FS

var consoleTmpl = template.Must(template.New("console.html").Funcs(template.FuncMap{
	"when": func(t time.Time) string { return t.In(queueLoc()).Format("15:04 02/01/2006") },
	"whenp": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(queueLoc()).Format("15:04 02/01/2006")
	},
	"short": func(s string) string {
		s = strings.Join(strings.Fields(s), " ")
		if r := []rune(s); len(r) > 80 {
			return string(r[:80]) + "…"
		}
		return s
	},
}).ParseFS(consoleFS, "console.html"))

// MountConsolePage adds the supervisors' page "Hỏi đáp, phản ánh" to the
// console mounted on srv (nothing when there is none):
//
//	GET  /console/hoi-dap                 list (?status=) and one (?id=)
//	GET  /console/hoi-dap.js              its script
//	POST /console/hoi-dap/{id}/assign     {"officer": …}  (console session + CSRF header)
//	POST /console/hoi-dap/{id}/answer     {"answer": …, "public": bool}
func (h *Handler) MountConsolePage(srv *centre.Server) {
	page := console.SupervisorPage(srv, h.consolePage)
	if page == nil {
		return
	}
	srv.Handle("GET /console/hoi-dap", page)
	srv.Handle("GET /console/hoi-dap.js", console.SupervisorPage(srv, console.ScriptFile(consoleFS, "console.js")))
	srv.Handle("POST /console/hoi-dap/{id}/assign", console.SupervisorAction(srv, h.consoleAssign))
	srv.Handle("POST /console/hoi-dap/{id}/answer", console.SupervisorAction(srv, h.consoleAnswer))
	console.NavLink(srv, "/console/hoi-dap", "Hỏi đáp, phản ánh", "Questions & petitions")
}

// consoleRow is one petition as the page shows it.
type consoleRow struct {
	Petition
	TopicName   string
	TopicNameEN string
	KindVI      string
	KindEN      string
	StatusVI    string
	StatusEN    string
	SourceVI    string
	SourceEN    string
	Assigned    string // the assignee's full name
	Link        string
}

type officerOpt struct {
	Username, Label string
	Selected        bool
}

type consoleData struct {
	Status   string
	Filters  []filterOpt
	Rows     []consoleRow
	Open     *consoleRow
	Officers []officerOpt
	Missing  bool
	MaxText  int
}

type filterOpt struct {
	Value, VI, EN, Link string
	Current             bool
	Count               int
}

var statusLabels = map[string][2]string{
	StatusNew:      {"Mới", "New"},
	StatusAssigned: {"Đã giao", "Assigned"},
	StatusAnswered: {"Đã trả lời", "Answered"},
}

func (h *Handler) consolePage(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if _, ok := statusLabels[status]; !ok {
		status = ""
	}
	id := r.URL.Query().Get("id")
	if len(id) > 64 {
		id = ""
	}
	list, err := h.svc.List(r.Context(), status, "", 200)
	if err != nil {
		centre.WriteError(w, r, h.log, err)
		return
	}
	officers, err := h.svc.db.Officers(r.Context())
	if err != nil {
		centre.WriteError(w, r, h.log, err)
		return
	}
	names := map[string]string{}
	for _, o := range officers {
		names[o.Username] = o.FullName
	}
	link := func(st, id string) string {
		q := url.Values{}
		if st != "" {
			q.Set("status", st)
		}
		if id != "" {
			q.Set("id", id)
		}
		if len(q) == 0 {
			return "/console/hoi-dap"
		}
		return "/console/hoi-dap?" + q.Encode()
	}
	row := func(p Petition) consoleRow {
		c := consoleRow{Petition: p, TopicName: h.svc.TopicName(p.Topic), TopicNameEN: h.svc.TopicNameEN(p.Topic), KindVI: "Hỏi đáp", KindEN: "Question",
			SourceVI: "Kiosk", SourceEN: "Kiosk", Link: link(status, p.ID)}
		if p.Kind == KindPetition {
			c.KindVI, c.KindEN = "Phản ánh, kiến nghị", "Petition"
		}
		if p.Source == "web" {
			c.SourceVI, c.SourceEN = "Trang web (điện thoại)", "Web page (phone)"
		}
		l := statusLabels[p.Status]
		c.StatusVI, c.StatusEN = l[0], l[1]
		if p.Assignee != "" {
			c.Assigned = names[p.Assignee]
			if c.Assigned == "" {
				c.Assigned = p.Assignee
			}
		}
		return c
	}
	counts, err := h.svc.counts(r.Context())
	if err != nil {
		centre.WriteError(w, r, h.log, err)
		return
	}
	d := consoleData{Status: status, MaxText: MaxAnswer}
	for _, f := range []struct{ v, vi, en string }{{"", "Tất cả", "All"}, {StatusNew, "Mới", "New"},
		{StatusAssigned, "Đã giao", "Assigned"}, {StatusAnswered, "Đã trả lời", "Answered"}} {
		d.Filters = append(d.Filters, filterOpt{Value: f.v, VI: f.vi, EN: f.en, Link: link(f.v, ""), Current: f.v == status, Count: counts[f.v]})
	}
	for _, p := range list {
		d.Rows = append(d.Rows, row(p))
	}
	if id != "" {
		p, err := h.svc.Get(r.Context(), id)
		switch {
		case errors.Is(err, ErrNotFound):
			d.Missing = true
		case err != nil:
			centre.WriteError(w, r, h.log, err)
			return
		default:
			o := row(p)
			d.Open = &o
			for _, of := range officers {
				if of.Disabled {
					continue
				}
				d.Officers = append(d.Officers, officerOpt{Username: of.Username, Label: of.FullName + " (" + of.Username + ")",
					Selected: of.Username == p.Assignee})
			}
		}
	}
	var buf bytes.Buffer
	if err := consoleTmpl.Execute(&buf, d); err != nil {
		h.log.Error("petition console page", "err", err)
		http.Error(w, "error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (h *Handler) consoleAssign(w http.ResponseWriter, r *http.Request) {
	pt, officer, ok := h.assignFrom(w, r)
	if !ok {
		return
	}
	console.Audit(r, "petition_assign", pt.ID, map[string]string{"officer": officer})
	writeJSON(w, http.StatusOK, pt)
}

func (h *Handler) consoleAnswer(w http.ResponseWriter, r *http.Request) {
	user, name, role := console.SessionUser(r)
	pt, ok := h.answerAs(w, r, Answerer{Username: user, FullName: name, Role: role})
	if !ok {
		return
	}
	console.Audit(r, "petition_answer", pt.ID, map[string]any{"public": pt.Public})
	writeJSON(w, http.StatusOK, pt)
}

// counts is the number of petitions per status ("" for all).
func (s *Service) counts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT status, COUNT(*) FROM petitions GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] += n
		out[""] += n
	}
	return out, rows.Err()
}
