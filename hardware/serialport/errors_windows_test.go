//go:build windows

package serialport

import (
	"errors"
	"fmt"
	"testing"

	"golang.org/x/sys/windows"
)

// USB-serial drivers report an unplug with several codes; each must make
// the workers reopen the port, not give up.
func TestWindowsErrorsClassified(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want error
	}{
		{windows.ERROR_FILE_NOT_FOUND, ErrNotFound},
		{windows.ERROR_PATH_NOT_FOUND, ErrNotFound},
		{windows.ERROR_DEV_NOT_EXIST, ErrNotFound},
		{windows.ERROR_ACCESS_DENIED, ErrGone},
		{windows.ERROR_BAD_COMMAND, ErrGone},
		{windows.ERROR_GEN_FAILURE, ErrGone},
		{windows.ERROR_DEVICE_NOT_CONNECTED, ErrGone},
		{windows.ERROR_OPERATION_ABORTED, ErrGone},
		{fmt.Errorf("read: %w", windows.ERROR_INVALID_HANDLE), ErrGone},
	} {
		if got := classify(tc.err); !errors.Is(got, tc.want) || !Gone(got) {
			t.Errorf("classify(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
	if got := classify(windows.ERROR_INVALID_PARAMETER); Gone(got) {
		t.Errorf("a bad parameter is not an unplug: %v", got)
	}
}

// A COM port that is not there: ErrNotFound, so the worker keeps trying.
func TestWindowsOpenMissingPort(t *testing.T) {
	_, err := Open(Config{Path: "COM97"})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("open COM97: %v, want ErrNotFound", err)
	}
}
