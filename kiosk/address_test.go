package kiosk

import (
	"strings"
	"testing"
)

// One form of address on every kiosk screen: "Quý khách", as the rating
// pads (docs/DOMAIN.md, "The rating question"); never "Ông/Bà" beside it.
func TestCitizenIsQuyKhach(t *testing.T) {
	n := 0
	for k, s := range textVI {
		if strings.Contains(strings.ToLower(s), "ông/bà") || strings.Contains(strings.ToLower(s), "ông bà") {
			t.Errorf("%s addresses the citizen as ông/bà: %q", k, s)
		}
		if strings.Contains(s, "Quý khách") {
			n++
		}
	}
	for _, k := range []string{"rate.question", "rate.reason", "rate.needreason", "rate.needother", "rate.thanks", "rate.already"} {
		if !strings.Contains(textVI[k], "Quý khách") {
			t.Errorf("%s: %q", k, textVI[k])
		}
		if textEN[k] == "" {
			t.Errorf("%s has no English text", k)
		}
	}
	if n < 10 {
		t.Errorf("only %d texts say Quý khách", n)
	}
}
