package inbox

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/lienthong"
)

// Every machine reason has its own plain sentence in both languages, and
// none shows the code itself; an unknown code reads as "another reason".
func TestRefusalReasonWords(t *testing.T) {
	seen := map[string]string{}
	for _, code := range []string{lienthong.RefusalNoDossier, lienthong.RefusalNotForwarded, lienthong.RefusalNotResolved, lienthong.RefusalUnreadable, "ma_moi_chua_biet", ""} {
		vi, en := RefusalReason(code)
		if vi == "" || en == "" || strings.Contains(vi, "_") || strings.Contains(en, "_") || !strings.HasSuffix(vi, ".") || !strings.HasSuffix(en, ".") {
			t.Errorf("%q: %q / %q", code, vi, en)
		}
		if !lienthong.ValidRefusalCode(code) {
			if !strings.Contains(vi, "lý do khác") || !strings.Contains(en, "another reason") {
				t.Errorf("unknown code %q: %q / %q", code, vi, en)
			}
			continue
		}
		if other, dup := seen[vi]; dup {
			t.Errorf("%s and %s read the same: %q", code, other, vi)
		}
		seen[vi] = code
		adv := refusalAdviceEN(RefusedHandOver{HandOverRefusal: lienthong.HandOverRefusal{MaLyDo: code, NoiGiaiQuyet: "Trung tâm tỉnh"}})
		if !strings.Contains(adv, "Contact Trung tâm tỉnh") || !strings.Contains(adv, "stays valid") {
			t.Errorf("%s advice: %q", code, adv)
		}
	}
}
