package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"

	"github.com/motcua/motcua/portal"
	_ "modernc.org/sqlite"
)

// sqliteDSN sets every pragma in the DSN so each pooled connection has them.
// synchronous=FULL: an acknowledged packet must survive a power cut, since
// the agent advances its cursor on our answer.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// OpenSQLite opens (creating) the portal database at path: one write
// connection, a read pool.
func OpenSQLite(ctx context.Context, path string) (portal.Store, error) {
	w, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	for _, s := range schema(false) {
		if _, err := w.ExecContext(ctx, s); err != nil {
			w.Close()
			return nil, fmt.Errorf("schema %s: %w", path, err)
		}
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()))
	d := &db{w: w, r: r}
	d.closer = func() error { return errors.Join(r.Close(), w.Close()) }
	return d, nil
}
