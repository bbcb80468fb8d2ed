package centre

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/store"
)

// Hooks for packages that add capabilities beside the centre (inbox/): the
// officers' authentication, the API's JSON conventions, and receiving a
// dossier through the same code path as POST /api/v1/dossiers. They live
// apart from the server's own files so those packages can grow without
// touching them.

// dossierServices maps a server to its dossier part (set by MountDossiers).
var dossierServices sync.Map // *Server → *dossierService

// ErrNoDossiers: the dossier part is not mounted on this server.
var ErrNoDossiers = errors.New("centre: dossiers not mounted")

// ReceiveDossier receives a dossier exactly as POST /api/v1/dossiers does
// (validation, code, appointment date, history, outbox packets) for the
// officer p; inTx, if not nil, runs last in the same write transaction,
// and its error undoes the whole reception.
func (s *Server) ReceiveDossier(ctx context.Context, req ReceiveRequest, p Principal, inTx func(tx *store.Tx, v DossierView) error) (DossierView, error) {
	v, ok := dossierServices.Load(s)
	if !ok {
		return DossierView{}, ErrNoDossiers
	}
	return v.(*dossierService).d.Receive(ctx, req, p.actor(), inTx)
}

// NeedOfficer lets only signed-in officers (officer, supervisor, admin) reach h.
func (s *Server) NeedOfficer(h http.HandlerFunc) http.HandlerFunc { return s.need(officerRoles, h) }

// WriteError answers err as the API does (typed queue errors keep their
// status and Vietnamese message; others are 500 and logged).
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	writeErr(w, r, log, err)
}

// WriteJSON answers v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

// DecodeJSON reads a bounded, strict JSON body as the API does.
func DecodeJSON(r *http.Request, v any) error { return decode(r, v, false) }

func (s *Server) dossiers() (*engine.Dossiers, error) {
	v, ok := dossierServices.Load(s)
	if !ok {
		return nil, ErrNoDossiers
	}
	return v.(*dossierService).d, nil
}

// ReceiveTransferred accepts a dossier another centre received and
// forwarded to this one (liên thông; engine.Dossiers.ReceiveTransferred),
// for the officer p; inTx runs last in the same write transaction.
func (s *Server) ReceiveTransferred(ctx context.Context, t lienthong.Transfer, p Principal, inTx func(tx *store.Tx, v DossierView) error) (DossierView, error) {
	d, err := s.dossiers()
	if err != nil {
		return DossierView{}, err
	}
	return d.ReceiveTransferred(ctx, t, p.actor(), inTx)
}

// ApplyProgress applies, at the receiving centre, a state of a forwarded
// dossier that the deciding centre reached (engine.Dossiers.ApplyProgress).
func (s *Server) ApplyProgress(ctx context.Context, pr lienthong.Progress, inTx func(tx *store.Tx) error) (applied bool, err error) {
	d, err := s.dossiers()
	if err != nil {
		return false, err
	}
	return d.ApplyProgress(ctx, pr, inTx)
}

// ApplyHandOver records, at the deciding centre, the hand-over of a
// forwarded dossier's result made at the receiving centre
// (engine.Dossiers.ApplyHandOver).
func (s *Server) ApplyHandOver(ctx context.Context, h lienthong.HandOver, inTx func(tx *store.Tx) error) (applied bool, err error) {
	d, err := s.dossiers()
	if err != nil {
		return false, err
	}
	return d.ApplyHandOver(ctx, h, inTx)
}
