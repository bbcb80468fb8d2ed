// Package loadgen drives a centre server the way a busy hall does: kiosks
// issuing tickets in a closed loop, counters calling the next ticket, and
// boards following the WebSocket stream. It measures durable issue
// throughput and latency, and the time from a counter sending call-next to
// each board receiving the ticket.called event. `motcua bench` uses it.
package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/motcua/motcua/internal/procmem"
)

// Options say what to run against which server.
type Options struct {
	URL           string   // base URL, e.g. http://127.0.0.1:8080
	KioskTokens   []string // one kiosk goroutine per token
	DisplayToken  string   // boards' token
	Counters      []string // counter ids, one goroutine each
	OfficerTokens []string // session tokens, same order as Counters
	Services      []string // services the kiosks pick from, round robin
	Boards        int
	Duration      time.Duration
	// CallInterval paces each counter (a real counter calls every few
	// minutes; the default 100 ms is a heavy hall).
	CallInterval time.Duration
	// IssueRate caps the kiosks' total tickets per second (0 = each kiosk
	// issues in a closed loop, as fast as the server answers).
	IssueRate float64
	PID       int // server process for RSS; 0 = not measured
	// SyncCalls makes every counter call at the same instant each
	// CallInterval (a burst of len(Counters) calls) instead of spreading
	// the counters over the interval.
	SyncCalls bool
	// PreIssue tickets are issued with PreIssueToken (a kiosk) before the
	// boards connect, so counters have someone to call while no kiosk
	// runs: the boards then receive only the calls' events.
	PreIssue      int
	PreIssueToken string
	Logf          func(format string, args ...any)
}

// Result is what one run measured.
type Result struct {
	Duration      time.Duration
	Tickets       int // 201 answers (durable: the server answers after commit)
	IssueErrors   int
	TicketsPerSec float64
	IssueP50      time.Duration
	IssueP99      time.Duration
	Calls         int
	CallP50       time.Duration // call-next request latency
	CallP99       time.Duration
	Deliveries    int // ticket.called events received by boards
	Expected      int // Calls × Boards
	BoardP50      time.Duration
	BoardP99      time.Duration
	BoardMax      time.Duration
	BoardDrops    int // connections the server dropped (boards reconnect with ?since=)
	Sockets       int // boards + counters + kiosks connected during the run
	RSSKB         int64
	HWMKB         int64
	// ServerCPU is the server's CPU time (user + system) during the load,
	// from /proc (0 if not measured).
	ServerCPU time.Duration
	// CallFrameBytes is what a board reads per call: the bytes of the
	// WebSocket messages that carried ticket.called events over the number
	// of those events (a call also finishes the previous ticket).
	CallFrameBytes int
}

// String formats the result as the report lines of `motcua bench`.
func (r *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "duration            %v\n", r.Duration.Round(time.Millisecond))
	fmt.Fprintf(&b, "tickets issued      %d (%d errors)\n", r.Tickets, r.IssueErrors)
	fmt.Fprintf(&b, "durable tickets/s   %.0f\n", r.TicketsPerSec)
	fmt.Fprintf(&b, "issue latency       p50 %v  p99 %v\n", ms(r.IssueP50), ms(r.IssueP99))
	fmt.Fprintf(&b, "calls               %d (call-next p50 %v  p99 %v)\n", r.Calls, ms(r.CallP50), ms(r.CallP99))
	fmt.Fprintf(&b, "call → board        p50 %v  p99 %v  max %v  (%d of %d deliveries)\n", ms(r.BoardP50), ms(r.BoardP99), ms(r.BoardMax), r.Deliveries, r.Expected)
	fmt.Fprintf(&b, "boards dropped      %d\n", r.BoardDrops)
	if r.ServerCPU > 0 {
		fmt.Fprintf(&b, "server CPU          %.2f s (%.0f %% of one core)", r.ServerCPU.Seconds(), 100*r.ServerCPU.Seconds()/r.Duration.Seconds())
		if r.Tickets > 0 {
			fmt.Fprintf(&b, ", %.0f µs per ticket", float64(r.ServerCPU.Microseconds())/float64(r.Tickets))
		}
		b.WriteString("\n")
	}
	if r.RSSKB > 0 {
		fmt.Fprintf(&b, "server RSS          %.1f MB (peak %.1f MB) with %d sockets\n", float64(r.RSSKB)/1024, float64(r.HWMKB)/1024, r.Sockets)
	}
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func idHash(id string) uint64 {
	h := fnv.New64a()
	io.WriteString(h, id)
	return h.Sum64()
}

