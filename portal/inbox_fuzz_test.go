package portal_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/portal"
)

// FuzzSubmission: any body either is refused or yields a submission whose
// every text is valid UTF-8 without control characters and within its
// bounds, with 1–50 components of 1–100 copies; Validate never panics.
func FuzzSubmission(f *testing.F) {
	f.Add([]byte(submission))
	f.Add([]byte(`{"ma_tthc":"1.001193","ma_don_vi":"000.00.06.H56","chu_ho_so":{"ho_ten":"A\u0000","so_giay_to":"123456789"},"thanh_phan":[{"ten":"x","so_ban_chinh":1}]}`))
	f.Add([]byte(`{"thanh_phan":[{"ten":"x","so_ban_chinh":-5,"so_ban_sao":10}]}`))
	f.Add([]byte(strings.Replace(submission, `"so_ban_chinh":1,"so_ban_sao":0`, `"so_ban_chinh":9223372036854775807,"so_ban_sao":1`, 1)))
	f.Fuzz(func(t *testing.T, body []byte) {
		var x portal.Submission
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if dec.Decode(&x) != nil {
			return
		}
		if x.Validate() != nil {
			return
		}
		a := x.ChuHoSo
		for _, s := range []string{x.MaTTHC, x.MaDonVi, x.TrichYeu, a.HoTen, a.SoGiayTo, a.DiaChi, a.DienThoai, a.Email} {
			if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 || utf8.RuneCountInString(s) > 1000 {
				t.Fatalf("accepted text %q", s)
			}
		}
		if a.HoTen == "" || (a.DienThoai == "" && a.Email == "") || len(x.ThanhPhan) == 0 || len(x.ThanhPhan) > 50 {
			t.Fatalf("accepted %+v", x)
		}
		for _, c := range x.ThanhPhan {
			n := c.SoBanChinh + c.SoBanSao
			if c.SoBanChinh < 0 || c.SoBanSao < 0 || n < 1 || n > 100 || c.Ten == "" || strings.IndexFunc(c.Ten, unicode.IsControl) >= 0 {
				t.Fatalf("accepted component %+v", c)
			}
		}
		if x.HinhThucTra != "truc_tiep" && x.HinhThucTra != "buu_chinh" {
			t.Fatalf("accepted return %q", x.HinhThucTra)
		}
	})
}
