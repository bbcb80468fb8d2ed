// Package store is the one SQLite adapter of the centre database: embedded
// migrations, one write connection behind a group-commit writer, a read
// pool, the event log and the outbox.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store/walvfs"
	_ "modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrationsFS embed.FS

// DB is an open centre database.
type DB struct {
	w, r    *sql.DB
	reqs    chan *writeReq
	done    chan struct{}
	closeMu sync.RWMutex
	closed  bool

	mu        sync.Mutex
	listeners []func([]queue.Event)
	observer  func(units int, took time.Duration) // ObserveCommits
	lock      *fileLock

	// stmts caches statements prepared on the write connection. Only the
	// writer goroutine prepares (between batches, when the connection is
	// free); units use them through tx.Stmt, so SQLite parses each
	// statement once instead of on every ticket.
	stmts  sync.Map // query → *sql.Stmt
	nstmts int

	ckpt   checkpoints // off the commit path (checkpoint.go)
	writes writeTimes  // the last batches' times (writestats.go)
	ckptMu sync.Mutex

	// rstmts: hot reads prepared on the read pool (readstmt.go).
	rstmts  sync.Map // query → *sql.Stmt
	rstmtMu sync.Mutex
	nrstmts int
}

// dsn sets every pragma in the DSN so each pooled connection has them.
// synchronous=FULL: a printed ticket must survive a power cut.
// temp_store=MEMORY: each unit of a group commit runs in a savepoint, and
// SQLite keeps the pages a savepoint may roll back in a sub-journal that
// spills to a temporary file past 64 KiB; a batch of a few dozen tickets
// passed that, and its pwrite calls were a third of the server's CPU at
// 3,000 tickets/s (issue 20). In memory it is a few MB at most (256 units).
// Write connections: wal_autocheckpoint=0, the writer checkpoints between
// batches instead of inside a commit (checkpoint.go); and the walvfs VFS,
// which hands a commit's WAL frames to the file in one write instead of two
// per page (store/walvfs; it needs synchronous=FULL, set here for every
// connection). Should it fail to register, SQLite's default VFS is used.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
		q.Add("_pragma", "wal_autocheckpoint(0)")
		if walvfs.Register() == nil {
			q.Set("vfs", walvfs.Name)
		}
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and migrates it.
func Open(path string) (*DB, error) {
	lock, err := lockFile(path, false)
	if err != nil {
		return nil, err
	}
	if err := prepareFiles(path); err != nil {
		lock.release()
		return nil, err
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := migrate(w); err != nil {
		w.Close()
		lock.release()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		lock.release()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := &DB{w: w, r: r, reqs: make(chan *writeReq, 1024), done: make(chan struct{}), lock: lock}
	go db.writer()
	return db, nil
}

// Close stops the writer after the pending writes and closes the pools.
func (db *DB) Close() error {
	db.closeMu.Lock()
	if db.closed {
		db.closeMu.Unlock()
		return nil
	}
	db.closed = true
	close(db.reqs)
	db.closeMu.Unlock()
	<-db.done
	db.stmts.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
	db.rstmts.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
	err := errors.Join(db.w.Close(), db.r.Close())
	db.lock.release()
	return err
}

// Read is the read pool, for queries only.
func (db *DB) Read() *sql.DB { return db.r }

// OnCommit registers fn to receive the events of every committed batch, in
// sequence order, from the writer goroutine. fn must not block.
func (db *DB) OnCommit(fn func([]queue.Event)) {
	db.mu.Lock()
	db.listeners = append(db.listeners, fn)
	db.mu.Unlock()
}

// ObserveCommits registers fn to learn, from the writer goroutine, how many
// units each committed batch held and how long its COMMIT took (the WAL
// write and its sync: on a slow disk, what every call and ticket waits
// for). fn must not block. One observer; a second call replaces it.
func (db *DB) ObserveCommits(fn func(units int, took time.Duration)) {
	db.mu.Lock()
	db.observer = fn
	db.mu.Unlock()
}

// migrate applies, in name order, every embedded migration not yet
// recorded in schema_migrations. Recording names (not a counter) keeps
// migrations added on different branches from skipping each other.
func migrate(w *sql.DB) error {
	if _, err := w.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrationsFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	applied := map[string]bool{}
	rows, err := w.Query(`SELECT name FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		applied[n] = true
	}
	rows.Close()
	// Databases made before schema_migrations counted applied files in
	// PRAGMA user_version; the first that many were 0001…000N.
	var version int
	if err := w.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if len(applied) == 0 && version > 0 {
		for i := 0; i < version && i < len(names); i++ {
			if _, err := w.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, path.Base(names[i]), time.Now().UnixMilli()); err != nil {
				return err
			}
			applied[path.Base(names[i])] = true
		}
	}
	for _, name := range names {
		base := path.Base(name)
		if applied[base] {
			continue
		}
		b, err := migrationsFS.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := w.Begin()
		if err != nil {
			return err
		}
		// Another process (the sync agent, an admin command started with
		// the server after an upgrade) may have applied it since applied
		// was read: the immediate transaction holds the write lock, so
		// this look is the one that counts.
		var done int
		if err := tx.QueryRow(`SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&done); err != nil {
			tx.Rollback()
			return err
		}
		if done > 0 {
			tx.Rollback()
			applied[base] = true
			continue
		}
		if _, err := tx.Exec(string(b)); err != nil {
			tx.Rollback()
			return fmt.Errorf("%s: %w", base, err)
		}
		if _, err := tx.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, base, time.Now().UnixMilli()); err != nil {
			tx.Rollback()
			return err
		}
		// user_version still counts applied files (store.Check uses it).
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(applied)+1)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		applied[base] = true
	}
	return nil
}

