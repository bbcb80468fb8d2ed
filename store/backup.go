package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Backup writes a consistent copy of the database to dest with VACUUM INTO.
// It reads a snapshot (WAL), so the server keeps working meanwhile.
// The copy is 0600, in a folder created 0700 when missing (SQLite would
// create it with the umask's mode, 0644 under the usual 022).
func (db *DB) Backup(ctx context.Context, dest string) (err error) {
	if err := os.MkdirAll(filepath.Dir(dest), PrivateDirMode); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO accepts an empty file: create it private, exclusively.
	f, err := os.OpenFile(dest, os.O_CREATE|os.O_EXCL|os.O_WRONLY, PrivateFileMode)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(dest)
		}
	}()
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// VACUUM INTO cannot run inside the writer's transactions, but it holds
	// the write connection only for the copy; writes queue meanwhile.
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return tightenFile(dest)
}

// BackupFile makes a backup of the database file at src without a server.
func BackupFile(ctx context.Context, src, dest string) error {
	if _, err := os.Stat(src); err != nil {
		return err
	}
	// Not Open: that would migrate. A newer motcua backing up before the
	// upgrade (the documented first step, while the old server still runs)
	// must copy the database as the old release left it, and must not
	// change its schema under the running old server. The shared lock
	// keeps a restore out meanwhile, as Open's does.
	lock, err := lockFile(src, false)
	if err != nil {
		return err
	}
	defer lock.release()
	// (query_only would refuse VACUUM INTO; nothing here writes to src)
	c, err := sql.Open("sqlite", dsn(src, false))
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	return (&DB{w: c}).Backup(ctx, dest)
}

// Check runs SQLite's integrity check on a database file.
func Check(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	c, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return err
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("integrity check of %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check of %s: %s", path, res)
	}
	var v int
	if err := c.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v < 1 {
		return fmt.Errorf("%s is not a motcua centre database", path)
	}
	return nil
}

// Restore replaces the database at target with the backup at src. The
// server must be stopped: the restore takes an exclusive lock first and
// refuses if anything holds the database. The replaced file is kept as
// target.before-restore-<time>.
//
// The backup is copied first (opened once, beside target, created
// exclusively and private) and the copy is what is checked and put in
// place: a backup swapped after the check, or a link planted at the
// temporary name, changes nothing. A backup another local user could have
// written — owned by someone else than this user, root or the owner of
// target, or writable by everyone — is refused (checkBackupOwner): its
// officers table would be theirs.
func Restore(ctx context.Context, src, target string) (kept string, err error) {
	lock, err := lockFile(target, true)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	defer lock.release()
	tmp := target + ".restoring"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} { // a crashed restore's leftovers (or a planted link)
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("restore: %w", err)
		}
	}
	if err := copyBackup(src, tmp, target); err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err := Check(ctx, tmp); err != nil {
		return "", fmt.Errorf("backup is not usable: %w", err)
	}
	for _, suf := range []string{"-wal", "-shm"} {
		if err := os.Remove(tmp + suf); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	if _, err := os.Stat(target); err == nil {
		kept = fmt.Sprintf("%s.before-restore-%s", target, time.Now().Format("20060102-150405"))
		if err := os.Rename(target, kept); err != nil {
			return "", err
		}
		if err := tightenFile(kept); err != nil { // an older version's 0644 copy
			return kept, err
		}
		for _, suf := range []string{"-wal", "-shm"} {
			if err := os.Remove(target + suf); err != nil && !errors.Is(err, os.ErrNotExist) {
				return kept, err
			}
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return kept, err
	}
	return kept, nil
}

// copyBackup copies the backup src to dst, a new private file, after
// checking who could have written src (the file opened, not its name).
func copyBackup(src, dst, target string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("restore: %s is not a regular file", src)
	}
	if err := checkBackupOwner(fi, src, target); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, PrivateFileMode)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}
