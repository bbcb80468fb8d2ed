package portal_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// TestPortalPagesNoVietnameseInEnglish: the portal's public pages with
// ?lang=en hold no Vietnamese letter in their text but the names
// (docs/ENGLISH.md): the province's units, the seeded procedure, its
// sector and agency, the masked applicant, a decree's number, the switch,
// the published answer on /hoi-dap (agency, question, answer, position),
// and "liên thông" given in brackets after its English as the term of art.
func TestPortalPagesNoVietnameseInEnglish(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	seedProvince(t, e)
	seedQA(t, e)
	names := []string{"Tiếng Việt", "/NĐ-CP", "(liên thông)", "Thủ tục đăng ký khai sinh", "Hộ tịch", "UBND phường Tràng Tiền", "Nguyễn V*** A"}
	units, err := e.Store.(portal.RollupStore).Units(context.Background())
	if err != nil || len(units) == 0 {
		t.Fatalf("units: %d %v", len(units), err)
	}
	for _, u := range units {
		names = append(names, u.Name)
	}
	names = append(names, qaNames...)
	tags := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	for _, p := range []string{"/tra-cuu?ma=" + ward + "-231102-0001", "/nop-truc-tuyen", "/thong-ke?thang=2023-11",
		"/thong-ke/tong-hop/" + provCentre + "?thang=2023-11", "/hoi-dap"} {
		resp, err := http.Get(e.URL + p + "&lang=en")
		if !strings.Contains(p, "?") {
			resp, err = http.Get(e.URL + p + "?lang=en")
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		text := html.UnescapeString(tags.ReplaceAllString(string(b), "\n"))
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if left := entext.Leftovers(lines, names...); len(left) > 0 {
			t.Errorf("%s in English shows Vietnamese: %q", p, left)
		}
	}
}
