package counter

import "strconv"

// Number writes a count for the window: thousands grouped with '.' in
// Vietnamese ("1.234", as dossier.FormatVND writes amounts) and ',' in
// English ("1,234").
func Number(lang Lang, n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	sep := byte('.')
	if lang == EN {
		sep = ','
	}
	b := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		b = append(b, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, sep)
		}
		b = append(b, s[i])
	}
	return string(b)
}
