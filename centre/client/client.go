// Package client is the typed Go client of the centre server: HTTP JSON
// calls and a WebSocket subscription that resumes from its last sequence
// number and reconnects with backoff. The kiosk, counter and display apps
// use it; it imports no UI.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// Client talks to one centre server.
type Client struct {
	base  *url.URL
	http  *http.Client
	mu    sync.RWMutex
	token string
}

// New makes a client for a base URL such as http://127.0.0.1:8080.
func New(base, token string) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: bad server URL %q", base)
	}
	return &Client{base: u, http: &http.Client{Timeout: 10 * time.Second}, token: token}, nil
}

// SetToken replaces the bearer token (after login).
func (c *Client) SetToken(t string) {
	c.mu.Lock()
	c.token = t
	c.mu.Unlock()
}

// Token is the current bearer token.
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.token
}

// BaseURL is the server's base URL.
func (c *Client) BaseURL() string { return c.base.String() }

// Error is an error answered by the server, with its Vietnamese message.
type Error struct {
	Status    int
	Code      string
	Message   string
	MessageEN string
}

func (e *Error) Error() string {
	return fmt.Sprintf("centre: %d %s: %s", e.Status, e.Code, e.MessageEN)
}

// ErrUnreachable wraps network failures: the server could not be reached.
var ErrUnreachable = errors.New("centre server unreachable")

// IsCode reports whether err is a server error with that code.
func IsCode(err error, code queue.Code) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == string(code)
}

// Do sends a JSON request and decodes a JSON answer into out (may be nil).
// It returns (false, nil) for 204 No Content.
func (c *Client) Do(ctx context.Context, method, path string, in, out any) (bool, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return false, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, body)
	if err != nil {
		return false, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if t := c.Token(); t != "" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return false, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return false, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	if resp.StatusCode >= 400 {
		var eb struct {
			Error struct {
				Code      string `json:"code"`
				Message   string `json:"message"`
				MessageEN string `json:"message_en"`
			} `json:"error"`
		}
		if json.Unmarshal(data, &eb) != nil || eb.Error.Code == "" {
			return false, &Error{Status: resp.StatusCode, Code: "http_error", Message: "Máy chủ trả lời lỗi " + resp.Status, MessageEN: resp.Status}
		}
		return false, &Error{Status: resp.StatusCode, Code: eb.Error.Code, Message: eb.Error.Message, MessageEN: eb.Error.MessageEN}
	}
	if resp.StatusCode == http.StatusNoContent {
		return false, nil
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return false, fmt.Errorf("decode %s %s: %w", method, path, err)
		}
	}
	return true, nil
}

// LoginResult is the answer to Login.
type LoginResult struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	Username  string    `json:"username"`
	FullName  string    `json:"full_name"`
	Role      string    `json:"role"`
	Counter   string    `json:"counter"`
}

// Login logs an officer in at a counter and keeps the token.
func (c *Client) Login(ctx context.Context, username, password, counter string) (LoginResult, error) {
	var r LoginResult
	_, err := c.Do(ctx, "POST", "/api/v1/login", map[string]string{"username": username, "password": password, "counter": counter}, &r)
	if err == nil {
		c.SetToken(r.Token)
	}
	return r, err
}

// Logout ends the officer's session.
func (c *Client) Logout(ctx context.Context) error {
	_, err := c.Do(ctx, "POST", "/api/v1/logout", nil, nil)
	if err == nil {
		c.SetToken("")
	}
	return err
}

// Services lists services with live waiting figures.
func (c *Client) Services(ctx context.Context) ([]queue.ServiceState, error) {
	var out []queue.ServiceState
	_, err := c.Do(ctx, "GET", "/api/v1/services", nil, &out)
	return out, err
}

// Counters lists counters with their live state.
func (c *Client) Counters(ctx context.Context) ([]queue.CounterLive, error) {
	var out []queue.CounterLive
	_, err := c.Do(ctx, "GET", "/api/v1/counters", nil, &out)
	return out, err
}

