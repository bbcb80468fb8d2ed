package dossier

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// MaskName hides a person's name for public lookups (Decree 13/2023): the family name stays,
// middle names become an initial and "***", the given name its initial.
// "Nguyễn Văn An" → "Nguyễn V*** A"; a one-word name keeps its initial only ("A***").
func MaskName(name string) string {
	words := strings.Fields(norm.NFC.String(name))
	switch len(words) {
	case 0:
		return ""
	case 1:
		return firstRune(words[0]) + "***"
	}
	out := make([]string, 0, len(words))
	out = append(out, words[0])
	for _, w := range words[1 : len(words)-1] {
		out = append(out, firstRune(w)+"***")
	}
	out = append(out, firstRune(words[len(words)-1]))
	return strings.Join(out, " ")
}

// firstRune returns the first user-perceived letter of w (base rune plus any combining marks).
func firstRune(w string) string {
	var it norm.Iter
	it.InitString(norm.NFC, w)
	return string(it.Next())
}
