package inbox

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The reason B queues is always one the portal takes: 1–500 characters,
// one line, no control characters.
func TestTruncReason(t *testing.T) {
	for _, in := range []string{"", " \n\t", "Lý do\x1b[2J\nthứ hai", strings.Repeat("á", 800), "a\xffb"} {
		out := truncReason(in)
		if out == "" || utf8.RuneCountInString(out) > 500 || !utf8.ValidString(out) || strings.IndexFunc(out, unicode.IsControl) >= 0 {
			t.Errorf("%q → %q", in, out)
		}
	}
}
