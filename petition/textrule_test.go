package petition_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/petition"
	"github.com/motcua/motcua/qcvn120"
)

// TestPetitionTextsCleaned (docs/SECURITY.md, "Free text: invisible
// characters"): a question typed at the kiosk, one sent through the web
// form and an officer's answer, each holding a right-to-left override, a
// zero-width space, a BOM or decomposed Vietnamese, are stored, listed and
// sent to the portal cleaned and in NFC; lines stay lines.
func TestPetitionTextsCleaned(t *testing.T) {
	e := newEnv(t, petition.Options{})
	topic := e.cfg.Sectors[0].ID
	text := "\u202e" + norm.NFD.String("Đăng ký khai sinh") + "\u200b cần gì?\r\nDòng hai\ufeff"
	var created struct{ ID string }
	body := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":%q,"contact":%q}`, topic, text, "0912\u200b345678")
	if st, b := e.do("POST", "/api/v1/petitions", e.kiosk, body, &created); st != http.StatusCreated {
		t.Fatalf("kiosk submit: %d %s", st, b)
	}
	if st, b := e.form(url.Values{"kind": {"pakn"}, "topic": {topic}, "text": {"Phản ánh\u2066 " + norm.NFD.String("thái độ")}, "contact": {""}}); st != 200 {
		t.Fatalf("web submit: %d %s", st, b)
	}
	var list []petition.Petition
	e.do("GET", "/api/v1/petitions", e.tokens["giamsat"], "", &list)
	if len(list) != 2 {
		t.Fatalf("list: %+v", list)
	}
	bodies := map[string]bool{}
	for _, p := range list {
		bodies[p.Body] = true
		if p.Body == "Đăng ký khai sinh cần gì?\nDòng hai" && p.Contact != "0912345678" {
			t.Fatalf("contact %+q", p.Contact)
		}
	}
	if !bodies["Đăng ký khai sinh cần gì?\nDòng hai"] || !bodies["Phản ánh thái độ"] {
		t.Fatalf("stored bodies: %v", bodies)
	}

	e.do("POST", "/api/v1/petitions/"+created.ID+"/assign", e.tokens["giamsat"], `{"officer":"canbo1"}`, nil)
	answer := "Mang tờ khai\u202e " + norm.NFD.String("bản chính") + "."
	var p petition.Petition
	if st, b := e.do("POST", "/api/v1/petitions/"+created.ID+"/answer", e.tokens["canbo1"], fmt.Sprintf(`{"answer":%q,"public":true}`, answer), &p); st != 200 {
		t.Fatalf("answer: %d %s", st, b)
	}
	if p.Answer != "Mang tờ khai bản chính." {
		t.Fatalf("answer stored %+q", p.Answer)
	}
	for _, it := range e.outbox() {
		var q qcvn120.DongBoHoiDap
		if err := json.Unmarshal(it.Payload, &q); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{q.NOIDUNG, q.NOIDUNGTRALOI} {
			if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) || !norm.NFC.IsNormalString(s) {
				t.Fatalf("packet text %+q", s)
			}
		}
	}
}
