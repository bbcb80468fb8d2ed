package scanner

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// referenceFrames is what the framer must cut from s fed without idle gaps:
// the pieces between terminators of the suffix mode, empty ones dropped, and
// the unterminated tail.
func referenceFrames(s string, suffix Suffix) (frames []string, tail string) {
	var pieces []string
	switch suffix {
	case SuffixAuto:
		pieces = strings.FieldsFunc(s+"\x00", func(r rune) bool { return r == '\r' || r == '\n' })
	case SuffixCR:
		pieces = strings.Split(s+"\x00", "\r")
	case SuffixLF:
		pieces = strings.Split(s+"\x00", "\n")
	case SuffixCRLF:
		pieces = strings.Split(s+"\x00", "\r\n")
	case SuffixNone:
		pieces = []string{s + "\x00"}
	}
	// The \x00 marks the tail: the last piece holds it.
	last := pieces[len(pieces)-1]
	tail = strings.TrimSuffix(last, "\x00")
	for _, p := range pieces[:len(pieces)-1] {
		if p != "" {
			frames = append(frames, p)
		}
	}
	if suffix == SuffixCRLF {
		tail = strings.TrimSuffix(tail, "\r") // a CR waiting for its LF is not data yet
	}
	return frames, tail
}

// FuzzFramerModel checks the framer against a plain model (split on the
// suffix) for every suffix mode, and that how the bytes are cut into reads
// does not change the codes: a scanner's bytes arrive in arbitrary pieces.
func FuzzFramerModel(f *testing.F) {
	for _, s := range []string{sampleCCCD + "\r\n", "a\rb\nc\r\n", "\r\r\n\n", "x\r\ry\r\n", "000.00.06.H56-231027-0361\n", "abc", "\n\r"} {
		f.Add([]byte(s), uint8(0), uint64(0x9e3779b97f4a7c15))
	}
	f.Fuzz(func(t *testing.T, b []byte, suffix uint8, cuts uint64) {
		if strings.IndexByte(string(b), 0) >= 0 {
			return // the model marks the tail with NUL
		}
		sfx := Suffix(suffix % 5)
		now := time.Unix(1_700_000_000, 0)
		fr := &Framer{Suffix: sfx, Max: len(b) + 1}
		var got []string
		for rest := b; len(rest) > 0; {
			n := 1 + int(cuts%7)
			cuts = cuts/7 ^ cuts<<13
			n = min(n, len(rest))
			for _, x := range fr.Feed(rest[:n], now) {
				if !x.Complete {
					t.Fatalf("incomplete frame %q without a cut or a gap", x.Text)
				}
				got = append(got, x.Text)
			}
			rest = rest[n:]
		}
		var tail string
		if x, ok := fr.Reset(); ok {
			tail = x.Text
		}
		want, wantTail := referenceFrames(string(b), sfx)
		if !slices.Equal(got, want) || tail != wantTail {
			t.Fatalf("suffix %d, input %q:\n got %q tail %q\nwant %q tail %q", sfx, b, got, tail, want, wantTail)
		}
	})
}
