package inbox

// Hand-overs the deciding centre could not record (liên thông,
// docs/SYNC.md "Liên thông", step 8). At the deciding centre,
// ApplyHandOvers marks such an item returned and queues, in the same
// transaction, a motcua.TuChoiTraKetQuaLienThong outbox row (queueRefusal);
// the sync agent sends it to the portal, which queues it for the receiving
// centre as a portal.KindHandOverRefusal item. At the receiving centre,
// ApplyHandOverRefusals marks the dossier's hand-over refused (once) and
// the console's inbox page shows it with what the officer should do.

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// refusalCode maps the error a hand-over was not applied with to the machine reason.
func refusalCode(c queue.Code) string {
	switch c {
	case queue.CodeNotFound:
		return lienthong.RefusalNoDossier
	case queue.CodeTransition:
		return lienthong.RefusalNotResolved
	}
	return lienthong.RefusalNotForwarded
}

// queueRefusal writes, in tx, the refusal of the hand-over item it for the
// receiving centre (under the dossier's key, so it follows that dossier's
// earlier packets). The dossier code comes from the item's id when the
// item could not be read.
func (in *Inbox) queueRefusal(tx *store.Tx, it store.InboxItem, h portal.HandOver, code, reason string) error {
	// The dossier and the attempt come from the item's id (the portal
	// made it; the body may be unreadable or say otherwise).
	maHoSo, n, ok := lienthong.ParseAttemptID("TK-", it.PortalID)
	if !ok {
		maHoSo, n = h.MaHoSo, lienthong.Attempt(h.LanGui)
		if maHoSo == "" {
			maHoSo = strings.TrimPrefix(it.PortalID, "TK-")
		}
	}
	if n == 1 {
		n = 0
	}
	x := lienthong.HandOverRefusal{MaHoSo: maHoSo, MaDonViGiaiQuyet: it.Agency, NoiGiaiQuyet: in.srv.CentreName(),
		PhienBan: h.PhienBan, NgayTra: h.NgayTra, NguoiNhan: h.NguoiNhan, LanGui: n, MaLyDo: code, LyDo: truncReason(reason), ThoiDiem: in.now()}
	b, err := json.Marshal(x)
	if err != nil {
		return err
	}
	return tx.AppendOutbox(lienthong.SvcHandOverRefusal, maHoSo, h.PhienBan, b)
}

// truncReason keeps a reason within what the portal takes (500 characters,
// one line, no control characters).
func truncReason(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	if s == "" {
		s = "Không ghi nhận được việc trả kết quả"
	}
	if r := []rune(s); len(r) > 500 {
		s = string(r[:500])
	}
	return s
}

// ApplyHandOverRefusals marks, at the receiving centre, the hand-overs the
// deciding centre refused (portal.KindHandOverRefusal items), in pull
// order: each is recorded in its dossier and the item marked done (and
// reported) in one transaction, so it takes effect once. An item that
// cannot be applied (unreadable, no such dossier, not forwarded to the
// refusing agency) is marked returned with the reason and logged; one that
// fails otherwise stays for the next call. It returns how many dossiers changed.
func (in *Inbox) ApplyHandOverRefusals(ctx context.Context) (int, error) {
	items, err := in.db.InboxNewOfKind(ctx, portal.KindHandOverRefusal, 200)
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
		var x portal.HandOverRefusal
		if err := json.Unmarshal(it.Doc, &x); err != nil {
			in.log.Warn("hand-over refusal item unreadable", "item", it.PortalID, "err", err)
			if err := in.db.Write(ctx, mark(store.InboxReturned, "", "Không đọc được nội dung")); err != nil {
				return n, err
			}
			continue
		}
		applied, err := in.srv.ApplyHandOverRefusal(ctx, x, mark(store.InboxAccepted, x.MaHoSo, ""))
		var qe *queue.Error
		if err != nil && errors.As(err, &qe) && (qe.Code == queue.CodeInvalid || qe.Code == queue.CodeNotFound) {
			in.log.Warn("hand-over refusal item not applied", "item", it.PortalID, "dossier", x.MaHoSo, "err", err)
			if err := in.db.Write(ctx, mark(store.InboxReturned, "", qe.Message)); err != nil {
				return n, err
			}
			continue
		}
		if err != nil {
			in.log.Warn("hand-over refusal item not applied yet", "item", it.PortalID, "dossier", x.MaHoSo, "err", err)
			failed = err
			continue
		}
		if applied {
			n++
		}
	}
	return n, failed
}

// RefusedHandOver is a hand-over made here that the deciding centre could
// not record, still unresolved (its return has not come back since).
type RefusedHandOver struct {
	lienthong.HandOverRefusal
	Notice string    `json:"thong_bao"`
	Advice string    `json:"can_lam"`
	At     time.Time `json:"at"` // when it arrived here
}

// RefusedHandOvers lists the refused hand-overs whose dossiers still carry
// the refusal, newest first (among the latest limit).
func (in *Inbox) RefusedHandOvers(ctx context.Context, limit int) ([]RefusedHandOver, error) {
	rows, err := in.db.InboxOfKind(ctx, portal.KindHandOverRefusal, store.InboxAccepted, limit)
	if err != nil {
		return nil, err
	}
	var out []RefusedHandOver
	seen := map[string]bool{}
	for _, it := range rows {
		if seen[it.DossierCode] { // one line per dossier: its refusal now (an attempt sent again may be refused again)
			continue
		}
		seen[it.DossierCode] = true
		d, err := in.db.Dossier(ctx, it.DossierCode)
		if errors.Is(err, queue.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var doc struct {
			R *lienthong.HandOverRefusal `json:"tra_ket_qua_tu_choi"`
		}
		if json.Unmarshal(d.Doc, &doc) != nil || doc.R == nil {
			continue // cleared: the deciding centre's return came back
		}
		out = append(out, RefusedHandOver{HandOverRefusal: *doc.R, Notice: doc.R.Notice(), Advice: doc.R.Advice(), At: it.DecidedAt})
	}
	return out, nil
}
