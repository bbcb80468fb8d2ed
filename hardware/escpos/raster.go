package escpos

import (
	_ "embed"
	"fmt"
	"image"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// DejaVu Sans covers all 134 Vietnamese letters (Go's own fonts miss 93).
// Bundled, not read from the system, so every kiosk prints the same.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

var parsedFonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	var fs [2]*opentype.Font
	for i, b := range [][]byte{fontRegular, fontBold} {
		f, err := opentype.Parse(b)
		if err != nil {
			return fs, fmt.Errorf("escpos: parse bundled font: %w", err)
		}
		fs[i] = f
	}
	return fs, nil
})

// Raster is a 1-bit image in GS v 0 layout: rows of WidthBytes bytes, the
// most significant bit is the leftmost dot, 1 = black.
type Raster struct {
	WidthBytes, Height int
	Data               []byte
}

// Dot reports whether the dot at (x, y) is black.
func (r Raster) Dot(x, y int) bool {
	if x < 0 || y < 0 || x >= r.WidthBytes*8 || y >= r.Height {
		return false
	}
	return r.Data[y*r.WidthBytes+x/8]&(0x80>>(x%8)) != 0
}

func newRaster(widthDots, height int) Raster {
	wb := (widthDots + 7) / 8
	return Raster{WidthBytes: wb, Height: height, Data: make([]byte, wb*height)}
}

func (r *Raster) set(x, y int) {
	if x < 0 || y < 0 || x >= r.WidthBytes*8 || y >= r.Height {
		return
	}
	r.Data[y*r.WidthBytes+x/8] |= 0x80 >> (x % 8)
}

// GSv0 encodes r as GS v 0 commands, one per band of at most band rows:
// an overflowing receive buffer prints garbage on cheap printers.
func (r Raster) GSv0(band int) []byte {
	if band <= 0 {
		band = r.Height
	}
	out := make([]byte, 0, len(r.Data)+8*(r.Height/band+1))
	for y := 0; y < r.Height; y += band {
		h := min(band, r.Height-y)
		out = append(out, GS, 'v', '0', 0,
			byte(r.WidthBytes), byte(r.WidthBytes>>8), byte(h), byte(h>>8))
		out = append(out, r.Data[y*r.WidthBytes:(y+h)*r.WidthBytes]...)
	}
	return out
}

// faceKey selects a rendering face.
type faceKey struct {
	bold bool
	px   float64
}

// textFace is a font face with the line box used for every raster line.
type textFace struct {
	face   font.Face
	ascent int // dots above the baseline, covers stacked Vietnamese marks
	height int // full line box in dots
}

// faces caches faces for one Doc: opentype faces are not safe for
// concurrent use, a Doc is used by one goroutine.
type faces map[faceKey]*textFace

func (fs faces) get(k faceKey) (*textFace, error) {
	if f, ok := fs[k]; ok {
		return f, nil
	}
	fonts, err := parsedFonts()
	if err != nil {
		return nil, err
	}
	src := fonts[0]
	if k.bold {
		src = fonts[1]
	}
	face, err := opentype.NewFace(src, &opentype.FaceOptions{Size: k.px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("escpos: font face: %w", err)
	}
	m := face.Metrics()
	// Capitals with a circumflex and a tone (Ẫ, Ỗ) reach above the font's
	// ascent: size the box from their ink so no mark is clipped.
	b, _ := font.BoundString(face, "ẪỖỮẶỆỄ")
	asc := max(m.Ascent.Ceil(), (-b.Min.Y).Ceil()) + 1
	desc := max(m.Descent.Ceil(), b.Max.Y.Ceil())
	f := &textFace{face: face, ascent: asc, height: asc + desc + 2}
	fs[k] = f
	return f, nil
}

// measure returns the advance width of s in dots.
func (f *textFace) measure(s string) int { return font.MeasureString(f.face, s).Ceil() }

// textPiece is one string drawn at a horizontal offset.
type textPiece struct {
	x int
	s string
}

// renderLine draws pieces on a line box and returns it as a raster whose
// width is cropped to the rightmost ink (rounded up to a byte): bytes are
// seconds at 9600 baud.
func renderLine(f *textFace, width int, pieces []textPiece) Raster {
	img := image.NewGray(image.Rect(0, 0, width, f.height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: f.face}
	for _, p := range pieces {
		d.Dot = fixed.P(p.x, f.ascent)
		d.DrawString(p.s)
	}
	right := 0
	for y := 0; y < f.height; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+width]
		for x := width - 1; x >= right; x-- {
			if row[x] < inkThreshold {
				right = x + 1
				break
			}
		}
	}
	r := newRaster(max(right, 8), f.height)
	for y := 0; y < f.height; y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < right; x++ {
			if row[x] < inkThreshold {
				r.set(x, y)
			}
		}
	}
	return r
}

// inkThreshold: a little above mid-grey so thin anti-aliased strokes of the
// diacritics survive the 1-bit conversion.
const inkThreshold = 160

// Fonts returns the bundled regular and bold fonts (the simulator draws
// printer text with them).
func Fonts() (regular, bold *opentype.Font, err error) {
	fs, err := parsedFonts()
	return fs[0], fs[1], err
}
