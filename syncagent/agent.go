// Package syncagent drains the centre database's outbox to the portal:
// at-least-once, idempotent (each item carries its outbox id and version),
// in order per key (dossier), with poison items parked so they do not
// block the others, retry with exponential backoff and jitter, and a
// durable cursor advanced only after the portal acknowledged.
package syncagent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
)

// Item is one packet item sent to the portal.
type Item struct {
	ID      int64 // outbox id: the idempotency key, unique per centre
	Key     string
	Version int64
	Payload json.RawMessage
}

// ItemResult is the portal's verdict on one item of a batch.
type ItemResult struct {
	OK bool
	// Retryable: not accepted now but may be later (e.g. its dossier is not
	// there yet). Neither OK nor Retryable means rejected for good (poison).
	Retryable bool
	Error     string
}

// Portal is what the agent needs of the portal. Send returns one result per
// item, or an error when the whole call failed (network, 5xx, timeout),
// which is always retried.
type Portal interface {
	Send(ctx context.Context, service string, items []Item) ([]ItemResult, error)
}

// Options tune an Agent.
type Options struct {
	// BatchSize is the most outbox items read per round (default 5000).
	// Large rounds fill calls and let a dossier's newest packet stand for
	// more of its older ones; the round is held in memory (~1.5 KB an item).
	BatchSize int
	// MaxPerCall limits items per portal call for each service (default
	// 500 for every service, the motcua portal's limit; see PerCall). A
	// portal that answers "too many items" gets the call in halves.
	MaxPerCall map[string]int
	// Poll is how often an idle agent looks for new items (default 200 ms).
	Poll time.Duration
	// MinBackoff, MaxBackoff bound the retry delay (defaults 500 ms, 60 s).
	MinBackoff, MaxBackoff time.Duration
	// Parallel is the most portal calls in flight at once (default 2):
	// the calls of a wave carry different dossiers, so order is kept.
	Parallel int
	// NoCoalesce sends every dossier packet of a round, not only the
	// newest of each dossier (benchmarks compare the two).
	NoCoalesce bool
	// CallTimeout bounds one portal call (default 15 s).
	CallTimeout time.Duration
	Logger      *slog.Logger
}

// Agent is one sync agent for one centre database.
type Agent struct {
	db     *store.DB
	portal Portal
	o      Options
	log    *slog.Logger

	mu     sync.Mutex
	status Status

	next *prefetch // the next round, read ahead by Once (Once is not concurrent)

	// acked holds the outbox ids past the cursor that the portal already
	// acknowledged: a round whose cursor stopped at a failed item does not
	// send the items after it again. Only Once uses it (not concurrent);
	// ackedAt is the cursor it was built at (a lower cursor clears it).
	acked   map[int64]bool
	ackedAt int64

	// waitHook, when set (tests), sees every wait Run chooses after a round.
	waitHook func(progress bool, err error, wait time.Duration)
}

// Status is what `motcua sync status` and the metrics show.
type Status struct {
	Cursor     int64         `json:"cursor"`
	Backlog    int           `json:"backlog"`
	Lag        time.Duration `json:"lag_ns"`
	Parked     int           `json:"parked"`
	Sent       int64         `json:"sent"`
	LastError  string        `json:"last_error,omitempty"`
	LastErrAt  time.Time     `json:"last_error_at,omitempty"`
	LastSendAt time.Time     `json:"last_send_at,omitempty"`
}

