package escpos

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

const vietnameseLower = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"

// Distinct letters must print as distinct cells, or a reader could not
// tell "ố" from "ồ" on paper.
func TestUserCharCellsDistinct(t *testing.T) {
	var u udcSet
	seen := map[string]rune{}
	for _, r := range vietnameseLower + strings.ToUpper(vietnameseLower) + "–—·" {
		if r < 0x80 {
			continue
		}
		cell := u.udcCell(r)
		if len(cell) == 0 || len(cell)%3 != 0 || len(cell) > 36 {
			t.Fatalf("%q: cell of %d bytes", r, len(cell))
		}
		ink := 0
		for _, b := range cell {
			for ; b != 0; b &= b - 1 {
				ink++
			}
		}
		if ink < 4 {
			t.Errorf("%q: only %d dots", r, ink)
		}
		key := string(cell)
		if o, dup := seen[key]; dup {
			t.Errorf("%q and %q print the same cell", r, o)
		}
		seen[key] = r
	}
}

func TestUserCharsRoundTrip(t *testing.T) {
	letters := []rune(vietnameseLower + strings.ToUpper(vietnameseLower))
	// ASCII that collides with the rare codes letters go to first, and
	// more distinct letters than the 94 codes: codes are cancelled and
	// reused, and every line still reads back.
	rng := rand.New(rand.NewPCG(1, 2))
	ascii := []rune("`~^_{}|\\[]<>=@#$&*+\"'!?;ZJWFzjwfQqXx0123456789 abc")
	var want []string
	d := NewDoc(Default)
	for n := 0; n < 60; n++ {
		var b strings.Builder
		for k := 0; k < 40; k++ {
			if rng.IntN(2) == 0 {
				b.WriteRune(letters[rng.IntN(len(letters))])
			} else {
				b.WriteRune(ascii[rng.IntN(len(ascii))])
			}
		}
		line := strings.TrimSpace(b.String())
		if line == "" {
			continue
		}
		want = append(want, line)
		d.Left().Text(line)
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
	job := d.Bytes()
	if bytes.Contains(job, []byte{GS, 'v', '0'}) {
		t.Fatal("a line went as raster")
	}
	got, err := ReadText(Default, job)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("line %d:\n got %q\nwant %q", i, got[i], want[i])
			}
		}
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	if !bytes.Contains(job, []byte{ESC, '?'}) || bytes.Count(job, []byte{ESC, '&'}) < 100 {
		t.Error("codes were never cancelled or reused: the collision case was not exercised")
	}
}

// The samples read back as the same lines on every profile, whichever path
// (ASCII, TCVN-3, user-defined characters) each line took.
func TestSamplesReadBack(t *testing.T) {
	want, err := ReadText(Profiles["epson-tm-t20"], SampleReceipt(Profiles["epson-tm-t20"]).Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"generic-80", "xprinter-80", "citizen-ct-s651"} {
		got, err := ReadText(Profiles[name], SampleReceipt(Profiles[name]).Bytes())
		if err != nil {
			t.Fatal(name, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s reads\n%q\nwant\n%q", name, got, want)
		}
	}
}

// On Epson-class profiles TCVN-3 and user-defined letters mix: a letter
// TCVN-3 lacks (—, ·) sends its line as user-defined characters, and a
// later TCVN-3 line with ASCII on those codes must cancel them first.
func TestTCVN3AndUserChars(t *testing.T) {
	p := Profiles["epson-tm-t20"]
	lines := []string{"1. Tờ khai — 1 bản chính", "Liên hệ: 0912 · a@b.vn", "`~^_{}|[]<>=@#$&*+ Đăng ký", "Mã: ZJWFzjwf QqXx!?;", "Hẹn trả — 09:00"}
	d := NewDoc(p).Left()
	for _, l := range lines {
		d.Text(l)
	}
	job := d.Bytes()
	if !bytes.Contains(job, []byte{ESC, '&'}) || !bytes.Contains(job, []byte{ESC, 't', 30}) {
		t.Fatal("the test does not mix the two paths")
	}
	got, err := ReadText(p, job)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(lines) {
		t.Errorf("reads\n%q\nwant\n%q", got, lines)
	}
}

// Docs on several goroutines share the drawn cells: same bytes, no race
// (run with -race).
func TestUserCharsConcurrentDocs(t *testing.T) {
	want := SampleReceipt(Default).Bytes()
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			if got := SampleReceipt(Default).Bytes(); !bytes.Equal(got, want) {
				errs <- "different bytes"
				return
			}
			errs <- ""
		}()
	}
	for i := 0; i < 8; i++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
