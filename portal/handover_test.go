package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// TestHandOverQueuedForDecidingCentre: the receiving centre (c1, agency
// 06) tells the portal it handed over the result of a dossier it forwarded
// to agency 07; the portal queues it once for 07 (kind tra_ket_qua), to
// the agency the dossier was forwarded to and no other; a dossier not
// forwarded, another centre's dossier, a wrong target, unusable fields and
// an oversize body are refused and queue nothing.
func TestHandOverQueuedForDecidingCentre(t *testing.T) {
	for _, dsn := range []string{"", "postgres"} {
		name := map[string]string{"": "sqlite", "postgres": "postgres"}[dsn]
		t.Run(name, func(t *testing.T) {
			if dsn != "" {
				dsn = pgtest.URL(t)
			}
			e := portaltest.Start(t, dsn, portal.Options{})
			ctx := context.Background()
			c1, c2 := client.New(e.URL, "c1", "secret1"), client.New(e.URL, "c2", "secret2")
			code := ag + "-231027-0001"
			h := portal.HandOver{MaHoSo: code, MaDonViNhan: other, PhienBan: 4, NoiTra: "Trung tâm phường Tràng Tiền",
				NgayTra: time.Date(2023, 11, 2, 9, 0, 0, 0, qcvn120.Location), NguoiTra: "Nguyễn Thị Hoa", NguoiNhan: "Nguyễn Văn An", DaKiemTraGiayTo: true}
			var ce *client.CallError
			if _, err := c1.HandOver(ctx, h); !errors.As(err, &ce) || ce.Status != http.StatusConflict {
				t.Fatalf("before the transfer: %v", err)
			}
			if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hoso(code, 2)), PhienBan: 1}); err != nil {
				t.Fatal(err)
			}
			res, err := c1.HandOver(ctx, h)
			if err != nil || res.Outcome != qcvn120.Applied || res.ID != portal.HandOverID(code) || res.Agency != other || res.Seq != 2 {
				t.Fatalf("hand-over: %+v %v", res, err)
			}
			again, err := c1.HandOver(ctx, h)
			if err != nil || again.Outcome != qcvn120.Duplicate || again.Seq != 2 {
				t.Fatalf("again: %+v %v", again, err)
			}
			noTarget := h
			noTarget.MaDonViNhan = "" // the portal knows where the dossier went
			if r, err := c1.HandOver(ctx, noTarget); err != nil || r.Outcome != qcvn120.Duplicate || r.Agency != other {
				t.Fatalf("without a target: %+v %v", r, err)
			}
			items, err := c2.Inbox(ctx, other, 0, 0)
			if err != nil || len(items) != 2 || items[1].Kind != portal.KindHandOver || items[1].ID != portal.HandOverID(code) {
				t.Fatalf("c2's inbox: %+v %v", items, err)
			}
			var got portal.HandOver
			if json.Unmarshal(items[1].NoiDung, &got) != nil || got.MaHoSo != code || got.NguoiNhan != h.NguoiNhan || !got.NgayTra.Equal(h.NgayTra) ||
				got.MaDonViNhan != other || got.PhienBan != 4 || !got.DaKiemTraGiayTo {
				t.Fatalf("content: %+v", got)
			}
			mod := func(f func(*portal.HandOver)) portal.HandOver { x := h; f(&x); return x }
			for _, c := range []struct {
				name   string
				cl     *client.Client
				h      portal.HandOver
				status int
			}{
				{"another centre's dossier", c2, h, http.StatusForbidden},
				{"not forwarded", c1, mod(func(x *portal.HandOver) { x.MaHoSo = ag + "-231027-0002" }), http.StatusConflict},
				{"wrong target", c1, mod(func(x *portal.HandOver) { x.MaDonViNhan = "000.00.09.H56" }), http.StatusConflict},
				{"no collector", c1, mod(func(x *portal.HandOver) { x.NguoiNhan = " " }), http.StatusBadRequest},
				{"control characters", c1, mod(func(x *portal.HandOver) { x.NoiTra = "A\x1b[2J" }), http.StatusBadRequest},
				{"no time", c1, mod(func(x *portal.HandOver) { x.NgayTra = time.Time{} }), http.StatusBadRequest},
				{"bad code", c1, mod(func(x *portal.HandOver) { x.MaHoSo = "x" }), http.StatusBadRequest},
				{"too long", c1, mod(func(x *portal.HandOver) { x.NguoiNhan = strings.Repeat("a", 5000) }), http.StatusRequestEntityTooLarge},
			} {
				if _, err := c.cl.HandOver(ctx, c.h); !errors.As(err, &ce) || ce.Status != c.status {
					t.Errorf("%s: %v", c.name, err)
				}
			}
			if _, err := client.New(e.URL, "c1", "wrong-password").HandOver(ctx, h); !errors.As(err, &ce) || ce.Status != http.StatusUnauthorized {
				t.Errorf("wrong password: %v", err)
			}
			if items, _ := c2.Inbox(ctx, other, 0, 0); len(items) != 2 {
				t.Fatalf("refused hand-overs stored: %d", len(items))
			}
		})
	}
}

