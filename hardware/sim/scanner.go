package sim

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
)

// Samples are codes the virtual scanner can "scan" by name (synthetic data).
var Samples = map[string]string{
	"cccd":    "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021",
	"dossier": "000.00.06.H56-231027-0361",
	"ticket":  "https://motcua.example.vn/t/01HF3Q8Z2K7T",
	"barcode": "8935049500018",
}

// ErrUnplugged: the virtual scanner is unplugged.
var ErrUnplugged = errors.New("sim: scanner unplugged")

// Scanner is a virtual serial barcode scanner on a pseudo-terminal.
type Scanner struct {
	link   string
	suffix string
	log    *slog.Logger

	mu     sync.Mutex
	plug   *plug
	closed bool
}

// NewScanner starts a virtual scanner, plugged in, that ends each code with
// suffix ("\r\n" when empty; use "none" for no suffix).
func NewScanner(link, suffix string, log *slog.Logger) (*Scanner, error) {
	switch suffix {
	case "":
		suffix = "\r\n"
	case "none":
		suffix = ""
	}
	if log == nil {
		log = slog.Default()
	}
	s := &Scanner{link: link, suffix: suffix, log: log}
	if err := s.Replug(); err != nil {
		return nil, err
	}
	return s, nil
}

// Path is the stable device path.
func (s *Scanner) Path() string { return s.link }

// Scan sends text as one code. A sample name ("cccd", "dossier", ...) sends
// that sample.
func (s *Scanner) Scan(text string) error {
	if v, ok := Samples[text]; ok {
		text = v
	}
	return s.Send([]byte(text + s.suffix))
}

// Send writes raw bytes (tests use it for half-read and garbled scans).
func (s *Scanner) Send(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plug == nil {
		return ErrUnplugged
	}
	if _, err := s.plug.master.Write(b); err != nil {
		return fmt.Errorf("sim: scanner write: %w", err)
	}
	return nil
}

// Unplug removes the device.
func (s *Scanner) Unplug() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.plug != nil {
		s.plug.unplug(s.link)
		s.plug = nil
	}
}

// Replug plugs it back in behind the same link.
func (s *Scanner) Replug() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("sim: scanner closed")
	}
	if s.plug != nil {
		return nil
	}
	pl, err := openPlug(s.link)
	if err != nil {
		return err
	}
	s.plug = pl
	go drain(pl) // a scanner ignores what the host sends
	return nil
}

func drain(pl *plug) {
	buf := make([]byte, 256)
	for {
		if _, err := pl.master.Read(buf); err != nil {
			return
		}
	}
}

// Close unplugs it for good.
func (s *Scanner) Close() error {
	s.Unplug()
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return nil
}

// Serve reads lines from a listener (unix socket or loopback TCP) and
// scans each one; "unplug" and "replug" lines pull and restore the cable.
// It returns when ctx ends.
func (s *Scanner) Serve(ctx context.Context, l net.Listener) error {
	context.AfterFunc(ctx, func() { l.Close() })
	for {
		c, err := l.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("sim: accept: %w", err)
		}
		go s.serveConn(c)
	}
}

func (s *Scanner) serveConn(c net.Conn) {
	defer c.Close()
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		line := sc.Text()
		var err error
		switch line {
		case "unplug":
			s.Unplug()
		case "replug":
			err = s.Replug()
		default:
			err = s.Scan(line)
		}
		reply := "ok\n"
		if err != nil {
			reply = "error: " + err.Error() + "\n"
			s.log.Warn("sim scanner", "err", err)
		}
		if _, err := c.Write([]byte(reply)); err != nil {
			return
		}
	}
}
