package portal

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

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

// Every fixed text a template writes through `t` has its English: a text
// added to a page without one would show Vietnamese on the English page.
func TestEveryPageTextHasEnglish(t *testing.T) {
	files, err := fs.Glob(webFS, "web/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v %v", files, err)
	}
	lit := regexp.MustCompile(`\{\{t "([^"]*)"\}\}`)
	n := 0
	for _, f := range files {
		b, err := fs.ReadFile(webFS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			n++
			if _, ok := english[m[1]]; !ok {
				t.Errorf("%s: %q has no English", f, m[1])
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d texts found: the pattern no longer matches the templates", n)
	}
}

// A refusal the table has no English for (a rule added later) is, on an
// English page, a general English sentence, never the Vietnamese; on a
// Vietnamese page it is shown as it is.
func TestUnknownRefusalInEnglish(t *testing.T) {
	data := struct {
		QAs   []PublicQA
		Error string
	}{nil, "Một quy tắc mới chưa có bản tiếng Anh."}
	for _, c := range []struct{ lang, want string }{
		{"en", "Your request could not be accepted; please check it and try again."},
		{"vi", "Một quy tắc mới chưa có bản tiếng Anh."},
	} {
		var b strings.Builder
		if err := pages(c.lang).ExecuteTemplate(&b, "hoidap.html", data); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), `role="alert">`+c.want+`</p>`) {
			t.Errorf("%s: %s", c.lang, b.String())
		}
	}
}
