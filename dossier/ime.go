package dossier

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// IMEHints looks at a scanned person's name and returns the reasons (English, for logs) why it
// looks corrupted by a Vietnamese input method (Telex/VNI) or by a wrong character set between
// the scanner and the computer. An empty result means no corruption was recognised, not that
// the name is right. Every check is a pattern that correct Vietnamese names never contain.
func IMEHints(name string) []string { return imeHints(name) }

// imeHints is for names: the text checks plus Telex/VNI key sequences.
func imeHints(s string) []string {
	h := imeHintsText(s)
	for _, w := range strings.Fields(strings.ToLower(norm.NFC.String(s))) {
		if strings.ContainsAny(w, "0123456789") {
			h = append(h, "digits in a name (VNI keys?)")
			break
		}
	}
	for _, w := range strings.Fields(strings.ToLower(norm.NFC.String(s))) {
		for _, seq := range []string{"dd", "aa", "ee", "oo", "aw", "ow", "uw"} {
			if strings.Contains(w, seq) {
				h = append(h, "Telex key sequence "+seq)
				return h
			}
		}
		// A word that already carries a tone mark never ends with a Telex tone key.
		if hasTone(w) && strings.ContainsAny(w[len(w)-1:], "sfrxjz") {
			h = append(h, "Telex tone key after a marked word")
			return h
		}
	}
	return h
}

// imeHintsText is for any text (addresses too): replacement characters, UTF-8 read as
// Windows-1252, two tone marks in one syllable, a tone mark on a consonant, VNI digits.
func imeHintsText(s string) []string {
	var h []string
	if strings.ContainsRune(s, utf8.RuneError) {
		h = append(h, "replacement character")
	}
	if isMojibake(s) {
		h = append(h, "UTF-8 decoded as Windows-1252")
	}
	for _, w := range strings.Fields(norm.NFD.String(s)) {
		tones, prev := 0, rune(0)
		for _, r := range w {
			if isToneMark(r) {
				tones++
				if !isVowelBase(prev) {
					h = append(h, "tone mark on a consonant")
					return h
				}
			}
			if !unicode.Is(unicode.Mn, r) {
				prev = unicode.ToLower(r)
			}
		}
		if tones > 1 {
			h = append(h, "two tone marks in one syllable")
			return h
		}
	}
	// VNI: a lower-case vowel, a digit, then a lower-case letter ("No65i"); house numbers
	// like 12A or P3 do not have that shape.
	rs := []rune(norm.NFC.String(s))
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] >= '1' && rs[i] <= '9' && isVowelBase(baseOf(rs[i-1])) && unicode.IsLower(rs[i-1]) {
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			if j < len(rs) && unicode.IsLower(rs[j]) {
				h = append(h, "VNI key digits inside a word")
				return h
			}
		}
	}
	return h
}

func isToneMark(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

func hasTone(w string) bool {
	for _, r := range norm.NFD.String(w) {
		if isToneMark(r) {
			return true
		}
	}
	return false
}

func isVowelBase(r rune) bool { return strings.ContainsRune("aeiouy", unicode.ToLower(r)) }

// baseOf strips diacritics from one rune ("ộ" → 'o').
func baseOf(r rune) rune {
	d := norm.NFD.String(string(r))
	b, _ := utf8.DecodeRuneInString(d)
	return b
}

// cp1252 maps the Windows-1252 characters of bytes 0x80–0x9F back to their byte.
var cp1252 = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// isMojibake reports whether s, encoded back to Windows-1252/Latin-1, is valid UTF-8 with at
// least one multi-byte character: "Nguyá»…n" is "Nguyễn" read with the wrong charset.
// Correct Vietnamese fails the encoding (ộ, ă, đ... are not in Windows-1252) or the UTF-8 check.
func isMojibake(s string) bool {
	b := make([]byte, 0, len(s))
	multi := false
	for _, r := range s {
		switch {
		case r < 0x100:
			b = append(b, byte(r))
			if r >= 0x80 {
				multi = true
			}
		case cp1252[r] != 0:
			b = append(b, cp1252[r])
			multi = true
		default:
			return false
		}
	}
	if !multi {
		return false
	}
	// Lenient on purpose: a non-breaking space in "Ã\u00a0" often becomes a plain space on
	// the way, breaking that one sequence; the others still decode.
	good, bad := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			good++
		}
		b = b[n:]
	}
	return good > 0 && good >= bad
}
