// Package scanner reads QR/barcode scanners on a serial port (USB CDC or
// RS-232) and classifies what they read. Classify is also what the apps
// use for keyboard-wedge scanners typing into a text field.
package scanner

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/hardware/serialport"
)

// Config configures a scanner worker.
type Config struct {
	Port serialport.Config
	// Suffix the scanner sends after each code (default: CR, LF or CRLF).
	Suffix Suffix
	// Idle is the inter-character gap that ends a code without a suffix
	// (default 80 ms; a scanner sends a code in one burst).
	Idle time.Duration
	// StripPrefixes/StripSuffixes are removed from each code when present
	// (AIM ids such as "]Q1", a configured preamble).
	StripPrefixes, StripSuffixes []string
	// RetryInterval between attempts to reopen the port (default 1 s).
	RetryInterval time.Duration
	// OnConnected is called from the worker when the port opens or is lost.
	OnConnected func(connected bool)
	Log         *slog.Logger

	// onRead, when set (tests), is called from the worker with the byte
	// count of every read that returned data.
	onRead func(n int)
}

// Scanner is a running scanner worker.
type Scanner struct {
	cfg    Config
	scans  chan Scan
	cancel context.CancelFunc
	done   chan struct{}

	mu        sync.Mutex
	connected bool
}

// Open starts the worker; an absent scanner is retried until Close.
func Open(ctx context.Context, cfg Config) *Scanner {
	if cfg.Idle <= 0 {
		cfg.Idle = 80 * time.Millisecond
	}
	if cfg.RetryInterval <= 0 {
		cfg.RetryInterval = time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Scanner{cfg: cfg, scans: make(chan Scan, 64), cancel: cancel, done: make(chan struct{})}
	go s.run(ctx)
	return s
}

// Scans delivers classified scans; it is closed by Close.
func (s *Scanner) Scans() <-chan Scan { return s.scans }

// Connected reports whether the port is open.
func (s *Scanner) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connected
}

// Close stops the worker and closes Scans.
func (s *Scanner) Close() error {
	s.cancel()
	<-s.done
	return nil
}

func (s *Scanner) setConnected(on bool) {
	s.mu.Lock()
	changed := s.connected != on
	s.connected = on
	s.mu.Unlock()
	if changed {
		s.cfg.Log.Info("scanner: connection", "connected", on)
		if s.cfg.OnConnected != nil {
			s.cfg.OnConnected(on)
		}
	}
}

func (s *Scanner) run(ctx context.Context) {
	defer close(s.done)
	defer close(s.scans)
	for ctx.Err() == nil {
		port, err := serialport.Open(s.cfg.Port)
		if err != nil {
			s.setConnected(false)
			select {
			case <-ctx.Done():
				return
			case <-time.After(s.cfg.RetryInterval):
			}
			continue
		}
		s.setConnected(true)
		err = s.read(ctx, port)
		port.Close()
		s.setConnected(false)
		if err != nil {
			s.cfg.Log.Warn("scanner: port lost", "err", err)
		}
	}
}

// read owns the open port until it fails or ctx ends.
func (s *Scanner) read(ctx context.Context, port *serialport.Port) error {
	stop := context.AfterFunc(ctx, func() { port.Close() }) // unblocks Read at once
	defer stop()
	f := &Framer{Suffix: s.cfg.Suffix, Idle: s.cfg.Idle}
	if err := port.SetReadTimeout(s.cfg.Idle / 2); err != nil {
		return err
	}
	buf := make([]byte, 1024)
	for {
		n, err := port.Read(buf)
		now := time.Now()
		if err != nil {
			if fr, ok := f.Reset(); ok { // half a code when the cable went
				s.emit(ctx, fr, now)
			}
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		for _, fr := range f.Feed(buf[:n], now) {
			s.emit(ctx, fr, now)
		}
		if n > 0 && s.cfg.onRead != nil {
			s.cfg.onRead(n)
		}
		if n == 0 {
			if fr, ok := f.Tick(now); ok {
				s.emit(ctx, fr, now)
			}
		}
	}
}

func (s *Scanner) emit(ctx context.Context, fr Frame, now time.Time) {
	sc := s.classify(fr)
	sc.At = now
	s.cfg.Log.Info("scanner: scan", "kind", sc.Kind.String(), "err", sc.Err) // never the raw text: personal data
	select {
	case s.scans <- sc:
	case <-ctx.Done():
	}
}

func (s *Scanner) classify(fr Frame) Scan {
	if !fr.Complete {
		return Scan{Raw: fr.Text, Err: ErrIncomplete}
	}
	text := fr.Text
	for _, p := range s.cfg.StripPrefixes {
		if p != "" && strings.HasPrefix(text, p) {
			text = text[len(p):]
			break
		}
	}
	for _, p := range s.cfg.StripSuffixes {
		if p != "" && strings.HasSuffix(text, p) {
			text = text[:len(text)-len(p)]
			break
		}
	}
	return Classify(text)
}
