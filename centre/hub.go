package centre

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

const (
	sendQueue    = 256              // frames buffered per client before it counts as stalled
	writeWait    = 5 * time.Second  // deadline of one frame write
	pongWait     = 45 * time.Second // a client silent this long is gone
	pingInterval = 20 * time.Second
	maxReplay    = 2000 // a larger gap gets a fresh snapshot instead
)

// Hub fans committed events out to WebSocket clients. Publish never blocks:
// a client whose queue is full is dropped and will reconnect and resync.
type Hub struct {
	db     *store.DB
	engine *Engine
	log    *slog.Logger
	m      *metrics

	mu         sync.Mutex
	clients    map[*wsClient]struct{}
	perAddr    map[string]int  // open connections per client address
	maxPerAddr int             // ≤ 0: no cap
	connects   *ratelimit.Pair // new connections per network, then per address, a minute (each costs a snapshot)
	// recheck asks the server to check every connection's principal now.
	recheck chan struct{}
	open    atomic.Int64 // sockets not yet closed (wsloop.go)
}

// wsAuth is who a connection acts for: the hash of its token and the roles
// that may keep it open. Zero for a phone following its own ticket.
type wsAuth struct {
	hash  string
	roles []string
}

type wsClient struct {
	send chan *frame // shared, read-only frames: 8 bytes a slot
	// Direct writes (Hub.Publish, fanout.go): a board whose writer is idle
	// gets a commit's events written by the publisher itself.
	conn     *websocket.Conn
	wmu      sync.Mutex   // one writer at a time: the client's goroutine or Publish
	live     atomic.Bool  // the initial state is written and mark set
	mark     int64        // sequence the initial state covers (under wmu)
	inflight atomic.Int32 // frames put in send and not yet written
	quit     chan struct{}
	once     sync.Once
	batch    bool // the client takes JSON arrays of messages (?batch=1)
	// addr, onClose, pinger, closed, wstate, writerOn: the socket's own bookkeeping (wsloop.go).
	addr     string
	onClose  func()
	pinger   atomic.Pointer[time.Timer]
	closed   sync.Once
	wstate   sync.Mutex
	writerOn bool // a writeQueued goroutine runs (or the initial state is being written)
	// ticket, service: a phone following one ticket; it gets that ticket's
	// events, and its service's calls and issues without other tickets' ids.
	ticket, service string
	auth            wsAuth
	// closeCode, closeText: why the server ends the connection (set before quit).
	closeMu   sync.Mutex
	closeCode int
	closeText string
}

// How much of an event a client gets.
const (
	seeNone  = iota
	seeAll   // boards, officers, the console
	seeOwn   // a phone's own ticket: everything but the officer's username
	seeOther // another ticket of the phone's service: no id, no officer
)

// sees reports whether the client gets ev, and how redacted.
func (c *wsClient) sees(ev *queue.Event) int {
	switch {
	case c.ticket == "":
		return seeAll
	case ev.TicketID == c.ticket:
		return seeOwn
	case ev.Service == c.service && (ev.Kind == queue.EvCalled || ev.Kind == queue.EvIssued):
		return seeOther
	case ev.Kind == queue.EvPaused || ev.Kind == queue.EvCounterShut || ev.Kind == queue.EvCounterOpen || ev.Kind == queue.EvUnpaused:
		// A counter's state, as the hall board shows it: the phone of a
		// ticket called there says when it is away (and a waiting one's
		// open-counter count moves).
		return seeOther
	}
	return seeNone
}

// redacted drops what a tokenless phone must not get: the officer's
// username always (no personal data without a token), and other tickets' ids
// (which would let one phone follow another's ticket).
func redacted(ev queue.Event, mode int) queue.Event {
	ev.Officer = ""
	if mode == seeOther {
		ev.TicketID = ""
	}
	return ev
}

type frame struct {
	seq  int64
	data []byte
	// pm is data framed once for every socket (nil for a phone's redacted
	// copy): a board's writer sends it without copying or re-framing.
	pm *websocket.PreparedMessage
	// issued is the service of a ticket.issued event. Its only news for a
	// board is the service's waiting count, which a later issued event of
	// the same service carries too: a batched client gets only the latest.
	issued string
}

// stop ends the client: quit closes, and the read deadline passes at once so
// the client's goroutine (wsloop.go) wakes, writes the close frame and
// cleans up.
func (c *wsClient) stop() {
	c.once.Do(func() {
		close(c.quit)
		if c.conn != nil {
			c.conn.SetReadDeadline(time.Now())
		}
	})
}

// end stops the client with a close code and reason (the first one wins).
func (c *wsClient) end(code int, text string) {
	c.closeMu.Lock()
	if c.closeCode == 0 {
		c.closeCode, c.closeText = code, text
	}
	c.closeMu.Unlock()
	c.stop()
}

