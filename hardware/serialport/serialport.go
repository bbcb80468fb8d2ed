// Package serialport opens serial devices (USB CDC, USB-serial adapters,
// RS-232, pseudo-terminals). It is the only importer of go.bug.st/serial:
// its quirks (a read timeout returns (0, nil); modem lines fail on ptys)
// stay behind this API.
package serialport

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"go.bug.st/serial"
	"go.bug.st/serial/enumerator"
)

var (
	// ErrNotFound: no device at the path, or no USB device with the ids.
	// For a device that was working, it means unplugged.
	ErrNotFound = errors.New("serialport: device not found")
	// ErrGone: the open device disappeared (unplugged, or the port closed).
	ErrGone = errors.New("serialport: device gone")
)

// Config selects and configures a port. Set Path or USB.
type Config struct {
	// Path is a device path: /dev/serial/by-id/... (stable across replug),
	// /dev/ttyUSB0, /dev/ttyACM0, COM3, or a simulator's symlink.
	Path string
	// USB finds the port by "VID:PID" or "VID:PID:SERIAL" (hex, as lsusb
	// prints them) when Path is empty.
	USB string
	// Baud defaults to 9600, the factory default of most printers and scanners.
	Baud int
	// DataBits defaults to 8.
	DataBits int
	// Parity: "none" (default), "odd", "even".
	Parity string
	// StopBits: 1 (default) or 2.
	StopBits int
}

// Port is an open serial port. Read returns (0, nil) when the read timeout
// passes with no data, like the underlying library.
type Port struct {
	p    serial.Port
	name string
}

// Open opens the port described by cfg.
func Open(cfg Config) (*Port, error) {
	name := cfg.Path
	if name == "" {
		if cfg.USB == "" {
			return nil, fmt.Errorf("serialport: neither path nor USB id configured: %w", ErrNotFound)
		}
		var err error
		if name, err = FindUSB(cfg.USB); err != nil {
			return nil, err
		}
	}
	mode := &serial.Mode{BaudRate: cfg.Baud, DataBits: cfg.DataBits}
	if mode.BaudRate == 0 {
		mode.BaudRate = 9600
	}
	if mode.DataBits == 0 {
		mode.DataBits = 8
	}
	switch strings.ToLower(cfg.Parity) {
	case "", "none", "n":
	case "odd", "o":
		mode.Parity = serial.OddParity
	case "even", "e":
		mode.Parity = serial.EvenParity
	default:
		return nil, fmt.Errorf("serialport: unknown parity %q", cfg.Parity)
	}
	switch cfg.StopBits {
	case 0, 1:
	case 2:
		mode.StopBits = serial.TwoStopBits
	default:
		return nil, fmt.Errorf("serialport: stop bits %d", cfg.StopBits)
	}
	// InitialStatusBits stays nil: setting modem lines fails on ptys.
	p, err := serial.Open(name, mode)
	if err != nil {
		return nil, fmt.Errorf("serialport: open %s: %w", name, classify(err))
	}
	return &Port{p: p, name: name}, nil
}

// Name is the device path that was opened.
func (p *Port) Name() string { return p.name }

// Read reads what is there; (0, nil) after the read timeout.
func (p *Port) Read(b []byte) (int, error) {
	n, err := p.p.Read(b)
	if err != nil {
		return n, classify(err)
	}
	return n, nil
}

// Write writes all of b (the library may write less on a full buffer).
func (p *Port) Write(b []byte) (int, error) {
	done := 0
	for done < len(b) {
		n, err := p.p.Write(b[done:])
		done += n
		if err != nil {
			return done, classify(err)
		}
		if n == 0 {
			return done, fmt.Errorf("serialport: write made no progress: %w", ErrGone)
		}
	}
	return done, nil
}

// SetReadTimeout bounds each Read; 0 means wait forever.
func (p *Port) SetReadTimeout(d time.Duration) error {
	if d <= 0 {
		d = serial.NoTimeout
	}
	return classify(p.p.SetReadTimeout(d))
}

// ResetInput drops bytes received but not read (stale status answers).
func (p *Port) ResetInput() error { return classify(p.p.ResetInputBuffer()) }

// Drain waits until written data has left (a no-op on some platforms).
func (p *Port) Drain() error { return classify(p.p.Drain()) }

// Close closes the port; a pending Read returns at once.
func (p *Port) Close() error { return p.p.Close() }

// Gone reports whether err means the device is absent: unplugged, not
// (yet) present, or closed under us. Workers reopen after such errors.
func Gone(err error) bool { return errors.Is(err, ErrGone) || errors.Is(err, ErrNotFound) }

func classify(err error) error {
	if err == nil {
		return nil
	}
	var pe *serial.PortError
	if errors.As(err, &pe) {
		switch pe.Code() {
		case serial.PortNotFound:
			return fmt.Errorf("%w: %v", ErrNotFound, err)
		case serial.PortClosed:
			return fmt.Errorf("%w: %v", ErrGone, err)
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist) || osNotFound(err):
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	case errors.Is(err, fs.ErrClosed) || osGone(err):
		return fmt.Errorf("%w: %v", ErrGone, err)
	}
	return err
}

// Info describes a port found by the enumerator.
type Info struct {
	Name                   string
	USB                    bool
	VID, PID, SerialNumber string
	Product                string
}

// List returns the serial ports the OS reports, with USB ids where known.
// Pseudo-terminals are not listed.
func List() ([]Info, error) {
	ports, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return nil, fmt.Errorf("serialport: list ports: %w", err)
	}
	out := make([]Info, 0, len(ports))
	for _, p := range ports {
		out = append(out, Info{Name: p.Name, USB: p.IsUSB, VID: p.VID, PID: p.PID,
			SerialNumber: p.SerialNumber, Product: p.Product})
	}
	return out, nil
}

// FindUSB returns the port of the USB device "VID:PID[:SERIAL]".
func FindUSB(id string) (string, error) {
	parts := strings.Split(id, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return "", fmt.Errorf("serialport: USB id %q is not VID:PID[:SERIAL]", id)
	}
	ports, err := List()
	if err != nil {
		return "", err
	}
	return matchUSB(ports, parts)
}

func matchUSB(ports []Info, parts []string) (string, error) {
	for _, p := range ports {
		if !p.USB || !strings.EqualFold(p.VID, parts[0]) || !strings.EqualFold(p.PID, parts[1]) {
			continue
		}
		if len(parts) == 3 && p.SerialNumber != parts[2] {
			continue
		}
		return p.Name, nil
	}
	return "", fmt.Errorf("serialport: no USB device %s: %w", strings.Join(parts, ":"), ErrNotFound)
}
