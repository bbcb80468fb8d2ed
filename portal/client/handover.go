package client

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/motcua/motcua/portal"
)

// HandOver tells the portal that the result of a forwarded dossier was
// handed over here, at the centre that received it (liên thông); the
// portal queues it for the deciding centre.
func (c *Client) HandOver(ctx context.Context, h portal.HandOver) (TransferResult, error) {
	body, _ := json.Marshal(h)
	var out TransferResult
	err := c.authed(ctx, http.MethodPost, "/api/v1/lien-thong/tra-ket-qua", body, &out)
	return out, err
}
