package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
)

// Inbox pulls the agency's inbound items with seq > after (at most limit,
// 0 = the portal's page size), authenticated with the centre's session.
func (c *Client) Inbox(ctx context.Context, agency string, after int64, limit int) ([]portal.InboxItem, error) {
	q := url.Values{"ma_don_vi": {agency}, "after": {strconv.FormatInt(after, 10)}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out []portal.InboxItem
	err := c.authed(ctx, http.MethodGet, "/api/v1/inbox?"+q.Encode(), nil, &out)
	return out, err
}

// AckInbox tells the portal the centre holds every item of agency up to seq.
func (c *Client) AckInbox(ctx context.Context, agency string, seq int64) error {
	body, _ := json.Marshal(portal.InboxAck{MaDonVi: agency, Seq: seq})
	return c.authed(ctx, http.MethodPost, "/api/v1/inbox/ack", body, nil)
}

// authed calls path with "Authorization: Bearer <session>", logging in
// again once when the portal says the session expired, and decodes the
// answer's result into out.
func (c *Client) authed(ctx context.Context, method, path string, body []byte, out any) error {
	for attempt := 0; ; attempt++ {
		sess, err := c.ensureSession(ctx)
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+sess)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		hc := c.HTTP
		if hc == nil {
			hc = http.DefaultClient
		}
		resp, err := hc.Do(req)
		if err != nil {
			return fmt.Errorf("portal: %w", err)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("portal: read answer: %w", err)
		}
		var ans qcvn120.Response
		if jerr := json.Unmarshal(b, &ans); jerr != nil {
			return &CallError{Status: resp.StatusCode, Code: qcvn120.ErrInternal,
				Message: errors.Join(fmt.Errorf("not a portal answer: %.200s", b), jerr).Error()}
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			c.mu.Lock()
			if c.session == sess {
				c.session = ""
			}
			c.mu.Unlock()
			continue
		}
		if resp.StatusCode != http.StatusOK || ans.ErrorCode != qcvn120.OK {
			return &CallError{Status: resp.StatusCode, Code: ans.ErrorCode, Message: ans.Message}
		}
		if out != nil {
			if err := json.Unmarshal(ans.Result, out); err != nil {
				return fmt.Errorf("portal: inbox answer: %w", err)
			}
		}
		return nil
	}
}

// InboxStatus reports the centre's decision on an inbound item of agency
// (accepted with the dossier code, or returned with the reason).
func (c *Client) InboxStatus(ctx context.Context, agency, id string, st portal.InboundStatus) error {
	body, _ := json.Marshal(portal.InboxStatusReport{MaDonVi: agency, ID: id, InboundStatus: st})
	return c.authed(ctx, http.MethodPost, "/api/v1/inbox/status", body, nil)
}

// TransferResult is the portal's answer to a forwarded dossier.
type TransferResult struct {
	ID      string `json:"id"`
	Agency  string `json:"ma_don_vi_nhan"`
	Seq     int64  `json:"seq"`
	Outcome string `json:"outcome"` // applied, or duplicate when it was forwarded before
}

// Transfer forwards a dossier (its DongBoHoSoMC packet) to the competent
// agency's centre (liên thông).
func (c *Client) Transfer(ctx context.Context, t portal.Transfer) (TransferResult, error) {
	body, _ := json.Marshal(t)
	var out TransferResult
	err := c.authed(ctx, http.MethodPost, "/api/v1/lien-thong", body, &out)
	return out, err
}
