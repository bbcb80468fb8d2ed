package fontcheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
)

// The app packages whose string literals end up on screen.
var appDirs = []string{"kiosk", "counter", "display", "cmd/motcua-kiosk", "cmd/motcua-counter", "cmd/motcua-display"}

// Fyne draws text with the theme font (Noto Sans, regular or bold) and
// then its bundled emoji font; only after those does it ask the system.
func bundled(t *testing.T) []*sfnt.Font {
	t.Helper()
	var out []*sfnt.Font
	for _, res := range []fyne.Resource{theme.DefaultTextFont(), theme.DefaultTextBoldFont(), theme.DefaultEmojiFont()} {
		f, err := sfnt.Parse(res.Content())
		if err != nil {
			t.Fatalf("%s: %v", res.Name(), err)
		}
		out = append(out, f)
	}
	return out
}

func has(fonts []*sfnt.Font, r rune, text bool) bool {
	var b sfnt.Buffer
	if text { // plain text must be in both the regular and the bold face
		for _, f := range fonts[:2] {
			if g, err := f.GlyphIndex(&b, r); err != nil || g == 0 {
				return false
			}
		}
		return true
	}
	g, err := fonts[2].GlyphIndex(&b, r)
	return err == nil && g != 0
}

func TestAppTextInBundledFonts(t *testing.T) {
	fonts := bundled(t)
	root := filepath.Join("..", "..")
	missing := map[rune][]string{}
	for _, dir := range appDirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || (lit.Kind != token.STRING && lit.Kind != token.CHAR) {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				for _, r := range s {
					if r < 0x80 || unicode.IsControl(r) || r == unicode.ReplacementChar {
						continue
					}
					// a glyph from the emoji font is acceptable (⚠ is drawn in colour)
					if !has(fonts, r, true) && !has(fonts, r, false) {
						rel, _ := filepath.Rel(root, path)
						missing[r] = append(missing[r], rel)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var rs []rune
	for r := range missing {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	for _, r := range rs {
		t.Errorf("%q (U+%04X) is not in the bundled fonts (Noto Sans regular and bold, or the emoji font); used in %v", r, r, unique(missing[r]))
	}
}

// The check itself: Vietnamese letters are there, "→" is not.
func TestBundledFontsKnown(t *testing.T) {
	fonts := bundled(t)
	for _, r := range "ĐđƯưƠơẠảẤẦẨẪẬắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ–—…•·»" {
		if !has(fonts, r, true) {
			t.Errorf("%q missing from Noto Sans", r)
		}
	}
	if has(fonts, '→', true) || has(fonts, '→', false) {
		t.Error("→ found: the check above would not catch the missing arrow")
	}
}

func unique(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
