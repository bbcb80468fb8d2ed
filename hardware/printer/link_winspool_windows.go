//go:build windows

package printer

import (
	"fmt"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/motcua/motcua/hardware/escpos"
)

// Windows spooler: a printer installed with its vendor driver (USB, or a
// LAN port the driver set up) gets the ticket's ESC/POS bytes as a RAW
// job, which the spooler passes through unchanged. The spooler does not
// return the printer's status bytes: the status is always unknown.
var (
	winspool             = windows.NewLazySystemDLL("winspool.drv")
	procOpenPrinterW     = winspool.NewProc("OpenPrinterW")
	procClosePrinter     = winspool.NewProc("ClosePrinter")
	procStartDocPrinterW = winspool.NewProc("StartDocPrinterW")
	procStartPagePrinter = winspool.NewProc("StartPagePrinter")
	procWritePrinter     = winspool.NewProc("WritePrinter")
	procEndPagePrinter   = winspool.NewProc("EndPagePrinter")
	procEndDocPrinter    = winspool.NewProc("EndDocPrinter")
	procAbortPrinter     = winspool.NewProc("AbortPrinter")
)

// docInfo1 is DOC_INFO_1W.
type docInfo1 struct {
	docName, outputFile, datatype *uint16
}

type winspoolTransport struct{ queue string }

func newWinspool(queue string) (transport, error) { return winspoolTransport{queue}, nil }

func (t winspoolTransport) perJob() bool { return true }

func (t winspoolTransport) open() (link, error) {
	if err := winspool.Load(); err != nil {
		return nil, fmt.Errorf("winspool.drv: %w", err)
	}
	name, err := windows.UTF16PtrFromString(t.queue)
	if err != nil {
		return nil, err
	}
	var h windows.Handle
	if r, _, e := procOpenPrinterW.Call(uintptr(unsafe.Pointer(name)), uintptr(unsafe.Pointer(&h)), 0); r == 0 {
		return nil, fmt.Errorf("%w: OpenPrinter %q: %v", errGone, t.queue, e)
	}
	return &winspoolLink{h: h, queue: t.queue}, nil
}

type winspoolLink struct {
	h     windows.Handle
	queue string
	inDoc bool
}

func (l *winspoolLink) Name() string { return "winspool:" + l.queue }

func (l *winspoolLink) Status(time.Duration) (escpos.Status, error) {
	return escpos.Status{}, fmt.Errorf("%w: the Windows spooler does not pass status back", errNoStatus)
}

func (l *winspoolLink) startDoc() error {
	doc, _ := windows.UTF16PtrFromString("motcua")
	raw, _ := windows.UTF16PtrFromString("RAW")
	di := docInfo1{docName: doc, datatype: raw}
	if r, _, e := procStartDocPrinterW.Call(uintptr(l.h), 1, uintptr(unsafe.Pointer(&di))); r == 0 {
		return fmt.Errorf("%w: StartDocPrinter %q: %v", errGone, l.queue, e)
	}
	l.inDoc = true
	if r, _, e := procStartPagePrinter.Call(uintptr(l.h)); r == 0 {
		return fmt.Errorf("%w: StartPagePrinter %q: %v", errGone, l.queue, e)
	}
	return nil
}

func (l *winspoolLink) Write(b []byte) error {
	if !l.inDoc {
		if err := l.startDoc(); err != nil {
			return err
		}
	}
	for len(b) > 0 {
		var n uint32
		if r, _, e := procWritePrinter.Call(uintptr(l.h), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(unsafe.Pointer(&n))); r == 0 {
			return fmt.Errorf("%w: WritePrinter %q: %v", errGone, l.queue, e)
		}
		if n == 0 {
			return fmt.Errorf("%w: WritePrinter %q wrote nothing", errGone, l.queue)
		}
		b = b[n:]
	}
	return nil
}

// EndJob closes the document: the spooler then sends it to the printer.
func (l *winspoolLink) EndJob() error {
	if !l.inDoc {
		return nil
	}
	procEndPagePrinter.Call(uintptr(l.h))
	r, _, e := procEndDocPrinter.Call(uintptr(l.h))
	l.inDoc = false
	if r == 0 {
		return fmt.Errorf("%w: EndDocPrinter %q: %v", errGone, l.queue, e)
	}
	return nil
}

// Close abandons a document that was not ended (a failed write), so no
// half ticket prints.
func (l *winspoolLink) Close() error {
	if l.inDoc {
		procAbortPrinter.Call(uintptr(l.h))
		l.inDoc = false
	}
	procClosePrinter.Call(uintptr(l.h))
	return nil
}
