package escpos

import (
	"image"
	"image/draw"
	"slices"
	"sort"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// User-defined characters (ESC &): on profiles with UserChars, every
// letter outside ASCII that a line needs (Vietnamese letters, dashes) is
// drawn once into a font A cell (12×24 dots) and downloaded into the
// printer's user-defined set; the line is then sent as text, one byte per
// letter. A ticket's ~40 distinct letters cost ~1.3 KB once, where a raster
// line costs 1–2 KB each.
//
// Codes 33..126 are shared with ASCII: while ESC % 1 is on, a defined code
// prints the downloaded letter, an undefined one the printer's own. So a
// line never holds an ASCII character whose code carries a letter: such a
// code is first cancelled with ESC ? n, and letters are placed on the codes
// least used in Vietnamese text first.

// Font A cell of an Epson-class printer at 203 dpi.
const (
	udcW        = 12
	udcH        = 24
	udcBaseline = 19 // row of the baseline in the cell (as the simulator draws font A)
)

// udcOrder is the order codes are taken in: symbols and letters that
// Vietnamese text rarely uses first, space never.
var udcOrder = func() []byte {
	rare := []byte("`~^_{}|\\[]<>=@#$&*+\"'!?;ZJWFzjwfQqXx")
	out := slices.Clone(rare)
	for c := byte(33); c <= 126; c++ {
		if !slices.Contains(rare, c) {
			out = append(out, c)
		}
	}
	return out
}()

// cellCache holds the drawn cells by letter; the mutex also guards the
// face, which is not safe for concurrent use.
var cellCache struct {
	sync.Mutex
	cells map[rune][]byte // column-major cell data, cropped to ink width
	face  font.Face
}

type udcSet struct {
	code  map[rune]byte
	owner [128]rune
	last  [128]uint64
	tick  uint64
	on    bool
}

// udcCell draws r into a font A cell: the glyph is centred as the printer
// centres its own letters and shrunk until stacked marks (Ẫ, Ố) fit.
// Cells are drawn once per process and shared (read-only) by all Docs.
func (u *udcSet) udcCell(r rune) []byte {
	cellCache.Lock()
	defer cellCache.Unlock()
	if c, ok := cellCache.cells[r]; ok {
		return c
	}
	if cellCache.cells == nil {
		cellCache.cells = map[rune][]byte{}
	}
	// Full size, like the printer's own letters: stacked marks (Ẫ, Ố) that
	// reach above the cell are squeezed into it (only the part above the
	// baseline), and a glyph wider than the cell (Đ, M) is squeezed
	// horizontally.
	fs, err := parsedFonts()
	if err != nil {
		return []byte{0, 0, 0}
	}
	if cellCache.face == nil {
		cellCache.face, err = opentype.NewFace(fs[0], &opentype.FaceOptions{Size: 20, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return []byte{0, 0, 0}
		}
	}
	b, _, ok := cellCache.face.GlyphBounds(r)
	if !ok {
		cell := []byte{0, 0, 0} // no glyph: a blank cell, never a wrong letter
		cellCache.cells[r] = cell
		return cell
	}
	pad := max(0, -(fixed.I(udcBaseline) + b.Min.Y).Floor())
	inkW := max((b.Max.X-b.Min.X).Ceil(), 1) + 2
	tall := image.NewGray(image.Rect(0, 0, inkW, udcH+pad))
	draw.Draw(tall, tall.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: tall, Src: image.Black, Face: cellCache.face, Dot: fixed.Point26_6{X: fixed.I(1) - b.Min.X, Y: fixed.I(udcBaseline + pad)}}
	d.DrawString(string(r))
	w := min(inkW, udcW)
	x0 := (udcW - w) / 2
	img := image.NewGray(image.Rect(0, 0, udcW, udcH))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	xdraw.BiLinear.Scale(img, image.Rect(x0, 0, x0+w, udcBaseline), tall, image.Rect(0, 0, inkW, udcBaseline+pad), draw.Src, nil)
	xdraw.BiLinear.Scale(img, image.Rect(x0, udcBaseline, x0+w, udcH), tall, image.Rect(0, udcBaseline+pad, inkW, udcH+pad), draw.Src, nil)
	w = 0
	cols := make([]byte, 0, udcW*3)
	for x := 0; x < udcW; x++ {
		var col [3]byte
		for y := 0; y < udcH; y++ {
			if img.GrayAt(x, y).Y < inkThreshold {
				col[y/8] |= 0x80 >> (y % 8)
			}
		}
		cols = append(cols, col[:]...)
		if col != [3]byte{} {
			w = x + 1
		}
	}
	cell := cols[:max(w, 1)*3]
	cellCache.cells[r] = cell
	return cell
}

// encode returns the bytes that print line s (already NFC, no controls):
// the definitions and cancellations it needs first, then the text.
func (u *udcSet) encode(s string) (defs, text []byte) {
	if u.code == nil {
		u.code = map[rune]byte{}
	}
	u.tick++
	var asciiUsed [128]bool
	var need []rune
	for _, r := range s {
		if r < 0x80 {
			asciiUsed[r] = true
		} else if !slices.Contains(need, r) {
			need = append(need, r)
		}
	}
	// an ASCII character of this line must print as the printer's own
	for c := 33; c < 127; c++ {
		if asciiUsed[c] && u.owner[c] != 0 {
			delete(u.code, u.owner[c])
			u.owner[c] = 0
			defs = append(defs, ESC, '?', byte(c))
		}
	}
	type def struct {
		c byte
		r rune
	}
	var news []def
	for _, r := range need { // letters already loaded are not evicted below
		if c, ok := u.code[r]; ok {
			u.last[c] = u.tick
		}
	}
	for _, r := range need {
		if c, ok := u.code[r]; ok {
			u.last[c] = u.tick
			continue
		}
		c := u.free(&asciiUsed)
		if c == 0 {
			continue // cannot happen: a line holds at most 94 distinct letters
		}
		if old := u.owner[c]; old != 0 {
			delete(u.code, old)
		}
		u.owner[c], u.code[r], u.last[c] = r, c, u.tick
		news = append(news, def{c, r})
	}
	// one ESC & per run of consecutive codes
	sort.Slice(news, func(i, j int) bool { return news[i].c < news[j].c })
	for i := 0; i < len(news); {
		j := i + 1
		for j < len(news) && news[j].c == news[j-1].c+1 {
			j++
		}
		defs = append(defs, ESC, '&', 3, news[i].c, news[j-1].c)
		for _, d := range news[i:j] {
			cell := u.udcCell(d.r)
			defs = append(defs, byte(len(cell)/3))
			defs = append(defs, cell...)
		}
		i = j
	}
	if len(need) > 0 && !u.on {
		defs = append(defs, ESC, '%', 1)
		u.on = true
	}
	text = make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			text = append(text, byte(r))
		} else if c, ok := u.code[r]; ok {
			text = append(text, c)
		} else {
			text = append(text, ' ') // unreachable: a line has < 94 distinct characters
		}
	}
	return defs, text
}

// free picks a code for a new letter: a free code not used as ASCII in
// the line, else the least recently used letter not needed by the line.
func (u *udcSet) free(asciiUsed *[128]bool) byte {
	var lru byte
	for _, c := range udcOrder {
		if asciiUsed[c] {
			continue
		}
		if u.owner[c] == 0 {
			return c
		}
		if u.last[c] != u.tick && (lru == 0 || u.last[c] < u.last[lru]) {
			lru = c
		}
	}
	return lru
}

// release cancels the letters on codes that s uses as ASCII (a TCVN-3
// line printed while ESC % 1 is on).
func (u *udcSet) release(s string) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c > 32 && c < 127 && u.owner[c] != 0 {
			delete(u.code, u.owner[c])
			u.owner[c] = 0
			out = append(out, ESC, '?', c)
		}
	}
	return out
}
