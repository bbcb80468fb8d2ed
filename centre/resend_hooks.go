package centre

import (
	"context"

	"github.com/motcua/motcua/centre/engine"
)

// Hooks for the console's "send the hand-over again" (liên thông,
// docs/SYNC.md step 9; inbox/ adds the console page): the same engine
// action as POST /api/v1/dossiers/{code}/resend-handover, with the same
// rules (the refused attempt named must be the one held refused, one
// attempt per press, at most lienthong.MaxAttempts).

// DossierFor is dossier code as the officer p reads it
// (GET /api/v1/dossiers/{code}).
func (s *Server) DossierFor(ctx context.Context, p Principal, code string) (DossierView, error) {
	d, err := s.dossiers()
	if err != nil {
		return DossierView{}, err
	}
	return d.Get(ctx, p.actor(), code)
}

// ResendHandOver sends the refused hand-over of dossier code again for the
// officer p: attempt is the refused attempt p saw, collectedBy and place
// the corrections (empty: unchanged).
func (s *Server) ResendHandOver(ctx context.Context, p Principal, code string, attempt int, collectedBy, place string) (DossierView, error) {
	d, err := s.dossiers()
	if err != nil {
		return DossierView{}, err
	}
	return d.Act(ctx, p.actor(), code, engine.ActResendHandOver, engine.ActRequest{Attempt: attempt, CollectedBy: collectedBy, Place: place})
}
