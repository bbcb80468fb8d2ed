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

// printerText reads a job the way a printer does with ESC &, ESC % and
// ESC ?: each printed code becomes the letter whose cell it carries, so the
// job decodes back to the text lines it was made of.
func printerText(t *testing.T, job []byte, cells map[string]rune) []string {
	t.Helper()
	defs := map[byte][]byte{}
	on := false
	var lines []string
	var cur []rune
	for i := 0; i < len(job); {
		switch c := job[i]; {
		case c == ESC && job[i+1] == '&':
			y, c1, c2 := job[i+2], job[i+3], job[i+4]
			if y != 3 || c1 < 33 || c2 > 126 || c1 > c2 {
				t.Fatalf("ESC & %d %d %d", y, c1, c2)
			}
			i += 5
			for k := int(c1); k <= int(c2); k++ {
				x := int(job[i])
				if x > 12 {
					t.Fatalf("ESC & width %d", x)
				}
				defs[byte(k)] = job[i+1 : i+1+3*x]
				i += 1 + 3*x
			}
		case c == ESC && job[i+1] == '%':
			on = job[i+2]&1 == 1
			i += 3
		case c == ESC && job[i+1] == '?':
			delete(defs, job[i+2])
			i += 3
		case c == ESC && job[i+1] == '@':
			i += 2
		case c == ESC: // a, E, d, t: one argument
			i += 3
		case c == GS && job[i+1] == '!':
			i += 3
		case c == GS && job[i+1] == 'V':
			i += 4
		case c == FS:
			i += 2
		case c == LF:
			lines = append(lines, string(cur))
			cur = nil
			i++
		default:
			if c < 0x20 || c > 0x7E {
				t.Fatalf("unexpected byte %#02x at %d", c, i)
			}
			if d, ok := defs[c]; ok && on {
				r, known := cells[string(d)]
				if !known {
					t.Fatalf("code %q prints an unknown cell", c)
				}
				cur = append(cur, r)
			} else {
				cur = append(cur, rune(c))
			}
			i++
		}
	}
	return lines
}

func TestUserCharsRoundTrip(t *testing.T) {
	letters := []rune(vietnameseLower + strings.ToUpper(vietnameseLower))
	var u udcSet
	cells := map[string]rune{}
	for _, r := range letters {
		if r >= 0x80 {
			cells[string(u.udcCell(r))] = r
		}
	}
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
	got := printerText(t, job, cells)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("line %d:\n got %q\nwant %q", i, got[i], want[i])
			}
		}
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	if !bytes.Contains(job, []byte{ESC, '?'}) {
		t.Error("no code was ever cancelled: the collision case was not exercised")
	}
}
