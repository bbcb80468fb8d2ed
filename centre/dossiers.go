package centre

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The dossier operations are the engine's (engine.Dossiers); these are
// their HTTP handlers.

type (
	// DossierView is what officers get back (engine.DossierView).
	DossierView = engine.DossierView
	// ReceiveRequest is the body of POST /api/v1/dossiers (engine.ReceiveRequest).
	ReceiveRequest = engine.ReceiveRequest
	// PublicDossier is what a kiosk or a citizen may see (engine.PublicDossier).
	PublicDossier = engine.PublicDossier
	// TimelineStep is one step shown to the citizen (engine.TimelineStep).
	TimelineStep = engine.TimelineStep
	// RatingSubject is what is being rated (engine.RatingSubject).
	RatingSubject = engine.RatingSubject
)

// DossierOptions configure the dossier part of the centre: the engine's
// (catalogue, calendar, schedule, scale, clock) and the transport's rate
// limits, in one struct (engine.DossierOptions).
type DossierOptions = engine.DossierOptions

type dossierService struct {
	s         *Server
	d         *engine.Dossiers
	log       *slog.Logger
	limit     *ratelimit.Limiter // per device (officer): lookups
	rateLimit *ratelimit.Limiter // per device (officer): ratings
	limitNet  *ratelimit.Pair    // per network, then per address: lookups
	rateNet   *ratelimit.Pair    // per network, then per address: ratings
}

// MountDossiers adds the dossier, lookup and rating endpoints to srv.
func MountDossiers(srv *Server, db *store.DB, cfg *queue.Config, o DossierOptions) error {
	if o.LookupPerMinute == 0 {
		o.LookupPerMinute = 30
	}
	if o.RatingsPerMinute == 0 {
		o.RatingsPerMinute = 20
	}
	if !dossier.ValidAgencyCode(cfg.AgencyCode) {
		return fmt.Errorf("agency_code %q is not a valid agency code (e.g. 000.00.06.H26)", cfg.AgencyCode)
	}
	dd, err := engine.NewDossiers(context.Background(), srv.engine, srv.tokens, srv.log, o)
	if err != nil {
		return err
	}
	d := &dossierService{s: srv, d: dd, log: srv.log, limit: ratelimit.New(o.LookupPerMinute, time.Minute, ratelimit.DefaultKeys), rateLimit: ratelimit.New(o.RatingsPerMinute, time.Minute, ratelimit.DefaultKeys),
		limitNet: ratelimit.NewPair(o.LookupPerMinute, time.Minute, ratelimit.DefaultKeys), rateNet: ratelimit.NewPair(o.RatingsPerMinute, time.Minute, ratelimit.DefaultKeys)}
	dossierServices.Store(srv, d)
	officer := func(fn http.HandlerFunc) http.HandlerFunc { return srv.need(officerRoles, fn) }
	srv.Handle("GET /api/v1/procedures", officer(d.procedures))
	srv.Handle("GET /api/v1/procedures/{code}", officer(d.procedure))
	srv.Handle("POST /api/v1/dossiers/appointment", officer(d.appointment))
	srv.Handle("POST /api/v1/dossiers", officer(d.receive))
	srv.Handle("GET /api/v1/dossiers", officer(d.list))
	srv.Handle("GET /api/v1/dossiers/{code}", officer(d.get))
	srv.Handle("POST /api/v1/dossiers/{code}/{action}", officer(d.act))
	kiosk := []string{RoleKiosk, RoleOfficer, RoleSupervisor, RoleAdmin}
	srv.Handle("GET /api/v1/lookup/dossiers/{code}", srv.need(kiosk, d.lookup))
	srv.Handle("POST /api/v1/lookup/dossiers/by-cccd", srv.need(kiosk, d.lookupByCCCD))
	d.mountRatings(srv)
	return nil
}

func (d *dossierService) procedures(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	writeJSON(w, 200, d.d.Procedures(r.Context(), r.URL.Query().Get("q"), limit))
}

func (d *dossierService) procedure(w http.ResponseWriter, r *http.Request) {
	p, err := d.d.Procedure(r.Context(), r.PathValue("code"))
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, p)
}

func (d *dossierService) appointment(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ProcedureCode string    `json:"procedure_code"`
		ReceivedAt    time.Time `json:"received_at"`
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	due, p, err := d.d.Appointment(r.Context(), req.ProcedureCode, req.ReceivedAt)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	out := map[string]any{"appointment_at": due, "text": dossier.FormatAppointment(due), "processing": p.Time.Vietnamese()}
	// The deciding agency, and whether the dossier would be forwarded to it
	// (the counter then offers "return at the deciding centre").
	if name, fwd, ok := d.d.DecidingAgency(p); ok {
		out["deciding_agency"] = name
		out["forwarded"] = fwd
	}
	writeJSON(w, 200, out)
}

func (d *dossierService) receive(w http.ResponseWriter, r *http.Request) {
	var req ReceiveRequest
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	p := principal(r)
	out, err := d.d.Receive(r.Context(), req, p.actor(), nil)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	d.log.Info("dossier received", "dossier", out.Dossier.Code, "procedure", out.Dossier.Procedure.Code, "counter", p.Counter, "officer", p.Username)
	writeJSON(w, http.StatusCreated, out)
}

func (d *dossierService) get(w http.ResponseWriter, r *http.Request) {
	v, err := d.d.Get(r.Context(), principal(r).actor(), r.PathValue("code"))
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, v)
}

func (d *dossierService) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	dq := engine.DossierQuery{Counter: q.Get("counter"), Day: q.Get("day"), Status: q.Get("status"), Q: q.Get("q"), Due: q.Get("due"),
		Late: q.Get("late") == "1" || q.Get("late") == "true"}
	dq.Limit, _ = strconv.Atoi(q.Get("limit"))
	out, err := d.d.List(r.Context(), principal(r).actor(), dq)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, out)
}

func (d *dossierService) act(w http.ResponseWriter, r *http.Request) {
	var req engine.ActRequest
	if err := decode(r, &req, true); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	out, err := d.d.Act(r.Context(), principal(r).actor(), r.PathValue("code"), r.PathValue("action"), req)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, out)
}

func (d *dossierService) lookup(w http.ResponseWriter, r *http.Request) {
	if d.lookupLimited(w, r) {
		return
	}
	pub, err := d.d.Lookup(r.Context(), r.PathValue("code"), r.URL.Query().Get("r"))
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, pub)
}

func (d *dossierService) lookupByCCCD(w http.ResponseWriter, r *http.Request) {
	if d.lookupLimited(w, r) {
		return
	}
	var req struct {
		CCCD string `json:"cccd"`
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	// A kiosk needs the card itself (engine.Dossiers.LookupByCCCD).
	out, err := d.d.LookupByCCCD(r.Context(), req.CCCD, principal(r).Role == RoleKiosk)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, out)
}
