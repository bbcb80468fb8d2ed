package portal

import "testing"

// The page templates are parsed on first use, not at start-up: a broken
// template must still fail here, in both languages.
func TestPageTemplatesParseInBothLanguages(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		p := pages(lang)
		if p.Lookup("lookup") == nil && len(p.Templates()) == 0 {
			t.Fatalf("%s: no page templates", lang)
		}
	}
	if pages("en") == pages("vi") {
		t.Fatal("English and Vietnamese share one template set")
	}
}
