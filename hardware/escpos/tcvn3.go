package escpos

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TCVN-3 (TCVN 5712:1993, "ABC") as Epson prints it: page 30 holds the
// lower-case letters and the seven untoned capitals; page 31 holds the toned
// capitals at the positions of their lower-case forms. Public printer tables
// put Ð (Eth) at 0xA7; TCVN-3 has Đ (U+0110) there, hence our own table.
var tcvn3Lower = map[rune]byte{
	'Ă': 0xA1, 'Â': 0xA2, 'Ê': 0xA3, 'Ô': 0xA4, 'Ơ': 0xA5, 'Ư': 0xA6, 'Đ': 0xA7,
	'ă': 0xA8, 'â': 0xA9, 'ê': 0xAA, 'ô': 0xAB, 'ơ': 0xAC, 'ư': 0xAD, 'đ': 0xAE,
	'à': 0xB5, 'ả': 0xB6, 'ã': 0xB7, 'á': 0xB8, 'ạ': 0xB9,
	'ằ': 0xBB, 'ẳ': 0xBC, 'ẵ': 0xBD, 'ắ': 0xBE, 'ặ': 0xC6,
	'ầ': 0xC7, 'ẩ': 0xC8, 'ẫ': 0xC9, 'ấ': 0xCA, 'ậ': 0xCB,
	'è': 0xCC, 'ẻ': 0xCE, 'ẽ': 0xCF, 'é': 0xD0, 'ẹ': 0xD1,
	'ề': 0xD2, 'ể': 0xD3, 'ễ': 0xD4, 'ế': 0xD5, 'ệ': 0xD6,
	'ì': 0xD7, 'ỉ': 0xD8, 'ĩ': 0xDC, 'í': 0xDD, 'ị': 0xDE,
	'ò': 0xDF, 'ỏ': 0xE1, 'õ': 0xE2, 'ó': 0xE3, 'ọ': 0xE4,
	'ồ': 0xE5, 'ổ': 0xE6, 'ỗ': 0xE7, 'ố': 0xE8, 'ộ': 0xE9,
	'ờ': 0xEA, 'ở': 0xEB, 'ỡ': 0xEC, 'ớ': 0xED, 'ợ': 0xEE,
	'ù': 0xEF, 'ủ': 0xF1, 'ũ': 0xF2, 'ú': 0xF3, 'ụ': 0xF4,
	'ừ': 0xF5, 'ử': 0xF6, 'ữ': 0xF7, 'ứ': 0xF8, 'ự': 0xF9,
	'ỳ': 0xFA, 'ỷ': 0xFB, 'ỹ': 0xFC, 'ý': 0xFD, 'ỵ': 0xFE,
}

// tcvn3Upper maps the toned capitals. Untoned capitals (Ă Â Ê Ô Ơ Ư Đ) always
// go through page 30, so we never rely on page 31's layout below 0xB5.
var tcvn3Upper = func() map[rune]byte {
	m := map[rune]byte{}
	for r, b := range tcvn3Lower {
		if b < 0xB5 { // untoned letters stay on page 30
			continue
		}
		if u := upper(r); u != r {
			m[u] = b
		}
	}
	return m
}()

// upper: unicode.ToUpper covers every Vietnamese letter.
func upper(r rune) rune { return unicode.ToUpper(r) }

// TCVN3Decode maps a byte received on one of the two pages back to a rune;
// ok is false for bytes with no letter there. The simulator uses it.
func TCVN3Decode(upperPage bool, b byte) (rune, bool) {
	if b < 0x80 {
		return rune(b), true
	}
	r, ok := tcvn3Rev[0][b]
	if upperPage {
		r, ok = tcvn3Rev[1][b]
	}
	return r, ok
}

var tcvn3Rev = func() [2]map[byte]rune {
	lo, up := map[byte]rune{}, map[byte]rune{}
	for r, b := range tcvn3Lower {
		lo[b] = r
		if b < 0xB5 {
			up[b] = r // page 31 keeps the untoned letters (we never use it for them)
		}
	}
	for r, b := range tcvn3Upper {
		up[b] = r
	}
	return [2]map[byte]rune{lo, up}
}()

// tcvn3Run is a piece of a line on one page.
type tcvn3Run struct {
	page  byte
	bytes []byte
}

// encodeTCVN3 splits s into runs per code page. ok is false when a rune has
// no TCVN-3 form; the caller then rasterises the line instead of printing "?".
func encodeTCVN3(p Profile, s string) (runs []tcvn3Run, ok bool) {
	s = norm.NFC.String(s)
	cur := p.TCVN3Lower
	var buf []byte
	flush := func(next byte) {
		if len(buf) > 0 {
			runs = append(runs, tcvn3Run{page: cur, bytes: buf})
			buf = nil
		}
		cur = next
	}
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7F:
			buf = append(buf, byte(r)) // ASCII prints the same on both pages
		case tcvn3Lower[r] != 0:
			if cur != p.TCVN3Lower {
				flush(p.TCVN3Lower)
			}
			buf = append(buf, tcvn3Lower[r])
		case tcvn3Upper[r] != 0:
			if cur != p.TCVN3Upper {
				flush(p.TCVN3Upper)
			}
			buf = append(buf, tcvn3Upper[r])
		default:
			return nil, false
		}
	}
	flush(cur)
	return runs, true
}
