//go:build linux

package printer

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/motcua/motcua/hardware/escpos"
)

// USB printer class on Linux (usblp driver, /dev/usb/lpN): not a tty, no
// baud. Writes work on every printer. The status comes from the class
// request GET_PORT_STATUS (ioctl LPGETSTATUS): where the device does not
// answer it (or the path is not a usblp device) the status is unknown,
// never "ok".
type usblpTransport struct {
	path  string
	write time.Duration
}

func (t usblpTransport) perJob() bool { return false }

// lpGetStatus is LPGETSTATUS from <linux/lp.h>.
const lpGetStatus = 0x060b

// IEEE 1284 status bits as usblp returns them.
const (
	lpNotError   = 0x08
	lpSelected   = 0x10
	lpPaperEmpty = 0x20
)

func (t usblpTransport) open() (link, error) {
	// O_NONBLOCK: the file goes through Go's poller, so writes have a
	// deadline (a printer that stops taking data does not hang the worker)
	// and a FIFO without a reader fails (ENXIO) instead of blocking.
	fd, err := unix.Open(t.path, unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: open %s: %v", errGone, t.path, err)
	}
	return &usblpLink{f: os.NewFile(uintptr(fd), t.path), writeTimeout: t.write}, nil
}

type usblpLink struct {
	f            *os.File
	writeTimeout time.Duration
}

func (l *usblpLink) Name() string { return "usblp:" + l.f.Name() }

func (l *usblpLink) Status(time.Duration) (escpos.Status, error) {
	rc, err := l.f.SyscallConn()
	if err != nil {
		return escpos.Status{}, fmt.Errorf("%w: %v", errGone, err)
	}
	var v int
	var ioErr error
	if err := rc.Control(func(fd uintptr) { v, ioErr = unix.IoctlGetInt(int(fd), lpGetStatus) }); err != nil {
		return escpos.Status{}, fmt.Errorf("%w: %v", errGone, err)
	}
	// usblp (drivers/usb/class/usblp.c) answers ENODEV once the printer
	// is unplugged and EIO when the printer does not answer the class
	// request; a file or FIFO standing in for the device gives ENOTTY.
	switch {
	case ioErr == nil:
	case errors.Is(ioErr, syscall.ENODEV), errors.Is(ioErr, syscall.ENXIO):
		return escpos.Status{}, fmt.Errorf("%w: %v", errGone, ioErr)
	case errors.Is(ioErr, syscall.EINTR), errors.Is(ioErr, syscall.ETIMEDOUT):
		return escpos.Status{}, fmt.Errorf("%w: %v", errNoAnswer, ioErr)
	default: // EIO, ENOTTY, EINVAL: this device does not report its status
		return escpos.Status{}, fmt.Errorf("%w: %s: %v", errNoStatus, l.f.Name(), ioErr)
	}
	s := escpos.Status{
		Online:   v&lpSelected != 0,
		PaperOut: v&lpPaperEmpty != 0,
		Error:    v&lpNotError == 0,
	}
	if s.PaperOut {
		s.Online = false
	}
	return s, nil
}

func (l *usblpLink) Write(b []byte) error {
	// a regular file (tests, a capture) has no deadlines: that is fine
	if err := l.f.SetWriteDeadline(time.Now().Add(l.writeTimeout)); err != nil && !errors.Is(err, os.ErrNoDeadline) {
		return fmt.Errorf("%w: %v", errGone, err)
	}
	if _, err := l.f.Write(b); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return fmt.Errorf("%w: %v", errWriteTimeout, err)
		}
		return fmt.Errorf("%w: %v", errGone, err) // ENODEV/EIO: unplugged; EPIPE: reader gone
	}
	return nil
}

// EndJob: usblp's write returns once the USB transfer completed.
func (l *usblpLink) EndJob() error { return nil }

func (l *usblpLink) Close() error { return l.f.Close() }
