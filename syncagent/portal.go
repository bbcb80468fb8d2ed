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
	if service == portal.SvcTransfer {
		return p.sendTransfers(ctx, items, at, out)
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

// sendTransfers forwards dossiers (liên thông), one request each: applied
// or duplicate → accepted; a refusal the portal gives for the item
// (malformed, not our agency, no centre for the target) → parked with its
// reason; anything else (network, 5xx, session) fails the call, which is
// retried — the items already forwarded answer duplicate then.
func (p PortalClient) sendTransfers(ctx context.Context, items []Item, at []int, out []ItemResult) ([]ItemResult, error) {
	for _, i := range at {
		var t portal.Transfer
		if err := json.Unmarshal(items[i].Payload, &t); err != nil {
			out[i] = ItemResult{Error: "outbox transfer unreadable: " + err.Error()}
			continue
		}
		_, err := p.C.Transfer(ctx, t)
		var ce *client.CallError
		switch {
		case err == nil:
			out[i] = ItemResult{OK: true}
		case errors.As(err, &ce) && (ce.Status == http.StatusBadRequest || ce.Status == http.StatusForbidden ||
			ce.Status == http.StatusConflict || ce.Status == http.StatusRequestEntityTooLarge):
			out[i] = ItemResult{Error: fmt.Sprintf("HTTP %d: %s", ce.Status, ce.Message)}
		default:
			return nil, err
		}
	}
	return out, nil
}