// Priorities lists the priority categories.
func (c *Client) Priorities(ctx context.Context) ([]queue.PriorityCategory, error) {
	var out []queue.PriorityCategory
	_, err := c.Do(ctx, "GET", "/api/v1/priorities", nil, &out)
	return out, err
}

// Settings reads the addresses the apps print and encode in QR codes.
func (c *Client) Settings(ctx context.Context) (centre.Settings, error) {
	var out centre.Settings
	_, err := c.Do(ctx, "GET", "/api/v1/settings", nil, &out)
	return out, err
}

// Snapshot reads the full board state.
func (c *Client) Snapshot(ctx context.Context) (*queue.Snapshot, error) {
	var out queue.Snapshot
	_, err := c.Do(ctx, "GET", "/api/v1/snapshot", nil, &out)
	return &out, err
}

// Issue takes a number.
func (c *Client) Issue(ctx context.Context, req centre.IssueRequest) (centre.Issued, error) {
	var out centre.Issued
	_, err := c.Do(ctx, "POST", "/api/v1/tickets", req, &out)
	return out, err
}

// Ticket reads a ticket with its place in the queue.
func (c *Client) Ticket(ctx context.Context, id string) (centre.TicketView, error) {
	var out centre.TicketView
	_, err := c.Do(ctx, "GET", "/api/v1/tickets/"+url.PathEscape(id), nil, &out)
	return out, err
}

// CallNext calls the next ticket at counter; ok is false when none waits.
func (c *Client) CallNext(ctx context.Context, counter, service string) (t centre.TicketView, ok bool, err error) {
	var in any
	if service != "" {
		in = map[string]string{"service": service}
	}
	ok, err = c.Do(ctx, "POST", "/api/v1/counters/"+url.PathEscape(counter)+"/call-next", in, &t)
	return t, ok, err
}

// Act performs a ticket operation; args may carry service (transfer) or
// counter (redirect).
func (c *Client) Act(ctx context.Context, id string, op queue.Op, service, counter string) (centre.TicketView, error) {
	var out centre.TicketView
	var in any
	if service != "" || counter != "" {
		in = map[string]string{"service": service, "counter": counter}
	}
	_, err := c.Do(ctx, "POST", "/api/v1/tickets/"+url.PathEscape(id)+"/"+string(op), in, &out)
	return out, err
}

// Pause pauses a counter with a reason.
func (c *Client) Pause(ctx context.Context, counter, reason string) error {
	_, err := c.Do(ctx, "POST", "/api/v1/counters/"+url.PathEscape(counter)+"/pause", map[string]string{"reason": reason}, nil)
	return err
}

// Resume reopens a paused counter.
func (c *Client) Resume(ctx context.Context, counter string) error {
	_, err := c.Do(ctx, "POST", "/api/v1/counters/"+url.PathEscape(counter)+"/resume", nil, nil)
	return err
}

// ReportState tells the server a device's state (e.g. "printer:paper_out").
func (c *Client) ReportState(ctx context.Context, state string) error {
	_, err := c.Do(ctx, "POST", "/api/v1/devices/state", map[string]string{"state": state}, nil)
	return err
}

// Stats reads a day's statistics ("" = today).
func (c *Client) Stats(ctx context.Context, date string) (*queue.Stats, error) {
	var out queue.Stats
	path := "/api/v1/stats"
	if date != "" {
		path += "?date=" + url.QueryEscape(date)
	}
	_, err := c.Do(ctx, "GET", path, nil, &out)
	return &out, err
}

// ConnState is the subscription's connection state.
type ConnState int

const (
	Connecting ConnState = iota
	Connected
	Disconnected
)

// Handler receives what a subscription delivers, in order, from one goroutine.
type Handler struct {
	Snapshot func(*queue.Snapshot)
	Event    func(queue.Event)
	State    func(ConnState, error)
}

// SubscribeOptions tune Subscribe.
type SubscribeOptions struct {
	// Ticket subscribes to one ticket's public stream (no token needed).
	Ticket string
	// MinBackoff and MaxBackoff bound the reconnect delay (defaults 250 ms, 10 s).
	MinBackoff, MaxBackoff time.Duration
}

