package escpos

import (
	"fmt"
	"strings"
	"sync"
)

// letterCells maps the cell of every letter the encoder may download back
// to the letter: the Vietnamese alphabet and the punctuation layouts use.
var letterCells = sync.OnceValue(func() map[string]rune {
	const lower = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
	var u udcSet
	m := map[string]rune{}
	for _, r := range lower + strings.ToUpper(lower) + "–—·…“”‘’•" {
		m[string(u.udcCell(r))] = r
	}
	return m
})

// ReadText reads the text lines of a job as a printer prints them: ASCII,
// TCVN-3 on the profile's pages, and user-defined characters (ESC &, ESC %,
// ESC ?) mapped back to their letters. Raster images, QR codes and barcodes
// are skipped; each LF ends a line. Tests use it to check that a job says
// what its layout said, whatever path each line took.
func ReadText(p Profile, job []byte) ([]string, error) {
	cells := letterCells()
	defs := map[byte][]byte{}
	on := false
	var page byte
	var lines []string
	var cur []rune
	need := func(i, n int) error {
		if i+n > len(job) {
			return fmt.Errorf("escpos: job ends inside a command at %d", i)
		}
		return nil
	}
	for i := 0; i < len(job); {
		c := job[i]
		if c == ESC || c == GS || c == FS {
			if err := need(i, 2); err != nil {
				return lines, err
			}
		}
		switch {
		case c == ESC && job[i+1] == '&':
			if err := need(i, 5); err != nil {
				return lines, err
			}
			y, c1, c2 := int(job[i+2]), job[i+3], job[i+4]
			if y != 3 || c1 < 32 || c2 > 126 || c1 > c2 {
				return lines, fmt.Errorf("escpos: ESC & %d %d %d at %d", y, c1, c2, i)
			}
			i += 5
			for k := int(c1); k <= int(c2); k++ {
				if err := need(i, 1); err != nil {
					return lines, err
				}
				x := int(job[i])
				if x > 12 {
					return lines, fmt.Errorf("escpos: ESC & width %d at %d", x, i)
				}
				if err := need(i, 1+y*x); err != nil {
					return lines, err
				}
				defs[byte(k)] = job[i+1 : i+1+y*x]
				i += 1 + y*x
			}
		case c == ESC && job[i+1] == '@':
			defs, on, page = map[byte][]byte{}, false, 0
			i += 2
		case c == ESC:
			if err := need(i, 3); err != nil {
				return lines, err
			}
			switch job[i+1] {
			case '%':
				on = job[i+2]&1 == 1
			case '?':
				delete(defs, job[i+2])
			case 't':
				page = job[i+2]
			case 'p':
				i += 2
			}
			i += 3
		case c == FS:
			i += 2
		case c == GS:
			n, err := gsLen(job[i:])
			if err != nil {
				return lines, fmt.Errorf("%w at %d", err, i)
			}
			i += n
		case c == DLE:
			i += 3
		case c == LF:
			lines = append(lines, string(cur))
			cur = nil
			i++
		case c >= 0x80:
			r, ok := TCVN3Decode(page == p.TCVN3Upper, c)
			if !p.HasTCVN3() || !ok {
				return lines, fmt.Errorf("escpos: byte %#02x on page %d at %d", c, page, i)
			}
			cur = append(cur, r)
			i++
		case c < 0x20:
			return lines, fmt.Errorf("escpos: control byte %#02x at %d", c, i)
		default:
			if d, ok := defs[c]; ok && on {
				r, known := cells[string(d)]
				if !known {
					return lines, fmt.Errorf("escpos: code %q prints a cell of no known letter", c)
				}
				cur = append(cur, r)
			} else {
				cur = append(cur, rune(c))
			}
			i++
		}
	}
	return lines, nil
}

// gsLen is the length of the GS command at the head of b.
func gsLen(b []byte) (int, error) {
	switch b[1] {
	case '!', 'h', 'w', 'H', 'f', 'a':
		return 3, nil
	case 'V':
		if len(b) > 2 && (b[2] == 65 || b[2] == 66) {
			return 4, nil
		}
		return 3, nil
	case 'v':
		if len(b) < 8 {
			return 0, fmt.Errorf("escpos: short GS v 0")
		}
		return 8 + (int(b[4])|int(b[5])<<8)*(int(b[6])|int(b[7])<<8), nil
	case '(':
		if len(b) < 5 {
			return 0, fmt.Errorf("escpos: short GS (")
		}
		return 5 + (int(b[3]) | int(b[4])<<8), nil
	case 'k':
		if len(b) < 4 {
			return 0, fmt.Errorf("escpos: short GS k")
		}
		return 4 + int(b[3]), nil
	}
	return 0, fmt.Errorf("escpos: unknown GS %#02x", b[1])
}
