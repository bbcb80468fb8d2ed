package escpos

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// NativeQR is GS ( k: model 2, module size, error correction M, store, print.
func NativeQR(data string, module int) ([]byte, error) {
	n := len(data) + 3
	if len(data) == 0 || n > 7092 {
		return nil, fmt.Errorf("escpos: QR data length %d out of range", len(data))
	}
	out := []byte{
		GS, '(', 'k', 4, 0, 49, 65, 50, 0, // model 2
		GS, '(', 'k', 3, 0, 49, 67, byte(clamp(module, 1, 16)), // module size
		GS, '(', 'k', 3, 0, 49, 69, 49, // error correction M
		GS, '(', 'k', byte(n), byte(n >> 8), 49, 80, 48, // store
	}
	out = append(out, data...)
	out = append(out, GS, '(', 'k', 3, 0, 49, 81, 48) // print
	return out, nil
}

// RasterQR draws data as a QR code (error correction M) with each module a
// square of module×module dots, horizontally placed in a line of width dots
// according to a. Whole dots only: fractional scaling gives uneven modules
// that phones fail to read.
func RasterQR(data string, module, width int, a Align) (Raster, error) {
	q, err := qrcode.New(data, qrcode.Medium)
	if err != nil {
		return Raster{}, fmt.Errorf("escpos: QR: %w", err)
	}
	// The quiet zone above and below comes from the surrounding line feeds;
	// left and right the line is blank anyway.
	q.DisableBorder = true
	bm := q.Bitmap()
	size := len(bm) * module
	if size > width {
		return Raster{}, fmt.Errorf("escpos: QR of %d modules × %d dots does not fit %d dots", len(bm), module, width)
	}
	off := 0
	switch a {
	case AlignCenter:
		off = (width - size) / 2
	case AlignRight:
		off = width - size
	}
	off &^= 7 // whole bytes keep the modules aligned identically on every row
	r := newRaster(off+size, size)
	for my, row := range bm {
		for mx, black := range row {
			if !black {
				continue
			}
			for dy := 0; dy < module; dy++ {
				for dx := 0; dx < module; dx++ {
					r.set(off+mx*module+dx, my*module+dy)
				}
			}
		}
	}
	return r, nil
}
