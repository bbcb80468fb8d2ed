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

// checkBackupOwner refuses a backup another local user could have written:
// owned by someone other than this user, root or the owner of target (the
// service account whose backup root restores), or writable by everyone.
func checkBackupOwner(fi fs.FileInfo, src, target string) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if fi.Mode().Perm()&0o002 != 0 {
		return fmt.Errorf("restore: %s is writable by every user of this machine (mode %#o): anyone could have changed it; restore only a backup you keep private (chmod o-w after checking where it came from)", src, fi.Mode().Perm())
	}
	uid := int(st.Uid)
	if uid == os.Geteuid() || uid == 0 {
		return nil
	}
	if tf, err := os.Stat(target); err == nil {
		if ts, ok := tf.Sys().(*syscall.Stat_t); ok && int(ts.Uid) == uid {
			return nil
		}
	} else if tf, err := os.Stat(filepath.Dir(target)); err == nil {
		if ts, ok := tf.Sys().(*syscall.Stat_t); ok && int(ts.Uid) == uid {
			return nil
		}
	}
	return fmt.Errorf("restore: %s belongs to another user (uid %d), not to you, root or the database's owner: they could have written its officers and passwords; copy it yourself only if you know where it came from", src, uid)
}