type stamp struct {
	id uint64
	at int64 // unix nanos
}

// Run connects the boards, then runs kiosks and counters for o.Duration.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	if o.CallInterval == 0 {
		o.CallInterval = 100 * time.Millisecond
	}
	if len(o.OfficerTokens) != len(o.Counters) {
		return nil, errors.New("loadgen: one officer token per counter")
	}
	base := strings.TrimRight(o.URL, "/")
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 1000, MaxIdleConnsPerHost: len(o.KioskTokens) + len(o.Counters) + 10, IdleConnTimeout: time.Minute}}
	defer hc.CloseIdleConnections()

	if o.PreIssue > 0 {
		if err := preIssue(ctx, hc, base, o); err != nil {
			return nil, err
		}
	}
	// Boards first: every one must hold its snapshot before the load starts.
	bctx, stopBoards := context.WithCancel(ctx)
	defer stopBoards()
	boards := make([]*board, o.Boards)
	ready := make(chan error, o.Boards)
	var bwg sync.WaitGroup
	for i := range boards {
		boards[i] = &board{url: "ws" + strings.TrimPrefix(base, "http") + "/ws", token: o.DisplayToken, last: -1}
		bwg.Add(1)
		go func() { defer bwg.Done(); boards[i].run(bctx, ready) }()
	}
	for range boards {
		select {
		case err := <-ready:
			if err != nil {
				return nil, err
			}
		case <-time.After(30 * time.Second):
			return nil, errors.New("loadgen: boards did not connect")
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	o.Logf("%d boards connected; load for %v from %d kiosks and %d counters", o.Boards, o.Duration, len(o.KioskTokens), len(o.Counters))

	lctx, stopLoad := context.WithTimeout(ctx, o.Duration)
	defer stopLoad()
	var (
		mu        sync.Mutex
		issueLat  []time.Duration
		callLat   []time.Duration
		calls     []stamp
		issueErrs atomic.Int64
	)
	start := time.Now()
	var cpu0 time.Duration
	if o.PID > 0 {
		cpu0 = procmem.ReadCPU(o.PID)
	}
	var wg sync.WaitGroup
	for k, tok := range o.KioskTokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var pace <-chan time.Time
			if o.IssueRate > 0 {
				every := time.Duration(float64(len(o.KioskTokens)) / o.IssueRate * float64(time.Second))
				// Spread the kiosks over the interval, as citizens arrive.
				time.Sleep(time.Duration(k) * every / time.Duration(len(o.KioskTokens)))
				tick := time.NewTicker(every)
				defer tick.Stop()
				pace = tick.C
			}
			for i := 0; lctx.Err() == nil; i++ {
				if pace != nil {
					select {
					case <-pace:
					case <-lctx.Done():
						continue
					}
				}
				svc := o.Services[(k+i)%len(o.Services)]
				t0 := time.Now()
				status, _, err := post(lctx, hc, base+"/api/v1/tickets", tok, `{"service":"`+svc+`"}`)
				if status == http.StatusCreated {
					lat = append(lat, time.Since(t0))
				} else if lctx.Err() == nil {
					issueErrs.Add(1)
					if err == nil && issueErrs.Load() < 5 {
						o.Logf("issue: HTTP %d", status)
					}
				}
			}
			mu.Lock()
			issueLat = append(issueLat, lat...)
			mu.Unlock()
		}()
	}
	for c, counter := range o.Counters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Spread the counters over the interval, or all at once.
			next := start.Add(time.Duration(c) * o.CallInterval / time.Duration(len(o.Counters)))
			if o.SyncCalls {
				next = start
			}
			var lat []time.Duration
			var st []stamp
			if d := time.Until(next); d > 0 {
				t := time.NewTimer(d)
				select {
				case <-lctx.Done():
				case <-t.C:
				}
				t.Stop()
			}
			for lctx.Err() == nil {
				t0 := time.Now()
				status, body, err := post(lctx, hc, base+"/api/v1/counters/"+counter+"/call-next", o.OfficerTokens[c], "")
				if err == nil && status == 200 {
					lat = append(lat, time.Since(t0))
					var v struct {
						ID string `json:"id"`
					}
					if json.Unmarshal(body, &v) == nil {
						st = append(st, stamp{idHash(v.ID), t0.UnixNano()})
					}
				}
				next = next.Add(o.CallInterval)
				for time.Until(next) <= 0 {
					next = next.Add(o.CallInterval)
				}
				t := time.NewTimer(time.Until(next))
				select {
				case <-lctx.Done():
				case <-t.C:
				}
				t.Stop()
			}
			mu.Lock()
			callLat = append(callLat, lat...)
			calls = append(calls, st...)
			mu.Unlock()
		}()
	}
	var rss, hwm int64
	if o.PID > 0 {
		// Sample mid-run, with every socket open and the load on.
		go func() {
			select {
			case <-time.After(o.Duration * 3 / 4):
				r, h := procmem.ReadRSS(o.PID)
				atomic.StoreInt64(&rss, r)
				atomic.StoreInt64(&hwm, h)
			case <-lctx.Done():
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	var serverCPU time.Duration
	if o.PID > 0 {
		serverCPU = procmem.ReadCPU(o.PID) - cpu0
	}
	// Let the last calls reach every board: wait for the count, not for a
	// fixed time (a loaded machine needs longer); a board that lost calls
	// shows in Deliveries < Expected after the generous limit. Only calls
	// the counters recorded count: a call-next cut off by the end of the
	// load may still have been made and pushed, and counting its deliveries
	// would stop the wait before the last recorded call reached every board.
	recorded := make(map[uint64]struct{}, len(calls))
	for _, s := range calls {
		recorded[s.id] = struct{}{}
	}
	wait := deliveryWait{want: recorded, boards: boards}
	for limit := time.Now().Add(10 * time.Second); time.Now().Before(limit) && !wait.done(); {
		time.Sleep(20 * time.Millisecond)
	}
	if o.PID > 0 {
		r, h := procmem.ReadRSS(o.PID)
		if r > atomic.LoadInt64(&rss) {
			atomic.StoreInt64(&rss, r)
		}
		atomic.StoreInt64(&hwm, h)
	}
	stopBoards()
	bwg.Wait()

	res := &Result{Duration: elapsed, Tickets: len(issueLat), IssueErrors: int(issueErrs.Load()), Calls: len(calls),
		Expected: len(calls) * o.Boards, Sockets: o.Boards + len(o.Counters) + len(o.KioskTokens),
		RSSKB: atomic.LoadInt64(&rss), HWMKB: atomic.LoadInt64(&hwm), ServerCPU: serverCPU}
	res.TicketsPerSec = float64(res.Tickets) / elapsed.Seconds()
	res.IssueP50, res.IssueP99, _ = percentiles(issueLat)
	res.CallP50, res.CallP99, _ = percentiles(callLat)
	sent := make(map[uint64]int64, len(calls))
	for _, s := range calls {
		sent[s.id] = s.at
	}
	var board []time.Duration
	var cm, cb int64
	for _, b := range boards {
		cm += b.callMsgs
		cb += b.callBytes
		res.BoardDrops += b.drops
		for _, r := range b.got {
			if t0, ok := sent[r.id]; ok {
				board = append(board, time.Duration(r.at-t0))
			}
		}
	}
	res.Deliveries = len(board)
	if cm > 0 {
		res.CallFrameBytes = int(cb / cm)
	}
	res.BoardP50, res.BoardP99, res.BoardMax = percentiles(board)
	return res, nil
}

// preIssue issues o.PreIssue tickets over the services, 8 at a time.
func preIssue(ctx context.Context, hc *http.Client, base string, o Options) error {
	if o.PreIssueToken == "" || len(o.Services) == 0 {
		return errors.New("loadgen: PreIssue needs PreIssueToken and Services")
	}
	var next atomic.Int64
	errc := make(chan error, 8)
	for w := 0; w < 8; w++ {
		go func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(o.PreIssue) {
					errc <- nil
					return
				}
				svc := o.Services[int(i)%len(o.Services)]
				status, body, err := post(ctx, hc, base+"/api/v1/tickets", o.PreIssueToken, `{"service":"`+svc+`"}`)
				if err == nil && status != http.StatusCreated {
					err = fmt.Errorf("loadgen: pre-issue: HTTP %d %s", status, body)
				}
				if err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	var first error
	for w := 0; w < 8; w++ {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func percentiles(ds []time.Duration) (p50, p99, max time.Duration) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	slices.Sort(ds)
	at := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ds[max0(i)]
	}
	return at(0.50), at(0.99), ds[len(ds)-1]
}

func max0(i int) int {
	if i < 0 {
		return 0
	}
	return i
}

func post(ctx context.Context, hc *http.Client, url, token, body string) (int, []byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, "POST", url, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// board is one hall screen: it follows /ws, notes when each call arrives,
// and resumes with ?since= when the server drops it.
type board struct {
	url, token string
	last       int64
	mu         sync.Mutex // guards got while the board runs
	got        []stamp
	drops      int
	// callMsgs, callBytes: calls received, and the bytes of the messages
	// that carried them.
	callMsgs, callBytes int64
}

var (
	calledKind = []byte(`"kind":"ticket.called"`)
	seqKey     = []byte(`"seq":`)
	idKey      = []byte(`"ticket_id":"`)
)

func (b *board) run(ctx context.Context, ready chan<- error) {
	first := true
	for ctx.Err() == nil {
		u := b.url + "?batch=1"
		if b.last >= 0 {
			u += "&since=" + strconv.FormatInt(b.last, 10)
		}
		conn, _, err := websocket.DefaultDialer.DialContext(ctx, u, http.Header{"Authorization": {"Bearer " + b.token}})
		if err != nil {
			if first {
				ready <- fmt.Errorf("loadgen: board connect: %w", err)
				return
			}
			time.Sleep(100 * time.Millisecond)
			continue
		}
		stop := context.AfterFunc(ctx, func() { conn.Close() })
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				if ctx.Err() == nil {
					b.drops++
				}
				break
			}
			now := time.Now().UnixNano()
			// Boards receive every event; only calls are timed, so skip the
			// full decode of the rest (the bench shares the server's CPUs).
			if seq := intAfterLast(data, seqKey); seq > 0 {
				b.last = seq
			}
			if first {
				first = false
				ready <- nil
			}
			// A batched message holds several events; the ticket id follows
			// the kind in each.
			if n := bytes.Count(data, calledKind); n > 0 {
				b.callMsgs += int64(n)
				b.callBytes += int64(len(data))
			}
			for rest := data; ; {
				k := bytes.Index(rest, calledKind)
				if k < 0 {
					break
				}
				rest = rest[k+len(calledKind):]
				if i := bytes.Index(rest, idKey); i >= 0 {
					id := rest[i+len(idKey):]
					if j := bytes.IndexByte(id, '"'); j > 0 {
						b.mu.Lock()
						b.got = append(b.got, stamp{idHash(string(id[:j])), now})
						b.mu.Unlock()
					}
				}
			}
		}
		stop()
		conn.Close()
	}
}

// deliveryWait counts, board by board, the received calls that are in
// want (each board's list is scanned once, from where the last look ended).
type deliveryWait struct {
	want    map[uint64]struct{}
	boards  []*board
	scanned []int
	matched int
}

// done reports whether every board has received every wanted call.
func (w *deliveryWait) done() bool {
	if w.scanned == nil {
		w.scanned = make([]int, len(w.boards))
	}
	for i, b := range w.boards {
		b.mu.Lock()
		for _, r := range b.got[w.scanned[i]:] {
			if _, ok := w.want[r.id]; ok {
				w.matched++
			}
		}
		w.scanned[i] = len(b.got)
		b.mu.Unlock()
	}
	return w.matched >= len(w.want)*len(w.boards)
}

// intAfterLast parses the integer after the last key in data (0 if none).
func intAfterLast(data, key []byte) int64 {
	i := bytes.LastIndex(data, key)
	if i < 0 {
		return 0
	}
	return intAfter(data[i:], key)
}

// intAfter parses the integer after the first key in data (0 if none).
func intAfter(data, key []byte) int64 {
	i := bytes.Index(data, key)
	if i < 0 {
		return 0
	}
	var n int64
	for _, c := range data[i+len(key):] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