// TestLookupSaysWhereToCollect: the public lookup (JSON and page) says
// where the result is collected — the place chosen at reception carried
// by the transfer, else by post or in person from the dossier's HinhThuc —
// with fixed texts: never the postal address; nothing for a refused dossier.
func TestLookupSaysWhereToCollect(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{LookupPerMinute: 600, LookupBurst: 100})
	ctx := context.Background()
	c1 := client.New(e.URL, "c1", "secret1")
	codes := map[string]string{"deciding": ag + "-231027-0001", "post": ag + "-231027-0002", "own post": ag + "-231027-0003",
		"own": ag + "-231027-0004", "refused": ag + "-231027-0005", "receiving": ag + "-231027-0006"}
	var items []client.Item
	for k, code := range codes {
		st := qcvn120.TrangThaiHoSo(9)
		if k == "refused" {
			st = 3
		}
		h := hoso(code, st)
		if k == "own post" {
			h.HinhThuc = qcvn120.NhanBuuChinh
		}
		items = append(items, client.Item{ID: int64(len(items) + 1), Key: code, Version: 1, Payload: raw(t, h)})
	}
	if res, err := c1.SendItems(ctx, qcvn120.SvcDongBoHoSo, items); err != nil || len(res.Items) != len(items) || slices.ContainsFunc(res.Items, func(r qcvn120.ItemResult) bool { return r.ErrorCode != qcvn120.ItemOK }) {
		t.Fatalf("send: %+v %v", res, err)
	}
	for k, place := range map[string]string{"deciding": "noi_giai_quyet", "post": "buu_chinh", "receiving": ""} {
		if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hoso(codes[k], 2)), PhienBan: 1, TraKetQuaTai: place}); err != nil {
			t.Fatal(err)
		}
	}
	for k, want := range map[string]struct{ place, text string }{
		"deciding":  {"noi_giai_quyet", "Nhận trực tiếp tại cơ quan giải quyết hồ sơ: UBND phường Tràng Tiền."},
		"post":      {"buu_chinh", "Gửi qua dịch vụ bưu chính công ích đến địa chỉ Quý khách đã đăng ký khi nộp hồ sơ."},
		"own post":  {"buu_chinh", "Gửi qua dịch vụ bưu chính công ích"},
		"own":       {"noi_tiep_nhan", "Nhận trực tiếp tại nơi đã nộp hồ sơ"},
		"receiving": {"noi_tiep_nhan", "Nhận trực tiếp tại nơi đã nộp hồ sơ"},
		"refused":   {"", ""},
	} {
		resp, err := http.Get(e.URL + "/api/v1/tra-cuu/" + codes[k])
		if err != nil {
			t.Fatal(err)
		}
		var pub portal.PublicDossier
		json.NewDecoder(resp.Body).Decode(&pub)
		resp.Body.Close()
		if pub.NoiTra != want.place || !strings.HasPrefix(pub.NoiTraKetQua, want.text) || (want.text == "") != (pub.NoiTraKetQua == "") {
			t.Errorf("%s: %d %q %q %+v", k, resp.StatusCode, pub.NoiTra, pub.NoiTraKetQua, pub)
		}
		page, err := http.Get(e.URL + "/tra-cuu?ma=" + codes[k])
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(page.Body)
		page.Body.Close()
		if bytes.Contains(b, []byte("Tràng Tiền, Hoàn Kiếm")) || bytes.Contains(b, []byte("0912345678")) {
			t.Errorf("%s: personal data on the public page", k)
		}
		if want.text != "" && !bytes.Contains(b, []byte("Nơi nhận kết quả")) {
			t.Errorf("%s: the page does not say where to collect", k)
		}
	}
}
