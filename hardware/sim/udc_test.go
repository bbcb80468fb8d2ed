package sim

import (
	"image"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
)

// The renderer prints a downloaded letter dot for dot in its font A cell
// while ESC % 1 is on, and the printer's own letter after ESC ? or ESC % 0.
func TestUserDefinedCharacters(t *testing.T) {
	// a 3-column letter: column 0 full, column 1 only the top dot, column 2 empty
	def := []byte{escpos.ESC, '&', 3, 'Z', 'Z', 3, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0, 0, 0}
	job := append([]byte{escpos.ESC, '@', escpos.FS, '.'}, def...)
	job = append(job, escpos.ESC, '%', 1, 'Z', escpos.LF) // downloaded
	job = append(job, escpos.ESC, '%', 0, 'Z', escpos.LF) // own Z
	job = append(job, escpos.ESC, '%', 1, escpos.ESC, '?', 'Z', 'Z', escpos.LF, escpos.GS, 'V', 1)
	pages, probs := RenderProfile(escpos.Default, job)
	if len(pages) != 1 || len(probs) > 0 {
		t.Fatalf("%d pages, %v", len(pages), probs)
	}
	img := pages[0].(*image.Paletted)
	// ESC @ feeds one empty line in this renderer: text starts one line down
	black := func(x, y int) bool { return img.ColorIndexAt(x, y+lineSpacing) == 1 }
	for y := 0; y < 24; y++ {
		if !black(0, y) || black(2, y) || black(1, y) != (y == 0) {
			t.Fatalf("downloaded cell wrong at row %d", y)
		}
	}
	cell := func(top int) string {
		s := ""
		for y := top; y < top+24; y++ {
			for x := 0; x < 12; x++ {
				if black(x, y) {
					s += "#"
				} else {
					s += "."
				}
			}
		}
		return s
	}
	own, cancelled := cell(lineSpacing), cell(2*lineSpacing)
	if own == cell(0) || own != cancelled || own == cell(3*lineSpacing) {
		t.Error("ESC % 0 or ESC ? did not bring back the printer's own letter")
	}
}
