package syncagent

import (
	"context"
	"encoding/json"
	"fmt"

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
