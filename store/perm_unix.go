//go:build unix

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// tightenFile removes group and other permissions from path, if it exists.
func tightenFile(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(path, fi.Mode().Perm()&PrivateFileMode); err != nil {
		return fmt.Errorf("make %s private (chmod 600): %w", path, err)
	}
	return nil
}

// tightenDir sets dir to 0700 when it is this user's own folder.
func tightenDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) != os.Geteuid() || fi.Mode()&fs.ModeSticky != 0 {
		return nil
	}
	if abs, err := filepath.Abs(dir); err == nil {
		if home, err := os.UserHomeDir(); err == nil && filepath.Clean(home) == abs {
			return nil
		}
		if wd, err := os.Getwd(); err == nil && wd == abs {
			return nil
		}
	}
	if err := os.Chmod(dir, fi.Mode().Perm()&PrivateDirMode); err != nil {
		return fmt.Errorf("make %s private (chmod 700): %w", dir, err)
	}
	return nil
}
