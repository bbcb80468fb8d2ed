//go:build !windows

package serialport

import (
	"errors"
	"syscall"
)

// osNotFound: the device node is not there (never plugged, or unplugged
// before open).
func osNotFound(err error) bool {
	return errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.ENODEV)
}

// osGone: the open device went away under us (USB unplug gives EIO).
func osGone(err error) bool {
	return errors.Is(err, syscall.EIO) || errors.Is(err, syscall.EBADF)
}
