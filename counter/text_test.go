package counter

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// TestEverySentenceHasEnglish: each fixed sentence the presenter writes
// (p.info, p.error, p.tr, p.tf, validation returns) has an English entry,
// so English mode never falls back to Vietnamese for the app's own words;
// and each window text has both languages.
func TestEverySentenceHasEnglish(t *testing.T) {
	re := regexp.MustCompile(`(?:p\.(?:info|error|tr|tf)\(|return [rb], )("(?:[^"\\]|\\.)*")`)
	files, _ := filepath.Glob("*.go")
	n := 0
	for _, f := range files {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(src, -1) {
			s, err := strconv.Unquote(string(m[1]))
			if err != nil || s == "" {
				continue
			}
			n++
			if _, ok := MsgEN[s]; !ok {
				t.Errorf("%s: no English for %q", f, s)
			}
		}
	}
	t.Logf("%d sentences", n)
	if n < 30 {
		t.Fatalf("found only %d sentences: the pattern no longer matches the code", n)
	}
	for k := range TextVI {
		if TextEN[k] == "" {
			t.Errorf("window text %q has no English", k)
		}
	}
	for k := range TextEN {
		if _, ok := TextVI[k]; !ok && !regexp.MustCompile(`^(cmd|act)\.`).MatchString(k) {
			t.Errorf("English text %q has no Vietnamese", k)
		}
	}
	for _, s := range Shortcuts {
		if _, ok := TextEN["cmd."+string(s.Command)]; !ok {
			t.Errorf("shortcut %s has no English", s.Key)
		}
	}
	for id := range actionDefs {
		if _, ok := TextEN["act."+id]; !ok {
			t.Errorf("action %s has no English", id)
		}
	}
}