// Tx is one unit of work inside a group-committed transaction.
type Tx struct {
	tx     *sql.Tx
	db     *DB
	ctx    context.Context
	events []queue.Event
	after  []func()
	misses *[]string
}

// stmt returns the cached prepared statement for query in this
// transaction, or nil (and notes the miss for the writer to prepare).
func (t *Tx) stmt(query string) *sql.Stmt {
	if t.db == nil {
		return nil
	}
	if st, ok := t.db.stmts.Load(query); ok {
		return t.tx.StmtContext(t.ctx, st.(*sql.Stmt))
	}
	if t.misses != nil {
		*t.misses = append(*t.misses, query)
	}
	return nil
}

// Exec runs a statement.
func (t *Tx) Exec(query string, args ...any) (sql.Result, error) {
	if st := t.stmt(query); st != nil {
		return st.ExecContext(t.ctx, args...)
	}
	return t.tx.ExecContext(t.ctx, query, args...)
}

// Query runs a query; it sees the uncommitted writes of this batch.
func (t *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(query); st != nil {
		return st.QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, query, args...)
}

// QueryRow runs a one-row query.
func (t *Tx) QueryRow(query string, args ...any) *sql.Row {
	if st := t.stmt(query); st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

const maxStmts = 256

// prepareMisses prepares the statements the last batch ran unprepared.
// Called by the writer between batches, when the connection is free.
func (db *DB) prepareMisses(misses []string) {
	for _, q := range misses {
		if db.nstmts >= maxStmts {
			return
		}
		if _, ok := db.stmts.Load(q); ok {
			continue
		}
		st, err := db.w.Prepare(q)
		if err != nil {
			continue // it will keep running unprepared
		}
		db.stmts.Store(q, st)
		db.nstmts++
	}
}

// AfterCommit runs fn once the batch holding this unit has committed.
func (t *Tx) AfterCommit(fn func()) { t.after = append(t.after, fn) }

// AppendEvent writes e to the event log and returns it with its sequence.
func (t *Tx) AppendEvent(e queue.Event) (queue.Event, error) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.Seq = 0
	payload, err := json.Marshal(e)
	if err != nil {
		return e, err
	}
	res, err := t.Exec(`INSERT INTO events (at, day, kind, ticket, counter, officer, service, payload) VALUES (?,?,?,?,?,?,?,?)`,
		e.At.UnixMilli(), queue.Day(e.At), e.Kind, e.TicketID, e.Counter, e.Officer, e.Service, string(payload))
	if err != nil {
		return e, fmt.Errorf("append event: %w", err)
	}
	if e.Seq, err = res.LastInsertId(); err != nil {
		return e, err
	}
	t.events = append(t.events, e)
	return e, nil
}

// AppendOutbox queues one packet item for the portal. key orders the items
// of one dossier; version lets the portal ignore stale replays.
func (t *Tx) AppendOutbox(service, key string, version int64, payload []byte) error {
	_, err := t.Exec(`INSERT INTO outbox (created_at, service, key, version, payload) VALUES (?,?,?,?,?)`,
		time.Now().UnixMilli(), service, key, version, string(payload))
	if err != nil {
		return fmt.Errorf("append outbox: %w", err)
	}
	return nil
}

type writeReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	err  error
	done chan struct{}
}

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("store: closed")

