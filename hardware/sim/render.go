// Package sim holds virtual devices for development and tests: an ESC/POS
// printer that renders what it receives to PNG (the test oracle of
// hardware/escpos) and a barcode scanner, both on pseudo-terminals.
package sim

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/motcua/motcua/hardware/escpos"
)

// Problem is something the simulated printer did not understand or that a
// real printer would print wrongly. Tests treat any Problem as a failure.
type Problem struct {
	Offset int // byte offset in the stream
	Msg    string
}

func (p Problem) String() string { return fmt.Sprintf("@%d: %s", p.Offset, p.Msg) }

// Geometry of font A as on an Epson-class printer at 203 dpi.
const (
	cellW       = 12
	cellH       = 24
	lineSpacing = 30
	maxPageRows = 30000 // ~3.7 m of paper: anything longer is a runaway job
	maxImage    = 1 << 21
)

// Render parses a whole job for the default 80 mm printer model and returns
// one image per cut (and a last one for data after the last cut).
func Render(data []byte) ([]image.Image, []Problem) {
	return RenderProfile(escpos.Default, data)
}

// RenderProfile is Render for a given printer model: its paper width and
// which code pages and native QR it understands.
func RenderProfile(p escpos.Profile, data []byte) ([]image.Image, []Problem) {
	var pages []image.Image
	r := NewRenderer(p)
	r.OnCut = func(img image.Image) { pages = append(pages, img) }
	r.Write(data)
	r.Close()
	return pages, r.Problems()
}

type glyph struct {
	r     rune
	bold  bool
	w, h  int
	valid bool
	udc   []byte // user-defined letter: column-major 12×24 cell data
}

// Renderer is a streaming ESC/POS interpreter: bytes may arrive in any
// chunks. It is not safe for concurrent use.
type Renderer struct {
	// OnCut receives each finished receipt.
	OnCut func(image.Image)
	// OnStatus answers DLE EOT n; nil = no answer.
	OnStatus func(n byte) byte

	p        escpos.Profile
	width    int
	pending  []byte
	offset   int // stream offset of pending[0]
	skip     int // bytes of an oversized image still to drop
	problems []Problem
	closed   bool

	rows    [][]byte // page so far, one byte per dot (1 = black)
	line    []glyph
	align   escpos.Align
	bold    bool
	w, h    int
	page    byte
	kanji   bool
	spacing int

	qrModule int
	qrEC     qrcode.RecoveryLevel
	qrData   []byte
	bcHeight int
	bcWidth  int
	bcHRI    byte

	udcOn bool
	udcs  map[byte][]byte // ESC & definitions by code

	faces map[[2]int]font.Face // (bold, px)
	reg   *opentype.Font
	boldF *opentype.Font
}

// NewRenderer makes a renderer for printer model p. Like the Chinese clones
// it starts in double-byte mode until FS . arrives.
func NewRenderer(p escpos.Profile) *Renderer {
	r := &Renderer{p: p, width: p.WidthDots, faces: map[[2]int]font.Face{}}
	if r.width <= 0 {
		r.width = escpos.Default.WidthDots
	}
	r.reg, r.boldF, _ = escpos.Fonts()
	r.reset()
	r.kanji = true
	return r
}

func (r *Renderer) reset() {
	r.align, r.bold, r.w, r.h, r.page = 0, false, 1, 1, 0
	r.udcOn, r.udcs = false, nil
	r.spacing = lineSpacing
	r.qrModule, r.qrEC, r.qrData = 3, qrcode.Low, nil
	r.bcHeight, r.bcWidth, r.bcHRI = 162, 3, 0
}

// Problems returns everything not understood so far.
func (r *Renderer) Problems() []Problem { return append([]Problem(nil), r.problems...) }

func (r *Renderer) problem(at int, format string, args ...any) {
	if len(r.problems) < 1000 {
		r.problems = append(r.problems, Problem{Offset: r.offset + at, Msg: fmt.Sprintf(format, args...)})
	}
}

// Write feeds bytes; it never fails (a printer does not refuse bytes).
func (r *Renderer) Write(b []byte) (int, error) {
	n := len(b)
	if r.skip > 0 {
		k := min(r.skip, len(b))
		r.skip -= k
		r.offset += k
		b = b[k:]
	}
	r.pending = append(r.pending, b...)
	i := 0
	for i < len(r.pending) && r.skip == 0 {
		used := r.step(r.pending[i:], i)
		if used == 0 {
			break // incomplete command: wait for more bytes
		}
		i += used
	}
	if r.skip > 0 { // an oversized image swallowed the rest of this chunk
		k := min(r.skip, len(r.pending)-i)
		r.skip -= k
		i += k
	}
	r.pending = append(r.pending[:0], r.pending[i:]...)
	r.offset += i
	return n, nil
}

