package centre

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/queue"
)

// One goroutine per socket (issue 20, server RSS). The HTTP handler upgrades,
// writes the initial state and returns: net/http then drops the connection's
// 4 KB read and write buffers and the handler's deep stack, which it kept for
// as long as a socket's loop ran inside the handler (~10 KB of heap and a
// 16–32 KB stack per socket). What is left per socket:
//   - one goroutine (run) that reads: pongs, close frames, a dead peer;
//   - a ping timer (no goroutine until it fires every pingInterval);
//   - a writer goroutine only while frames are queued (writeQueued): Publish
//     starts it when it queues a frame for a client that has none, and it
//     returns after writerLinger with nothing queued (so a client that gets
//     events all the time keeps one writer, as before, instead of starting
//     one per event). An idle board gets a commit's events written by the
//     publisher itself (fanout.go) and needs no writer at all.
//
// The socket ends in run: c.stop() (too slow, unauthorized, shutdown) moves
// the read deadline to now; run then writes the close frame with the reason
// and cleans up (closeClient) exactly once.

var errStopped = errors.New("websocket client stopped")

// writerLinger is how long a client's writer waits for more frames before
// it returns.
const writerLinger = time.Second

// serveWS upgrades and starts one client. since (query) resumes after a
// sequence number; batch=1 lets the server send several messages as one
// JSON array (one write for a burst: what keeps hundreds of boards cheap);
// ticket/service restrict a phone's stream. onClose (may be nil) runs once
// when the socket is gone, or at once if it never opened.
func (h *Hub) serveWS(w http.ResponseWriter, r *http.Request, ticket, service string, auth wsAuth, onClose func()) {
	opened := false
	defer func() {
		if !opened && onClose != nil {
			onClose()
		}
	}()
	var since int64 = -1
	if s := r.URL.Query().Get("since"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 || len(s) > 19 {
			writeErr(w, r, h.log, queue.Errf(queue.CodeInvalid, "Tham số since không hợp lệ", "bad since %q", s))
			return
		}
		since = v
	}
	addr := ClientAddr(r)
	if !h.admit(ClientNetwork(r), addr) {
		h.log.Warn("websocket refused: too many connections", "remote", addr)
		writeErr(w, r, h.log, errTooManyConns)
		return
	}
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		h.leave(addr)
		return // the upgrader already answered
	}
	opened = true
	c := &wsClient{send: make(chan *frame, sendQueue), quit: make(chan struct{}), ticket: ticket, service: service, conn: conn,
		batch: r.URL.Query().Get("batch") == "1", auth: auth, addr: addr, onClose: onClose}
	// Until the initial state is written nobody else writes: Publish queues
	// (not live: no direct write; writerOn: no writer started).
	c.writerOn = true
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.open.Add(1)
	h.mu.Unlock()
	h.m.wsClients.Inc()

	// Registered before reading the initial state: every event committed
	// from now on is in c.send, everything earlier is in the database.
	initial, mark, err := h.initial(r.Context(), since, c)
	if err != nil {
		h.log.Error("websocket initial state", "err", err)
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseInternalServerErr, "snapshot failed"), time.Now().Add(time.Second))
		h.closeClient(c)
		return
	}
	if c.batch && len(initial) > 1 {
		initial = [][]byte{joinArray(initial)}
	}
	c.wmu.Lock()
	for _, f := range initial {
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		if err := conn.WriteMessage(websocket.TextMessage, f); err != nil {
			c.wmu.Unlock()
			h.closeClient(c)
			return
		}
	}
	c.mark = mark
	c.live.Store(true)
	c.wmu.Unlock()
	go h.writeQueued(c) // what Publish queued meanwhile; it returns when idle
	c.pinger.Store(time.AfterFunc(pingInterval, func() { h.ping(c) }))
	go h.run(c)
}

