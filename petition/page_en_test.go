package petition

import (
	"errors"
	"regexp"
	"testing"

	"github.com/motcua/motcua/queue"
)

// TestPageEnglishComplete: every text page.html writes through t or tf has
// its English, and every refusal of Submit has an English sentence; a
// refusal the page does not know is English on the English page anyway.
func TestPageEnglishComplete(t *testing.T) {
	b, err := pageFS.ReadFile("page.html")
	if err != nil {
		t.Fatal(err)
	}
	keys := regexp.MustCompile(`\{\{tf? "([^"]+)"`).FindAllSubmatch(b, -1)
	if len(keys) < 15 {
		t.Fatalf("only %d texts found in page.html", len(keys))
	}
	for _, k := range keys {
		if pageEN[string(k[1])] == "" {
			t.Errorf("no English for %q", k[1])
		}
	}
	for _, d := range []string{"kind must be hoi or pakn", "unknown topic", "text required", "text too long", "contact too long"} {
		if got := refusal(invalid("x", d), "en"); got == refusedEN || got == "" {
			t.Errorf("refusal %q has no English sentence", d)
		}
	}
	if got := refusal(invalid("Nội dung có ký tự ẩn", "hidden characters"), "en"); got != refusedEN {
		t.Errorf("an unknown refusal in English: %q", got)
	}
	if got := refusal(invalid("Xin nhập nội dung", "text required"), "vi"); got != "Xin nhập nội dung" {
		t.Errorf("Vietnamese refusal changed: %q", got)
	}
	if got := refusal(errors.New("disk"), "en"); got != internalEN {
		t.Errorf("internal: %q", got)
	}
	if got := refusal(queue.Errf(queue.CodeInternal, internalVI, "x"), "en"); got != internalEN {
		t.Errorf("internal: %q", got)
	}
}
