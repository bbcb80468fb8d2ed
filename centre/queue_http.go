package centre

// HTTP handlers of the queue API (/api/v1/services … /api/v1/devices/state):
// decode, call the engine, answer JSON.

import (
	"net/http"

	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func (s *Server) services(w http.ResponseWriter, r *http.Request) {
	snap, err := s.engine.Snapshot(r.Context())
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	writeJSON(w, 200, snap.Services)
}

func (s *Server) counters(w http.ResponseWriter, r *http.Request) {
	snap, err := s.engine.Snapshot(r.Context())
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	writeJSON(w, 200, snap.Counters)
}

func (s *Server) priorities(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, s.engine.Config().Priorities)
}

func (s *Server) snapshot(w http.ResponseWriter, r *http.Request) {
	snap, err := s.engine.Snapshot(r.Context())
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	writeJSON(w, 200, snap)
}

func (s *Server) queueState(w http.ResponseWriter, r *http.Request) {
	snap, err := s.engine.Snapshot(r.Context())
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	type row struct {
		Service       string `json:"service"`
		Name          string `json:"name"`
		Waiting       int    `json:"waiting"`
		EstimatedWait int    `json:"estimated_wait_min"`
		OpenCounters  int    `json:"open_counters"`
	}
	out := make([]row, 0, len(snap.Services))
	for _, sv := range snap.Services {
		out = append(out, row{sv.ID, sv.Name, sv.Waiting, sv.EstimatedWait, sv.OpenCounters})
	}
	writeJSON(w, 200, out)
}

func (s *Server) issue(w http.ResponseWriter, r *http.Request) {
	var req IssueRequest
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	p := principal(r)
	// A booked appointment is called ahead of the queue once due: only an
	// officer who checked the booking may issue one, never a kiosk.
	if req.AppointmentAt != nil && p.Kind != "officer" {
		writeErr(w, r, s.log, queue.Errf(queue.CodeForbidden, "Số theo lịch hẹn do cán bộ cấp tại quầy hướng dẫn", "devices may not issue appointment tickets"))
		return
	}
	t, err := s.engine.Issue(r.Context(), req, p.DeviceID)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	s.metrics.issued.WithLabelValues(t.Service).Inc()
	t.RatingToken = s.RatingToken("ticket", t.ID)
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) ticket(w http.ResponseWriter, r *http.Request) {
	t, err := s.db.Ticket(r.Context(), r.PathValue("id"))
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	v, err := s.engine.View(r.Context(), t)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	if principal(r).Kind != "officer" {
		v.Officer = "" // kiosks and counter PCs in the hall need no officer's name
	}
	writeJSON(w, 200, v)
}

// publicTicket serves the phone tracking page: the id is unguessable and
// the answer holds no personal data (not the officer's username either).
func (s *Server) publicTicket(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if len(id) != 20 {
		writeErr(w, r, s.log, errNoTicket)
		return
	}
	t, err := s.db.Ticket(r.Context(), id)
	if store.IsNoRows(err) {
		err = errNoTicket
	}
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	t.Officer = ""
	v, err := s.engine.View(r.Context(), t)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	// Anyone with the link reads this: no officer username (docs/API.md
	// promises no personal data).
	v.Officer = ""
	writeJSON(w, 200, v)
}

type actReq struct {
	Service string `json:"service"`
	Counter string `json:"counter"`
}

func (s *Server) act(w http.ResponseWriter, r *http.Request) {
	op := queue.Op(r.PathValue("op"))
	known := false
	for _, o := range queue.Ops {
		if o == op {
			known = true
		}
	}
	if !known {
		writeErr(w, r, s.log, queue.Errf(queue.CodeNotFound, "Thao tác không tồn tại: %s", "unknown operation %q", op))
		return
	}
	var req actReq
	if err := decode(r, &req, true); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	p := principal(r)
	t, err := s.engine.Act(r.Context(), p.actor(), r.PathValue("id"), op, queue.Args{Service: req.Service, Counter: req.Counter, Officer: p.Username})
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	v, err := s.engine.View(r.Context(), t)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	writeJSON(w, 200, v)
}

type callReq struct {
	Service string `json:"service"`
}

func (s *Server) callNext(w http.ResponseWriter, r *http.Request) {
	var req callReq
	if err := decode(r, &req, true); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	p := principal(r)
	counter := r.PathValue("counter")
	t, ok, err := s.engine.CallNext(r.Context(), p.actor(), counter, req.Service)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	if !ok {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.called(w, r, counter, t)
}

// called answers a successful call with the ticket and where it stands.
func (s *Server) called(w http.ResponseWriter, r *http.Request, counter string, t queue.Ticket) {
	s.metrics.calls.WithLabelValues(counter).Inc()
	v, err := s.engine.View(r.Context(), t)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	writeJSON(w, 200, v)
}

func (s *Server) callTicket(w http.ResponseWriter, r *http.Request) {
	var req struct {
		TicketID string `json:"ticket_id"`
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	counter := r.PathValue("counter")
	t, err := s.engine.CallTicket(r.Context(), principal(r).actor(), counter, req.TicketID)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	s.called(w, r, counter, t)
}

type pauseReq struct {
	Reason string `json:"reason"`
}

func (s *Server) pause(w http.ResponseWriter, r *http.Request) {
	var req pauseReq
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	if len(req.Reason) > 200 {
		writeErr(w, r, s.log, queue.Errf(queue.CodeInvalid, "Lý do quá dài (tối đa 200 ký tự)", "reason too long"))
		return
	}
	req.Reason = textrule.Line(req.Reason) // shown on the console (internal/textrule)
	if err := s.engine.Pause(r.Context(), principal(r).actor(), r.PathValue("counter"), req.Reason); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) resume(w http.ResponseWriter, r *http.Request) {
	if err := s.engine.Resume(r.Context(), principal(r).actor(), r.PathValue("counter")); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) notice(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Text   string `json:"text"`
		TextEN string `json:"text_en"`
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	if len(req.Text) > 1000 || len(req.TextEN) > 1000 {
		writeErr(w, r, s.log, queue.Errf(queue.CodeInvalid, "Thông báo quá dài (tối đa 1000 ký tự)", "notice too long"))
		return
	}
	if err := s.engine.SetNoticeEN(r.Context(), principal(r).actor(), req.Text, req.TextEN); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	st, err := s.engine.Stats(r.Context(), r.URL.Query().Get("date"))
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	writeJSON(w, 200, st)
}

func (s *Server) deviceState(w http.ResponseWriter, r *http.Request) {
	var req struct {
		State string `json:"state"`
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	if len(req.State) > 200 {
		writeErr(w, r, s.log, queue.Errf(queue.CodeInvalid, "Trạng thái quá dài", "state too long"))
		return
	}
	p := principal(r)
	if err := s.db.Write(r.Context(), func(tx *store.Tx) error { return tx.SetDeviceState(p.DeviceID, req.State) }); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

var errNoTicket = queue.Errf(queue.CodeNotFound, "Không tìm thấy số thứ tự", "ticket not found")
