package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// The centre database holds personal data (dossiers: names, ID numbers,
// addresses) and secrets (token hashes, the HMAC key of the applicant
// index). Its files are readable by the service account only.
const (
	PrivateFileMode fs.FileMode = 0o600
	PrivateDirMode  fs.FileMode = 0o700
)

// dbFiles are the files SQLite and this package keep beside a database.
func dbFiles(path string) []string {
	return []string{path, path + "-wal", path + "-shm", path + "-journal", path + ".lock"}
}

// prepareFiles creates the database file 0600 when it is missing (SQLite
// gives its -wal and -shm files the mode of the database file, so they
// follow) and tightens the files an older version left group- or
// world-readable.
func prepareFiles(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, PrivateFileMode)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrExist):
		return fmt.Errorf("create %s: %w", path, err)
	}
	for _, p := range dbFiles(path) {
		if err := tightenFile(p); err != nil {
			return err
		}
	}
	return nil
}

// PrivateDir creates dir (and its parents) 0700 when missing and tightens
// it to 0700 when it exists and belongs to this user. Shared folders (not
// ours, sticky like /tmp, the home folder) are left as they are: the files
// inside are 0600 anyway.
func PrivateDir(dir string) error {
	if err := os.MkdirAll(dir, PrivateDirMode); err != nil {
		return err
	}
	return tightenDir(dir)
}

// PrivateFile tightens an existing file to 0600 (no-op when it is missing
// or on systems without Unix permissions).
func PrivateFile(path string) error { return tightenFile(path) }
