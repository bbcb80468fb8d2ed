package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// progressBy is the decided_by of progress items applied by the centre itself.
const progressBy = "lien-thong"

// ApplyProgress applies the pulled states of dossiers this centre received
// and forwarded (portal.KindProgress items, liên thông), in the order they
// were pulled. Each item is applied and marked done (and reported: the
// portal needs no decision on it) in one transaction, so it takes effect
// once; an older state than the one held is marked without being applied.
// An item that cannot be applied (unreadable, no such dossier here) is
// marked returned with the reason, and logged; one that fails otherwise
// (storage) stays for the next call, and its error is returned after the
// others were tried. It returns how many states changed a dossier.
func (in *Inbox) ApplyProgress(ctx context.Context) (int, error) {
	items, err := in.db.InboxNewOfKind(ctx, portal.KindProgress, 200)
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
		var pr portal.Progress
		if err := json.Unmarshal(it.Doc, &pr); err != nil {
			in.log.Warn("progress item unreadable", "item", it.PortalID, "err", err)
			if err := in.db.Write(ctx, mark(store.InboxReturned, "", "unreadable")); err != nil {
				return n, err
			}
			continue
		}
		applied, err := in.srv.ApplyProgress(ctx, pr, mark(store.InboxAccepted, pr.MaHoSo, ""))
		var qe *queue.Error
		if err != nil && errors.As(err, &qe) && (qe.Code == queue.CodeInvalid || qe.Code == queue.CodeNotFound) {
			in.log.Warn("progress item not applied", "item", it.PortalID, "dossier", pr.MaHoSo, "err", err)
			if err := in.db.Write(ctx, mark(store.InboxReturned, "", err.Error())); err != nil {
				return n, err
			}
			continue
		}
		if err != nil {
			// Tried again next time; the items after it go on (a state
			// applied after a newer one is only marked: the version decides).
			in.log.Warn("progress item not applied yet", "item", it.PortalID, "dossier", pr.MaHoSo, "err", err)
			failed = err
			continue
		}
		if applied {
			n++
			in.log.Info("forwarded dossier updated by the deciding centre", "dossier", pr.MaHoSo, "version", pr.PhienBan)
		}
	}
	return n, failed
}

// RunProgress applies progress, hand-over and hand-over refusal items every period until ctx ends.
func (in *Inbox) RunProgress(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := in.ApplyProgress(ctx); err != nil && ctx.Err() == nil {
			in.log.Warn("applying forwarded dossiers' progress failed", "err", err)
		}
		if _, err := in.ApplyHandOvers(ctx); err != nil && ctx.Err() == nil {
			in.log.Warn("recording results handed over at receiving centres failed", "err", err)
		}
		if _, err := in.ApplyHandOverRefusals(ctx); err != nil && ctx.Err() == nil {
			in.log.Warn("recording hand-overs refused by deciding centres failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
