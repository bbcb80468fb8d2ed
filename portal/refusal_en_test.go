package portal_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
)

// catalogueNames are the names of the procedures importCatalogue imports
// (official titles: they stay Vietnamese on the English form's list).
func catalogueNames(t *testing.T) []string {
	t.Helper()
	var cat []struct{ TENTTHC string }
	b, err := os.ReadFile("testdata/catalogue.json")
	if err != nil || json.Unmarshal(b, &cat) != nil || len(cat) == 0 {
		t.Fatalf("catalogue: %v", err)
	}
	var names []string
	for _, c := range cat {
		names = append(names, c.TENTTHC)
	}
	return names
}

// TestPortalRefusalsInEnglish: every refusal a citizen can meet on the
// portal's pages, asked in English, is English — each field the online
// form refuses, an agency no centre serves, a procedure not in the
// catalogue, an unknown submission code, a malformed or unknown dossier
// code, a bad month, year or period — with nothing Vietnamese left on the
// page but the names (the catalogue's procedures in the form's list, the
// switch); and the same refusals in Vietnamese stay as they were.
func TestPortalRefusalsInEnglish(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{SubmitPerMinute: 600, SubmitBurst: 100, LookupPerMinute: 600, LookupBurst: 100})
	importCatalogue(t, e)
	names := append([]string{"Tiếng Việt", "/NĐ-CP"}, catalogueNames(t)...)
	page := func(resp *http.Response, err error) (int, string) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	check := func(what string, status int, body string, wantStatus int, want, wantVI string, vi string) {
		t.Helper()
		if status != wantStatus || !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %d and %q: %s", what, status, wantStatus, want, body)
		}
		if left := entext.Leftovers(pageLines(body), names...); len(left) > 0 {
			t.Errorf("%s in English shows Vietnamese: %q", what, left)
		}
		if !strings.Contains(vi, wantVI) {
			t.Errorf("%s in Vietnamese lacks %q: %s", what, wantVI, vi)
		}
	}
	long := func(n int) string { return strings.Repeat("a", n) }
	good := func() url.Values {
		return url.Values{"ma_tthc": {"1.001193"}, "ma_don_vi": {ag}, "ho_ten": {"Do Van Hung"}, "so_giay_to": {"001190012345"},
			"dien_thoai": {"0912345678"}, "thanh_phan": {"Birth declaration\r\nBirth certificate\r\n"}, "hinh_thuc_tra": {"truc_tiep"}}
	}
	for _, c := range []struct {
		field, value string
		want, vi     string
	}{
		{"ma_tthc", "x", "Please choose an administrative procedure", "Mã thủ tục hành chính không hợp lệ"},
		{"ma_don_vi", "bad", "The receiving agency code is not valid", "Mã đơn vị tiếp nhận không hợp lệ"},
		{"ho_ten", "", "Please enter the applicant&#39;s full name", "Hãy nhập họ tên chủ hồ sơ"},
		{"so_giay_to", "12", "The ID number is not valid", "Số giấy tờ tùy thân không hợp lệ"},
		{"dia_chi", long(301), "The address is not valid", "Địa chỉ không hợp lệ"},
		{"dien_thoai", "", "Please enter a phone number or an email", "Hãy nhập số điện thoại hoặc email"},
		{"dien_thoai", "abc", "The phone number is not valid.", "Số điện thoại không hợp lệ"},
		{"email", "x@", "The email address is not valid.", "Địa chỉ email không hợp lệ"},
		{"trich_yeu", long(1001), "The summary is not valid", "Trích yếu không hợp lệ"},
		{"thanh_phan", "", "A dossier needs 1 to 50 documents", "Hồ sơ cần từ 1 đến 50 thành phần"},
		{"thanh_phan", long(301), "Each document needs a name", "Thành phần hồ sơ cần tên"},
		{"hinh_thuc_tra", "drone", "Please choose how to receive the result", "Hình thức nhận kết quả"},
		{"ma_don_vi", "000.00.99.H56", "No centre receives dossiers for agency 000.00.99.H56.", "Không có trung tâm nào tiếp nhận hồ sơ cho đơn vị 000.00.99.H56"},
		{"ma_tthc", "9.999999", "Procedure 9.999999 is not in the catalogue.", "Không tìm thấy thủ tục 9.999999 trong danh mục"},
	} {
		f := good()
		f.Set(c.field, c.value)
		st, en := page(http.PostForm(e.URL+"/nop-truc-tuyen?lang=en", f))
		_, vi := page(http.PostForm(e.URL+"/nop-truc-tuyen", f))
		check("the form with "+c.field+"="+c.value[:min(len(c.value), 20)], st, en, http.StatusBadRequest, c.want, c.vi, vi)
	}
	for _, c := range []struct {
		path         string
		status       int
		want, wantVI string
	}{
		{"/nop-truc-tuyen?ma=NTT-AAAAAAAAAAAA", http.StatusNotFound, "No online submission with this code was found.", "Không tìm thấy hồ sơ nộp trực tuyến với mã này"},
		{"/tra-cuu?ma=abc", http.StatusBadRequest, "The dossier code is not in the right form", "Mã hồ sơ không đúng định dạng"},
		{"/tra-cuu?ma=" + ag + "-231102-0999", http.StatusNotFound, "No dossier with this code was found.", "Không tìm thấy hồ sơ có mã này."},
		{"/thong-ke?thang=2023-13", http.StatusBadRequest, "Invalid month (format YYYY-MM).", "Tháng không hợp lệ"},
		{"/thong-ke/tong-hop?thang=11-2023", http.StatusBadRequest, "Invalid month (format YYYY-MM).", "Tháng không hợp lệ"},
		{"/thong-ke/tong-hop?nam=abcd", http.StatusBadRequest, "Invalid year (format YYYY).", "Năm không hợp lệ"},
		{"/thong-ke/tong-hop?tu=2023-11-01", http.StatusBadRequest, "Please give the period", "Xin cho kỳ thống kê"},
		{"/thong-ke/tong-hop?tu=2020-01-01&den=2023-01-01", http.StatusBadRequest, "Invalid period (at most 366 days, from the year 2000).", "Kỳ thống kê không hợp lệ"},
	} {
		st, en := page(http.Get(e.URL + c.path + "&lang=en"))
		_, vi := page(http.Get(e.URL + c.path))
		check(c.path, st, en, c.status, c.want, c.wantVI, vi)
	}
}

// TestPortalHomeKeepsLanguage: the portal's home (/) sends to the lookup
// in the language asked.
func TestPortalHomeKeepsLanguage(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for q, want := range map[string]string{"": "/tra-cuu", "?lang=en": "/tra-cuu?lang=en", "?lang=vi": "/tra-cuu?lang=vi", "?lang=%22x": "/tra-cuu"} {
		resp, err := hc.Get(e.URL + "/" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
			t.Errorf("/%s: %d → %q, want %q", q, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}
