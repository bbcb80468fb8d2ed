package sim

import (
	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/hardware/escpos"
)

// step interprets one command at the head of b (at index at of pending)
// and returns the bytes used, 0 if b holds an incomplete command.
func (r *Renderer) step(b []byte, at int) int {
	c := b[0]
	switch {
	case c == escpos.LF:
		r.flushLine()
		return 1
	case c == '\r':
		return 1
	case c == escpos.ESC:
		return r.esc(b, at)
	case c == escpos.GS:
		return r.gs(b, at)
	case c == escpos.FS:
		if len(b) < 2 {
			return 0
		}
		switch b[1] {
		case '.':
			r.kanji = false
		case '&':
			r.kanji = true
		default:
			r.problem(at, "unknown command FS %#02x", b[1])
		}
		return 2
	case c == escpos.DLE:
		if len(b) < 3 {
			return 0
		}
		if b[1] != escpos.EOT || (b[2] != 1 && b[2] != 2 && b[2] != 4) {
			r.problem(at, "unknown command DLE % x", b[1:3])
			return 1
		}
		if r.OnStatus != nil {
			r.OnStatus(b[2])
		}
		return 3
	case c < 0x20 || c == 0x7F:
		r.problem(at, "unexpected control byte %#02x", c)
		return 1
	}
	r.text(c, at)
	return 1
}

func (r *Renderer) text(c byte, at int) {
	g := glyph{r: rune(c), bold: r.bold, w: r.w, h: r.h, valid: true}
	if c >= 0x80 {
		switch {
		case r.kanji:
			r.problem(at, "byte %#02x in double-byte (Chinese) mode: FS . missing", c)
			g.valid = false
		case r.p.HasTCVN3() && (r.page == r.p.TCVN3Lower || r.page == r.p.TCVN3Upper):
			ru, ok := escpos.TCVN3Decode(r.page == r.p.TCVN3Upper, c)
			if !ok {
				r.problem(at, "byte %#02x has no letter on TCVN-3 page %d", c, r.page)
			}
			g.r, g.valid = ru, ok
		default:
			r.problem(at, "byte %#02x on code page %d: not a Vietnamese page", c, r.page)
			g.valid = false
		}
	}
	if c < 0x80 && r.udcOn && r.udcs[c] != nil {
		g.udc = r.udcs[c]
	}
	// the printer wraps a line that reaches the paper edge
	w := 0
	for _, x := range r.line {
		w += cellW * x.w
	}
	if w+cellW*g.w > r.width {
		r.flushLine()
	}
	r.line = append(r.line, g)
}

func (r *Renderer) esc(b []byte, at int) int {
	if len(b) < 2 {
		return 0
	}
	if b[1] == '&' {
		return r.defineChars(b, at)
	}
	need := map[byte]int{'@': 2, 'a': 3, 'E': 3, 'd': 3, 't': 3, 'J': 3, '2': 2, '3': 3, '!': 3, 'p': 5, '%': 3, '?': 3}
	n, ok := need[b[1]]
	if !ok {
		r.problem(at, "unknown command ESC %#02x", b[1])
		return 2
	}
	if len(b) < n {
		return 0
	}
	switch b[1] {
	case '@':
		r.flushLine()
		r.reset()
	case 'a':
		if b[2] > 2 && !(b[2] >= '0' && b[2] <= '2') {
			r.problem(at, "ESC a %d out of range", b[2])
		}
		r.align = escpos.Align(b[2] % 48)
	case 'E':
		r.bold = b[2]&1 == 1
	case '!':
		r.bold = b[2]&0x08 != 0
		r.h, r.w = 1+int(b[2]>>4&1), 1+int(b[2]>>5&1)
	case 'd':
		r.flushLine()
		r.feed(int(b[2]) * r.spacing)
	case 'J':
		r.flushLine()
		r.feed(int(b[2]))
	case '2':
		r.spacing = lineSpacing
	case '3':
		r.spacing = int(b[2])
	case 't':
		r.page = b[2]
		if b[2] != 0 && !(r.p.HasTCVN3() && (b[2] == r.p.TCVN3Lower || b[2] == r.p.TCVN3Upper)) {
			r.problem(at, "code page %d not supported by %s", b[2], r.p.Name)
		}
	case 'p': // drawer kick: nothing to draw
	case '%':
		r.udcOn = b[2]&1 == 1
	case '?':
		if b[2] < 32 || b[2] > 126 {
			r.problem(at, "ESC ? %d out of range", b[2])
		}
		delete(r.udcs, b[2])
	}
	return n
}

