//go:build !linux

package sim

import (
	"errors"
	"os"
)

// plug is one "plugged in" session of a virtual serial device. Without
// Linux ptys there is none: the virtual printer listens on TCP instead
// (PrinterConfig.Listen), like a LAN printer.
type plug struct {
	master, tty *os.File
}

// ErrNoPty: virtual serial devices need Linux pseudo-terminals.
var ErrNoPty = errors.New("sim: virtual serial devices need Linux ptys; run the printer as a LAN printer (--listen tcp:127.0.0.1:9100)")

func openPlug(link string) (*plug, error) { return nil, ErrNoPty }

func (p *plug) unplug(link string) {}