// Close ends the stream: an incomplete command and an uncut page are
// reported, and the uncut page is still delivered.
func (r *Renderer) Close() {
	if r.closed {
		return
	}
	r.closed = true
	if len(r.pending) > 0 {
		r.problem(0, "stream ends inside a command (%d bytes: % x)", len(r.pending), r.pending[:min(8, len(r.pending))])
	}
	if len(r.line) > 0 {
		r.problem(len(r.pending), "text without a line feed at the end")
		r.flushLine()
	}
	if len(r.rows) > 0 {
		r.problem(len(r.pending), "data after the last cut")
		r.cut()
	}
}

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

func (r *Renderer) printQR(at int) {
	if len(r.qrData) == 0 {
		r.problem(at, "QR print with no data stored")
		return
	}
	q, err := qrcode.New(string(r.qrData), r.qrEC)
	if err != nil {
		r.problem(at, "QR data not encodable: %v", err)
		return
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	r.flushLine()
	r.blit(bm, r.qrModule, r.qrModule)
}

// blit draws a module matrix scaled by (mx, my) dots per module, aligned.
func (r *Renderer) blit(bm [][]bool, mx, my int) {
	if len(bm) == 0 {
		return
	}
	x0 := r.alignX(len(bm[0]) * mx)
	for _, mrow := range bm {
		for k := 0; k < my; k++ {
			row := r.newRow()
			if row == nil {
				return
			}
			for x, black := range mrow {
				if black {
					for d := 0; d < mx; d++ {
						r.dot(row, x0+x*mx+d)
					}
				}
			}
		}
	}
}

func (r *Renderer) barcode(b []byte, at int) int {
	if len(b) < 4 {
		return 0
	}
	if b[2] != 73 {
		r.problem(at, "barcode type %d not supported (only Code128, m=73)", b[2])
		// type 0..6 are NUL-terminated, 65..72 have a length byte; skip safely
		return 3
	}
	n := int(b[3])
	if len(b) < 4+n {
		return 0
	}
	text, ok := decodeCode128(b[4 : 4+n])
	if !ok {
		r.problem(at, "Code128 data % x is not valid GS k 73 data", b[4:4+n])
		return 4 + n
	}
	mat, err := oned.NewCode128Writer().Encode(text, gozxing.BarcodeFormat_CODE_128, 0, 1,
		map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_MARGIN: 0})
	if err != nil {
		r.problem(at, "Code128 %q: %v", text, err)
		return 4 + n
	}
	bars := make([]bool, mat.GetWidth())
	for x := range bars {
		bars[x] = mat.Get(x, 0)
	}
	if len(bars)*r.bcWidth > r.width {
		r.problem(at, "barcode %q is %d dots, wider than the paper", text, len(bars)*r.bcWidth)
	}
	r.flushLine()
	rows := make([][]bool, 1)
	rows[0] = bars
	r.blit(repeatRows(rows, r.bcHeight), r.bcWidth, 1)
	if r.bcHRI == 2 || r.bcHRI == 3 {
		for _, c := range []byte(text) {
			r.line = append(r.line, glyph{r: rune(c), w: 1, h: 1, valid: true})
		}
		r.flushLine()
	}
	return 4 + n
}

func repeatRows(rows [][]bool, n int) [][]bool {
	out := make([][]bool, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, rows[0])
	}
	return out
}

// decodeCode128 reads GS k 73 data: {A {B {C select code sets, "{{" is a
// brace, code set C bytes are binary 0–99.
func decodeCode128(d []byte) (string, bool) {
	if len(d) < 2 || d[0] != '{' || (d[1] != 'A' && d[1] != 'B' && d[1] != 'C') {
		return "", false
	}
	var out []byte
	set := byte(0)
	for i := 0; i < len(d); i++ {
		if d[i] == '{' { // 123 is never code set C data (0–99)
			if i+1 >= len(d) {
				return "", false
			}
			switch d[i+1] {
			case 'A', 'B', 'C':
				set = d[i+1]
			case '{':
				out = append(out, '{')
			default:
				return "", false
			}
			i++
			continue
		}
		switch set {
		case 'C':
			if d[i] > 99 {
				return "", false
			}
			out = append(out, '0'+d[i]/10, '0'+d[i]%10)
		default:
			if d[i] < 0x20 || d[i] > 0x7E {
				return "", false
			}
			out = append(out, d[i])
		}
	}
	return string(out), len(out) > 0
}

