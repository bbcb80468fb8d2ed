package centre

import (
	"net/http"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/queue"
)

// RoleRatingPad is a device enrolled only to collect ratings (engine.RoleRatingPad).
const RoleRatingPad = engine.RoleRatingPad

// Who may rate, and who may read the scale.
var (
	rateRoles  = []string{RoleKiosk, RoleRatingPad}
	scaleRoles = []string{RoleKiosk, RoleRatingPad, RoleDisplay, RoleCounter, RoleOfficer, RoleSupervisor, RoleAdmin}
)

// RatingToken is the token printed in the QR of a ticket (kind "ticket",
// id the ticket id) or of a dossier receipt (kind "dossier", id the code).
func (s *Server) RatingToken(kind, id string) string { return s.tokens.RatingToken(kind, id) }

// DossierQR is the payload of a dossier receipt's QR: the code, then the
// rating token (engine.Tokens.DossierQR).
func (s *Server) DossierQR(code string) string { return s.tokens.DossierQR(code) }

// rateLimited claims one request for the calling device (or officer) and
// one for its client's network and address (ratelimit.Pair: the network's
// share first, so one IPv6 /48 cannot fill the address table); any over
// its limit refuses the request. It runs after authentication and before
// the body is read.
func (d *dossierService) rateLimited(l *ratelimit.Limiter, pair *ratelimit.Pair, w http.ResponseWriter, r *http.Request, refusal *queue.Error) bool {
	p := principal(r)
	who := "d|" + p.DeviceID
	if p.DeviceID == "" {
		who = "u|" + p.Username
	}
	okWho := l.Allow(who)
	okAddr := AllowClient(pair, r)
	if okWho && okAddr {
		return false
	}
	d.log.Warn("rate limit", "path", r.URL.Path, "device", p.DeviceID, "user", p.Username, "remote", r.RemoteAddr)
	writeErr(w, r, d.log, refusal)
	return true
}

func (d *dossierService) ratingLimited(w http.ResponseWriter, r *http.Request) bool {
	return d.rateLimited(d.rateLimit, d.rateNet, w, r, errTooManyRatings)
}

var (
	errTooManyRatings = queue.Errf(queue.CodeRateLimited, "Thiết bị này gửi quá nhiều đánh giá. Xin vui lòng thử lại sau ít phút.", "too many rating requests")
	errTooManyLookups = queue.Errf(queue.CodeRateLimited, "Quý khách tra cứu quá nhiều lần. Xin vui lòng thử lại sau ít phút.", "too many lookups")
)

// lookupLimited is ratingLimited for dossier lookups.
func (d *dossierService) lookupLimited(w http.ResponseWriter, r *http.Request) bool {
	return d.rateLimited(d.limit, d.limitNet, w, r, errTooManyLookups)
}

func (d *dossierService) ratingScale(w http.ResponseWriter, r *http.Request) {
	type level struct {
		Value int    `json:"value"`
		Label string `json:"label"`
		Low   bool   `json:"low"`
	}
	out := struct {
		Question string   `json:"question"`
		Levels   []level  `json:"levels"`
		Reasons  []string `json:"reasons"`
	}{Question: dossier.RatingQuestion, Reasons: dossier.RatingReasons}
	for _, l := range d.d.Scale().Levels {
		out.Levels = append(out.Levels, level{l.Value, l.Label, l.Low})
	}
	writeJSON(w, 200, out)
}

// rateRequest claims a rating request of the client (ratingLimited, before
// the body is read) and reads its body; false when it has answered.
func (d *dossierService) rateRequest(w http.ResponseWriter, r *http.Request) (engine.RateRequest, bool) {
	var req engine.RateRequest
	if d.ratingLimited(w, r) {
		return req, false
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return req, false
	}
	return req, true
}

func (d *dossierService) ratingSubject(w http.ResponseWriter, r *http.Request) {
	req, ok := d.rateRequest(w, r)
	if !ok {
		return
	}
	sub, err := d.d.RatingSubjectOf(r.Context(), req)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, sub)
}

func (d *dossierService) rate(w http.ResponseWriter, r *http.Request) {
	req, ok := d.rateRequest(w, r)
	if !ok {
		return
	}
	id, err := d.d.Rate(r.Context(), req)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	p := principal(r)
	d.log.Info("rating stored", "rating", id, "device", p.DeviceID, "level", req.Level)
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "message": "Cảm ơn Quý khách đã đánh giá!"})
}

// mountRatings adds the rating routes.
func (d *dossierService) mountRatings(srv *Server) {
	srv.Handle("GET /api/v1/ratings/scale", srv.need(scaleRoles, d.ratingScale))
	srv.Handle("POST /api/v1/ratings/subject", srv.need(rateRoles, d.ratingSubject))
	srv.Handle("POST /api/v1/ratings", srv.need(rateRoles, d.rate))
}
