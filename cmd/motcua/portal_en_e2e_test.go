package main

import (
	"html"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/entext"
)

// TestPortalPagesInEnglishOnPortalServe: `motcua portal serve` (the real
// program, a fresh SQLite database) answers every public page in English
// for ?lang=en and for a browser asking for English, with the "Tiếng Việt"
// link back and no other Vietnamese on the page but the decree's number
// and "liên thông" in brackets after its English (the term of art, as in
// portal.TestPortalPagesNoVietnameseInEnglish);
// without either, the pages stay Vietnamese with the "English" link; / keeps
// the language asked.
func TestPortalPagesInEnglishOnPortalServe(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	addr := freeAddr(t)
	base := "http://" + addr
	startProc(t, dir, "portal", nil, "portal", "serve", "--db", filepath.Join(dir, "portal.db"), "--addr", addr)
	eventually(t, "the portal up", healthy(base))
	get := func(path, acceptLang string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if acceptLang != "" {
			req.Header.Set("Accept-Language", acceptLang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	tags := regexp.MustCompile(`(?s)<style.*?</style>|<[^>]*>`)
	for _, p := range []string{"/tra-cuu", "/nop-truc-tuyen", "/thong-ke", "/thong-ke/tong-hop", "/hoi-dap", "/"} {
		for _, en := range []string{get(p+"?lang=en", ""), get(p, "en-GB,en;q=0.9")} {
			var lines []string
			for _, l := range strings.Split(html.UnescapeString(tags.ReplaceAllString(en, "\n")), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					lines = append(lines, l)
				}
			}
			if !strings.Contains(en, `<html lang="en">`) || !strings.Contains(en, ">Tiếng Việt</a>") {
				t.Errorf("%s: not English, or no link back", p)
			}
			if left := entext.Leftovers(lines, "Tiếng Việt", "/NĐ-CP", "(liên thông)"); len(left) > 0 {
				t.Errorf("%s in English shows Vietnamese: %q", p, left)
			}
		}
		if vi := get(p, "vi-VN,vi"); !strings.Contains(vi, `<html lang="vi">`) || !strings.Contains(vi, ">English</a>") {
			t.Errorf("%s: not the Vietnamese page with the English link", p)
		}
	}
}
