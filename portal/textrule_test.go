package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// invisible tells whether s holds a format character (Cf) or is not NFC.
func invisible(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) || !norm.NFC.IsNormalString(s)
}

// TestLienThongTextsCleanedNotRefused: liên thông texts holding invisible
// format characters (a right-to-left override, a zero-width space, a BOM)
// and Vietnamese in decomposed form, as an older centre may send them, are
// taken — never refused, so nothing is stranded in that centre's outbox —
// and queued for the other centre cleaned and in NFC (internal/textrule):
// the forwarded dossier, the hand-over, the refusal, and what both centres
// read back; an online submission likewise.
func TestLienThongTextsCleanedNotRefused(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	c1, c2 := client.New(e.URL, "c1", "secret1"), client.New(e.URL, "c2", "secret2")
	code := ag + "-231027-0001"
	nfd := func(s string) string { return norm.NFD.String(s) }

	hs := hoso(code, 2)
	hs.ChuHoSo = "\u202e" + nfd("Nguyễn Văn An") + "\u200b"
	hs.TrichYeuHoSo = "\ufeff" + nfd("Đăng ký khai sinh") + "\u2066x\u2069"
	if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hs), PhienBan: 1, ChiTiet: json.RawMessage(`{"ghi_chu":"` + "a\u202eb" + `"}`)}); err != nil {
		t.Fatalf("transfer refused: %v", err)
	}
	items, err := c2.Inbox(ctx, other, 0, 0)
	if err != nil || len(items) != 1 || items[0].Kind != portal.KindTransfer {
		t.Fatalf("c2's inbox: %+v %v", items, err)
	}
	var tr portal.Transfer
	if err := json.Unmarshal(items[0].NoiDung, &tr); err != nil {
		t.Fatal(err)
	}
	var got qcvn120.DongBoHoSoMC
	if err := json.Unmarshal(tr.HoSo, &got); err != nil {
		t.Fatal(err)
	}
	if got.ChuHoSo != "Nguyễn Văn An" || got.TrichYeuHoSo != "Đăng ký khai sinhx" || string(tr.ChiTiet) != `{"ghi_chu":"ab"}` {
		t.Fatalf("forwarded dossier as queued: %q %q %s", got.ChuHoSo, got.TrichYeuHoSo, tr.ChiTiet)
	}

	h := portal.HandOver{MaHoSo: code, MaDonViNhan: other, PhienBan: 4, NoiTra: nfd("Trung tâm phường Tràng Tiền") + "\u200f",
		NgayTra: time.Date(2023, 11, 2, 9, 0, 0, 0, qcvn120.Location), NguoiTra: "Nguyễn\u200d Thị Hoa", NguoiNhan: "\u202e" + nfd("Nguyễn Văn An"), DaKiemTraGiayTo: true}
	if _, err := c1.HandOver(ctx, h); err != nil {
		t.Fatalf("hand-over refused: %v", err)
	}
	items, err = c2.Inbox(ctx, other, items[0].Seq, 0)
	if err != nil || len(items) != 1 || items[0].Kind != portal.KindHandOver {
		t.Fatalf("c2's inbox: %+v %v", items, err)
	}
	var hq portal.HandOver
	if err := json.Unmarshal(items[0].NoiDung, &hq); err != nil {
		t.Fatal(err)
	}
	if hq.NguoiNhan != "Nguyễn Văn An" || hq.NguoiTra != "Nguyễn Thị Hoa" || hq.NoiTra != "Trung tâm phường Tràng Tiền" {
		t.Fatalf("hand-over as queued: %+q %+q %+q", hq.NguoiNhan, hq.NguoiTra, hq.NoiTra)
	}

	x := portal.HandOverRefusal{MaHoSo: code, NoiGiaiQuyet: "Trung tâm\u200b tỉnh", MaLyDo: lienthong.RefusalNotResolved,
		LyDo: nfd("Hồ sơ chưa có kết quả") + "\u202e", ThoiDiem: time.Date(2023, 11, 2, 9, 5, 0, 0, qcvn120.Location)}
	if _, err := c2.RefuseHandOver(ctx, x); err != nil {
		t.Fatalf("refusal refused: %v", err)
	}
	back, err := c1.Inbox(ctx, ag, 0, 0)
	if err != nil || len(back) != 1 || back[0].Kind != portal.KindHandOverRefusal {
		t.Fatalf("c1's inbox: %+v %v", back, err)
	}
	var xq portal.HandOverRefusal
	if err := json.Unmarshal(back[0].NoiDung, &xq); err != nil {
		t.Fatal(err)
	}
	if xq.LyDo != "Hồ sơ chưa có kết quả" || xq.NoiGiaiQuyet != "Trung tâm tỉnh" || xq.NguoiNhan != "Nguyễn Văn An" {
		t.Fatalf("refusal as queued: %+q %+q %+q", xq.LyDo, xq.NoiGiaiQuyet, xq.NguoiNhan)
	}
	for _, cl := range []*client.Client{c1, c2} {
		st, err := cl.HandOverState(ctx, code)
		if err != nil || st.TuChoi == nil || invisible(st.TuChoi.LyDo) || invisible(st.TraKetQua.NguoiNhan) || st.TraKetQua.NguoiNhan != "Nguyễn Văn An" {
			t.Fatalf("state read back: %+v %v", st, err)
		}
	}

	// A citizen's online submission: invisible characters go, NFC; a
	// control character is still refused with the field's message.
	importCatalogue(t, e)
	sub := strings.Replace(submission, `"Nguyễn Thị Bình"`, `"\u202e`+nfd("Nguyễn Thị Bình")+`\u200b"`, 1)
	sub = strings.Replace(sub, `"Tờ khai đăng ký khai sinh"`, `"Tờ khai\ufeff đăng ký khai sinh"`, 1)
	if st, ans := postJSON(t, e.URL+"/api/v1/nop-truc-tuyen", sub); st != http.StatusCreated {
		t.Fatalf("submission refused: %d %v", st, ans)
	}
	if st, _ := postJSON(t, e.URL+"/api/v1/nop-truc-tuyen", strings.Replace(submission, `Nguyễn Thị Bình`, `Nguyễn\u0007Bình`, 1)); st != http.StatusBadRequest {
		t.Fatalf("a control character: %d", st)
	}
	subs, err := c1.Inbox(ctx, ag, back[0].Seq, 0)
	if err != nil || len(subs) != 1 {
		t.Fatalf("c1's inbox: %+v %v", subs, err)
	}
	var s portal.Submission
	if err := json.Unmarshal(subs[0].NoiDung, &s); err != nil {
		t.Fatal(err)
	}
	if s.ChuHoSo.HoTen != "Nguyễn Thị Bình" || s.ThanhPhan[0].Ten != "Tờ khai đăng ký khai sinh" {
		t.Fatalf("submission as queued: %+q %+q", s.ChuHoSo.HoTen, s.ThanhPhan[0].Ten)
	}
}
