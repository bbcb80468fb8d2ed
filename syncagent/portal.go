package syncagent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/qcvn120"
)

// PortalClient adapts portal/client to the agent's Portal interface.
type PortalClient struct{ C *client.Client }

// Send sends items with their idempotency ids and versions. Call-level
// failures (network, 5xx, refused envelope) come back as an error, which the
// agent retries: a misconfigured credential must not park every packet.
func (p PortalClient) Send(ctx context.Context, service string, items []Item) ([]ItemResult, error) {
	out := make([]ItemResult, len(items))
	// A payload that is not JSON cannot even be put in the envelope: reject
	// that item alone, or it would fail every call and block the outbox.
	in := make([]client.Item, 0, len(items))
	at := make([]int, 0, len(items))
	for i, it := range items {
		if !json.Valid(it.Payload) {
			out[i] = ItemResult{Error: "outbox payload is not valid JSON"}
			continue
		}
		in = append(in, client.Item(it))
		at = append(at, i)
	}
	if len(in) == 0 {
		return out, nil
	}
	switch service {
	case portal.SvcTransfer:
		return p.sendOneByOne(ctx, items, at, out, func(ctx context.Context, b []byte) error {
			var t portal.Transfer
			if err := json.Unmarshal(b, &t); err != nil {
				return errUnreadable{err}
			}
			_, err := p.C.Transfer(ctx, t)
			return err
		})
	case portal.SvcHandOver: // a result handed over here (liên thông)
		return p.sendOneByOne(ctx, items, at, out, func(ctx context.Context, b []byte) error {
			var h portal.HandOver
			if err := json.Unmarshal(b, &h); err != nil {
				return errUnreadable{err}
			}
			_, err := p.C.HandOver(ctx, h)
			return err
		})
	case portal.SvcHandOverRefusal: // a hand-over made elsewhere that this centre could not record (liên thông)
		return p.sendOneByOne(ctx, items, at, out, func(ctx context.Context, b []byte) error {
			var x portal.HandOverRefusal
			if err := json.Unmarshal(b, &x); err != nil {
				return errUnreadable{err}
			}
			_, err := p.C.RefuseHandOver(ctx, x)
			return err
		})
	}
	res, err := p.C.SendItems(ctx, service, in)
	if err != nil {
		return nil, err
	}
	if len(res.Items) != len(in) {
		return nil, fmt.Errorf("portal answered %d item results for %d items (error_code %d: %s)", len(res.Items), len(in), res.ErrorCode, res.Message)
	}
	for k, r := range res.Items {
		i := at[k]
		switch {
		case r.ErrorCode == qcvn120.ItemOK:
			out[i] = ItemResult{OK: true}
		case r.Retryable:
			out[i] = ItemResult{Retryable: true, Error: r.Message}
		default:
			msg := r.Message
			if r.Field != "" {
				msg = r.Field + ": " + msg
			}
			out[i] = ItemResult{Error: fmt.Sprintf("code %d: %s", r.ErrorCode, msg)}
		}
	}
	return out, nil
}

// Catalogue fetches the whole procedure catalogue (LayThuTuc).
func (p PortalClient) Catalogue(ctx context.Context) ([]qcvn120.LayThuTuc, error) {
	return p.C.LayThuTuc(ctx)
}

// errUnreadable: an outbox payload that does not decode (parked).
type errUnreadable struct{ err error }

func (e errUnreadable) Error() string { return "outbox item unreadable: " + e.err.Error() }

// sendOneByOne sends liên thông items (forwarded dossiers, hand-overs), one
// request each: applied or duplicate → accepted; a refusal the portal gives
// for the item (malformed, not our agency, no centre for the target) →
// parked with its reason; anything else (network, 5xx, session) fails the
// call, which is retried — the items already sent answer duplicate then.
func (p PortalClient) sendOneByOne(ctx context.Context, items []Item, at []int, out []ItemResult, send func(context.Context, []byte) error) ([]ItemResult, error) {
	for _, i := range at {
		err := send(ctx, items[i].Payload)
		var ce *client.CallError
		var ue errUnreadable
		switch {
		case err == nil:
			out[i] = ItemResult{OK: true}
		case errors.As(err, &ue):
			out[i] = ItemResult{Error: ue.Error()}
		case errors.As(err, &ce) && (ce.Status == http.StatusBadRequest || ce.Status == http.StatusForbidden ||
			ce.Status == http.StatusConflict || ce.Status == http.StatusRequestEntityTooLarge):
			out[i] = ItemResult{Error: fmt.Sprintf("HTTP %d: %s", ce.Status, ce.Message)}
		default:
			return nil, err
		}
	}
	return out, nil
}