// defineChars reads ESC & y c1 c2 [x d1..d(y×x)]... (font A: y = 3,
// x ≤ 12, codes 32..126).
func (r *Renderer) defineChars(b []byte, at int) int {
	if len(b) < 5 {
		return 0
	}
	y, c1, c2 := int(b[2]), b[3], b[4]
	if y != 3 || c1 < 32 || c2 > 126 || c1 > c2 {
		r.problem(at, "ESC & y=%d c1=%d c2=%d out of range for font A", y, c1, c2)
		return 5
	}
	i := 5
	defs := map[byte][]byte{}
	for c := int(c1); c <= int(c2); c++ {
		if len(b) <= i {
			return 0
		}
		x := int(b[i])
		if x > 12 {
			r.problem(at, "ESC & character %d is %d dots wide (font A: 12)", c, x)
			return i + 1
		}
		if len(b) < i+1+y*x {
			return 0
		}
		defs[byte(c)] = append([]byte(nil), b[i+1:i+1+y*x]...)
		i += 1 + y*x
	}
	if r.udcs == nil {
		r.udcs = map[byte][]byte{}
	}
	for c, d := range defs {
		if len(d) == 0 {
			d = []byte{0, 0, 0}
		}
		r.udcs[c] = d
	}
	return i
}

func (r *Renderer) gs(b []byte, at int) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '!', 'h', 'w', 'H', 'f', 'a':
		if len(b) < 3 {
			return 0
		}
		switch b[1] {
		case '!':
			r.w, r.h = 1+int(b[2]>>4&7), 1+int(b[2]&7)
		case 'h':
			r.bcHeight = max(1, int(b[2]))
		case 'w':
			if b[2] < 1 || b[2] > 6 {
				r.problem(at, "GS w %d out of range", b[2])
			}
			r.bcWidth = min(max(1, int(b[2])), 6)
		case 'H':
			r.bcHRI = b[2] % 48
		}
		return 3
	case 'V':
		if len(b) < 3 {
			return 0
		}
		switch b[2] {
		case 0, 1, 48, 49:
			r.flushLine()
			r.cut()
			return 3
		case 65, 66:
			if len(b) < 4 {
				return 0
			}
			r.flushLine()
			r.feed(int(b[3]))
			r.cut()
			return 4
		}
		r.problem(at, "unknown cut GS V %d", b[2])
		return 3
	case 'v':
		return r.raster(b, at)
	case '(':
		return r.gsParen(b, at)
	case 'k':
		return r.barcode(b, at)
	}
	r.problem(at, "unknown command GS %#02x", b[1])
	return 2
}

func (r *Renderer) raster(b []byte, at int) int {
	if len(b) < 8 {
		return 0
	}
	if b[2] != '0' && b[2] != 0 {
		r.problem(at, "unknown command GS v %#02x", b[2])
		return 3
	}
	if b[3] != 0 && b[3] != '0' {
		r.problem(at, "GS v 0 scaled mode %d not supported", b[3])
	}
	wb := int(b[4]) | int(b[5])<<8
	h := int(b[6]) | int(b[7])<<8
	size := wb * h
	if size > maxImage || wb*8 > r.width {
		r.problem(at, "GS v 0 image %d bytes × %d rows is wider than the paper or too large", wb, h)
		if len(b) >= 8+size {
			return 8 + size
		}
		r.skip = 8 + size - len(b)
		return len(b)
	}
	if len(b) < 8+size {
		return 0
	}
	if len(r.line) > 0 {
		r.problem(at, "GS v 0 with text in the line buffer")
		r.flushLine()
	}
	data := b[8 : 8+size]
	x0 := r.alignX(wb * 8)
	for y := 0; y < h; y++ {
		row := r.newRow()
		if row == nil {
			break
		}
		for x := 0; x < wb*8; x++ {
			if data[y*wb+x/8]&(0x80>>(x%8)) != 0 {
				r.dot(row, x0+x)
			}
		}
	}
	return 8 + size
}

func (r *Renderer) gsParen(b []byte, at int) int {
	if len(b) < 5 {
		return 0
	}
	n := int(b[3]) | int(b[4])<<8
	if len(b) < 5+n {
		return 0
	}
	if b[2] != 'k' || n < 2 || b[5] != 49 {
		r.problem(at, "unsupported command GS ( %c (only QR GS ( k cn=49)", b[2])
		return 5 + n
	}
	args := b[7 : 5+n]
	switch fn := b[6]; fn {
	case 65: // model
		if len(args) < 1 || args[0] != 50 {
			r.problem(at, "QR model %v not supported (want model 2)", args)
		}
	case 67:
		if len(args) < 1 || args[0] < 1 || args[0] > 16 {
			r.problem(at, "QR module size %v out of range", args)
		} else {
			r.qrModule = int(args[0])
		}
	case 69:
		if len(args) < 1 || args[0] < 48 || args[0] > 51 {
			r.problem(at, "QR error correction %v out of range", args)
		} else {
			r.qrEC = []qrcode.RecoveryLevel{qrcode.Low, qrcode.Medium, qrcode.High, qrcode.Highest}[args[0]-48]
			if args[0] == 50 { // Q in ESC/POS; go-qrcode names it High
				r.qrEC = qrcode.High
			}
		}
	case 80:
		if len(args) < 1 || args[0] != 48 {
			r.problem(at, "QR store with m=%v", args)
		}
		if len(args) > 1 {
			r.qrData = append([]byte(nil), args[1:]...)
		}
	case 81:
		if !r.p.NativeQR {
			r.problem(at, "native QR sent to %s, which does not print it", r.p.Name)
			return 5 + n
		}
		r.printQR(at)
	default:
		r.problem(at, "QR function %d not supported", fn)
	}
	return 5 + n
}
