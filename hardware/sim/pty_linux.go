//go:build linux

package sim

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// plug is one "plugged in" session of a virtual device: a pty pair whose
// slave path is published at a stable symlink.
type plug struct {
	master, tty *os.File
}

// openPlug creates a pty in raw mode (no echo, no CR/LF translation: the
// bytes are binary ESC/POS) and points link at its slave atomically, so a
// client reopening link after a replug finds the new device.
func openPlug(link string) (*plug, error) {
	m0, t, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("sim: open pty: %w", err)
	}
	// A blocking read on the master is not interrupted by Close; a
	// non-blocking fd goes through Go's poller, whose Close wakes readers.
	m, err := pollable(m0)
	if err != nil {
		t.Close()
		return nil, err
	}
	if err := makeRaw(t); err != nil {
		m.Close()
		t.Close()
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		m.Close()
		t.Close()
		return nil, fmt.Errorf("sim: %w", err)
	}
	tmp := link + ".tmp"
	_ = os.Remove(tmp)
	if err := os.Symlink(t.Name(), tmp); err != nil {
		m.Close()
		t.Close()
		return nil, fmt.Errorf("sim: link %s: %w", link, err)
	}
	if err := os.Rename(tmp, link); err != nil {
		m.Close()
		t.Close()
		return nil, fmt.Errorf("sim: link %s: %w", link, err)
	}
	// The simulator keeps its own tty fd open: otherwise the master reads
	// EIO whenever the client closes its end to reopen.
	return &plug{master: m, tty: t}, nil
}

// unplug removes the device: the link disappears, the client's reads and
// writes fail.
func (p *plug) unplug(link string) {
	_ = os.Remove(link)
	p.master.Close()
	p.tty.Close()
}

func makeRaw(f *os.File) error {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return fmt.Errorf("sim: termios: %w", err)
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return fmt.Errorf("sim: termios: %w", err)
	}
	return nil
}

func pollable(f *os.File) (*os.File, error) {
	fd, err := unix.Dup(int(f.Fd()))
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("sim: dup pty: %w", err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("sim: pty: %w", err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}
