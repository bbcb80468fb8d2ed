package scanner

import "time"

// Suffix is what the scanner sends after each code.
type Suffix int

const (
	// SuffixAuto accepts CR, LF or CRLF, and flushes after an idle gap for
	// scanners set to send no suffix. The default.
	SuffixAuto Suffix = iota
	SuffixCR
	SuffixLF
	SuffixCRLF
	// SuffixNone: codes are separated only by the idle gap.
	SuffixNone
)

// ParseSuffix reads "auto", "cr", "lf", "crlf" or "none".
func ParseSuffix(s string) (Suffix, bool) {
	v, ok := map[string]Suffix{"": SuffixAuto, "auto": SuffixAuto, "cr": SuffixCR, "lf": SuffixLF, "crlf": SuffixCRLF, "none": SuffixNone}[s]
	return v, ok
}

// Frame is one code as cut from the byte stream.
type Frame struct {
	Text string
	// Complete: ended by the configured suffix (or by the idle gap where
	// the gap is the configured separator). An incomplete frame is a
	// half-read code and is never classified.
	Complete bool
}

// Framer cuts a serial byte stream into codes. bufio.Scanner cannot be
// used: the port returns (0, nil) on every read timeout and Scanner gives up
// after 100 empty reads. Not safe for concurrent use.
type Framer struct {
	Suffix Suffix
	// Idle is the inter-character gap after which a pending frame is
	// flushed (0 = never).
	Idle time.Duration
	// Max bytes per frame (default 8192); longer input is cut and the
	// pieces reported incomplete.
	Max int

	buf     []byte
	last    time.Time
	afterCR bool // a CR was just a terminator: a following LF belongs to it
}

// Feed adds bytes received at now and returns the frames they complete.
func (f *Framer) Feed(b []byte, now time.Time) []Frame {
	var out []Frame
	if len(b) > 0 {
		if fr, ok := f.Tick(now); ok { // the gap before these bytes ended a frame
			out = append(out, fr)
		}
		f.last = now
	}
	max := f.Max
	if max <= 0 {
		max = 8192
	}
	for _, c := range b {
		switch {
		case c == '\n' && f.afterCR && f.Suffix == SuffixAuto: // LF of a CRLF
			f.afterCR = false
			continue
		case c == '\n' && f.afterCR && f.Suffix == SuffixCRLF:
			out = append(out, f.take(true))
			f.afterCR = false
			continue
		case c == '\r' && (f.Suffix == SuffixAuto || f.Suffix == SuffixCR):
			out = append(out, f.take(true))
			f.afterCR = f.Suffix == SuffixAuto
			continue
		case c == '\r' && f.Suffix == SuffixCRLF:
			if f.afterCR { // the previous CR was data
				f.buf = append(f.buf, '\r')
			}
			f.afterCR = true
			continue
		case c == '\n' && (f.Suffix == SuffixAuto || f.Suffix == SuffixLF):
			out = append(out, f.take(true))
			f.afterCR = false
			continue
		}
		if f.afterCR && f.Suffix == SuffixCRLF { // CR not followed by LF is data
			f.buf = append(f.buf, '\r')
		}
		f.afterCR = false
		f.buf = append(f.buf, c)
		if len(f.buf) >= max {
			out = append(out, f.take(false))
		}
	}
	// drop empty frames (CR CR, LF at start)
	kept := out[:0]
	for _, fr := range out {
		if fr.Text != "" {
			kept = append(kept, fr)
		}
	}
	return kept
}

// Tick flushes the pending frame if the idle gap has passed at now.
func (f *Framer) Tick(now time.Time) (Frame, bool) {
	if len(f.buf) == 0 || f.Idle <= 0 || now.Sub(f.last) < f.Idle {
		return Frame{}, false
	}
	// the gap ends a code only where no suffix is expected
	return f.take(f.Suffix == SuffixNone || f.Suffix == SuffixAuto), true
}

// Reset discards a pending frame (port lost) and returns it, if any.
func (f *Framer) Reset() (Frame, bool) {
	f.afterCR = false
	if len(f.buf) == 0 {
		return Frame{}, false
	}
	return f.take(false), true
}

func (f *Framer) take(complete bool) Frame {
	fr := Frame{Text: string(f.buf), Complete: complete}
	f.buf = f.buf[:0]
	return fr
}
