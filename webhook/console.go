package webhook

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Mount runs the webhook service for the centre server srv until ctx ends
// and adds its console page.
func Mount(ctx context.Context, srv *centre.Server, db *store.DB, cfg Config, log *slog.Logger) (*Service, error) {
	s, err := New(db, cfg, Options{Logger: log, Centre: func() string { return srv.Engine().Config().CentreName }})
	if err != nil {
		return nil, err
	}
	go s.Run(ctx)
	return s, nil
}

//go:embed console.html console.js
var consoleFS embed.FS

var consoleTmpl = template.Must(template.New("console.html").Funcs(console.TimeFuncs()).
	Funcs(template.FuncMap{"join": strings.Join}).ParseFS(consoleFS, "console.html"))

// MountConsolePage adds "Webhook" to the console on srv (nothing without one):
//
//	GET  /console/webhook              endpoints, the add form, the delivery log (?hook=)
//	GET  /console/webhook.js           its script
//	POST /console/webhook/add          {"url","secret"?,"events":[…]} → {"id","secret"?}
//	POST /console/webhook/{id}/remove
func (s *Service) MountConsolePage(srv *centre.Server) {
	page := console.SupervisorPage(srv, s.consolePage)
	if page == nil {
		return
	}
	srv.Handle("GET /console/webhook", page)
	srv.Handle("GET /console/webhook.js", console.SupervisorPage(srv, console.ScriptFile(consoleFS, "console.js")))
	srv.Handle("POST /console/webhook/add", console.SupervisorAction(srv, s.consoleAdd))
	srv.Handle("POST /console/webhook/{id}/remove", console.SupervisorAction(srv, s.consoleRemove))
	// No navigation link of its own (the console header is full): "Thông báo" links here.
}

type hookView struct {
	ID, URL, Events string
	CreatedAt       time.Time
	Current         bool
}

var deliveryStatus = map[string][2]string{"pending": {"Đang chờ gửi", "Pending"}, "delivered": {"Đã giao", "Delivered"}, "dead": {"Bỏ cuộc", "Given up"}}

type deliveryView struct {
	Delivery
	StatusVI, StatusEN string
}

func (s *Service) consolePage(w http.ResponseWriter, r *http.Request) {
	hooks, err := List(r.Context(), s.db)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	sel := r.URL.Query().Get("hook")
	var hv []hookView
	found := false
	for _, h := range hooks {
		hv = append(hv, hookView{ID: h.ID, URL: h.URL, Events: strings.Join(h.Events, ", "), CreatedAt: h.CreatedAt, Current: h.ID == sel})
		found = found || h.ID == sel
	}
	if !found {
		sel = ""
	}
	ds, err := Deliveries(r.Context(), s.db, sel, 200)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	dv := make([]deliveryView, 0, len(ds))
	for _, d := range ds {
		dv = append(dv, deliveryView{Delivery: d, StatusVI: deliveryStatus[d.Status][0], StatusEN: deliveryStatus[d.Status][1]})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := consoleTmpl.Execute(w, map[string]any{"Hooks": hv, "Deliveries": dv, "Events": Events, "Selected": sel}); err != nil {
		s.log.Error("webhook console page", "err", err)
	}
}

type addReq struct {
	URL    string   `json:"url"`
	Secret string   `json:"secret"`
	Events []string `json:"events"`
}

func invalid(vi, en string) error {
	return &queue.Error{Code: queue.CodeInvalid, Message: vi, MessageEN: en}
}

func (s *Service) consoleAdd(w http.ResponseWriter, r *http.Request) {
	var req addReq
	if err := centre.DecodeJSON(r, &req); err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	req.URL = strings.TrimSpace(req.URL)
	if err := CheckURL(req.URL); err != nil {
		centre.WriteError(w, r, s.log, invalid("Địa chỉ phải bắt đầu bằng http:// hoặc https://, không chứa tên đăng nhập, mật khẩu.", err.Error()))
		return
	}
	if err := checkHost(req.URL, s.cfg.allow); err != nil {
		centre.WriteError(w, r, s.log, invalid("Webhook chỉ được gửi tới địa chỉ công cộng. Địa chỉ nội bộ (mạng LAN, máy chủ này) phải được quản trị viên khai báo trong tệp cấu hình ([webhooks] allow_networks).", err.Error()))
		return
	}
	events, err := ParseEvents(strings.Join(req.Events, ","))
	if err != nil || len(req.Events) > len(Events) {
		centre.WriteError(w, r, s.log, invalid("Hãy chọn ít nhất một sự kiện hợp lệ.", "events: choose at least one known event"))
		return
	}
	secret, generated := req.Secret, false
	if secret == "" {
		secret, generated = NewSecret(), true
	}
	if err := checkSecret(secret); err != nil {
		centre.WriteError(w, r, s.log, invalid("Khóa bí mật phải dài từ 16 đến 256 ký tự, trên một dòng.", err.Error()))
		return
	}
	h, err := Add(r.Context(), s.db, req.URL, secret, events)
	if err != nil {
		centre.WriteError(w, r, s.log, invalid("Không thêm được webhook: "+err.Error(), err.Error()))
		return
	}
	console.Audit(r, "webhook.add", h.ID, map[string]any{"url": h.URL, "events": h.Events})
	out := map[string]string{"id": h.ID}
	if generated {
		out["secret"] = secret // shown once
	}
	centre.WriteJSON(w, http.StatusCreated, out)
}

func (s *Service) consoleRemove(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := Remove(r.Context(), s.db, id); err != nil {
		if errors.Is(err, ErrNoHook) {
			err = &queue.Error{Code: queue.CodeNotFound, Message: "Không có webhook này.", MessageEN: "no such webhook"}
		}
		centre.WriteError(w, r, s.log, err)
		return
	}
	console.Audit(r, "webhook.remove", id, nil)
	centre.WriteJSON(w, http.StatusOK, map[string]string{"id": id})
}
