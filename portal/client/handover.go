package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

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

// RefuseHandOver tells the portal that this (deciding) centre could not
// record a hand-over the receiving centre made (liên thông); the portal
// queues the refusal for the receiving centre.
func (c *Client) RefuseHandOver(ctx context.Context, x portal.HandOverRefusal) (TransferResult, error) {
	body, _ := json.Marshal(x)
	var out TransferResult
	err := c.authed(ctx, http.MethodPost, "/api/v1/lien-thong/tra-ket-qua/tu-choi", body, &out)
	return out, err
}

// HandOverState reads the hand-over of a forwarded dossier the portal holds
// and its refusal, if any.
func (c *Client) HandOverState(ctx context.Context, maHoSo string) (portal.HandOverState, error) {
	var out portal.HandOverState
	err := c.authed(ctx, http.MethodGet, "/api/v1/lien-thong/tra-ket-qua/"+url.PathEscape(maHoSo), nil, &out)
	return out, err
}
