package centre

import (
	"runtime"
	"sync"
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

// claimDirect takes c for a direct write of this commit's events if c is a
// board (sees everything, takes batches) whose writer is idle: c.wmu stays
// locked until fan.write has written it. false: use the queue. Called by
// Publish with h.mu held.
func (h *Hub) claimDirect(c *wsClient, fulls []*frame, d *directMsg, fan *fanout) bool {
	if c.ticket != "" || !c.batch || !c.live.Load() || c.inflight.Load() != 0 || !c.wmu.TryLock() {
		return false
	}
	if c.inflight.Load() != 0 {
		c.wmu.Unlock()
		return false
	}
	for _, f := range fulls {
		if f != nil && f.seq <= c.mark {
			c.wmu.Unlock()
			return false // already in its initial state: the queue filters it
		}
	}
	if d.get(fulls) == nil {
		c.wmu.Unlock()
		return false
	}
	fan.boards = append(fan.boards, c)
	return true
}

// fanout is the boards one commit writes directly. A lone call's fan-out is
// ~200 write(2) calls on loopback, each a few µs of kernel time: written
// one after another by the store's writer goroutine they were 3.8 ms, more
// than half of call → board, and the median board waited for the first
// hundred (issue 20). They are now split over the machine's cores.
type fanout struct {
	boards []*wsClient
}

// minShard is the fewest boards worth a goroutine of their own.
const minShard = 16

// write writes pm to every claimed board, on up to GOMAXPROCS goroutines,
// releases each board's write lock, and drops those whose write failed.
// Called by Publish with h.mu held: the next commit's events wait for this
// one's, so every board gets them in order.
func (fan *fanout) write(h *Hub, pm *websocket.PreparedMessage) {
	n := len(fan.boards)
	if n == 0 {
		return
	}
	shards := runtime.GOMAXPROCS(0)
	if most := (n + minShard - 1) / minShard; shards > most {
		shards = most
	}
	failed := make([][]*wsClient, shards)
	var wg sync.WaitGroup
	for i := 1; i < shards; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			failed[i] = writeBoards(fan.boards[i*n/shards:(i+1)*n/shards], pm)
		}(i)
	}
	failed[0] = writeBoards(fan.boards[:n/shards], pm)
	wg.Wait()
	for _, fs := range failed {
		for _, c := range fs {
			delete(h.clients, c)
			c.end(websocket.CloseTryAgainLater, "too slow")
			h.m.wsDropped.Inc()
			h.log.Warn("websocket client too slow, dropped")
		}
	}
}

// writeBoards writes pm to each board (its wmu held by claimDirect) and
// unlocks it; it returns the boards whose write failed.
func writeBoards(boards []*wsClient, pm *websocket.PreparedMessage) (failed []*wsClient) {
	for _, c := range boards {
		c.conn.SetWriteDeadline(time.Now().Add(directWait))
		if err := c.conn.WritePreparedMessage(pm); err != nil {
			failed = append(failed, c)
		}
		c.wmu.Unlock()
	}
	return failed
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