func (c *wsClient) closeReason() (int, string) {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	if c.closeCode == 0 {
		return websocket.CloseTryAgainLater, "too slow"
	}
	return c.closeCode, c.closeText
}

func newHub(db *store.DB, e *Engine, log *slog.Logger, m *metrics) *Hub {
	h := &Hub{db: db, engine: e, log: log, m: m, clients: map[*wsClient]struct{}{}, perAddr: map[string]int{},
		recheck: make(chan struct{}, 1), connects: ratelimit.NewPair(maxConnectsPerMinute, time.Minute, ratelimit.DefaultKeys)}
	db.OnCommit(h.Publish)
	db.ObserveCommits(func(units int, took time.Duration) {
		m.commit.Observe(took.Seconds())
		m.batchUnits.Observe(float64(units))
	})
	return h
}

// Publish sends events to every client. Called by the store's writer after
// commit, in sequence order.
func (h *Hub) Publish(evs []queue.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.clients) == 0 {
		return
	}
	fulls := make([]*frame, len(evs))
	for i := range evs {
		ev := &evs[i]
		data, err := json.Marshal(queue.Message{Type: "event", Event: ev})
		if err != nil {
			h.log.Error("encode event", "seq", ev.Seq, "err", err)
			continue // fulls[i] stays nil
		}
		full := &frame{seq: ev.Seq, data: data}
		if pm, err := websocket.NewPreparedMessage(websocket.TextMessage, data); err == nil {
			full.pm = pm
		}
		if ev.Kind == queue.EvIssued {
			full.issued = ev.Service
		}
		fulls[i] = full
	}
	var direct directMsg
	// fan: the boards written directly, after this loop (fanout.go).
	var fan fanout
	reds := make([][seeOther + 1]*frame, len(evs)) // phones' copies, made once per event
	for c := range h.clients {
		if h.claimDirect(c, fulls, &direct, &fan) {
			continue
		}
		for i := range evs {
			ev, full := &evs[i], fulls[i]
			if full == nil {
				continue
			}
			red := &reds[i]
			mode := c.sees(ev)
			if mode == seeNone {
				continue
			}
			f := full
			if mode != seeAll {
				if red[mode] == nil {
					r := redacted(*ev, mode)
					b, _ := json.Marshal(queue.Message{Type: "event", Event: &r})
					red[mode] = &frame{seq: ev.Seq, data: b}
				}
				f = red[mode]
			}
			c.inflight.Add(1)
			select {
			case c.send <- f:
				h.kick(c) // wsloop.go: starts the client's writer if it has none
			default:
				c.inflight.Add(-1)
				delete(h.clients, c)
				c.end(websocket.CloseTryAgainLater, "too slow")
				h.m.wsDropped.Inc()
				h.log.Warn("websocket client too slow, dropped", "seq", ev.Seq)
			}
			if _, ok := h.clients[c]; !ok {
				break // dropped: nothing more for it
			}
		}
	}
	if len(fan.boards) > 0 {
		t0 := time.Now()
		fan.write(h, direct.pm)
		h.m.fanout.Observe(time.Since(t0).Seconds())
	}
}

// Clients is the number of connected clients.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// authHashes lists the distinct token hashes of the open connections.
func (h *Hub) authHashes() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for c := range h.clients {
		if c.auth.hash != "" && !seen[c.auth.hash] {
			seen[c.auth.hash] = true
			out = append(out, c.auth.hash)
		}
	}
	return out
}

// closeWhere ends every connection whose principal drop refuses, with a
// policy-violation close frame; it returns how many.
func (h *Hub) closeWhere(drop func(wsAuth) bool) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for c := range h.clients {
		if c.auth.hash != "" && drop(c.auth) {
			delete(h.clients, c)
			c.end(websocket.ClosePolicyViolation, "unauthorized")
			n++
		}
	}
	return n
}

// Recheck asks for every connection's principal to be checked at once (after
// a logout, a revocation, a disabled officer).
func (h *Hub) Recheck() {
	select {
	case h.recheck <- struct{}{}:
	default:
	}
}

const (
	// maxWSClients bounds all open sockets (a large centre has a few hundred).
	maxWSClients = 5000
	// maxConnectsPerMinute bounds how often one address may open a socket:
	// each costs a snapshot or a replay; a board reconnects with backoff.
	maxConnectsPerMinute = 240
)

var errTooManyConns = queue.Errf(queue.CodeRateLimited, "Quá nhiều kết nối từ thiết bị này", "too many WebSocket connections from this address")

