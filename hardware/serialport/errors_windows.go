//go:build windows

package serialport

import (
	"errors"

	"golang.org/x/sys/windows"
)

// osNotFound: no such COM port (never plugged, or unplugged before open).
func osNotFound(err error) bool {
	return isErrno(err, windows.ERROR_FILE_NOT_FOUND, windows.ERROR_PATH_NOT_FOUND,
		windows.ERROR_DEV_NOT_EXIST, windows.ERROR_NO_SUCH_DEVICE, windows.ERROR_BAD_UNIT)
}

// osGone: the open COM port went away. USB-serial drivers report an unplug
// with different codes: ERROR_ACCESS_DENIED or ERROR_BAD_COMMAND (FTDI,
// CH340 on ReadFile/WriteFile), ERROR_GEN_FAILURE, ERROR_DEVICE_NOT_CONNECTED,
// ERROR_OPERATION_ABORTED (pending I/O cancelled), ERROR_INVALID_HANDLE.
// All of them mean: close and reopen. (ERROR_ACCESS_DENIED on open is a
// busy port and comes back from the library as PortBusy, not through here.)
func osGone(err error) bool {
	return isErrno(err, windows.ERROR_ACCESS_DENIED, windows.ERROR_BAD_COMMAND, windows.ERROR_GEN_FAILURE,
		windows.ERROR_DEVICE_NOT_CONNECTED, windows.ERROR_OPERATION_ABORTED, windows.ERROR_INVALID_HANDLE,
		windows.ERROR_NOT_READY, windows.ERROR_DEVICE_REMOVED, windows.ERROR_BROKEN_PIPE)
}

func isErrno(err error, codes ...windows.Errno) bool {
	var e windows.Errno
	if !errors.As(err, &e) {
		return false
	}
	for _, c := range codes {
		if e == c {
			return true
		}
	}
	return false
}
