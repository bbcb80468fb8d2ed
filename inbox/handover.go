package inbox

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// ApplyHandOvers records, at the deciding centre, the pulled hand-overs of
// forwarded dossiers' results made at the centres that received them
// (portal.KindHandOver items, liên thông), in pull order: each is the
// dossier's next version here (with its outbox packets, so it reaches the
// portal and flows back), applied and marked done and reported in one
// transaction — it takes effect once. An item that cannot be applied
// (unreadable, no such dossier here, not forwarded here, not resolved) is
// marked returned with the reason and logged; one that fails otherwise
// (storage) stays for the next call. It returns how many dossiers changed.
func (in *Inbox) ApplyHandOvers(ctx context.Context) (int, error) {
	items, err := in.db.InboxNewOfKind(ctx, portal.KindHandOver, 200)
	if err != nil {
		return 0, err
	}
	n := 0
	var failed error
	for _, it := range items {
		mark := func(status, code, reason string) func(tx *store.Tx) error {
			return func(tx *store.Tx) error {
				if _, err := tx.DecideInboxItem(it.ID, status, code, reason, progressBy, in.now()); err != nil {
					return err
				}
				return tx.MarkInboxReported(it.ID)
			}
		}
		var h portal.HandOver
		if err := json.Unmarshal(it.Doc, &h); err != nil {
			in.log.Warn("hand-over item unreadable", "item", it.PortalID, "err", err)
			if err := in.db.Write(ctx, mark(store.InboxReturned, "", "unreadable")); err != nil {
				return n, err
			}
			continue
		}
		applied, err := in.srv.ApplyHandOver(ctx, h, mark(store.InboxAccepted, h.MaHoSo, ""))
		var qe *queue.Error
		if err != nil && errors.As(err, &qe) && (qe.Code == queue.CodeInvalid || qe.Code == queue.CodeNotFound || qe.Code == queue.CodeTransition) {
			in.log.Warn("hand-over item not applied", "item", it.PortalID, "dossier", h.MaHoSo, "err", err)
			if err := in.db.Write(ctx, mark(store.InboxReturned, "", err.Error())); err != nil {
				return n, err
			}
			continue
		}
		if err != nil {
			in.log.Warn("hand-over item not applied yet", "item", it.PortalID, "dossier", h.MaHoSo, "err", err)
			failed = err
			continue
		}
		if applied {
			n++
		}
	}
	return n, failed
}