// Subscribe follows /ws until ctx ends: it hands over the snapshot and the
// numbered events, reconnects with exponential backoff and jitter, and
// resumes with ?since= so no event is missed or repeated (the server sends
// a fresh snapshot when the gap is too large).
func (c *Client) Subscribe(ctx context.Context, o SubscribeOptions, h Handler) error {
	if o.MinBackoff == 0 {
		o.MinBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 10 * time.Second
	}
	var last int64 = -1
	backoff := o.MinBackoff
	for {
		if h.State != nil {
			h.State(Connecting, nil)
		}
		got, err := c.runWS(ctx, o, &last, h)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if h.State != nil {
			h.State(Disconnected, err)
		}
		if got {
			backoff = o.MinBackoff
		}
		d := backoff/2 + rand.N(backoff/2+1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
		}
		backoff *= 2
		if backoff > o.MaxBackoff {
			backoff = o.MaxBackoff
		}
	}
}

// runWS runs one connection; got reports whether anything was received.
func (c *Client) runWS(ctx context.Context, o SubscribeOptions, last *int64, h Handler) (got bool, err error) {
	u := *c.base
	if u.Scheme == "https" {
		u.Scheme = "wss"
	} else {
		u.Scheme = "ws"
	}
	u.Path = "/ws"
	q := url.Values{"batch": {"1"}}
	if *last >= 0 {
		q.Set("since", fmt.Sprint(*last))
	}
	if o.Ticket != "" {
		q.Set("ticket", o.Ticket)
	}
	u.RawQuery = q.Encode()
	hdr := http.Header{}
	if t := c.Token(); t != "" && o.Ticket == "" {
		hdr.Set("Authorization", "Bearer "+t)
	}
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	conn, resp, err := d.DialContext(ctx, u.String(), hdr)
	if err != nil {
		if resp != nil && (resp.StatusCode == 401 || resp.StatusCode == 403) {
			return false, &Error{Status: resp.StatusCode, Code: "unauthorized", Message: "Thiết bị chưa được cấp quyền hoặc mã đã bị thu hồi", MessageEN: "websocket refused: " + resp.Status}
		}
		return false, fmt.Errorf("%w: %v", ErrUnreachable, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	conn.SetReadLimit(16 << 20)
	// The server pings every 20 s; silence for longer means the link is dead.
	conn.SetPingHandler(func(data string) error {
		conn.SetReadDeadline(time.Now().Add(60 * time.Second))
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
	})
	connected := false
	for {
		conn.SetReadDeadline(time.Now().Add(60 * time.Second))
		_, data, err := conn.ReadMessage()
		if err != nil {
			return got, err
		}
		msgs, err := decodeFrame(data)
		if err != nil {
			return got, err
		}
		if !connected {
			connected = true
			if h.State != nil {
				h.State(Connected, nil)
			}
		}
		got = true
		for _, m := range msgs {
			deliver(m, last, h)
		}
	}
}

// decodeFrame reads one WebSocket message: a message object, or (with
// ?batch=1) an array of them.
func decodeFrame(data []byte) ([]queue.Message, error) {
	for _, b := range data {
		if b == ' ' || b == '\n' || b == '\r' || b == '\t' {
			continue
		}
		if b == '[' {
			var ms []queue.Message
			if err := json.Unmarshal(data, &ms); err != nil {
				return nil, fmt.Errorf("bad frame: %w", err)
			}
			return ms, nil
		}
		break
	}
	var m queue.Message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("bad frame: %w", err)
	}
	return []queue.Message{m}, nil
}

func deliver(m queue.Message, last *int64, h Handler) {
	switch {
	case m.Type == "snapshot" && m.Snapshot != nil:
		*last = m.Snapshot.Seq
		if h.Snapshot != nil {
			h.Snapshot(m.Snapshot)
		}
	case m.Type == "event" && m.Event != nil:
		if m.Event.Seq <= *last {
			return
		}
		*last = m.Event.Seq
		if h.Event != nil {
			h.Event(*m.Event)
		}
	}
	// "resumed" ends a replay; nothing to do.
}
