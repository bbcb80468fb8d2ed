package sim

import (
	"image"
	"image/color"
	"image/draw"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/motcua/motcua/hardware/escpos"
)

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
