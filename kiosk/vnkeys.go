package kiosk

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tone is a Vietnamese tone key of the on-screen keyboard: the combining
// mark it puts on the syllable being typed.
type Tone rune

const (
	ToneSac   Tone = '\u0301' // á
	ToneHuyen Tone = '\u0300' // à
	ToneHoi   Tone = '\u0309' // ả
	ToneNga   Tone = '\u0303' // ã
	ToneNang  Tone = '\u0323' // ạ
)

// Tones are the tone keys in keyboard order.
var Tones = []Tone{ToneSac, ToneHuyen, ToneHoi, ToneNga, ToneNang}

// Key is how the tone key is labelled: the mark on an "a".
func (t Tone) Key() string { return norm.NFC.String("a" + string(rune(t))) }

func isTone(r rune) bool {
	switch Tone(r) {
	case ToneSac, ToneHuyen, ToneHoi, ToneNga, ToneNang:
		return true
	}
	return false
}

// split returns the letter without its tone and the tone (0 if none).
func split(r rune) (rune, Tone) {
	var base []rune
	var tone Tone
	for _, c := range norm.NFD.String(string(r)) {
		if isTone(c) {
			tone = Tone(c)
		} else {
			base = append(base, c)
		}
	}
	b := []rune(norm.NFC.String(string(base)))
	if len(b) != 1 {
		return r, 0
	}
	return b[0], tone
}

func isVowel(r rune) bool { return strings.ContainsRune("aăâeêioôơuưy", unicode.ToLower(r)) }

// hatted vowels carry the tone before any other vowel of the syllable.
func hatted(r rune) bool { return strings.ContainsRune("ăâêôơ", unicode.ToLower(r)) }

// AddTone puts tone on the last word of s, on the vowel the spelling rules
// choose (the traditional placement: "hòa", "thủy", "người", "chuyện").
// The same tone again takes it off; another tone replaces it. A word
// without a vowel is left as it is.
func AddTone(s string, tone Tone) string {
	rs := []rune(norm.NFC.String(s))
	start := len(rs)
	for start > 0 && !unicode.IsSpace(rs[start-1]) {
		start--
	}
	word := rs[start:]
	if len(word) == 0 {
		return s
	}
	bases := make([]rune, len(word))
	var had Tone
	for i, r := range word {
		b, t := split(r)
		bases[i] = b
		if t != 0 {
			had = t
		}
	}
	// The vowel cluster: "qu" and "gi" before a vowel are consonants.
	i := 0
	for i < len(bases) && !isVowel(bases[i]) {
		i++
	}
	if i > 0 && i+1 < len(bases) && isVowel(bases[i+1]) {
		prev := unicode.ToLower(bases[i-1])
		if (prev == 'q' && unicode.ToLower(bases[i]) == 'u') || (prev == 'g' && unicode.ToLower(bases[i]) == 'i') {
			i++
		}
	}
	j := i
	for j < len(bases) && isVowel(bases[j]) {
		j++
	}
	if i == j {
		return s
	}
	pos := -1
	for k := i; k < j; k++ {
		if hatted(bases[k]) {
			pos = k // "người", "chuyện", "tuổi"
		}
	}
	for k := i; k < j && pos < 0; k++ {
		if unicode.ToLower(bases[k]) == 'ư' {
			pos = k // "mưa", "cứu", "gửi"
		}
	}
	switch {
	case pos >= 0:
	case j-i == 1:
		pos = i
	case j < len(bases) || j-i == 3:
		pos = i + 1 // a final consonant or three vowels: "toán", "ngoài"
	default:
		pos = i // an open pair: "mùa", "hòa", "thủy"
	}
	if had == tone {
		tone = 0
	}
	out := append([]rune(nil), rs[:start]...)
	for k, b := range bases {
		if k == pos && tone != 0 {
			out = append(out, []rune(norm.NFC.String(string(b)+string(rune(tone))))...)
		} else {
			out = append(out, b)
		}
	}
	return string(out)
}
