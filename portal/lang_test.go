package portal_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// TestPortalPagesInEnglish: the four public pages answer in English for
// ?lang=en and for a browser asking for English first, with a link back to
// Vietnamese that keeps what the page shows (the code looked up, the
// period); their fixed Vietnamese words are gone; Vietnamese stays the
// default with a link to English.
func TestPortalPagesInEnglish(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	seedProvince(t, e)
	code := ward + "-231102-0001"
	get := func(path, acceptLang string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", e.URL+path, nil)
		if acceptLang != "" {
			req.Header.Set("Accept-Language", acceptLang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Fatalf("%s: %d, Vary %q", path, resp.StatusCode, resp.Header.Get("Vary"))
		}
		return string(b)
	}
	for _, p := range []struct {
		path       string
		en, gone   []string
		back, toEN string
	}{
		{"/tra-cuu?ma=" + code, []string{"Dossier status lookup", "Procedure", "Result handed over", "Where to collect the result",
			"In person at the centre where the dossier was submitted", "The result has been handed over to you."},
			[]string{"Trạng thái", "Nơi nhận kết quả", "Quá trình xử lý", "Đã trả kết quả"},
			`href="/tra-cuu?ma=` + code + `&amp;lang=vi"`, `href="/tra-cuu?ma=` + code + `&amp;lang=en"`},
		{"/nop-truc-tuyen", []string{"Submit a dossier online", "Applicant&#39;s full name", "By public postal service", `action="/nop-truc-tuyen?lang=en"`},
			[]string{"Họ và tên người nộp", "Thành phần hồ sơ"}, `href="/nop-truc-tuyen?lang=vi"`, `href="/nop-truc-tuyen?lang=en"`},
		{"/thong-ke?thang=2023-11", []string{"Dossier statistics, month 2023-11", "Agency code", "Very satisfied", `href="/thong-ke/tong-hop?lang=en"`},
			[]string{"Tiếp nhận", "Đúng hạn"}, `href="/thong-ke?thang=2023-11&amp;lang=vi"`, `href="/thong-ke?thang=2023-11&amp;lang=en"`},
		{"/thong-ke/tong-hop/" + provCentre + "?thang=2023-11", []string{"Dossier handling rollup", "Period: from 01/11/2023 to 30/11/2023",
			"Received by channel", "Forwarded in to decide", "Provincial centre", "Branch", "tỉnh (head office)", `href="/thong-ke/tong-hop/000.00.09.H56?thang=2023-11&amp;lang=en"`},
			[]string{"Tiếp nhận trong kỳ", "Đã giải quyết", "Trung tâm cấp tỉnh", "trụ sở"},
			`href="/thong-ke/tong-hop/` + provCentre + `?thang=2023-11&amp;lang=vi"`, `href="/thong-ke/tong-hop/` + provCentre + `?thang=2023-11&amp;lang=en"`},
	} {
		sep := "?"
		if strings.Contains(p.path, "?") {
			sep = "&"
		}
		for _, en := range []string{get(p.path+sep+"lang=en", ""), get(p.path, "en-GB,en;q=0.9,vi;q=0.5")} {
			if !strings.Contains(en, `<html lang="en">`) || !strings.Contains(en, p.back) || !strings.Contains(en, ">Tiếng Việt</a>") {
				t.Errorf("%s: not English or no way back (%s)", p.path, p.back)
			}
			for _, s := range p.en {
				if !strings.Contains(en, s) {
					t.Errorf("%s in English lacks %q", p.path, s)
				}
			}
			for _, s := range p.gone {
				if strings.Contains(en, s) {
					t.Errorf("%s in English still says %q", p.path, s)
				}
			}
		}
		vi := get(p.path, "vi-VN,vi")
		if !strings.Contains(vi, `<html lang="vi">`) || !strings.Contains(vi, p.toEN) || !strings.Contains(vi, ">English</a>") || !strings.Contains(vi, p.gone[0]) {
			t.Errorf("%s: Vietnamese page without the English link (%s)", p.path, p.toEN)
		}
	}
}