// admit counts a new connection from addr in network, refusing it over the
// caps (the network's share of connects is counted before the address's:
// ratelimit.Pair). The host itself (127.0.0.1, ::1: local tools, `motcua
// bench`) is not capped.
func (h *Hub) admit(network, addr string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	capped := h.maxPerAddr > 0 && addr != "127.0.0.1" && addr != "::1"
	if capped && (h.perAddr[addr] >= h.maxPerAddr || !h.connects.Allow(network, addr)) || len(h.clients) >= maxWSClients {
		return false
	}
	h.perAddr[addr]++
	return true
}

func (h *Hub) leave(addr string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.perAddr[addr]--; h.perAddr[addr] <= 0 {
		delete(h.perAddr, addr)
	}
}

var upgrader = websocket.Upgrader{
	// Clients send only pongs and close frames: the smallest read buffer
	// (gorilla's floor is a control frame's 125 bytes). Write buffers are
	// pooled, so an idle socket holds none; most frames are prepared once
	// (hub.Publish) and need none at all.
	ReadBufferSize:   256,
	WriteBufferSize:  4096,
	WriteBufferPool:  &sync.Pool{},
	HandshakeTimeout: 10 * time.Second,
	CheckOrigin:      sameOriginOrNone,
	// Refusals get the JSON error body like every other answer.
	Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
		code, vi := queue.CodeInvalid, "Yêu cầu WebSocket không hợp lệ"
		if status == http.StatusForbidden {
			code, vi = queue.CodeForbidden, "Trang này không được phép mở kết nối tới máy chủ"
		}
		w.Header().Set("Sec-Websocket-Version", "13")
		writeJSON(w, status, errorBody{Error: errorDetail{Code: code, Message: vi, MessageEN: reason.Error()}})
	},
}

// sameOriginOrNone accepts clients that send no Origin (the Fyne apps, the
// Go client) and browsers on a page served by this server: a page elsewhere
// must not ride a board's or the console's credentials (cross-site
// WebSocket hijacking: the console authenticates by cookie).
func sameOriginOrNone(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// initial returns the first frames for a client and the sequence they
// cover: the missed events if the gap is small, else a snapshot.
func (h *Hub) initial(ctx context.Context, since int64, c *wsClient) ([][]byte, int64, error) {
	if since >= 0 {
		evs, err := h.db.EventsSince(ctx, since, maxReplay+1)
		if err != nil {
			return nil, 0, err
		}
		max, err := h.db.MaxSeq(ctx)
		if err != nil {
			return nil, 0, err
		}
		// A since beyond the log means another database (a restore): resync.
		if len(evs) <= maxReplay && since <= max {
			out := make([][]byte, 0, len(evs))
			mark := since
			for i := range evs {
				mark = evs[i].Seq
				mode := c.sees(&evs[i])
				if mode == seeNone {
					continue
				}
				if mode != seeAll {
					evs[i] = redacted(evs[i], mode)
				}
				b, err := json.Marshal(queue.Message{Type: "event", Event: &evs[i]})
				if err != nil {
					return nil, 0, err
				}
				out = append(out, b)
			}
			b, _ := json.Marshal(queue.Message{Type: "resumed", Seq: mark})
			return append(out, b), mark, nil
		}
	}
	snap, err := h.engine.Snapshot(ctx)
	if err != nil {
		return nil, 0, err
	}
	if c.ticket != "" {
		// A phone sees the board, not other tickets' tracking ids.
		for i := range snap.Recent {
			snap.Recent[i].TicketID = ""
		}
		for i := range snap.Counters {
			if cur := snap.Counters[i].Current; cur != nil && cur.TicketID != c.ticket {
				cp := *cur
				cp.TicketID = ""
				snap.Counters[i].Current = &cp
			}
			snap.Counters[i].Officer = ""
		}
	}
	b, err := json.Marshal(queue.Message{Type: "snapshot", Snapshot: snap})
	if err != nil {
		return nil, 0, err
	}
	return [][]byte{b}, snap.Seq, nil
}

// joinArray makes one JSON array message of several encoded messages.
func joinArray(msgs [][]byte) []byte {
	n := 2
	for _, m := range msgs {
		n += len(m) + 1
	}
	out := make([]byte, 0, n)
	out = append(out, '[')
	for i, m := range msgs {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, m...)
	}
	return append(out, ']')
}

// coalesce keeps the frames of a burst in order, but of several
// ticket.issued events of one service only the last (it carries the
// newest waiting count, which is all a board takes from them).
func coalesce(fs []*frame, out [][]byte) [][]byte {
	var later map[string]bool
	keep := make([]bool, len(fs))
	for i := len(fs) - 1; i >= 0; i-- {
		if svc := fs[i].issued; svc != "" {
			if later[svc] {
				continue
			}
			if later == nil {
				later = map[string]bool{}
			}
			later[svc] = true
		}
		keep[i] = true
	}
	for i, f := range fs {
		if keep[i] {
			out = append(out, f.data)
		}
	}
	return out
}
