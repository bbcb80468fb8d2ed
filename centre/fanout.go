package centre

import (
	"time"

	"github.com/gorilla/websocket"
)

// Direct writes (issue 20). A call reached 200 boards by waking 200 writer
// goroutines, one per socket, on a 2-core box shared with everything else:
// the trace put ~1.5 ms of scheduling wait per socket on the path. A board
// whose own writer is idle (nothing of it queued or being written) now gets
// the commit's events written by the publisher, in one message, without
// waking anyone; a board with frames in flight keeps the queue, so its order
// holds. A write that cannot finish within directWait (the socket's send
// buffer full: hundreds of KB unread) drops the board as "too slow", as a
// full queue does; it reconnects and resumes with ?since=.
const directWait = 50 * time.Millisecond

// directMsg is a commit's events for boards, framed once (on first use).
type directMsg struct {
	pm   *websocket.PreparedMessage
	done bool // built (pm nil: no direct writes for this commit)
}

func (d *directMsg) get(fulls []*frame) *websocket.PreparedMessage {
	if d.done {
		return d.pm
	}
	d.done = true
	var fs []*frame
	for _, f := range fulls {
		if f != nil {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return nil
	}
	if len(fs) == 1 && fs[0].pm != nil {
		d.pm = fs[0].pm
		return d.pm
	}
	out := coalesce(fs, nil)
	data := out[0]
	if len(out) > 1 {
		data = joinArray(out)
	}
	if pm, err := websocket.NewPreparedMessage(websocket.TextMessage, data); err == nil {
		d.pm = pm
	}
	return d.pm
}

// tryDirect writes the commit's events to c now if c is a board (sees
// everything, takes batches) whose writer is idle; false: use the queue.
// Called by Publish with h.mu held.
func (h *Hub) tryDirect(c *wsClient, fulls []*frame, d *directMsg) bool {
	if c.ticket != "" || !c.batch || !c.live.Load() || c.inflight.Load() != 0 || !c.wmu.TryLock() {
		return false
	}
	defer c.wmu.Unlock()
	if c.inflight.Load() != 0 {
		return false
	}
	for _, f := range fulls {
		if f != nil && f.seq <= c.mark {
			return false // already in its initial state: the queue filters it
		}
	}
	pm := d.get(fulls)
	if pm == nil {
		return false
	}
	c.conn.SetWriteDeadline(time.Now().Add(directWait))
	if err := c.conn.WritePreparedMessage(pm); err != nil {
		delete(h.clients, c)
		c.end(websocket.CloseTryAgainLater, "too slow")
		h.m.wsDropped.Inc()
		h.log.Warn("websocket client too slow, dropped", "err", err)
	}
	return true
}

// writePending writes what the client's goroutine took from its queue (c.wmu
// held): one prepared frame as is, several as one array message.
func (c *wsClient) writePending(pending []*frame, out *[][]byte) error {
	if len(pending) == 0 {
		return nil
	}
	c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if len(pending) == 1 && pending[0].pm != nil {
		return c.conn.WritePreparedMessage(pending[0].pm)
	}
	*out = coalesce(pending, (*out)[:0])
	data := (*out)[0]
	if len(*out) > 1 {
		data = joinArray(*out)
	}
	return c.conn.WriteMessage(websocket.TextMessage, data)
}
