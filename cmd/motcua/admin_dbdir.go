package main

// The admin commands open the centre database themselves. Those that create
// it (officer add, device add, webhook add, restore) may run before the
// server ever did, on a fresh install without data/: they create the data
// folder as `motcua serve` does (0700, store.PrivateDir). Those that only
// read or change what is there say in English which folder is missing
// rather than SQLite's "open data/centre.db.lock: no such file or
// directory".

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/motcua/motcua/store"
)

// adminDataDir prepares the folder of the database at path: created
// (create) or required to exist.
func adminDataDir(path string, create bool) error {
	dir := filepath.Dir(path)
	if create {
		if err := store.PrivateDir(dir); err != nil {
			return fmt.Errorf("cannot create the data folder %s for %s: %w", dir, path, err)
		}
		return nil
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no database at %s: the data folder %s does not exist (check --db; `motcua serve` or `motcua admin officer add` creates it)", path, dir)
	case err != nil:
		return fmt.Errorf("data folder %s: %w", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("data folder %s is not a folder", dir)
	}
	return nil
}

// openAdminDB opens the database at path for an admin command; create: the
// command may create the database (and its folder).
func openAdminDB(path string, create bool) (*store.DB, error) {
	if err := adminDataDir(path, create); err != nil {
		return nil, err
	}
	return store.Open(path)
}
