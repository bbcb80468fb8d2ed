package centre

import (
	"context"

	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/store"
)

// CentreName is this centre's name as configured (shown to other centres).
func (s *Server) CentreName() string { return s.engine.Config().CentreName }

// ApplyHandOverRefusal records, at the receiving centre, that the deciding
// centre could not record the hand-over of a forwarded dossier's result
// made here (liên thông; engine.Dossiers.ApplyHandOverRefusal); inTx runs
// last in the same write transaction.
func (s *Server) ApplyHandOverRefusal(ctx context.Context, x lienthong.HandOverRefusal, inTx func(tx *store.Tx) error) (applied bool, err error) {
	d, err := s.dossiers()
	if err != nil {
		return false, err
	}
	return d.ApplyHandOverRefusal(ctx, x, inTx)
}
