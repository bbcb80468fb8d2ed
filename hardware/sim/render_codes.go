package sim

import (
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	qrcode "github.com/skip2/go-qrcode"
)

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