// New makes an agent.
func New(db *store.DB, p Portal, o Options) *Agent {
	if o.BatchSize == 0 {
		o.BatchSize = 5000
	}
	if o.MaxPerCall == nil {
		o.MaxPerCall = PerCall(0, 0)
	}
	if o.Poll == 0 {
		o.Poll = 200 * time.Millisecond
	}
	if o.Parallel <= 0 {
		o.Parallel = 2
	}
	if o.MinBackoff == 0 {
		o.MinBackoff = 500 * time.Millisecond
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 60 * time.Second
	}
	if o.CallTimeout == 0 {
		o.CallTimeout = 15 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Agent{db: db, portal: p, o: o, log: o.Logger}
}

// Status returns the agent's current figures.
func (a *Agent) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

func (a *Agent) setErr(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err == nil {
		a.status.LastError = ""
		return
	}
	a.status.LastError, a.status.LastErrAt = err.Error(), time.Now()
}

// Run drains the outbox until ctx ends.
func (a *Agent) Run(ctx context.Context) error {
	backoff := a.o.MinBackoff
	for {
		n, err := a.Once(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a.refreshStatus(ctx)
		var wait time.Duration
		switch {
		case err != nil && n > 0:
			// Part of the round went through: the link works and only
			// some calls or items failed. Retry those soon; doubling here
			// made a lossy link crawl (issue 13 item 9).
			a.setErr(err)
			backoff = a.o.MinBackoff
			wait = backoff/2 + rand.N(backoff/2+1)
			a.log.Warn("sync round partly failed; will retry", "err", err, "settled", n, "retry_in", wait)
		case err != nil:
			a.setErr(err)
			wait = backoff/2 + rand.N(backoff/2+1)
			a.log.Warn("sync round failed; will retry", "err", err, "retry_in", wait)
			backoff = min(backoff*2, a.o.MaxBackoff)
		case n == 0:
			backoff = a.o.MinBackoff
			wait = a.o.Poll
		default:
			backoff = a.o.MinBackoff
		}
		if a.waitHook != nil {
			a.waitHook(n > 0, err, wait)
		}
		if wait == 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

func (a *Agent) refreshStatus(ctx context.Context) {
	cur, err := a.db.SyncCursor(ctx)
	if err != nil {
		return
	}
	n, lag, err := a.db.OutboxBacklog(ctx, cur)
	if err != nil {
		return
	}
	parked, _ := a.db.Parked(ctx)
	a.mu.Lock()
	a.status.Cursor, a.status.Backlog, a.status.Lag, a.status.Parked = cur, n, lag, len(parked)
	a.mu.Unlock()
}

// errRetry marks a round that stopped at an item the portal asked to retry.
var errRetry = errors.New("portal asked to retry an item later")

// Once sends one round: up to BatchSize items after the cursor. It returns
// how many items it settled (acknowledged or parked), counting those
// acknowledged past an item that failed: the cursor waits for that item,
// but they are not sent again.
//
// Within a round, an item is sent only after every earlier item of its key
// (dossier) was acknowledged; items of different dossiers share calls, one
// call per service, so the centre's interleaved outbox (dossier, step,
// dossier, step...) still fills whole calls. The cursor only moves over the
// settled prefix of the round in outbox order.
func (a *Agent) Once(ctx context.Context) (int, error) {
	cursor, err := a.db.SyncCursor(ctx)
	if err != nil {
		return 0, err
	}
	if cursor < a.ackedAt {
		a.acked = nil // the cursor was moved back by hand: send everything again
	}
	items, err := a.read(ctx, cursor)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	parked, err := a.db.ParkedKeys(ctx)
	if err != nil {
		return 0, err
	}
	// A full round means more is waiting: read the next one while this
	// one is with the portal. It is used only if this round settles whole.
	var next *prefetch
	if len(items) == a.o.BatchSize {
		next = a.prefetch(ctx, items[len(items)-1].ID)
	}
	results := make([]ItemResult, len(items))
	sentOK := make([]bool, len(items))
	done := map[int]bool{} // acknowledged in an earlier round, past the cursor
	for i, it := range items {
		if a.acked[it.ID] {
			done[i], sentOK[i], results[i] = true, true, ItemResult{OK: true}
		}
	}
	rejectedAt := map[string]int64{} // key → outbox id of its first item rejected this round
	held := func(it store.OutboxItem) bool {
		r, ok := rejectedAt[it.Key]
		return parked[it.Key] || (ok && r < it.ID)
	}
	pl := planRound(items, parked, done, !a.o.NoCoalesce)
	queues, standsFor := pl.queues, pl.standsFor
	var roundErr error
	for {
		var wave []int
		for _, k := range pl.keys {
			if q := queues[k]; len(q) > 0 {
				wave = append(wave, q[0])
			}
		}
		if len(wave) == 0 {
			break
		}
		slices.Sort(wave)
		// Every item of a wave is of a different dossier, so the calls of a
		// wave are independent and go out side by side.
		calls := a.waveCalls(items, wave)
		a.sendAll(ctx, items, calls)
		through := 0
		for _, c := range calls {
			if c.err == nil && len(c.res) != len(c.idx) {
				c.err = fmt.Errorf("portal answered %d results for %d items", len(c.res), len(c.idx))
			}
			if c.err != nil {
				if roundErr == nil || errors.Is(roundErr, errNotSent) {
					roundErr = fmt.Errorf("send %d %s: %w", len(c.idx), c.svc, c.err)
				}
				// Its dossiers wait for the next round; the others go on.
				for _, i := range c.idx {
					queues[items[i].Key] = nil
				}
				continue
			}
			through++
			for k, i := range c.idx {
				it, r := items[i], c.res[k]
				results[i], sentOK[i] = r, r.OK
				switch {
				case r.OK:
					queues[it.Key] = queues[it.Key][1:]
				case r.Retryable:
					if roundErr == nil {
						roundErr = fmt.Errorf("%w: item %d (%s %s): %s", errRetry, it.ID, it.Service, it.Key, r.Error)
					}
					queues[it.Key] = nil // the rest of this dossier waits for the next round
				default:
					at := i
					if first, ok := standsFor[i]; ok && first != i {
						// Sent in the place of an older packet: park from there on.
						at = first
						results[first] = ItemResult{Error: fmt.Sprintf("%s (sent as its newest version, outbox id %d)", r.Error, it.ID)}
					}
					rejectedAt[it.Key] = items[at].ID
					queues[it.Key] = nil // the rest of this dossier is held
				}
			}
		}
		if through == 0 {
			break // nothing got through this wave: the portal or the link is down
		}
	}
	for i, j := range pl.covered {
		if sentOK[j] {
			results[i], sentOK[i] = results[j], true
		}
	}
	// Settle in outbox order up to the first item not acknowledged.
	var last int64
	var toPark []store.ParkedItem
	sent := 0
	for i := range items {
		if sentOK[i] && !done[i] {
			sent++
		}
	}
	for i, it := range items {
		r := results[i]
		switch {
		case held(it):
			toPark = append(toPark, store.ParkedItem{OutboxID: it.ID, Key: it.Key, Service: it.Service,
				Error: "held: an earlier item of this dossier is parked", Blocked: true})
		case sentOK[i]:
		case r.Error != "" && !r.Retryable:
			a.log.Error("portal rejected an item; parked", "outbox_id", it.ID, "service", it.Service, "key", it.Key, "err", r.Error)
			toPark = append(toPark, store.ParkedItem{OutboxID: it.ID, Key: it.Key, Service: it.Service, Error: r.Error})
		default:
			goto settle // not sent, failed or to retry: the cursor stops here
		}
		last = it.ID
	}
settle:
	if last > 0 {
		err := a.db.Write(ctx, func(tx *store.Tx) error {
			for _, p := range toPark {
				if p.OutboxID > last {
					break
				}
				if err := tx.Park(p.OutboxID, p.Key, p.Service, p.Error, p.Blocked); err != nil {
					return err
				}
			}
			return tx.SetSyncCursor(last)
		})
		if err != nil {
			return 0, errors.Join(roundErr, err)
		}
	}
	settled := 0
	ackedPast := map[int64]bool{}
	for i, it := range items {
		switch {
		case it.ID <= last:
			settled++
		case sentOK[i]:
			ackedPast[it.ID] = true
			if !done[i] {
				settled++ // acknowledged now, settled when the cursor reaches it
			}
		}
	}
	a.acked, a.ackedAt = ackedPast, max(cursor, last)
	a.mu.Lock()
	a.status.Sent += int64(sent)
	if sent > 0 {
		a.status.LastSendAt = time.Now()
	}
	a.mu.Unlock()
	if roundErr == nil {
		a.setErr(nil)
	}
	if next != nil && last == items[len(items)-1].ID {
		a.next = next
	}
	return settled, roundErr
}

// plan is how a round goes out: each dossier's queue of item indexes, sent
// in order, a wave at a time.
type plan struct {
	queues    map[string][]int
	keys      []string    // dossiers in the order of their first item
	standsFor map[int]int // dossier packet sent → the first packet it stands for
	covered   map[int]int // dossier packet not sent → the one sent in its place
}

// planRound queues the items of dossiers without parked items. A dossier
// packet carries the dossier's whole state: when coalescing, of several of
// one dossier only the newest is queued, in the place of the first, and the
// older ones settle with it. The portal would overwrite them anyway; after
// an outage this is most of the backlog.
// Items in done were acknowledged in an earlier round and are not sent.
func planRound(items []store.OutboxItem, parked map[string]bool, done map[int]bool, coalesce bool) plan {
	p := plan{queues: map[string][]int{}, standsFor: map[int]int{}, covered: map[int]int{}}
	newest := map[string]int{}
	if coalesce {
		for i, it := range items {
			if it.Service == qcvn120.SvcDongBoHoSo && !parked[it.Key] && !done[i] {
				newest[it.Key] = i
			}
		}
	}
	for i, it := range items {
		if parked[it.Key] || done[i] {
			continue
		}
		if _, ok := p.queues[it.Key]; !ok {
			p.keys = append(p.keys, it.Key)
		}
		send := i
		if j, ok := newest[it.Key]; ok && it.Service == qcvn120.SvcDongBoHoSo {
			if j != i {
				p.covered[i] = j
			}
			if _, placed := p.standsFor[j]; placed {
				continue
			}
			p.standsFor[j], send = i, j
		}
		p.queues[it.Key] = append(p.queues[it.Key], send)
	}
	return p
}

// toItem is what the portal is sent of an outbox item.
func toItem(it store.OutboxItem) Item {
	return Item{ID: it.ID, Key: it.Key, Version: it.Version, Payload: json.RawMessage(it.Payload)}
}

// prefetch is an outbox read under way for the round after `after`.
type prefetch struct {
	after int64
	done  chan struct{}
	items []store.OutboxItem
	err   error
}

func (a *Agent) prefetch(ctx context.Context, after int64) *prefetch {
	p := &prefetch{after: after, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.items, p.err = a.db.OutboxAfter(ctx, after, a.o.BatchSize)
	}()
	return p
}

// read returns the round after cursor: the prefetched one when it starts
// there (outbox ids only grow, so nothing can have appeared before it).
func (a *Agent) read(ctx context.Context, cursor int64) ([]store.OutboxItem, error) {
	if p := a.next; p != nil {
		a.next = nil
		if p.after == cursor {
			select {
			case <-p.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if p.err == nil {
				return p.items, nil
			}
		}
	}
	return a.db.OutboxAfter(ctx, cursor, a.o.BatchSize)
}

// DefaultPerCall is the most items per call when nothing else is set: the
// motcua portal's own limit (portal.Options.MaxItems).
const DefaultPerCall = 500

// PerCall is a MaxPerCall map: n items per call for every service
// (0 = DefaultPerCall), progress items for CapNhatTienDoHoSoMC (0 = n; one
// provincial DVCQG proxy takes 10).
func PerCall(n, progress int) map[string]int {
	if n <= 0 {
		n = DefaultPerCall
	}
	if progress <= 0 {
		progress = n
	}
	m := map[string]int{}
	for _, svc := range []string{qcvn120.SvcDongBoHoSo, qcvn120.SvcDongBoDanhGia, qcvn120.SvcDongBoThongKe, qcvn120.SvcDongBoHoiDap} {
		m[svc] = n
	}
	m[qcvn120.SvcCapNhatTienDo] = progress
	return m
}

// call is one portal call of a wave and its answer.
type call struct {
	svc string
	idx []int // indexes into the round's items
	res []ItemResult
	err error
}

// waveCalls cuts a wave into calls: one service per call, dossier packets
// first, at most MaxPerCall items each.
func (a *Agent) waveCalls(items []store.OutboxItem, wave []int) []*call {
	var calls []*call
	for _, svc := range serviceOrder(items, wave) {
		max := a.o.MaxPerCall[svc]
		if max <= 0 {
			max = DefaultPerCall
		}
		var idx []int
		for _, i := range wave {
			if items[i].Service == svc {
				idx = append(idx, i)
			}
		}
		for len(idx) > 0 {
			n := min(max, len(idx))
			calls = append(calls, &call{svc: svc, idx: idx[:n:n]})
			idx = idx[n:]
		}
	}
	return calls
}

// sendAll makes the calls, Parallel at a time. One failed call does not
// stop the others (a lossy link fails a few calls, not the round); once two
// have failed and none went through, the portal or the link is down and the
// calls not yet started are left unsent (their err says so).
func (a *Agent) sendAll(ctx context.Context, items []store.OutboxItem, calls []*call) {
	var (
		wg         sync.WaitGroup
		mu         sync.Mutex
		failed, ok int
	)
	slots := make(chan struct{}, a.o.Parallel)
	for _, c := range calls {
		slots <- struct{}{}
		mu.Lock()
		stop := failed >= 2 && ok == 0 || ctx.Err() != nil
		mu.Unlock()
		if stop {
			<-slots
			c.err = errNotSent
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			out := make([]Item, len(c.idx))
			for k, i := range c.idx {
				out[k] = toItem(items[i])
			}
			cctx, cancel := context.WithTimeout(ctx, a.o.CallTimeout)
			c.res, c.err = a.portal.Send(cctx, c.svc, out)
			cancel()
			mu.Lock()
			if c.err != nil {
				failed++
			} else {
				ok++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// errNotSent marks a call skipped because the calls before it all failed.
var errNotSent = errors.New("not sent: the portal did not answer the calls before it")

// serviceOrder lists the services of the items at idx: dossier packets
// first, the others in order of first appearance.
func serviceOrder(items []store.OutboxItem, idx []int) []string {
	var out []string
	seen := map[string]bool{}
	for _, first := range []bool{true, false} {
		for _, i := range idx {
			svc := items[i].Service
			if !seen[svc] && (!first || svc == qcvn120.SvcDongBoHoSo) {
				seen[svc] = true
				out = append(out, svc)
			}
		}
	}
	return out
}

// Release unparks the items of key: they are sent again, in order, before
// anything else of that key. Use after the cause was fixed at the portal.
func (a *Agent) Release(ctx context.Context, key string) (int, error) {
	var ids []int64
	err := a.db.Write(ctx, func(tx *store.Tx) error {
		var err error
		ids, err = tx.Unpark(key)
		return err
	})
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	items, err := a.db.OutboxByIDs(ctx, ids)
	if err != nil {
		return 0, err
	}
	n := 0
	for start := 0; start < len(items); {
		max := a.o.MaxPerCall[items[start].Service]
		if max <= 0 {
			max = DefaultPerCall
		}
		end := start
		for end < len(items) && items[end].Service == items[start].Service && end-start < max {
			end++
		}
		batch := make([]Item, 0, end-start)
		for _, it := range items[start:end] {
			batch = append(batch, toItem(it))
		}
		res, err := a.portal.Send(ctx, items[start].Service, batch)
		if err == nil && len(res) != len(batch) {
			err = fmt.Errorf("portal answered %d results for %d items", len(res), len(batch))
		}
		failed, reason := -1, ""
		if err != nil {
			failed, reason = start, err.Error()
		} else {
			for i, r := range res {
				if !r.OK {
					failed, reason = start+i, r.Error
					break
				}
				n++
			}
		}
		if failed >= 0 {
			// Park the failed item again and hold everything after it.
			rest := items[failed:]
			werr := a.db.Write(ctx, func(tx *store.Tx) error {
				for i, it := range rest {
					why := reason
					if i > 0 {
						why = "held: an earlier item of this dossier is parked"
					}
					if err := tx.Park(it.ID, it.Key, it.Service, why, i > 0); err != nil {
						return err
					}
				}
				return nil
			})
			return n, errors.Join(fmt.Errorf("item %d not accepted: %s", items[failed].ID, reason), werr)
		}
		start = end
	}
	return n, nil
}
