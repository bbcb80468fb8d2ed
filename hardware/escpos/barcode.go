package escpos

import (
	"errors"
	"fmt"
)

// ErrBarcodeData: Code128 takes printable ASCII only.
var ErrBarcodeData = errors.New("escpos: barcode data must be 1–200 printable ASCII characters")

// code128Data builds the GS k 73 data field: code set B for text, code set
// C (one byte per digit pair, binary 0–99) for runs of 4+ digits, which
// keeps dossier codes narrow enough for 58 mm paper. It also returns the
// symbol width in modules (start, data, checksum, stop).
func code128Data(s string) ([]byte, int, error) {
	if len(s) == 0 || len(s) > 200 {
		return nil, 0, ErrBarcodeData
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return nil, 0, ErrBarcodeData
		}
	}
	var out []byte
	symbols := 0
	set := byte(0)
	for i := 0; i < len(s); {
		run := 0
		for i+run < len(s) && s[i+run] >= '0' && s[i+run] <= '9' {
			run++
		}
		if run >= 4 || (run >= 2 && set == 'C') {
			run &^= 1
			if set != 'C' {
				out = append(out, '{', 'C')
				set = 'C'
				symbols++
			}
			for j := 0; j < run; j += 2 {
				out = append(out, (s[i+j]-'0')*10+(s[i+j+1]-'0'))
				symbols++
			}
			i += run
			continue
		}
		if set != 'B' {
			out = append(out, '{', 'B')
			set = 'B'
			symbols++
		}
		if s[i] == '{' {
			out = append(out, '{', '{') // a literal brace is doubled
		} else {
			out = append(out, s[i])
		}
		symbols++
		i++
	}
	// the first set selection is the start symbol; + checksum; stop is 13 modules
	return out, symbols*11 + 11 + 13, nil
}

// Code128 prints s as a Code128 barcode with its text below, module width
// chosen as the widest (1–3 dots) that fits widthDots with quiet zones.
func Code128(s string, widthDots int) ([]byte, error) {
	data, modules, err := code128Data(s)
	if err != nil {
		return nil, err
	}
	w := 0
	for cand := 3; cand >= 1; cand-- {
		if (modules+20)*cand <= widthDots {
			w = cand
			break
		}
	}
	if w == 0 {
		return nil, fmt.Errorf("escpos: barcode %q is %d modules, wider than %d dots", s, modules, widthDots)
	}
	if len(data) > 255 {
		return nil, ErrBarcodeData
	}
	out := []byte{
		GS, 'h', 80, // height in dots
		GS, 'w', byte(w),
		GS, 'H', 2, // text below
		GS, 'f', 0,
		GS, 'k', 73, byte(len(data)),
	}
	return append(out, data...), nil
}
