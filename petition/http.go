package petition

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/queue"
)

// Options of the HTTP side; zero values take the defaults.
type Options struct {
	// PerAddress submissions per address (phone page) per Window (default 5).
	PerAddress int
	// PerDevice submissions per kiosk per Window (default 30).
	PerDevice int
	// Total submissions from the phone page per Window, all addresses
	// together (default 60): a flood from many addresses stops here.
	Total int
	// Window of the limits (default 10 minutes).
	Window time.Duration
}

// Handler serves the petition API and the public page.
type Handler struct {
	svc     *Service
	srv     *centre.Server
	log     *slog.Logger
	perAddr *ratelimit.Pair // per network, then per address (web form)
	perDev  *ratelimit.Limiter
	total   *ratelimit.Limiter
}

const maxBody = 16 << 10

// Mount adds the routes to srv:
//
//	POST /api/v1/petitions              kiosk submits (device token)
//	GET  /api/v1/petitions              staff list (contact included)
//	GET  /api/v1/petitions/{id}         staff read one
//	POST /api/v1/petitions/{id}/assign  supervisor assigns {"officer": …}
//	POST /api/v1/petitions/{id}/answer  supervisor or assignee answers {"answer": …, "public": bool}
//	GET  /api/v1/hoi-dap                public answers (masked, no contact)
//	GET  /hoi-dap                       public page: answers and the form
//	POST /hoi-dap                       the phone page's form (no login; rate-limited)
func Mount(srv *centre.Server, svc *Service, o Options) *Handler {
	if o.PerAddress <= 0 {
		o.PerAddress = 5
	}
	if o.PerDevice <= 0 {
		o.PerDevice = 30
	}
	if o.Total <= 0 {
		o.Total = 60
	}
	if o.Window <= 0 {
		o.Window = 10 * time.Minute
	}
	h := &Handler{svc: svc, srv: srv, log: srv.Logger(), perAddr: ratelimit.NewPair(o.PerAddress, o.Window, ratelimit.DefaultKeys),
		perDev: ratelimit.New(o.PerDevice, o.Window, ratelimit.DefaultKeys), total: ratelimit.New(o.Total, o.Window, ratelimit.DefaultKeys)}
	staff := []string{centre.RoleOfficer, centre.RoleSupervisor, centre.RoleAdmin}
	sup := []string{centre.RoleSupervisor, centre.RoleAdmin}
	srv.Handle("POST /api/v1/petitions", srv.Need([]string{centre.RoleKiosk}, h.kioskSubmit))
	srv.Handle("GET /api/v1/petitions", srv.Need(staff, h.list))
	srv.Handle("GET /api/v1/petitions/{id}", srv.Need(staff, h.get))
	srv.Handle("POST /api/v1/petitions/{id}/assign", srv.Need(sup, h.assign))
	srv.Handle("POST /api/v1/petitions/{id}/answer", srv.Need(staff, h.answer))
	srv.Handle("GET /api/v1/hoi-dap", http.HandlerFunc(h.publicJSON))
	srv.Handle("GET /hoi-dap", http.HandlerFunc(h.page))
	srv.Handle("POST /hoi-dap", http.HandlerFunc(h.webSubmit))
	return h
}

