package syncagent

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/store"
)

// InboxSource is the portal's side of the inbound channel (docs/SYNC.md, "Inbound").
type InboxSource interface {
	Inbox(ctx context.Context, agency string, after int64, limit int) ([]portal.InboxItem, error)
	AckInbox(ctx context.Context, agency string, seq int64) error
	InboxStatus(ctx context.Context, agency, id string, st portal.InboundStatus) error
}

// Inbox pulls the agency's inbound items from the portal.
func (p PortalClient) Inbox(ctx context.Context, agency string, after int64, limit int) ([]portal.InboxItem, error) {
	return p.C.Inbox(ctx, agency, after, limit)
}

// AckInbox acknowledges the agency's inbound items up to seq.
func (p PortalClient) AckInbox(ctx context.Context, agency string, seq int64) error {
	return p.C.AckInbox(ctx, agency, seq)
}

// InboxStatus reports a decision on an inbound item.
func (p PortalClient) InboxStatus(ctx context.Context, agency, id string, st portal.InboundStatus) error {
	return p.C.InboxStatus(ctx, agency, id, st)
}

// PushInboxDecisions sends the officers' decisions on inbound items
// (accepted → the dossier code, returned → the reason) to the portal, where
// the citizen sees them under the submission code, and marks each sent.
// The portal accepts the same decision again, so a crash between its
// answer and the mark only repeats it. It returns how many were sent.
func PushInboxDecisions(ctx context.Context, db *store.DB, src InboxSource) (int, error) {
	items, err := db.InboxUnreported(ctx, 100)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range items {
		st := portal.InboundStatus{DecidedAt: it.DecidedAt}
		switch it.Status {
		case store.InboxAccepted:
			st.Status, st.DossierCode = portal.InboundAccepted, it.DossierCode
		case store.InboxReturned:
			st.Status, st.Reason = portal.InboundReturned, it.Reason
		default:
			continue
		}
		if err := src.InboxStatus(ctx, it.Agency, it.PortalID, st); err != nil {
			return n, fmt.Errorf("inbox decision %s: %w", it.PortalID, err)
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.MarkInboxReported(it.ID) }); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// inboxPage is the most items pulled per call.
const inboxPage = 100

// PullInbox brings the agency's inbound items from the portal into the
// centre's inbox table until the portal has no more, and acknowledges
// them. Each page is written in one transaction with the cursor (the
// portal's seq), so a crash before the write pulls the page again and a
// crash after it does not; the inbox is unique on the portal's item id,
// so even a rolled-back cursor (a restored backup) adds nothing twice. The
// acknowledgement follows the write and is repeated until the portal took
// it. It returns how many items were new.
func PullInbox(ctx context.Context, db *store.DB, src InboxSource, agency string) (int, error) {
	total := 0
	for {
		seq, acked, err := db.InboxCursor(ctx, agency)
		if err != nil {
			return total, err
		}
		if acked < seq {
			if err := ack(ctx, db, src, agency, seq); err != nil {
				return total, err
			}
		}
		items, err := src.Inbox(ctx, agency, seq, inboxPage)
		if err != nil {
			return total, fmt.Errorf("inbox pull: %w", err)
		}
		if len(items) == 0 {
			return total, nil
		}
		rows := make([]store.InboxItem, 0, len(items))
		last := seq
		for _, it := range items {
			// The portal answers in seq order after the cursor; anything else
			// (another agency's item, a seq not after ours) is not taken.
			if it.Agency != agency || it.Seq <= last || it.ID == "" {
				return total, fmt.Errorf("inbox pull: unexpected item %q (agency %s, seq %d after %d)", it.ID, it.Agency, it.Seq, last)
			}
			last = it.Seq
			// One reading for SQL and Go (canonical.go), then every text of the
			// item cleaned on the way in (internal/textrule): the inbox shows,
			// and the engine applies, what the portal holds even from a portal
			// older than either rule.
			doc, _ := canonicalDoc(it.NoiDung)
			rows = append(rows, store.InboxItem{PortalID: it.ID, Seq: it.Seq, Kind: it.Kind, Doc: textrule.JSON(doc), SubmittedAt: it.Created})
		}
		var n int
		if err := db.Write(ctx, func(tx *store.Tx) error {
			n, err = tx.PutInboxItems(agency, rows, last)
			return err
		}); err != nil {
			return total, err
		}
		total += n
		if err := ack(ctx, db, src, agency, last); err != nil {
			return total, err
		}
	}
}

func ack(ctx context.Context, db *store.DB, src InboxSource, agency string, seq int64) error {
	if err := src.AckInbox(ctx, agency, seq); err != nil {
		return fmt.Errorf("inbox ack: %w", err)
	}
	return db.Write(ctx, func(tx *store.Tx) error { return tx.SetInboxAcked(agency, seq) })
}