func (r *Renderer) alignX(w int) int {
	switch r.align {
	case escpos.AlignCenter:
		return max(0, (r.width-w)/2)
	case escpos.AlignRight:
		return max(0, r.width-w)
	}
	return 0
}

func (r *Renderer) newRow() []byte {
	if len(r.rows) >= maxPageRows {
		if len(r.rows) == maxPageRows {
			r.problem(0, "page longer than %d dot rows", maxPageRows)
			r.rows = append(r.rows, nil)
		}
		return nil
	}
	row := make([]byte, r.width)
	r.rows = append(r.rows, row)
	return row
}

func (r *Renderer) dot(row []byte, x int) {
	if x >= 0 && x < len(row) {
		row[x] = 1
	}
}

func (r *Renderer) feed(dots int) {
	for i := 0; i < dots; i++ {
		if r.newRow() == nil {
			return
		}
	}
}

func (r *Renderer) face(bold bool, px int) font.Face {
	k := [2]int{0, px}
	src := r.reg
	if bold {
		k[0], src = 1, r.boldF
	}
	if f, ok := r.faces[k]; ok {
		return f
	}
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil
	}
	r.faces[k] = f
	return f
}

// flushLine prints the line buffer as font A cells (an empty buffer feeds
// one line, as LF does on a printer).
func (r *Renderer) flushLine() {
	if len(r.line) == 0 {
		r.feed(r.spacing)
		return
	}
	width, hMax := 0, 1
	for _, g := range r.line {
		width += cellW * g.w
		hMax = max(hMax, g.h)
	}
	height := cellH*hMax + (r.spacing - cellH)
	img := image.NewGray(image.Rect(0, 0, max(width, 1), height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	x := 0
	for _, g := range r.line {
		cw, ch := cellW*g.w, cellH*g.h
		top := cellH*hMax - ch
		if !g.valid {
			// a hollow box: visible in the PNG, never a plausible letter
			for i := 1; i < cw-1; i++ {
				img.SetGray(x+i, top+3, color.Gray{})
				img.SetGray(x+i, top+ch-3, color.Gray{})
			}
			for j := 3; j < ch-2; j++ {
				img.SetGray(x+1, top+j, color.Gray{})
				img.SetGray(x+cw-2, top+j, color.Gray{})
			}
		} else if g.udc != nil {
			// the printer scales the downloaded cell by the character size
			// and emphasises it by printing it again one dot to the right
			for col := 0; col < len(g.udc)/3; col++ {
				for dy := 0; dy < cellH; dy++ {
					if g.udc[col*3+dy/8]&(0x80>>(dy%8)) == 0 {
						continue
					}
					for sx := 0; sx < g.w; sx++ {
						for sy := 0; sy < g.h; sy++ {
							px, py := x+col*g.w+sx, top+dy*g.h+sy
							img.SetGray(px, py, color.Gray{})
							if g.bold {
								img.SetGray(px+1, py, color.Gray{})
							}
						}
					}
				}
			}
		} else if g.r != ' ' {
			if f := r.face(g.bold, 20*min(g.w, g.h)); f != nil {
				adv, _ := f.GlyphAdvance(g.r)
				d := font.Drawer{Dst: img, Src: image.Black, Face: f,
					Dot: fixed.Point26_6{X: fixed.I(x) + (fixed.I(cw)-adv)/2, Y: fixed.I(top + ch*19/24)}}
				d.DrawString(string(g.r))
			}
		}
		x += cw
	}
	r.line = r.line[:0]
	x0 := r.alignX(width)
	for y := 0; y < height; y++ {
		row := r.newRow()
		if row == nil {
			return
		}
		for x := 0; x < width; x++ {
			if img.GrayAt(x, y).Y < 128 {
				r.dot(row, x0+x)
			}
		}
	}
}

// cut ends the receipt and delivers it as a two-colour image.
func (r *Renderer) cut() {
	rows := r.rows
	if len(rows) > 0 && rows[len(rows)-1] == nil {
		rows = rows[:len(rows)-1]
	}
	img := image.NewPaletted(image.Rect(0, 0, r.width, max(len(rows), 1)), color.Palette{color.White, color.Black})
	for y, row := range rows {
		copy(img.Pix[y*img.Stride:], row)
	}
	r.rows = nil
	if r.OnCut != nil {
		r.OnCut(img)
	}
}

// takeProblems returns and clears the problems found so far (the printer
// collects them across replugs).
func (r *Renderer) takeProblems() []Problem {
	p := r.problems
	r.problems = nil
	return p
}
