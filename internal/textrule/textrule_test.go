package textrule

import (
	"encoding/json"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestLineAndBlock(t *testing.T) {
	nfd := norm.NFD.String("Nguyễn Văn Ánh")
	if nfd == "Nguyễn Văn Ánh" {
		t.Fatal("the NFD fixture is NFC")
	}
	for _, c := range []struct {
		name, in, line, block string
	}{
		{"plain Vietnamese", "Trần Thị Hoà", "Trần Thị Hoà", "Trần Thị Hoà"},
		{"right-to-left override", "Lê \u202eừ Đức", "Lê ừ Đức", "Lê ừ Đức"},
		{"isolates and embeddings", "\u2066a\u2069\u202ab\u202c\u200fc\u200e", "abc", "abc"},
		{"zero-width space", "Nguy\u200bễn", "Nguyễn", "Nguyễn"},
		{"zero-width joiners", "H\u200cà\u200d N\u2060ội", "Hà Nội", "Hà Nội"},
		{"byte-order mark", "\ufeffPhạm", "Phạm", "Phạm"},
		{"soft hyphen and tag", "Hu\u00adế\U000E0041", "Huế", "Huế"},
		{"NFD to NFC", nfd, "Nguyễn Văn Ánh", "Nguyễn Văn Ánh"},
		{"NFD with an override inside", norm.NFD.String("Đỗ") + "\u202e", "Đỗ", "Đỗ"},
		{"C0 controls", "A\x00B\x07C\x1bD\x7fE", "ABCDE", "ABCDE"},
		{"C1 controls", "A\u0085B\u009bC", "ABC", "ABC"},
		{"lines", "dòng 1\r\ndòng 2\rdòng 3\ndòng 4", "dòng 1 dòng 2 dòng 3 dòng 4", "dòng 1\ndòng 2\ndòng 3\ndòng 4"},
		{"tab", "a\tb", "a b", "a\tb"},
		{"line and paragraph separators", "a\u2028b\u2029c", "abc", "a\nb\nc"},
		{"ends trimmed", "  \u200b Hải \n", "Hải", "Hải"},
		{"invalid UTF-8", "Hu\xffế", "Huế", "Huế"},
		{"only invisible", "\u202e\u200b\ufeff", "", ""},
		{"emoji and CJK kept", "ok 👍 漢", "ok 👍 漢", "ok 👍 漢"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Line(c.in); got != c.line {
				t.Errorf("Line(%+q) = %+q, want %+q", c.in, got, c.line)
			}
			if got := Block(c.in); got != c.block {
				t.Errorf("Block(%+q) = %+q, want %+q", c.in, got, c.block)
			}
			// Idempotent: the portal cleaning what a centre cleaned changes nothing.
			if l := Line(c.line); l != c.line {
				t.Errorf("Line not idempotent: %+q → %+q", c.line, l)
			}
			if b := Block(c.block); b != c.block {
				t.Errorf("Block not idempotent: %+q → %+q", c.block, b)
			}
		})
	}
}

// Every Cf character of the Unicode tables Go carries is removed, whatever
// is added to the category later.
func TestEveryFormCharacterGoes(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.Is(unicode.Cf, r) {
			continue
		}
		n++
		s := "a" + string(r) + "b"
		if Line(s) != "ab" || Block(s) != "ab" || !Invisible(r) {
			t.Fatalf("U+%04X kept: Line %+q Block %+q", r, Line(s), Block(s))
		}
	}
	if n < 150 {
		t.Fatalf("only %d Cf characters in the tables", n)
	}
	for _, r := range "aĐ ễ\n\t" {
		if Invisible(r) {
			t.Errorf("%+q counted invisible", r)
		}
	}
}

func TestHasControl(t *testing.T) {
	for _, c := range []struct {
		in          string
		line, block bool
	}{
		{"Nguyễn", false, false},
		{"a\nb", true, false},
		{"a\tb", true, false},
		{"a\x00b", true, true},
		{"a\u0085b", true, true},
		{"a\u202eb", false, false}, // Cf is stripped, not refused
	} {
		if got := HasControl(c.in, false); got != c.line {
			t.Errorf("HasControl(%+q, line) = %v", c.in, got)
		}
		if got := HasControl(c.in, true); got != c.block {
			t.Errorf("HasControl(%+q, block) = %v", c.in, got)
		}
	}
}

func TestJSON(t *testing.T) {
	nfd := norm.NFD.String("Nguyễn")
	in := `{"ma_ho_so":"H26.1-251201-0001","chu_ho_so":{"ho_ten":"` + nfd + `\u202e","dia_chi":" số 1 <Huế> & "},` +
		`"thanh_phan":[{"ten":"Đơn\u200b","so_ban":2,"phi":1.50e3,"x":true,"y":null}],"k\ufeff":"v\r\nw"}`
	out := JSON([]byte(in))
	want := `{"ma_ho_so":"H26.1-251201-0001","chu_ho_so":{"ho_ten":"Nguyễn","dia_chi":" số 1 <Huế> & "},` +
		`"thanh_phan":[{"ten":"Đơn","so_ban":2,"phi":1.50e3,"x":true,"y":null}],"k":"v\nw"}`
	if string(out) != want {
		t.Fatalf("JSON:\n got %s\nwant %s", out, want)
	}
	if !json.Valid(out) {
		t.Fatal("not valid JSON")
	}
	// Nothing to clean: the very bytes come back.
	same := []byte(`{ "a" : [1, 2.0, "b\u00e0"], "c": "<d>" }`)
	if got := JSON(same); &got[0] != &same[0] {
		t.Errorf("unchanged document rewritten: %s", got)
	}
	for _, bad := range []string{``, `{`, `{"a":1}{"b":2}`, `{"a":1,}`, `"\u202e" x`, `[1,]`} {
		if got := JSON([]byte(bad)); string(got) != bad {
			t.Errorf("JSON(%q) = %q, want it unchanged", bad, got)
		}
	}
	if got := string(JSON([]byte(`"\u202eabc"`))); got != `"abc"` {
		t.Errorf("top-level string: %s", got)
	}
}

func TestFormLineLeavesControlsToRefuse(t *testing.T) {
	if got := FormLine(" Lê\u202e Văn "); got != "Lê Văn" {
		t.Errorf("FormLine cleaned %+q", got)
	}
	if got := FormLine(" Lê\x07\u202e "); got != "Lê\x07\u202e" {
		t.Errorf("FormLine with a control: %+q", got)
	}
	if got := FormBlock("a\nb\u200b"); got != "a\nb" {
		t.Errorf("FormBlock: %+q", got)
	}
	if got := FormBlock("a\x00b"); got != "a\x00b" {
		t.Errorf("FormBlock with a control: %+q", got)
	}
}
