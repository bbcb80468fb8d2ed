//go:build !windows

package printer

import "errors"

func newWinspool(queue string) (transport, error) {
	return nil, errors.New("winspool printers (the Windows spooler) exist only on Windows; use usblp:/dev/usb/lp0, tcp://HOST:9100 or a serial port")
}
