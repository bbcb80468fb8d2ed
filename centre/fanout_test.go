package centre_test

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/queue"
)

// readEvents reads one WebSocket message (an event, or a batch: an array of
// events) and returns its events.
func readEvents(t *testing.T, c *websocket.Conn) []queue.Message {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, data, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read ws: %v", err)
	}
	if len(data) > 0 && data[0] == '[' {
		var ms []queue.Message
		if err := json.Unmarshal(data, &ms); err != nil {
			t.Fatalf("bad batch %q: %v", data, err)
		}
		return ms
	}
	var m queue.Message
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("bad frame %q: %v", data, err)
	}
	return []queue.Message{m}
}

// Boards get events written straight by the publisher when their own
// writer is idle, and through their queue otherwise (fanout.go). Under
// concurrent commits from 8 kiosks, with no board reading until the load
// is over (their frames pile up in the sockets), every board gets the
// events in order: a plain board every one, a batch board every one but older
// ticket.issued of a service within one message (coalesced), and both end
// with the final waiting count.
func TestBoardsDirectAndQueuedInOrder(t *testing.T) {
	e := newEnv(t, nil)
	var boards []*websocket.Conn
	var start []int64
	for _, q := range []string{"?batch=1", "?batch=1", "?batch=1", ""} {
		c := e.dialWS(q)
		m := readEvents(t, c)[0]
		if m.Type != "snapshot" {
			t.Fatalf("first frame %+v", m)
		}
		boards, start = append(boards, c), append(start, m.Snapshot.Seq)
	}
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				e.issue("hotich")
			}
		}()
	}
	wg.Wait()
	for b, c := range boards {
		last, waiting, n := start[b], 0, 0
		for waiting < workers*each {
			for _, m := range readEvents(t, c) {
				if m.Type != "event" || m.Event == nil {
					t.Fatalf("board %d: %+v", b, m)
				}
				if m.Event.Seq <= last || (b == 3 && m.Event.Seq != last+1) {
					t.Fatalf("board %d: event %d after %d", b, m.Event.Seq, last)
				}
				last, n = m.Event.Seq, n+1
				waiting = m.Event.Waiting["hotich"]
			}
		}
		if b == 3 && n != workers*each {
			t.Errorf("plain board got %d events, want %d", n, workers*each)
		}
	}
}

// With more boards than one goroutine writes (fanout.go splits a commit's
// direct writes over the cores past 16 boards), every board still gets
// every commit's events once and in order: 40 batch boards, half of them
// reading while 8 kiosks issue, half only after, all end on the final
// waiting count with strictly rising sequences.
func TestManyBoardsSplitFanOutInOrder(t *testing.T) {
	e := newEnv(t, nil)
	const nboards, workers, each = 40, 8, 25
	var boards []*websocket.Conn
	var start []int64
	for range nboards {
		c := e.dialWS("?batch=1")
		m := readEvents(t, c)[0]
		if m.Type != "snapshot" {
			t.Fatalf("first frame %+v", m)
		}
		boards, start = append(boards, c), append(start, m.Snapshot.Seq)
	}
	// check runs on reader goroutines too: errors, no Fatal.
	check := func(b int) {
		last, waiting := start[b], 0
		for waiting < workers*each {
			c := boards[b]
			c.SetReadDeadline(time.Now().Add(20 * time.Second)) // liveness guard only
			_, data, err := c.ReadMessage()
			if err != nil {
				t.Errorf("board %d: read: %v", b, err)
				return
			}
			var ms []queue.Message
			if len(data) > 0 && data[0] == '[' {
				err = json.Unmarshal(data, &ms)
			} else {
				ms = make([]queue.Message, 1)
				err = json.Unmarshal(data, &ms[0])
			}
			if err != nil {
				t.Errorf("board %d: frame %q: %v", b, data, err)
				return
			}
			for _, m := range ms {
				if m.Type != "event" || m.Event == nil {
					t.Errorf("board %d: %+v", b, m)
					return
				}
				if m.Event.Seq <= last {
					t.Errorf("board %d: event %d after %d", b, m.Event.Seq, last)
					return
				}
				last = m.Event.Seq
				waiting = m.Event.Waiting["hotich"]
			}
		}
	}
	var readers sync.WaitGroup
	for b := 0; b < nboards/2; b++ {
		readers.Add(1)
		go func() { defer readers.Done(); check(b) }()
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				e.issue("hotich")
			}
		}()
	}
	wg.Wait()
	readers.Wait()
	for b := nboards / 2; b < nboards; b++ {
		check(b)
	}
}
