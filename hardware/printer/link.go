package printer

import (
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/serialport"
)

// A link is an open connection to the printer, used only by the worker
// goroutine. Every transport (serial, TCP, usblp, winspool) is one.
type link interface {
	Name() string
	// Status asks the printer's state (DLE EOT 1, 2 and 4 where the link
	// carries answers). Errors: errNoStatus when the link cannot ask,
	// errNoAnswer when the printer did not answer in time, gone(err) when
	// the connection is lost.
	Status(timeout time.Duration) (escpos.Status, error)
	// Write sends all of b.
	Write(b []byte) error
	// EndJob follows a job's last byte and returns once the bytes were
	// delivered as far as the link can tell (serial: drained; TCP: the
	// printer answered a status request sent after them; winspool: the
	// spool document is closed).
	EndJob() error
	Close() error
}

// A transport opens links to one printer.
type transport interface {
	open() (link, error)
	// perJob: the link is opened for each job or status poll and closed
	// right after (LAN printers serve one socket at a time and survive
	// their own reboots best this way; a spooler handle per document).
	perJob() bool
}

var (
	// errGone: the link broke (unplugged, connection reset, printer
	// rebooted); the worker drops it and reopens.
	errGone = errors.New("connection lost")
	// errNoStatus: the link cannot carry the printer's status (winspool,
	// a usblp device that does not report it).
	errNoStatus = errors.New("status cannot be read over this connection")
	// errNoAnswer: the printer did not answer a status request in time.
	errNoAnswer = errors.New("no answer")
	// errWriteTimeout: the printer stopped taking data.
	errWriteTimeout = errors.New("write timed out")
)

func gone(err error) bool { return errors.Is(err, errGone) || serialport.Gone(err) }

func newTransport(cfg Config) (transport, error) {
	if cfg.Address == "" {
		return serialTransport{cfg.Port, cfg.WriteTimeout}, nil
	}
	a, err := ParseAddress(cfg.Address)
	if err != nil {
		return nil, err
	}
	switch a.Transport {
	case Serial:
		sc := a.Serial
		if sc.Baud == 0 {
			sc.Baud = cfg.Port.Baud
		}
		return serialTransport{sc, cfg.WriteTimeout}, nil
	case TCP:
		return tcpTransport{addr: a.Host, dial: cfg.DialTimeout, write: cfg.WriteTimeout, confirm: cfg.ConfirmTimeout}, nil
	case USBLP:
		return usblpTransport{path: a.Device, write: cfg.WriteTimeout}, nil
	case Winspool:
		return newWinspool(a.Queue)
	}
	return nil, fmt.Errorf("printer: transport %q", a.Transport)
}

// byteStream is what a DLE EOT poll needs from a link that carries
// answers back (serial, TCP).
type byteStream interface {
	resetInput() error
	write(b []byte) error
	// readByte returns errNoAnswer at the deadline.
	readByte(deadline time.Time) (byte, error)
}

// pollStream asks DLE EOT 1, 2 and 4. Stale input is dropped first so an
// old answer is not taken for a new one.
func pollStream(s byteStream, timeout time.Duration) (escpos.Status, error) {
	if err := s.resetInput(); err != nil && gone(err) {
		return escpos.Status{}, err
	}
	var ans [3]byte
	for i, n := range []byte{1, 2, 4} {
		if err := s.write(escpos.StatusRequest(n)); err != nil {
			return escpos.Status{}, err
		}
		b, err := readStatusByte(s, time.Now().Add(timeout))
		if err != nil {
			return escpos.Status{}, err
		}
		ans[i] = b
	}
	return escpos.ParseStatus(ans[0], ans[1], ans[2])
}

// readStatusByte skips bytes that are not status answers (automatic
// status back, stray data).
func readStatusByte(s byteStream, deadline time.Time) (byte, error) {
	for {
		b, err := s.readByte(deadline)
		if err != nil {
			return 0, err
		}
		if escpos.StatusValid(b) {
			return b, nil
		}
	}
}

