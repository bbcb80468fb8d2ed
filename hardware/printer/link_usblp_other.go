//go:build !linux

package printer

import (
	"errors"
	"time"
)

type usblpTransport struct {
	path  string
	write time.Duration
}

func (t usblpTransport) perJob() bool { return false }

func (t usblpTransport) open() (link, error) {
	return nil, errors.New("usblp printers (/dev/usb/lpN) exist only on Linux; on Windows use winspool:NAME or the printer's COM port")
}
