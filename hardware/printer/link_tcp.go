package printer

import (
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
)

// LAN printers: raw ESC/POS on TCP (port 9100), status answers on the same
// socket, one connection per job. Every step has a deadline: a powered-off
// printer makes a connect hang until the OS gives up (minutes), a printer
// with a full buffer stops reading.
type tcpTransport struct {
	addr                 string
	dial, write, confirm time.Duration
}

func (t tcpTransport) perJob() bool { return true }

func (t tcpTransport) open() (link, error) {
	c, err := net.DialTimeout("tcp", t.addr, t.dial)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errGone, err)
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true) // status requests are 3 bytes
	}
	return &tcpLink{c: c, addr: t.addr, writeTimeout: t.write, confirm: t.confirm}, nil
}

type tcpLink struct {
	c            net.Conn
	addr         string
	writeTimeout time.Duration
	confirm      time.Duration
	answered     bool // the printer answered a status request on this connection
	buf          [64]byte
	pending      []byte // bytes read but not yet consumed
}

func (l *tcpLink) Name() string { return "tcp://" + l.addr }

func (l *tcpLink) Status(timeout time.Duration) (escpos.Status, error) {
	st, err := pollStream(l, timeout)
	if err == nil {
		l.answered = true
	}
	return st, err
}

func (l *tcpLink) Write(b []byte) error { return l.write(b) }

func (l *tcpLink) write(b []byte) error {
	if err := l.c.SetWriteDeadline(time.Now().Add(l.writeTimeout)); err != nil {
		return fmt.Errorf("%w: %v", errGone, err)
	}
	if _, err := l.c.Write(b); err != nil {
		return netErr(err, errWriteTimeout)
	}
	return nil
}

// EndJob: TCP takes the bytes in order, so an answer to a status request
// sent after the job means the printer received all of it. A printer that
// rebooted mid-job breaks the connection here and the job is sent again;
// a printer that never answers status is trusted (nothing else to ask).
func (l *tcpLink) EndJob() error {
	if !l.answered {
		return nil
	}
	if err := l.resetInput(); err != nil && gone(err) {
		return err
	}
	if err := l.write(escpos.StatusRequest(1)); err != nil {
		return err
	}
	_, err := readStatusByte(l, time.Now().Add(l.confirm))
	if errors.Is(err, errNoAnswer) {
		return nil // busy printing a long job: its buffer holds our request
	}
	return err
}

func (l *tcpLink) Close() error { return l.c.Close() }

// resetInput drops answers that arrived late for an earlier request.
func (l *tcpLink) resetInput() error {
	l.pending = nil
	for range 16 {
		if err := l.c.SetReadDeadline(time.Now().Add(time.Millisecond)); err != nil {
			return fmt.Errorf("%w: %v", errGone, err)
		}
		n, err := l.c.Read(l.buf[:])
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				return nil
			}
			return netErr(err, errNoAnswer)
		}
		if n == 0 {
			return nil
		}
	}
	return nil
}

func (l *tcpLink) readByte(deadline time.Time) (byte, error) {
	if len(l.pending) > 0 {
		b := l.pending[0]
		l.pending = l.pending[1:]
		return b, nil
	}
	if err := l.c.SetReadDeadline(deadline); err != nil {
		return 0, fmt.Errorf("%w: %v", errGone, err)
	}
	n, err := l.c.Read(l.buf[:])
	if n > 0 {
		l.pending = l.buf[1:n]
		return l.buf[0], nil
	}
	if err == nil {
		return 0, errNoAnswer
	}
	return 0, netErr(err, errNoAnswer)
}

// netErr maps a socket error: a deadline is timeoutErr, anything else
// (reset, EOF: the printer closed or rebooted) means the link is gone.
func netErr(err, timeoutErr error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("%w: %v", timeoutErr, err)
	}
	return fmt.Errorf("%w: %v", errGone, err)
}
