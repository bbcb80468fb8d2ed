// Package entext finds Vietnamese left on a screen the user switched to
// English. The tests of every English surface (kiosk, counter, boards,
// rating pad, phone page, console) pass it the texts they draw and the
// proper names allowed to stay Vietnamese (docs/ENGLISH.md).
package entext

import (
	"sort"
	"strings"
)

// letters are the Vietnamese letters with diacritics, lower and upper
// case: none of them is written in English (the French é of "café" is
// one, but no screen says café).
const letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ" +
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"

// Vietnamese reports whether s holds a letter with a Vietnamese diacritic
// (precomposed; a decomposed tone mark, U+0300–U+0323, counts too).
func Vietnamese(s string) bool {
	for _, r := range s {
		if strings.ContainsRune(letters, r) || (r >= 0x300 && r <= 0x323) {
			return true
		}
	}
	return false
}

// Leftovers returns the texts that are still Vietnamese once every
// allowed name is cut out of them, sorted and without repeats. Longer
// names are cut first, so a name inside another does not leave a stub. A
// name wrapped over two lines is allowed too: a text that is a piece of an
// allowed name, or that ends with its beginning or starts with its end
// (two words at least, so a stray "và" is not taken for a name).
func Leftovers(texts []string, allowed ...string) []string {
	names := append([]string(nil), allowed...)
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		rest := cutEdges(t, names)
		for _, n := range names {
			if n != "" {
				rest = strings.ReplaceAll(rest, n, "")
			}
		}
		if Vietnamese(rest) && !seen[t] && !pieceOf(strings.TrimSpace(t), names) {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

func pieceOf(t string, names []string) bool {
	for _, n := range names {
		if n != "" && strings.Contains(n, t) {
			return true
		}
	}
	return false
}

// cutEdges cuts from s a beginning of a name at its end and an end of a
// name at its start, of two words or more.
func cutEdges(s string, names []string) string {
	for _, n := range names {
		w := strings.Fields(n)
		for k := len(w) - 1; k >= 2; k-- {
			head, tail := strings.Join(w[:k], " "), strings.Join(w[len(w)-k:], " ")
			if strings.HasSuffix(strings.TrimSpace(s), head) {
				s = strings.TrimSuffix(strings.TrimSpace(s), head)
			}
			if strings.HasPrefix(strings.TrimSpace(s), tail) {
				s = strings.TrimPrefix(strings.TrimSpace(s), tail)
			}
		}
	}
	return s
}
