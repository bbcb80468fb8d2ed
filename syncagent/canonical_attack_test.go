package syncagent

import (
	"strings"
	"testing"
)

// TestAttackCanonicalDoc: the rewrite keeps the last of the keys equal
// without case in every object (nested, in arrays), keeps numbers exactly,
// leaves anything but one bounded JSON value as it came.
func TestAttackCanonicalDoc(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":1,"A":2}`: `{"A":2}`,
		`{"ho_so":{"MaTTHC":"1.001193","x":[{"k":1,"K":2}],"maTTHC":"1.012789"}}`: `{"ho_so":{"x":[{"K":2}],"maTTHC":"1.012789"}}`,
		`{"MaTTHC":"x","MaTTHC":"y"}`:          `{"MaTTHC":"y"}`,
		"{\"\u212a\":1,\"k\":2}":               `{"k":2}`, // Kelvin sign folds to k
		"{\"\u017f\":1,\"S\":2}":               `{"S":2}`, // long s folds to S
		`{"n":12345678901234567890.5,"m":1e3}`: `{"n":12345678901234567890.5,"m":1e3}`,
		` [1, "a", null, true] `:               `[1,"a",null,true]`,
	} {
		got, ok := canonicalDoc([]byte(in))
		if !ok || string(got) != want {
			t.Errorf("%s: %s %v, want %s", in, got, ok, want)
		}
	}
	deep := strings.Repeat(`{"a":`, 5000) + `{"MaTTHC":"x","MaTTHC":"y"}` + strings.Repeat("}", 5000)
	if got, ok := canonicalDoc([]byte(deep)); !ok || !strings.Contains(string(got), `{"MaTTHC":"y"}`) || strings.Contains(string(got), `"x"`) {
		t.Errorf("5000 levels deep: not rewritten (%v)", ok)
	}
	for _, in := range []string{`{"a":1} {"a":2}`, `{"a":`, `nul`, strings.Repeat("[", 10002) + strings.Repeat("]", 10002), ``} {
		if got, ok := canonicalDoc([]byte(in)); ok || string(got) != in {
			t.Errorf("%.40q: %.40q %v, want it unchanged", in, got, ok)
		}
	}
}
