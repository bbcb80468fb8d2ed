// Package storetest gives tests a fresh, migrated centre database without
// running every migration for each one: under the race detector a fresh
// store.Open (19 migrations, each its own synchronous commit) took about
// a second on the CI box, and the centre's tests open hundreds. The
// migrations themselves are tested in package store and by the programs'
// end-to-end tests, which open fresh databases as before.
package storetest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/motcua/motcua/store"
)

var (
	once  sync.Once
	image []byte // an empty database with every migration applied
	err   error
)

// Seed writes an empty centre database with every migration applied to
// path, as store.Open leaves a new one, so that the next store.Open of
// path finds nothing to migrate. A path that exists is left as it is. The
// first call of a process migrates one database in a temporary folder;
// the others copy its bytes.
func Seed(path string) error {
	once.Do(func() { image, err = migrated() })
	if err != nil {
		return fmt.Errorf("storetest: %w", err)
	}
	f, ferr := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, store.PrivateFileMode)
	if errors.Is(ferr, fs.ErrExist) {
		return nil
	}
	if ferr != nil {
		return ferr
	}
	if _, werr := f.Write(image); werr != nil {
		f.Close()
		return werr
	}
	return f.Close()
}

func migrated() ([]byte, error) {
	dir, err := os.MkdirTemp("", "motcua-storetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "centre.db")
	db, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	// The last connection's close checkpoints the WAL into the file and
	// removes it: the file alone is the whole database.
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, errors.New("the template database kept its WAL file after Close")
	}
	return os.ReadFile(path)
}
