package portal

import (
	"strings"
	"unicode/utf8"
)

// MaskName masks a personal name for public pages: the first word whole,
// middle words as their initial + "***", the last word as its initial
// ("Nguyễn Văn An" → "Nguyễn V*** A"). A single word keeps only its initial.
func MaskName(name string) string {
	words := strings.Fields(name)
	initial := func(w string) string { r, _ := utf8.DecodeRuneInString(w); return string(r) }
	switch len(words) {
	case 0:
		return ""
	case 1:
		return initial(words[0]) + "***"
	}
	out := []string{words[0]}
	for _, w := range words[1 : len(words)-1] {
		out = append(out, initial(w)+"***")
	}
	return strings.Join(append(out, initial(words[len(words)-1])), " ")
}
