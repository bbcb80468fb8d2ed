package escpos

import "fmt"

// Status is the printer state read with DLE EOT 1, 2 and 4.
type Status struct {
	Online       bool
	CoverOpen    bool
	PaperNearEnd bool
	PaperOut     bool
	Error        bool // unrecoverable or auto-recoverable error (cutter jam, head hot)
}

// StatusValid reports whether b is a DLE EOT answer: bits 0, 1, 4, 7 fixed.
func StatusValid(b byte) bool { return b&0x93 == 0x12 }

// ParseStatus builds a Status from the answers to DLE EOT 1, 2 and 4.
func ParseStatus(printer, offline, paper byte) (Status, error) {
	for _, b := range []byte{printer, offline, paper} {
		if !StatusValid(b) {
			return Status{}, fmt.Errorf("escpos: invalid status byte %#02x", b)
		}
	}
	return Status{
		Online:       printer&0x08 == 0,
		CoverOpen:    offline&0x04 != 0,
		PaperOut:     offline&0x20 != 0 || paper&0x60 != 0,
		PaperNearEnd: paper&0x0C != 0,
		Error:        offline&0x40 != 0,
	}, nil
}

// StatusBytes is the inverse of ParseStatus, used by the simulator.
func StatusBytes(s Status) (printer, offline, paper byte) {
	printer, offline, paper = 0x12, 0x12, 0x12
	if !s.Online {
		printer |= 0x08
	}
	if s.CoverOpen {
		offline |= 0x04
	}
	if s.PaperOut {
		offline |= 0x20
		paper |= 0x60
	}
	if s.Error {
		offline |= 0x40
	}
	if s.PaperNearEnd {
		paper |= 0x0C
	}
	return
}

func (s Status) String() string {
	switch {
	case s.PaperOut:
		return "paper out"
	case s.CoverOpen:
		return "cover open"
	case s.Error:
		return "error"
	case !s.Online:
		return "offline"
	case s.PaperNearEnd:
		return "online, paper near end"
	}
	return "online"
}
