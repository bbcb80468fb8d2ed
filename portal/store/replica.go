package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/portal"
)

// ErrReplicaNeedsPostgres: --read-db with a SQLite primary.
var ErrReplicaNeedsPostgres = errors.New("a read replica (--read-db) needs a PostgreSQL primary (--db postgres://...): SQLite has no streaming replicas")

// ReplicaAppName is the application_name of the portal's connections to its
// read replica (pg_stat_activity on the replica shows them).
const ReplicaAppName = "motcua-portal-read"

// OpenReadReplica opens a read-only store on a streaming replica (hot
// standby) of primary, which must be a PostgreSQL store of this package,
// and the probe that measures the pair's replication lag. Nothing is
// created on the replica (a standby cannot write; its schema is the
// primary's, replayed). The replica need not be up: the portal answers from
// the primary until portal.Replica finds it usable.
func OpenReadReplica(ctx context.Context, primary portal.Store, dsn string) (portal.Store, portal.ReplicaProbe, error) {
	p, ok := primary.(*db)
	if !ok || !p.pg {
		return nil, nil, ErrReplicaNeedsPostgres
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return nil, nil, errors.New("--read-db: a postgres:// URL of a streaming replica of --db")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Not the parser's error: it quotes the whole URL, password included,
		// and this error ends on stderr and in the journal.
		return nil, nil, errors.New("--read-db: not a valid URL (a user name or password with %, @, : or / must be percent-encoded)")
	}
	q := u.Query()
	if q.Get("application_name") == "" {
		q.Set("application_name", ReplicaAppName)
	}
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "5") // a replica that went away must not hold a citizen's lookup
	}
	// Belt and braces: nothing sent through this pool writes, even if the
	// URL names a primary by mistake.
	q.Set("default_transaction_read_only", "on")
	u.RawQuery = q.Encode()
	r, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, nil, fmt.Errorf("open read replica: %w", err)
	}
	r.SetMaxOpenConns(16)
	r.SetMaxIdleConns(4)
	r.SetConnMaxIdleTime(time.Minute)
	// The lag probe has its own connection: a replica whose pool is busy
	// with rollups is not "down".
	q.Set("application_name", q.Get("application_name")+"-probe")
	u.RawQuery = q.Encode()
	pr, err := sql.Open("pgx", u.String())
	if err != nil {
		r.Close()
		return nil, nil, fmt.Errorf("open read replica: %w", err)
	}
	pr.SetMaxOpenConns(1)
	pr.SetMaxIdleConns(1)
	d := &db{w: r, r: r, pg: true, closer: func() error { return errors.Join(r.Close(), pr.Close()) }}
	return d, &pgProbe{primary: p.w, replica: pr}, nil
}

// pgProbe reads the WAL positions of a primary and its streaming replica.
type pgProbe struct {
	primary, replica *sql.DB

	mu sync.Mutex
	// system is the primary's database system identifier (pg_control_system),
	// "" until first read: a standby is this primary's only if it has the
	// same one (a copy made by pg_basebackup keeps it; another initdb does not).
	system string
}

// ErrForeignReplica: --read-db is a standby of another database system than
// --db (its system identifier differs). Its data is not this portal's, so
// nothing is read from it (session 6 review).
var ErrForeignReplica = errors.New("the read database is a standby of another PostgreSQL system than --db (system identifiers differ): not used")

// errUnverifiedReplica: the primary's identifier is not known yet.
var errUnverifiedReplica = errors.New("the read database's system is not checked yet (the primary has not answered)")

func (p *pgProbe) PrimaryWAL(ctx context.Context) (uint64, time.Time, error) {
	var lsn, system string
	var now time.Time
	// The flushed position: what walsenders may stream.
	err := p.primary.QueryRowContext(ctx, `SELECT pg_current_wal_flush_lsn()::text, clock_timestamp(), (SELECT system_identifier::text FROM pg_control_system())`).Scan(&lsn, &now, &system)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("primary WAL position: %w", err)
	}
	p.mu.Lock()
	p.system = system
	p.mu.Unlock()
	n, err := parseLSN(lsn)
	return n, now, err
}

func (p *pgProbe) ReplicaWAL(ctx context.Context) (uint64, bool, time.Time, error) {
	var standby bool
	var lsn sql.NullString
	var last sql.NullTime
	var system string
	err := p.replica.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp(), (SELECT system_identifier::text FROM pg_control_system())`).
		Scan(&standby, &lsn, &last, &system)
	if err != nil {
		return 0, false, time.Time{}, fmt.Errorf("replica WAL position: %w", err)
	}
	p.mu.Lock()
	own := p.system
	p.mu.Unlock()
	switch {
	case own == "":
		return 0, false, time.Time{}, errUnverifiedReplica
	case system != own:
		return 0, false, time.Time{}, ErrForeignReplica
	}
	if !standby || !lsn.Valid {
		return 0, standby, time.Time{}, nil
	}
	n, err := parseLSN(lsn.String)
	if err != nil {
		return 0, false, time.Time{}, err
	}
	return n, true, last.Time, nil
}

// parseLSN reads a pg_lsn ("16/B374D848").
func parseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, fmt.Errorf("bad WAL position %q", s)
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad WAL position %q", s)
	}
	return h<<32 | l, nil
}