// run reads until the peer goes or the server stops the client, then ends
// the socket.
func (h *Hub) run(c *wsClient) {
	defer h.closeClient(c)
	conn := c.conn
	conn.SetReadLimit(4096)
	conn.SetPongHandler(func(string) error { return c.extend() })
	// Clients send nothing we act on; reading keeps pongs and close frames
	// flowing and notices a dead peer.
	for c.extend() == nil {
		if _, _, err := conn.ReadMessage(); err != nil {
			break
		}
	}
	c.stop()
	code, text := c.closeReason()
	conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
}

// extend gives the peer another pongWait, unless the client is stopped (set
// before checking, so a stop racing with a pong still wakes the reader).
func (c *wsClient) extend() error {
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	select {
	case <-c.quit:
		return errStopped
	default:
		return nil
	}
}

// abort ends a client whose write failed: no close frame can follow.
func (c *wsClient) abort() {
	c.stop()
	c.conn.Close()
}

// kick starts c's writer unless one runs. Publish calls it after queueing a
// frame (with h.mu held).
func (h *Hub) kick(c *wsClient) {
	c.wstate.Lock()
	start := !c.writerOn
	c.writerOn = true
	c.wstate.Unlock()
	if start {
		go h.writeQueued(c)
	}
}

// writeQueued writes what Publish queued for c, several frames as one
// message where the client takes batches, and returns after writerLinger
// with nothing queued. At most one runs per client (writerOn).
func (h *Hub) writeQueued(c *wsClient) {
	var pending []*frame
	var out [][]byte
	idle := time.NewTimer(writerLinger)
	defer idle.Stop()
	for {
		var f *frame
		select {
		case f = <-c.send:
		case <-c.quit:
			return // the client is ending: no writer is needed any more
		case <-idle.C:
			c.wstate.Lock()
			// A frame queued before this lock was taken is seen here; one
			// queued after it finds writerOn false and starts a writer.
			if len(c.send) > 0 {
				c.wstate.Unlock()
				idle.Reset(writerLinger)
				continue
			}
			c.writerOn = false
			c.wstate.Unlock()
			return
		}
		pending = append(pending[:0], f)
		taken := int32(1)
		// Take whatever else is queued: one write for the burst.
	drain:
		for c.batch && len(pending) < sendQueue {
			select {
			case g := <-c.send:
				taken++
				pending = append(pending, g)
			default:
				break drain
			}
		}
		// Written before inflight drops: Publish writes directly only
		// when nothing of this client's is queued or being written.
		c.wmu.Lock()
		keep := pending[:0]
		for _, g := range pending {
			if g.seq > c.mark { // not already in the initial state
				keep = append(keep, g)
			}
		}
		err := c.writePending(keep, &out)
		c.inflight.Add(-taken)
		c.wmu.Unlock()
		if err != nil {
			c.abort()
			return
		}
		idle.Reset(writerLinger)
	}
}

// ping runs every pingInterval on the client's timer.
func (h *Hub) ping(c *wsClient) {
	select {
	case <-c.quit:
		return
	default:
	}
	c.wmu.Lock()
	c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	err := c.conn.WriteMessage(websocket.PingMessage, nil)
	c.wmu.Unlock()
	if err != nil {
		c.abort()
		return
	}
	if t := c.pinger.Load(); t != nil {
		t.Reset(pingInterval)
	}
}

// closeClient forgets a client and closes its socket (once).
func (h *Hub) closeClient(c *wsClient) {
	c.closed.Do(func() {
		c.stop()
		if t := c.pinger.Load(); t != nil {
			t.Stop()
		}
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
		c.conn.Close()
		h.leave(c.addr)
		h.m.wsClients.Dec()
		if c.onClose != nil {
			c.onClose()
		}
		h.open.Add(-1)
	})
}

// closeAll ends every socket with a going-away close frame (the server is
// shutting down: boards reconnect to the next one and resume with ?since=).
func (h *Hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		delete(h.clients, c)
		c.end(websocket.CloseGoingAway, "server shutting down")
	}
}

// waitClosed waits until every socket has closed (after closeAll), or ctx ends.
func (h *Hub) waitClosed(ctx context.Context) error {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for h.open.Load() > 0 {
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