func (h *Handler) kioskSubmit(w http.ResponseWriter, r *http.Request) {
	p := centre.PrincipalOf(r)
	// Claim the attempt before reading anything.
	if !h.perDev.Allow(p.DeviceID) {
		h.fail(w, r, rateLimited())
		return
	}
	var sub Submission
	if err := decode(w, r, &sub); err != nil {
		h.fail(w, r, err)
		return
	}
	pt, err := h.svc.Submit(r.Context(), sub, p.DeviceID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": pt.ID, "status": pt.Status})
}

func (h *Handler) webSubmit(w http.ResponseWriter, r *http.Request) {
	addr := centre.ClientAddr(r)
	if !h.perAddr.Allow(centre.ClientNetwork(r), addr) || !h.total.Allow("all") {
		h.log.Warn("petition rate limit", "remote", addr)
		h.render(w, r, http.StatusTooManyRequests, pageData{Error: map[bool]string{true: busyEN, false: busyVI}[pageLang(r) == "en"]})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		h.render(w, r, http.StatusBadRequest, pageData{Error: map[bool]string{true: badBodyEN, false: badBodyVI}[pageLang(r) == "en"]})
		return
	}
	sub := Submission{Kind: r.PostForm.Get("kind"), Topic: r.PostForm.Get("topic"), Text: r.PostForm.Get("text"), Contact: r.PostForm.Get("contact")}
	if _, err := h.svc.Submit(r.Context(), sub, "web"); err != nil {
		var qe *queue.Error
		if !errors.As(err, &qe) {
			h.log.Error("petition submit failed", "err", err)
			qe = queue.Errf(queue.CodeInternal, internalVI, "internal")
		}
		h.render(w, r, status(qe.Code), pageData{Error: refusal(qe, pageLang(r)), Form: sub})
		return
	}
	h.render(w, r, http.StatusOK, pageData{Sent: true})
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	p := centre.PrincipalOf(r)
	status := r.URL.Query().Get("status")
	switch status {
	case "", StatusNew, StatusAssigned, StatusAnswered:
	default:
		h.fail(w, r, invalid("Trạng thái không hợp lệ", "status must be new, assigned or answered"))
		return
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	assignee := r.URL.Query().Get("assignee")
	if p.Role == centre.RoleOfficer {
		assignee = p.Username // an officer sees only what is given to them
	}
	out, err := h.svc.List(r.Context(), status, assignee, limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	p := centre.PrincipalOf(r)
	pt, err := h.svc.Get(r.Context(), r.PathValue("id"))
	if err == nil && p.Role == centre.RoleOfficer && pt.Assignee != p.Username {
		err = ErrNotFound
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pt)
}

func (h *Handler) assign(w http.ResponseWriter, r *http.Request) {
	if pt, _, ok := h.assignFrom(w, r); ok {
		writeJSON(w, http.StatusOK, pt)
	}
}

func (h *Handler) answer(w http.ResponseWriter, r *http.Request) {
	p := centre.PrincipalOf(r)
	if pt, ok := h.answerAs(w, r, Answerer{Username: p.Username, FullName: p.FullName, Role: p.Role}); ok {
		writeJSON(w, http.StatusOK, pt)
	}
}

// assignFrom assigns the petition of the path to the officer of the body
// (the API's and the console's route); false when it has answered.
func (h *Handler) assignFrom(w http.ResponseWriter, r *http.Request) (Petition, string, bool) {
	var body struct {
		Officer string `json:"officer"`
	}
	if err := decode(w, r, &body); err != nil {
		h.fail(w, r, err)
		return Petition{}, "", false
	}
	pt, err := h.svc.Assign(r.Context(), r.PathValue("id"), body.Officer)
	if err != nil {
		h.fail(w, r, err)
		return Petition{}, "", false
	}
	return pt, body.Officer, true
}

// answerAs answers the petition of the path with the body's answer, as
// by (the API's and the console's route); false when it has answered.
func (h *Handler) answerAs(w http.ResponseWriter, r *http.Request, by Answerer) (Petition, bool) {
	var body struct {
		Answer string `json:"answer"`
		Public bool   `json:"public"`
	}
	if err := decode(w, r, &body); err != nil {
		h.fail(w, r, err)
		return Petition{}, false
	}
	pt, err := h.svc.Answer(r.Context(), r.PathValue("id"), by, body.Answer, body.Public)
	if err != nil {
		h.fail(w, r, err)
		return Petition{}, false
	}
	return pt, true
}

func (h *Handler) publicJSON(w http.ResponseWriter, r *http.Request) {
	out, err := h.svc.PublicAnswers(r.Context(), 100)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

//go:embed page.html
var pageFS embed.FS

func queueLoc() *time.Location { return queue.Loc }

type pageData struct {
	Centre  string
	Topics  []topic
	Answers []PublicAnswer
	Sent    bool
	Error   string
	Form    Submission
	MaxText int
	Lang    string
}

type topic struct{ ID, Name string }

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, pageData{})
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, code int, d pageData) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	answers, err := h.svc.PublicAnswers(ctx, 50)
	if err != nil {
		h.log.Error("public answers", "err", err)
	}
	cfg := h.srv.Engine().Config()
	d.Lang = pageLang(r)
	d.Centre, d.Answers, d.MaxText = cfg.CentreName, answers, MaxText
	en := d.Lang == "en"
	for _, s := range cfg.Sectors {
		name := s.Name
		if en && s.NameEN != "" {
			name = s.NameEN
		}
		d.Topics = append(d.Topics, topic{s.ID, name})
	}
	d.Topics = append(d.Topics, topic{TopicOther, map[bool]string{true: "Other", false: "Khác"}[en]})
	if en {
		for i := range d.Answers {
			d.Answers[i].TopicName = h.svc.TopicNameEN(d.Answers[i].Topic)
		}
	}
	var buf bytes.Buffer
	if err := pageTmpl(d.Lang).Execute(&buf, d); err != nil {
		h.log.Error("petition page", "err", err)
		http.Error(w, "error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// No script at all; the form posts only to this page; never framed.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// decode reads a JSON body strictly and bounded.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return queue.Errf(queue.CodeTooLarge, "Nội dung gửi quá dài", "body too large")
		}
		return invalid("Dữ liệu gửi lên không hợp lệ", "malformed JSON body")
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid("Dữ liệu gửi lên không hợp lệ", "trailing data after the JSON body")
	}
	return nil
}

func rateLimited() error {
	return queue.Errf(queue.CodeRateLimited, "Bạn đã gửi nhiều lần, xin thử lại sau ít phút", "too many submissions")
}

func status(c queue.Code) int {
	switch c {
	case queue.CodeInvalid:
		return http.StatusBadRequest
	case queue.CodeNotFound:
		return http.StatusNotFound
	case queue.CodeForbidden:
		return http.StatusForbidden
	case queue.CodeRateLimited:
		return http.StatusTooManyRequests
	case queue.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var qe *queue.Error
	if !errors.As(err, &qe) {
		h.log.Error("petition request failed", "path", r.URL.Path, "err", err)
		qe = queue.Errf(queue.CodeInternal, "Hệ thống đang gặp sự cố, xin vui lòng thử lại sau ít phút", "internal server error")
	}
	writeJSON(w, status(qe.Code), map[string]any{"error": map[string]any{"code": qe.Code, "message": qe.Message, "message_en": qe.MessageEN}})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
