// Package client is the Go client of the portal's ingest API, for the sync
// agent: log in, send batches of packet items, pull the catalogue.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/qcvn120"
)

// Client talks to one portal as one centre. It logs in on first use and
// again when the portal says the session expired. Safe for concurrent use.
type Client struct {
	BaseURL  string // e.g. https://portal.example.vn
	Username string
	Password string
	// MaDonVi is sent as the envelope's madonvi (optional).
	MaDonVi string
	HTTP    *http.Client

	mu      sync.Mutex
	session string
	// limit is the most items per call this portal accepted after it
	// answered "too many items" (0: not known).
	limit atomic.Int64
}

// New makes a client with a 30 s HTTP timeout.
func New(baseURL, username, password string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Username: username, Password: password,
		HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// TrustPEM makes the client accept the portal certificates signed by the
// CA certificates in pem (a province's own CA), besides the system's.
func (c *Client) TrustPEM(pem []byte) error {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return errors.New("portal client: no PEM certificate found")
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	hc := *c.HTTP
	hc.Transport = tr
	c.HTTP = &hc
	return nil
}

// Item is one packet item with our idempotency extension. Same fields as
// syncagent.Item, so a conversion is all an adapter needs.
type Item struct {
	ID      int64 // sender's idempotency key (outbox id), echoed in the result
	Key     string
	Version int64 // monotonic per dossier at the sender; 0 = unversioned
	Payload json.RawMessage
}

// Result is the portal's answer to one Send: one item result per item.
type Result struct {
	ErrorCode int
	Message   string
	Items     []qcvn120.ItemResult
}

// CallError is a call the portal answered with a call-level error.
type CallError struct {
	Status  int // HTTP status
	Code    int // qcvn120.Err*
	Message string
}

func (e *CallError) Error() string {
	return fmt.Sprintf("portal: HTTP %d, error_code %d: %s", e.Status, e.Code, e.Message)
}

// Temporary reports whether sending the same call later may succeed
// (server errors, auth); malformed, forbidden, unknown-service and too-large
// calls will not.
func (e *CallError) Temporary() bool {
	switch e.Code {
	case qcvn120.ErrMalformed, qcvn120.ErrForbidden, qcvn120.ErrService, qcvn120.ErrTooLarge:
		return false
	}
	return true
}

// Login logs in and keeps the session.
func (c *Client) Login(ctx context.Context) error {
	body, _ := json.Marshal(qcvn120.LoginRequest{Username: c.Username, Password: c.Password})
	var lr qcvn120.LoginResponse
	status, err := c.post(ctx, "/api/v1/login", body, &lr)
	if err != nil {
		return err
	}
	if lr.ErrorCode != qcvn120.OK || lr.Session == "" {
		return &CallError{Status: status, Code: lr.ErrorCode, Message: lr.Message}
	}
	c.mu.Lock()
	c.session = lr.Session
	c.mu.Unlock()
	return nil
}

// Send posts standard items (no version): the portal applies them
// last-writer-wins and never over a versioned state.
func (c *Client) Send(ctx context.Context, service string, items []json.RawMessage) (Result, error) {
	return c.send(ctx, service, items, nil)
}

// SendItems posts items with their id and version in the envelope's
// "motcua" extension, so replays and reordering never regress a dossier.
// A portal that answers "too many items" gets the call in halves, and
// later calls no larger than what it accepted.
func (c *Client) SendItems(ctx context.Context, service string, items []Item) (Result, error) {
	if lim := int(c.limit.Load()); lim > 0 && len(items) > lim {
		var all Result
		for start := 0; start < len(items); start += lim {
			r, err := c.SendItems(ctx, service, items[start:min(start+lim, len(items))])
			if err != nil {
				return Result{}, err
			}
			all.ErrorCode, all.Message = max(all.ErrorCode, r.ErrorCode), r.Message
			all.Items = append(all.Items, r.Items...)
		}
		return all, nil
	}
	data := make([]json.RawMessage, len(items))
	meta := make([]qcvn120.ItemMeta, len(items))
	for i, it := range items {
		data[i] = it.Payload
		meta[i] = qcvn120.ItemMeta{ID: qcvn120.Str(strconv.FormatInt(it.ID, 10)), Version: qcvn120.Int(it.Version)}
	}
	r, err := c.send(ctx, service, data, meta)
	var ce *CallError
	if errors.As(err, &ce) && ce.Code == qcvn120.ErrTooLarge && len(items) > 1 {
		half := int64(len(items) / 2)
		if lim := c.limit.Load(); lim == 0 || half < lim {
			c.limit.Store(half)
		}
		return c.SendItems(ctx, service, items)
	}
	return r, err
}

// send returns an error when the call as a whole failed (network, HTTP
// 5xx, auth, or a call-level refusal: see CallError.Temporary); otherwise
// the Result has exactly one item result per item.
func (c *Client) send(ctx context.Context, service string, data []json.RawMessage, meta []qcvn120.ItemMeta) (Result, error) {
	for attempt := 0; ; attempt++ {
		session, err := c.ensureSession(ctx)
		if err != nil {
			return Result{}, err
		}
		// MarshalJSON directly: json.Marshal would re-scan and compact the
		// whole body the method just built (5 % of a backlog drain).
		body, err := qcvn120.Envelope{Session: session, MaDonVi: c.MaDonVi, Service: service, Data: data, Meta: meta}.MarshalJSON()
		if err != nil {
			return Result{}, err
		}
		var resp qcvn120.Response
		status, err := c.post(ctx, "/api/v1/ingest", body, &resp)
		if err != nil {
			return Result{}, err
		}
		if resp.ErrorCode == qcvn120.ErrAuth && attempt == 0 {
			c.mu.Lock()
			c.session = ""
			c.mu.Unlock()
			continue // the portal restarted with a new key, or the session expired
		}
		if resp.ErrorCode != qcvn120.OK && resp.ErrorCode != qcvn120.ErrPartial {
			return Result{}, &CallError{Status: status, Code: resp.ErrorCode, Message: resp.Message}
		}
		r := Result{ErrorCode: resp.ErrorCode, Message: resp.Message}
		if err := json.Unmarshal(resp.Result, &r.Items); err != nil {
			return Result{}, fmt.Errorf("portal: read result: %w", err)
		}
		if len(r.Items) != len(data) {
			return Result{}, fmt.Errorf("portal: %d results for %d items", len(r.Items), len(data))
		}
		return r, nil
	}
}

// LayThuTuc pulls catalogue entries by short code; no codes pulls the whole
// catalogue. Unknown codes are left out of the answer.
func (c *Client) LayThuTuc(ctx context.Context, codes ...string) ([]qcvn120.LayThuTuc, error) {
	data := make([]json.RawMessage, len(codes))
	for i, code := range codes {
		data[i], _ = json.Marshal(map[string]string{"MATTHC": code})
	}
	for attempt := 0; ; attempt++ {
		session, err := c.ensureSession(ctx)
		if err != nil {
			return nil, err
		}
		body, _ := json.Marshal(qcvn120.Envelope{Session: session, MaDonVi: c.MaDonVi, Service: qcvn120.SvcLayThuTuc, Data: data})
		var resp qcvn120.Response
		status, err := c.post(ctx, "/api/v1/ingest", body, &resp)
		if err != nil {
			return nil, err
		}
		if resp.ErrorCode == qcvn120.ErrAuth && attempt == 0 {
			c.mu.Lock()
			c.session = ""
			c.mu.Unlock()
			continue
		}
		if resp.ErrorCode != qcvn120.OK {
			return nil, &CallError{Status: status, Code: resp.ErrorCode, Message: resp.Message}
		}
		var raws []json.RawMessage
		if err := json.Unmarshal(resp.Result, &raws); err != nil {
			return nil, fmt.Errorf("portal: read catalogue: %w", err)
		}
		out := make([]qcvn120.LayThuTuc, 0, len(raws))
		for _, raw := range raws {
			p, err := qcvn120.Decode(qcvn120.SvcLayThuTuc, raw)
			if err != nil {
				return nil, fmt.Errorf("portal: catalogue entry: %w", err)
			}
			out = append(out, p.(qcvn120.LayThuTuc))
		}
		return out, nil
	}
}

func (c *Client) ensureSession(ctx context.Context) (string, error) {
	c.mu.Lock()
	s := c.session
	c.mu.Unlock()
	if s != "" {
		return s, nil
	}
	if err := c.Login(ctx); err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.session, nil
}

// post sends body and decodes a JSON answer into out. Statuses 5xx without
// a JSON body are errors.
func (c *Client) post(ctx context.Context, path string, body []byte, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("portal: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("portal: read answer: %w", err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return resp.StatusCode, &CallError{Status: resp.StatusCode, Code: qcvn120.ErrInternal,
			Message: errors.Join(fmt.Errorf("not a portal answer: %.200s", b), err).Error()}
	}
	return resp.StatusCode, nil
}
