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
	in := make([]client.Item, len(items))
	for i, it := range items {
		in[i] = client.Item(it)
	}
	res, err := p.C.SendItems(ctx, service, in)
	if err != nil {
		return nil, err
	}
	if len(res.Items) != len(items) {
		return nil, fmt.Errorf("portal answered %d item results for %d items (error_code %d: %s)", len(res.Items), len(items), res.ErrorCode, res.Message)
	}
	out := make([]ItemResult, len(items))
	for i, r := range res.Items {
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

// rawJSON is a helper for tests and tools.
func rawJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
