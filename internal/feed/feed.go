// Package feed is what the centre's outbound services (notify, webhook)
// share: their read positions (cursors) in the centre's logs — events and
// dossier_events — kept in a table of their own, the loop that produces
// and delivers, and the retry backoff.
package feed

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The logs a service reads.
const (
	Events   = "events"         // store.EventsSince, by seq
	Dossiers = "dossier_events" // by id
)

// Cursors are a service's positions in the logs, in table (name, seq).
// A batch that produced nothing may move them in memory only (Skip): such
// a batch need not cost a write of its own; after a crash it is read
// again, harmlessly, as producing is idempotent by id. Not safe for
// concurrent use: one producing loop owns them.
type Cursors struct {
	db        *store.DB
	table     string
	mem       map[string]int64
	lastWrite time.Time
}

// NewCursors are the cursors kept in table (a constant of the caller's
// schema: name TEXT PRIMARY KEY, seq INTEGER).
func NewCursors(db *store.DB, table string) *Cursors {
	return &Cursors{db: db, table: table, mem: map[string]int64{}}
}

// Init starts the cursors at the end of the logs the first time, so a new
// installation does not act on the past.
func (c *Cursors) Init(ctx context.Context) error {
	return c.db.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO `+c.table+` (name, seq) SELECT ?, coalesce(max(seq), 0) FROM events`, Events); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR IGNORE INTO `+c.table+` (name, seq) SELECT ?, coalesce(max(id), 0) FROM dossier_events`, Dossiers)
		return err
	})
}

// Get is the position in log name (0 before Init).
func (c *Cursors) Get(ctx context.Context, name string) (int64, error) {
	if n, ok := c.mem[name]; ok {
		return n, nil
	}
	var n int64
	err := c.db.Read().QueryRowContext(ctx, `SELECT seq FROM `+c.table+` WHERE name = ?`, name).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// Skip moves the cursors to events, dossiers in memory only and reports
// true, when the batch produced nothing, was not full, and they were
// written within 5 s; otherwise the caller writes them with Save.
func (c *Cursors) Skip(produced, full bool, events, dossiers int64) bool {
	if produced || full || time.Since(c.lastWrite) >= 5*time.Second {
		return false
	}
	c.mem[Events], c.mem[Dossiers] = events, dossiers
	return true
}

// Save writes the cursors in tx, the transaction that writes what the
// batch produced; call Saved once it has committed.
func (c *Cursors) Save(tx *store.Tx, events, dossiers int64) error {
	_, err := tx.Exec(`INSERT OR REPLACE INTO `+c.table+` (name, seq) VALUES (?, ?), (?, ?)`, Events, events, Dossiers, dossiers)
	return err
}

// Saved records a committed Save.
func (c *Cursors) Saved(events, dossiers int64) {
	c.mem[Events], c.mem[Dossiers] = events, dossiers
	c.lastWrite = time.Now()
}

// Backoff is the wait before attempt (1, 2, …): first, doubled after each
// attempt, never more than most.
func Backoff(attempt int, first, most time.Duration) time.Duration {
	d := first
	for i := 1; i < attempt && d < most; i++ {
		d *= 2
	}
	if d > most {
		return most
	}
	return d
}

// Loop is a service's run loop: produce, dispatch, purge every 10 min,
// then wait for the poll tick or a wake.
type Loop struct {
	Name     string // in log lines: "notify", "webhook"
	Log      *slog.Logger
	Poll     time.Duration
	Wake     <-chan struct{}
	Cursors  *Cursors
	Produce  func(ctx context.Context) error
	Dispatch func(ctx context.Context)
	Purge    func(ctx context.Context) error
	// InFlight is waited for when ctx ends (sends still running).
	InFlight interface{ Wait() }
}

// Run runs the loop until ctx ends, then waits for InFlight.
func (l Loop) Run(ctx context.Context) {
	if err := l.Cursors.Init(ctx); err != nil && ctx.Err() == nil {
		l.Log.Error(l.Name+": cursors", "err", err)
	}
	t := time.NewTicker(l.Poll)
	defer t.Stop()
	var lastPurge time.Time
	for {
		if err := l.Produce(ctx); err != nil && ctx.Err() == nil {
			l.Log.Error(l.Name+": producing failed", "err", err)
		}
		l.Dispatch(ctx)
		if time.Since(lastPurge) > 10*time.Minute {
			if err := l.Purge(ctx); err != nil && ctx.Err() == nil {
				l.Log.Error(l.Name+": purge failed", "err", err)
			}
			lastPurge = time.Now()
		}
		select {
		case <-ctx.Done():
			l.InFlight.Wait()
			return
		case <-t.C:
		case <-l.Wake:
		}
	}
}

// Senders run a service's deliveries: at most n at once and one at a time
// per key (a message; a webhook's subject, whose deliveries keep order),
// each claimed in the database (Claim) before it runs.
type Senders struct {
	mu       sync.Mutex
	inflight map[string]bool
	sem      chan struct{}
	wg       sync.WaitGroup
}

// NewSenders are senders of at most n deliveries at once.
func NewSenders(n int) *Senders {
	return &Senders{inflight: map[string]bool{}, sem: make(chan struct{}, n)}
}

// Busy reports whether a delivery of key is running.
func (s *Senders) Busy(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inflight[key]
}

// Slot takes one of the n places; false when all are taken (the rest
// waits for the next round). Give it back with Release when the claim
// fails, or to Go.
func (s *Senders) Slot() bool {
	select {
	case s.sem <- struct{}{}:
		return true
	default:
		return false
	}
}

// Release gives back a Slot that was not used.
func (s *Senders) Release() { <-s.sem }

// Go runs send for key in the place Slot took; when it returns, key is
// free again, done runs (a wake: the next of the subject may go), and the
// place is given back.
func (s *Senders) Go(key string, send, done func()) {
	s.mu.Lock()
	s.inflight[key] = true
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() { <-s.sem }()
		defer func() {
			s.mu.Lock()
			delete(s.inflight, key)
			s.mu.Unlock()
			done()
		}()
		send()
	}()
}

// Wait waits for the deliveries running.
func (s *Senders) Wait() { s.wg.Wait() }

// Claim runs update (an attempt's UPDATE … WHERE id = ? AND status =
// 'pending' AND attempts = ?) in a write and reports whether it changed
// the one row: the attempt is this process's, claimed before it is made.
func Claim(ctx context.Context, db *store.DB, update string, args ...any) (bool, error) {
	var claimed bool
	err := db.Write(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(update, args...)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		return nil
	})
	return claimed && err == nil, err
}

// AfterCommits is how long a service waits, after a commit, before it reads
// the logs (WakeSoon). A text message or a webhook 50 ms later is the same
// to whoever gets it; read at once, notify's and webhook's queries ran in
// the very moment the commit's fan-out was writing to the boards and the
// boards were reading, on the same few cores (issue 20), once per commit.
const AfterCommits = 50 * time.Millisecond

// WakeSoon calls wake once, d after the first of any number of calls
// until then: the commits of a burst are read in one go.
type WakeSoon struct {
	D    time.Duration
	Wake func()

	mu      sync.Mutex
	pending bool
}

// Commit is the store's commit listener (store.DB.OnCommit).
func (w *WakeSoon) Commit([]queue.Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pending {
		return
	}
	w.pending = true
	time.AfterFunc(w.D, func() {
		w.mu.Lock()
		w.pending = false
		w.mu.Unlock()
		w.Wake()
	})
}
