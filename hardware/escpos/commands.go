package escpos

// Byte sequences of the ESC/POS commands this package emits. The simulator
// (hardware/sim) parses exactly these; keep both in step.
const (
	ESC = 0x1B
	GS  = 0x1D
	FS  = 0x1C
	DLE = 0x10
	EOT = 0x04
	LF  = 0x0A
)

// Align values for ESC a.
type Align byte

const (
	AlignLeft   Align = 0
	AlignCenter Align = 1
	AlignRight  Align = 2
)

// Init resets the printer (ESC @) and leaves Chinese double-byte mode
// (FS .): clones boot in it and would read single-byte text as Chinese.
func Init() []byte { return []byte{ESC, '@', FS, '.'} }

// SetAlign is ESC a n.
func SetAlign(a Align) []byte { return []byte{ESC, 'a', byte(a)} }

// SetBold is ESC E n.
func SetBold(on bool) []byte { return []byte{ESC, 'E', b2b(on)} }

// SetSize is GS ! n with width and height multipliers 1..8.
func SetSize(w, h int) []byte {
	w, h = clamp(w, 1, 8), clamp(h, 1, 8)
	return []byte{GS, '!', byte((w-1)<<4 | (h - 1))}
}

// SetCodePage is ESC t n.
func SetCodePage(n byte) []byte { return []byte{ESC, 't', n} }

// FeedLines is ESC d n.
func FeedLines(n int) []byte { return []byte{ESC, 'd', byte(clamp(n, 0, 255))} }

// Cut is GS V 0 (full) or GS V 1 (partial), no feed.
func Cut(full bool) []byte {
	if full {
		return []byte{GS, 'V', 0}
	}
	return []byte{GS, 'V', 1}
}

// FeedCut is GS V 65/66 n: feed n dots, then cut (full or partial).
func FeedCut(full bool, n byte) []byte {
	if full {
		return []byte{GS, 'V', 65, n}
	}
	return []byte{GS, 'V', 66, n}
}

// DrawerKick pulses drawer pin 2 (ESC p 0 t1 t2), 50 ms on, 500 ms off.
func DrawerKick() []byte { return []byte{ESC, 'p', 0, 25, 250} }

// StatusRequest is the real-time status request DLE EOT n (n = 1, 2 or 4).
func StatusRequest(n byte) []byte { return []byte{DLE, EOT, n} }

func b2b(on bool) byte {
	if on {
		return 1
	}
	return 0
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
