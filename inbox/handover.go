package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/lienthong"
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
// marked returned with the reason and logged, and its refusal is queued for
// the receiving centre in the same transaction (refusal.go); one that fails otherwise
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
		// refuse marks the item returned and, in the same transaction,
		// queues the refusal for the receiving centre (refusal.go).
		refuse := func(h portal.HandOver, code, reason string) error {
			return in.db.Write(ctx, func(tx *store.Tx) error {
				if err := mark(store.InboxReturned, "", reason)(tx); err != nil {
					return err
				}
				return in.queueRefusal(tx, it, h, code, reason)
			})
		}
		var h portal.HandOver
		if err := json.Unmarshal(it.Doc, &h); err != nil {
			in.log.Warn("hand-over item unreadable", "item", it.PortalID, "err", err)
			if err := refuse(h, lienthong.RefusalUnreadable, "Không đọc được nội dung"); err != nil {
				return n, err
			}
			continue
		}
		applied, err := in.srv.ApplyHandOver(ctx, h, mark(store.InboxAccepted, h.MaHoSo, ""))
		var qe *queue.Error
		if err != nil && errors.As(err, &qe) && (qe.Code == queue.CodeInvalid || qe.Code == queue.CodeNotFound || qe.Code == queue.CodeTransition) {
			in.log.Warn("hand-over item not applied", "item", it.PortalID, "dossier", h.MaHoSo, "err", err)
			reason := qe.Message // Vietnamese: the supervisor reads it on /console/hop-thu
			if reason == "" {
				reason = err.Error()
			}
			if err := refuse(h, refusalCode(qe.Code), reason); err != nil {
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

// FailedHandOver is a hand-over made at a receiving centre that this
// (deciding) centre could not record: the receiving centre shows the result
// as returned, this centre does not. Supervisors see them on /console/hop-thu.
type FailedHandOver struct {
	ID        int64     `json:"id"`
	Code      string    `json:"ma_nop"`
	MaHoSo    string    `json:"ma_ho_so"`
	NoiTra    string    `json:"noi_tra"`
	NgayTra   time.Time `json:"ngay_tra,omitzero"`
	NguoiNhan string    `json:"nguoi_nhan"`
	Reason    string    `json:"reason"`
	At        time.Time `json:"at"` // when it was found unusable
}

// FailedHandOvers lists the hand-over items ApplyHandOvers marked returned,
// newest first (among the latest limit returned items).
func (in *Inbox) FailedHandOvers(ctx context.Context, limit int) ([]FailedHandOver, error) {
	rows, err := in.db.InboxItems(ctx, store.InboxReturned, limit)
	if err != nil {
		return nil, err
	}
	var out []FailedHandOver
	seen := map[string]bool{}
	for _, it := range rows {
		if it.Kind != portal.KindHandOver {
			continue
		}
		f := FailedHandOver{ID: it.ID, Code: it.PortalID, Reason: it.Reason, At: it.DecidedAt}
		var h portal.HandOver
		if json.Unmarshal(it.Doc, &h) == nil {
			f.MaHoSo, f.NoiTra, f.NgayTra, f.NguoiNhan = h.MaHoSo, h.NoiTra, h.NgayTra, h.NguoiNhan
		}
		// One line per dossier (its newest refused attempt), and none once
		// a later attempt was recorded: the receiving centre resent it.
		if code, _, ok := lienthong.ParseAttemptID("TK-", it.PortalID); ok {
			f.MaHoSo = code
		}
		if f.MaHoSo != "" {
			if seen[f.MaHoSo] {
				continue
			}
			seen[f.MaHoSo] = true
			if d, err := in.db.Dossier(ctx, f.MaHoSo); err == nil && d.Status == int(dossier.StatusReturned) {
				continue
			} else if err != nil && !errors.Is(err, store.ErrDossierNotFound) && !errors.Is(err, queue.ErrNotFound) {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, nil
}
