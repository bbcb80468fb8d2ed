// Package sim holds virtual devices for development and tests: an ESC/POS
// printer that renders what it receives to PNG (the test oracle of
// hardware/escpos) and a barcode scanner, both on pseudo-terminals.
package sim

import (
	"fmt"
	"image"

	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

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

// takeProblems returns and clears the problems found so far (the printer
// collects them across replugs).
func (r *Renderer) takeProblems() []Problem {
	p := r.problems
	r.problems = nil
	return p
}
