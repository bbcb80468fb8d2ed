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

// imeHints is for names: the text checks plus Telex/VNI key sequences. A name has no
// foreign words, so any Telex vowel key pair is suspect.
func imeHints(s string) []string {
	h := imeHintsText(s)
	for _, w := range strings.Fields(strings.ToLower(norm.NFC.String(s))) {
		if strings.ContainsAny(w, "0123456789") {
			h = append(h, "digits in a name (VNI keys?)")
			break
		}
	}
	for _, w := range strings.Fields(strings.ToLower(norm.NFC.String(s))) {
		if seq := telexPair(w); seq != "" {
			h = append(h, "Telex key sequence "+seq)
			return h
		}
		if telexToneAfterMark(w) {
			h = append(h, "Telex tone key after a marked word")
			return h
		}
	}
	return h
}

// imeHintsAddress is for addresses, which may hold English names ("Green Bay", "Tower",
// "Room"): the text checks, then the same Telex/VNI detectors as names restricted to words
// that are whole Vietnamese syllables as typed with Telex or VNI. A word with a tone key
// ("Nguyeenx", "Phoos"), a "dd" (đ) or a VNI digit ("Ha2") is enough; a bare vowel pair
// ("Room", "Town") only counts when two words of the address have one.
func imeHintsAddress(s string) []string {
	h := imeHintsText(s)
	if len(h) > 0 {
		return h
	}
	weak := 0
	for _, w := range strings.Fields(norm.NFC.String(s)) {
		w = strings.Trim(w, ",.;:()/-–")
		lw := strings.ToLower(w)
		if telexToneAfterMark(lw) {
			return append(h, "Telex tone key after a marked word")
		}
		if vniTrailingDigit(w) {
			return append(h, "VNI tone digit after a syllable")
		}
		switch telexSyllable(lw) {
		case telexStrong:
			return append(h, "Telex-typed syllable")
		case telexWeak:
			weak++
		}
	}
	if weak >= 2 {
		h = append(h, "Telex vowel keys in several words")
	}
	return h
}

// telexPair is the first Telex key pair (dd aa ee oo aw ow uw) in a word, or "".
func telexPair(w string) string {
	for _, seq := range []string{"dd", "aa", "ee", "oo", "aw", "ow", "uw"} {
		if strings.Contains(w, seq) {
			return seq
		}
	}
	return ""
}

// telexToneAfterMark: a word that already carries a tone mark never ends with a Telex tone key.
func telexToneAfterMark(w string) bool {
	return w != "" && hasTone(w) && strings.ContainsAny(w[len(w)-1:], "sfrxjz")
}

type telexKind int

const (
	telexNone   telexKind = iota
	telexWeak             // a Telex vowel pair only ("oo", "ow"...)
	telexStrong           // a tone key at the end, or "dd"
)

var (
	telexInitials = []string{"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "qu", "th", "tr", "ch", "dd",
		"b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}
	telexFinals = []string{"ch", "ng", "nh", "c", "m", "n", "p", "t"}
	// Vietnamese vowel nuclei, written with â=A ă=W ê=E ô=O ơ=P ư=U.
	nuclei = map[string]bool{}
)

func init() {
	for _, n := range strings.Fields("a W A e E i o O P u U y ai ao au ay Au Ay eo Eu ia iE iu oa oW oe oi Oi Pi " +
		"ua uA uE ui uO uP uy Ua Ui Uu UP yE iEu yEu oai oay oeo uAy uOi UPi UPu uya uyE uyu") {
		nuclei[n] = true
	}
}

// telexSyllable reports whether an ASCII word is one Vietnamese syllable typed with Telex
// (initial, vowel nucleus with its w/double-letter marks, final, tone key) and how sure that is.
func telexSyllable(w string) telexKind {
	if len(w) < 2 || len(w) > 9 {
		return telexNone
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return telexNone
		}
	}
	strong := false
	if strings.ContainsRune("sfrxj", rune(w[len(w)-1])) {
		w, strong = w[:len(w)-1], true
	}
	init := ""
	for _, c := range telexInitials {
		if strings.HasPrefix(w, c) {
			init = c
			break
		}
	}
	rest := w[len(init):]
	for _, f := range telexFinals {
		if strings.HasSuffix(rest, f) && len(rest) > len(f) {
			rest = rest[:len(rest)-len(f)]
			break
		}
	}
	marked := init == "dd"
	var nuc strings.Builder
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		next := byte(0)
		if i+1 < len(rest) {
			next = rest[i+1]
		}
		switch {
		case c == 'a' && next == 'a':
			nuc.WriteByte('A')
		case c == 'a' && next == 'w':
			nuc.WriteByte('W')
		case c == 'e' && next == 'e':
			nuc.WriteByte('E')
		case c == 'o' && next == 'o':
			nuc.WriteByte('O')
		case c == 'o' && next == 'w':
			nuc.WriteByte('P')
		case c == 'u' && next == 'w':
			nuc.WriteByte('U')
		case c == 'w':
			nuc.WriteByte('U') // "w" alone types ư
			marked = true
			continue
		case strings.IndexByte("aeiouy", c) >= 0:
			nuc.WriteByte(c)
			continue
		default:
			return telexNone
		}
		marked = true
		i++
	}
	if !nuclei[nuc.String()] {
		return telexNone
	}
	switch {
	case strong && len(w) >= 2:
		// A syllable plus a tone key ("Hoangf", "Phoos"); "as" alone is too short to say.
		return telexStrong
	case init == "dd":
		return telexStrong
	case marked:
		return telexWeak
	}
	return telexNone
}

// vniTrailingDigit: a lower-case Vietnamese syllable followed by one VNI tone digit ("Ha2",
// "ngo4"); house numbers such as "B2", "P3" or "12A" have no lower-case syllable before the digit.
func vniTrailingDigit(w string) bool {
	if len(w) < 3 {
		return false
	}
	d := w[len(w)-1]
	if d < '1' || d > '9' {
		return false
	}
	word := strings.ToLower(w[:len(w)-1])
	if w[len(w)-2] < 'a' || w[len(w)-2] > 'z' {
		return false
	}
	for i := 0; i < len(word); i++ {
		if word[i] < 'a' || word[i] > 'z' {
			return false
		}
	}
	return telexSyllableBare(word)
}

// telexSyllableBare: an unmarked ASCII Vietnamese syllable ("ha", "nguyen").
func telexSyllableBare(w string) bool {
	init := ""
	for _, c := range telexInitials {
		if c != "dd" && strings.HasPrefix(w, c) {
			init = c
			break
		}
	}
	rest := w[len(init):]
	for _, f := range telexFinals {
		if strings.HasSuffix(rest, f) && len(rest) > len(f) {
			rest = rest[:len(rest)-len(f)]
			break
		}
	}
	return rest != "" && nuclei[rest]
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
