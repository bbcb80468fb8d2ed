package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// FuzzHandOverRefusalBody: whatever body the deciding centre (c2) posts,
// the portal answers 200, 400 or 403/413 — never 5xx — and a refusal it
// queued for the receiving centre has a known reason code, a bounded
// one-line reason without control characters and the hand-over's fields
// as the portal holds them; the receiving centre (c1) is never accepted.
func FuzzHandOverRefusalBody(f *testing.F) {
	code := ag + "-231027-0001"
	f.Add([]byte(`{"ma_ho_so":"` + code + `","noi_giai_quyet":"B","ma_ly_do":"chua_co_ket_qua","ly_do":"Chưa có kết quả","thoi_diem":"2023-11-02T09:05:00+07:00"}`))
	f.Add([]byte(`{"ma_ho_so":"` + code + `","ma_ly_do":"khong_co_ho_so","ly_do":"A\u0000B","thoi_diem":"2023-11-02T09:05:00+07:00"}`))
	f.Add([]byte(`{"ma_ho_so":"` + code + `","ma_ly_do":"khac","ly_do":"x","thoi_diem":"2023-11-02T09:05:00+07:00"}`))
	f.Add([]byte(`{"ma_ho_so":"` + code + `","ma_don_vi_giai_quyet":"000.00.08.H56","ma_ly_do":"khong_doc_duoc","ly_do":"x","thoi_diem":"2023-11-02T09:05:00+07:00","phien_ban":-1}`))
	f.Add([]byte(`[]`))
	e := portaltest.Start(f, "", portal.Options{})
	ctx := context.Background()
	c1 := client.New(e.URL, "c1", "secret1")
	if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(f, hoso(code, 2)), PhienBan: 1}); err != nil {
		f.Fatal(err)
	}
	h := portal.HandOver{MaHoSo: code, PhienBan: 4, NgayTra: time.Date(2023, 11, 2, 9, 0, 0, 0, qcvn120.Location), NguoiNhan: "Nguyễn Văn An"}
	if _, err := c1.HandOver(ctx, h); err != nil {
		f.Fatal(err)
	}
	post := func(t *testing.T, user, pass string, body []byte) int {
		req, _ := http.NewRequest("POST", e.URL+"/api/v1/lien-thong/tra-ket-qua/tu-choi", bytes.NewReader(body))
		req.SetBasicAuth(user, pass)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if st := post(t, "c1", "secret1", body); st == http.StatusOK || st >= 500 {
			t.Fatalf("the receiving centre's refusal answered %d", st)
		}
		switch st := post(t, "c2", "secret2", body); st {
		case http.StatusOK, http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("answered %d", st)
		}
		items, err := c1.Inbox(ctx, ag, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) > 1 {
			t.Fatalf("%d refusals queued", len(items))
		}
		for _, it := range items {
			var x portal.HandOverRefusal
			if it.Kind != portal.KindHandOverRefusal || json.Unmarshal(it.NoiDung, &x) != nil {
				t.Fatalf("queued %+v", it)
			}
			if x.MaHoSo != code || x.MaDonViGiaiQuyet != other || x.PhienBan != 4 || x.NguoiNhan != h.NguoiNhan || !lienthong.ValidRefusalCode(x.MaLyDo) ||
				x.LyDo == "" || utf8.RuneCountInString(x.LyDo) > 500 || strings.IndexFunc(x.LyDo+x.NoiGiaiQuyet, unicode.IsControl) >= 0 || !utf8.ValidString(x.LyDo) {
				t.Fatalf("queued refusal %+v", x)
			}
		}
	})
}
