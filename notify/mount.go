package notify

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/store"
)

// Mount builds the notifier for the centre server srv (its clock, its
// name, its services) and runs it until ctx ends.
func Mount(ctx context.Context, srv *centre.Server, db *store.DB, cfg Config, log *slog.Logger) (*Service, error) {
	eng := srv.Engine()
	name := func() string { return eng.Config().CentreName }
	if cfg.Name != "" {
		name = func() string { return cfg.Name }
	}
	s, err := New(db, cfg, Options{Logger: log, Now: eng.Now, Centre: name})
	if err != nil {
		return nil, err
	}
	serviceNames.Store(s, func(id string) (string, bool) {
		sv, ok := eng.Config().Service(id)
		return sv.Name, ok
	})
	go s.Run(ctx)
	return s, nil
}

//go:embed console.html console.js
var consoleFS embed.FS

var consoleTmpl = template.Must(template.New("console.html").Funcs(console.TimeFuncs()).ParseFS(consoleFS, "console.html"))

// Statuses with their labels, in the console's order.
var Statuses = []struct{ ID, VI, EN string }{
	{"pending", "Đang chờ gửi", "Pending"},
	{"sent", "Đã gửi", "Sent"},
	{"failed", "Gửi không được", "Failed"},
	{"skipped", "Bỏ qua", "Skipped"},
	{"expired", "Hết hạn", "Expired"},
}

type consoleRow struct {
	Row
	KindVI, KindEN, StatusVI, StatusEN, ChannelVI, ChannelEN string
}

type filter struct {
	ID, VI, EN, Link string
	Count            int
	Current          bool
}

// MountConsolePage adds "Thông báo" (GET /console/thong-bao?status=, its
// script /console/thong-bao.js) to the
// console on srv: the outbox with each message's status, attempts, next try
// and last error, the contact masked. Nothing when no console is mounted.
func (s *Service) MountConsolePage(srv *centre.Server) {
	page := console.SupervisorPage(srv, s.consolePage)
	if page == nil {
		return
	}
	srv.Handle("GET /console/thong-bao", page)
	srv.Handle("GET /console/thong-bao.js", console.SupervisorPage(srv, console.ScriptFile(consoleFS, "console.js")))
	console.NavLink(srv, "/console/thong-bao", "Thông báo", "Notifications") // its page links to Webhook
}

func (s *Service) consolePage(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	known := status == ""
	for _, st := range Statuses {
		known = known || st.ID == status
	}
	if !known {
		status = ""
	}
	rows, err := s.List(r.Context(), status, 300)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	counts, err := s.Counts(r.Context())
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	filters := []filter{{ID: "", VI: "Tất cả", EN: "All", Link: "/console/thong-bao", Count: total, Current: status == ""}}
	lab := map[string][2]string{}
	for _, st := range Statuses {
		filters = append(filters, filter{ID: st.ID, VI: st.VI, EN: st.EN, Link: "/console/thong-bao?status=" + st.ID, Count: counts[st.ID], Current: status == st.ID})
		lab[st.ID] = [2]string{st.VI, st.EN}
	}
	kinds := map[string][2]string{}
	for _, k := range Kinds {
		kinds[k.ID] = [2]string{k.VI, k.EN}
	}
	out := make([]consoleRow, 0, len(rows))
	for _, x := range rows {
		cr := consoleRow{Row: x, KindVI: kinds[x.Kind][0], KindEN: kinds[x.Kind][1], StatusVI: lab[x.Status][0], StatusEN: lab[x.Status][1],
			ChannelVI: "Điện thoại (" + s.phone.Name() + ")", ChannelEN: "Phone (" + s.phone.Name() + ")"}
		if x.Channel == "email" {
			cr.ChannelVI, cr.ChannelEN = "Thư điện tử ("+s.email.Name()+")", "E-mail ("+s.email.Name()+")"
		}
		out = append(out, cr)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := consoleTmpl.Execute(w, map[string]any{"Rows": out, "Filters": filters, "Away": s.cfg.Away,
		"Phone": s.phone.Name(), "Email": s.email.Name(), "Keep": s.cfg.KeepDays}); err != nil {
		s.log.Error("notify console page", "err", err)
	}
}
