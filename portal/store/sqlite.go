package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
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
	if err := protectFiles(path); err != nil {
		return nil, err
	}
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
	// SQLite gives -wal and -shm the database file's mode; check anyway.
	if err := protectFiles(path); err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()))
	d := &db{w: w, r: r}
	d.closer = func() error { return errors.Join(r.Close(), w.Close()) }
	if _, err := d.backfillTraCuu(ctx); err != nil {
		d.closer()
		return nil, err
	}
	return d, nil
}

// protectFiles makes the database's folder 0700 and the database, its
// -wal, -shm and -journal 0600, creating the file so that SQLite never
// creates it with the process umask: portal.db holds the key that signs
// centre sessions and the dossiers' personal data. Files an older version
// left readable are tightened. (On Windows only the read-only bit exists;
// there the folder's ACL protects the files.)
func protectFiles(path string) error {
	if path == "" || path == ":memory:" {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("portal database folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("portal database folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("protect %s: %w", p, err)
		}
	}
	return nil
}
