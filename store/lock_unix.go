//go:build unix

package store

import (
	"fmt"
	"os"
	"syscall"
)

// fileLock is an advisory lock on PATH.lock: every open database holds it
// shared; a restore needs it exclusive, so it cannot swap the file under a
// running server (SQLite's own locks are idle between transactions in WAL).
type fileLock struct{ f *os.File }

func lockFile(path string, exclusive bool) (*fileLock, error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, PrivateFileMode)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is in use by another program (stop the server first): %w", path, err)
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) release() {
	if l != nil && l.f != nil {
		l.f.Close()
	}
}