// serial ports: the link stays open between jobs.

type serialTransport struct {
	cfg   serialport.Config
	stall time.Duration // Config.WriteTimeout: no progress for this long is a stalled printer
}

func (t serialTransport) perJob() bool { return false }

func (t serialTransport) open() (link, error) {
	p, err := serialport.Open(t.cfg)
	if err != nil {
		return nil, err
	}
	return &serialLink{p: p, stall: t.stall, baud: t.cfg.Baud}, nil
}

type serialLink struct {
	p     *serialport.Port
	buf   [1]byte
	stall time.Duration
	baud  int
}

func (l *serialLink) Name() string { return l.p.Name() }

func (l *serialLink) Status(timeout time.Duration) (escpos.Status, error) {
	return pollStream(l, timeout)
}

// Write sends one chunk. A serial write has no deadline of its own, and a
// long job at a low baud rate takes minutes (34 s for a 32 KB raster ticket
// at 9600 baud): what counts is progress, not the job's total time. Each
// chunk may take its own transmission time at the line's rate plus the
// stall allowance (Config.WriteTimeout); past that the printer stopped
// taking data (flow control held, cable half out). Closing a tty does not
// end a write blocked in it, so the write runs in its own goroutine, which
// ends when the printer takes the bytes or goes away; the worker drops the
// link and reports the stall meanwhile.
func (l *serialLink) Write(b []byte) error {
	if l.stall <= 0 {
		_, err := l.p.Write(b)
		return err
	}
	// The write returns once the chunk is in the OS buffer, which frees room
	// as the line drains it: the chunk's time plus a full buffer's.
	limit := l.stall
	if l.baud > 0 {
		limit += time.Duration(len(b)+writeBuffer) * 10 * time.Second / time.Duration(l.baud)
	}
	return l.watch(limit, func() error { _, err := l.p.Write(b); return err })
}

// watch runs op, giving up on it after limit (errWriteTimeout).
func (l *serialLink) watch(limit time.Duration, op func() error) error {
	done := make(chan error, 1)
	go func() { done <- op() }()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("%w: the printer took no data for %v", errWriteTimeout, limit.Round(time.Millisecond))
	}
}

// EndJob: "printed" means transmitted, not just queued in the OS buffer.
// The drain waits for the bytes still in the OS and adapter buffers (up to
// tens of KB): it gets their transmission time plus the stall allowance.
func (l *serialLink) EndJob() error {
	drain := func() error {
		if err := l.p.Drain(); err != nil && serialport.Gone(err) {
			return err
		}
		return nil
	}
	if l.stall <= 0 {
		return drain()
	}
	limit := l.stall
	if l.baud > 0 {
		limit += time.Duration(drainBuffer) * 10 * time.Second / time.Duration(l.baud)
	}
	return l.watch(limit, drain)
}

// writeBuffer is the tty output buffer a write may wait on: a blocked
// write is woken only once the line has drained a good part of it (a pty
// holds up to 64 KB and wakes the writer late; a UART driver 4 KB, a
// USB-serial adapter more), so a chunk gets that buffer's line time too.
const writeBuffer = 64 << 10

// drainBuffer is what the OS and a USB-serial adapter may still hold when
// the last write returns.
const drainBuffer = 64 << 10

func (l *serialLink) Close() error { return l.p.Close() }

func (l *serialLink) resetInput() error    { return l.p.ResetInput() }
func (l *serialLink) write(b []byte) error { return l.Write(b) }

func (l *serialLink) readByte(deadline time.Time) (byte, error) {
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return 0, errNoAnswer
		}
		if err := l.p.SetReadTimeout(min(left, 100*time.Millisecond)); err != nil {
			return 0, err
		}
		n, err := l.p.Read(l.buf[:])
		if err != nil {
			return 0, err
		}
		if n == 1 {
			return l.buf[0], nil
		}
	}
}
