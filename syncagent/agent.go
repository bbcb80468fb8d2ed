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
	"sync"
	"time"

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
	// BatchSize is the most outbox items read per round (default 200).
	BatchSize int
	// MaxPerCall limits items per portal call for each service (default 50;
	// CapNhatTienDoHoSoMC 10, as one province requires).
	MaxPerCall map[string]int
	// Poll is how often an idle agent looks for new items (default 200 ms).
	Poll time.Duration
	// MinBackoff, MaxBackoff bound the retry delay (defaults 500 ms, 60 s).
	MinBackoff, MaxBackoff time.Duration
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
		o.BatchSize = 200
	}
	if o.MaxPerCall == nil {
		o.MaxPerCall = map[string]int{"CapNhatTienDoHoSoMC": 10}
	}
	if o.Poll == 0 {
		o.Poll = 200 * time.Millisecond
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
		case err != nil:
			a.setErr(err)
			a.log.Warn("sync round failed; will retry", "err", err, "retry_in", backoff)
			wait = backoff/2 + rand.N(backoff/2+1)
			backoff = min(backoff*2, a.o.MaxBackoff)
		case n == 0:
			backoff = a.o.MinBackoff
			wait = a.o.Poll
		default:
			backoff = a.o.MinBackoff
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
// how many items it settled (acknowledged or parked).
func (a *Agent) Once(ctx context.Context) (int, error) {
	cursor, err := a.db.SyncCursor(ctx)
	if err != nil {
		return 0, err
	}
	items, err := a.db.OutboxAfter(ctx, cursor, a.o.BatchSize)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	parked, err := a.db.ParkedKeys(ctx)
	if err != nil {
		return 0, err
	}
	settled := 0
	// Runs of consecutive items of one service keep the global order, so a
	// progress step never overtakes the dossier packet it follows.
	for start := 0; start < len(items); {
		end := start
		for end < len(items) && items[end].Service == items[start].Service {
			end++
		}
		max := a.o.MaxPerCall[items[start].Service]
		if max <= 0 {
			max = 50
		}
		if end-start > max {
			end = start + max
		}
		n, err := a.sendRun(ctx, items[start:end], parked)
		settled += n
		if err != nil {
			return settled, err
		}
		start = end
	}
	return settled, nil
}

// sendRun sends one run and records the outcome; on any failure it stops
// at the first unsettled item so the cursor never passes it.
func (a *Agent) sendRun(ctx context.Context, run []store.OutboxItem, parked map[string]bool) (int, error) {
	var send []store.OutboxItem
	var held []store.OutboxItem
	for _, it := range run {
		if parked[it.Key] {
			held = append(held, it)
		} else {
			send = append(send, it)
		}
	}
	var results []ItemResult
	if len(send) > 0 {
		items := make([]Item, len(send))
		for i, it := range send {
			items[i] = Item{ID: it.ID, Key: it.Key, Version: it.Version, Payload: json.RawMessage(it.Payload)}
		}
		cctx, cancel := context.WithTimeout(ctx, a.o.CallTimeout)
		var err error
		results, err = a.portal.Send(cctx, run[0].Service, items)
		cancel()
		if err != nil {
			return 0, fmt.Errorf("send %d %s: %w", len(items), run[0].Service, err)
		}
		if len(results) != len(items) {
			return 0, fmt.Errorf("send %s: portal answered %d results for %d items", run[0].Service, len(results), len(items))
		}
	}
	// Settle in outbox order up to the first retryable item.
	res := map[int64]ItemResult{}
	for i, it := range send {
		res[it.ID] = results[i]
	}
	isHeld := map[int64]bool{}
	for _, it := range held {
		isHeld[it.ID] = true
	}
	var last int64
	var stopErr error
	var toPark []store.OutboxItem
	var reasons []string
	var blocked []bool
	sent := 0
	for _, it := range run {
		if isHeld[it.ID] || parked[it.Key] {
			toPark = append(toPark, it)
			reasons = append(reasons, "held: an earlier item of this dossier is parked")
			blocked = append(blocked, true)
			last = it.ID
			continue
		}
		r := res[it.ID]
		switch {
		case r.OK:
			sent++
			last = it.ID
		case r.Retryable:
			stopErr = fmt.Errorf("%w: item %d (%s %s): %s", errRetry, it.ID, it.Service, it.Key, r.Error)
		default:
			a.log.Error("portal rejected an item; parked", "outbox_id", it.ID, "service", it.Service, "key", it.Key, "err", r.Error)
			toPark = append(toPark, it)
			reasons = append(reasons, r.Error)
			blocked = append(blocked, false)
			parked[it.Key] = true
			last = it.ID
		}
		if stopErr != nil {
			break
		}
	}
	if last > 0 {
		err := a.db.Write(ctx, func(tx *store.Tx) error {
			for i, it := range toPark {
				if it.ID > last {
					break
				}
				if err := tx.Park(it.ID, it.Key, it.Service, reasons[i], blocked[i]); err != nil {
					return err
				}
			}
			return tx.SetSyncCursor(last)
		})
		if err != nil {
			return 0, err
		}
	}
	settledN := 0
	for _, it := range run {
		if it.ID <= last {
			settledN++
		}
	}
	a.mu.Lock()
	a.status.Sent += int64(sent)
	if sent > 0 {
		a.status.LastSendAt = time.Now()
	}
	a.mu.Unlock()
	if stopErr == nil {
		a.setErr(nil)
	}
	return settledN, stopErr
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
		end := start
		for end < len(items) && items[end].Service == items[start].Service {
			end++
		}
		batch := make([]Item, 0, end-start)
		for _, it := range items[start:end] {
			batch = append(batch, Item{ID: it.ID, Key: it.Key, Version: it.Version, Payload: json.RawMessage(it.Payload)})
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