// Write runs fn in a write transaction and returns after it is durable.
// Concurrent writes are grouped: the writer runs several units in one
// transaction, each in its own savepoint, and commits (one fsync) once. A
// unit whose fn fails is rolled back alone and gets its error.
func (db *DB) Write(ctx context.Context, fn func(*Tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan struct{})}
	db.closeMu.RLock()
	if db.closed {
		db.closeMu.RUnlock()
		return ErrClosed
	}
	select {
	case db.reqs <- req:
		db.closeMu.RUnlock()
	case <-ctx.Done():
		db.closeMu.RUnlock()
		return ctx.Err()
	}
	<-req.done
	return req.err
}

const maxBatch = 256

func (db *DB) writer() {
	defer close(db.done)
	for req := range db.reqs {
		batch := []*writeReq{req}
	fill:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-db.reqs:
				if !ok {
					break fill
				}
				batch = append(batch, r)
			default:
				break fill
			}
		}
		db.runBatch(batch)
	}
}

func (db *DB) runBatch(batch []*writeReq) {
	finish := func(err error) {
		for _, r := range batch {
			if r.err == nil {
				r.err = err
			}
			close(r.done)
		}
	}
	begun := time.Now()
	tx, err := db.w.BeginTx(context.Background(), nil)
	if err != nil {
		finish(fmt.Errorf("begin: %w", err))
		return
	}
	var events []queue.Event
	var after []func()
	var misses []string
	defer func() { db.prepareMisses(misses) }()
	if len(batch) == 1 {
		// A lone unit needs no savepoint: if it fails, the transaction is
		// rolled back. That is a sequential call's case (issue 20): two
		// statements and a sub-journal less before the commit.
		r := batch[0]
		t := &Tx{tx: tx, db: db, ctx: context.Background(), misses: &misses}
		if r.err = r.ctx.Err(); r.err == nil {
			r.err = runUnit(r.fn, t)
		}
		if r.err != nil {
			tx.Rollback()
			finish(nil)
			return
		}
		events, after = t.events, t.after
	} else {
		for _, r := range batch {
			if err := r.ctx.Err(); err != nil {
				r.err = err
				continue
			}
			if _, err := tx.Exec("SAVEPOINT unit"); err != nil {
				r.err = err
				continue
			}
			t := &Tx{tx: tx, db: db, ctx: context.Background(), misses: &misses}
			if err := runUnit(r.fn, t); err != nil {
				r.err = err
				if _, rbErr := tx.Exec("ROLLBACK TO unit"); rbErr != nil {
					tx.Rollback()
					finish(fmt.Errorf("rollback to savepoint: %w", rbErr))
					return
				}
			}
			if _, err := tx.Exec("RELEASE unit"); err != nil {
				tx.Rollback()
				finish(fmt.Errorf("release savepoint: %w", err))
				return
			}
			if r.err == nil {
				events = append(events, t.events...)
				after = append(after, t.after...)
			}
		}
	}
	t0 := time.Now()
	if err := tx.Commit(); err != nil {
		// Nothing of this batch is durable: every unit fails, even those
		// whose fn succeeded.
		for _, r := range batch {
			r.err = fmt.Errorf("commit: %w", err)
		}
		finish(nil)
		return
	}
	end := time.Now()
	took := end.Sub(t0)
	db.writes.note(end, end.Sub(begun))
	db.mu.Lock()
	ls, obs := db.listeners, db.observer
	db.mu.Unlock()
	if len(events) > 0 {
		for _, l := range ls {
			l(events)
		}
	}
	if obs != nil {
		obs(len(batch), took)
	}
	pages := db.commitPages()
	for _, fn := range after {
		fn()
	}
	finish(nil)
	db.committed(pages)
}

// runUnit turns a panic in fn into an error so one bad request cannot take
// the writer (and every other request) down.
func runUnit(fn func(*Tx) error, t *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: panic in write unit: %v", p)
		}
	}()
	return fn(t)
}

// ms converts a time to the stored unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// msPtr stores an optional time as NULL or milliseconds.
func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

func fromMs(v int64) time.Time { return time.UnixMilli(v).In(queue.Loc) }

func fromNullMs(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMs(v.Int64)
	return &t
}

// placeholders returns "?,?,?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// collect scans every row of a query with scan and closes the rows:
// collect(scanX)(db.r.QueryContext(...)).
func collect[T any](scan func(scanner) (T, error)) func(*sql.Rows, error) ([]T, error) {
	return func(rows *sql.Rows, err error) ([]T, error) {
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []T
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, rows.Err()
	}
}
