package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// TestHandOverRefusalOnlyFromDecidingCentre: the deciding centre (c2,
// agency 07) could not record the hand-over c1 made of a dossier it
// forwarded; its refusal is queued once for c1's agency (kind
// tra_ket_qua_tu_choi) with the hand-over's fields as the portal holds
// them, and both centres read it back. A third centre (c3), the receiving
// centre itself, a wrong deciding agency, a dossier without a hand-over
// are all answered the same 403 (no existence leak) and queue nothing;
// bad fields, unknown fields and an oversize body are refused.
func TestHandOverRefusalOnlyFromDecidingCentre(t *testing.T) {
	for _, dsn := range []string{"", "postgres"} {
		name := map[string]string{"": "sqlite", "postgres": "postgres"}[dsn]
		t.Run(name, func(t *testing.T) {
			if dsn != "" {
				dsn = pgtest.URL(t)
			}
			e := portaltest.Start(t, dsn, portal.Options{})
			ctx := context.Background()
			third := "000.00.08.H56"
			hash, err := portal.HashPassword("secret3")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Store.(interface {
				AddCentre(context.Context, portal.Centre) error
			}).AddCentre(ctx, portal.Centre{Username: "c3", Hash: hash, Agencies: []string{third}}); err != nil {
				t.Fatal(err)
			}
			c1, c2, c3 := client.New(e.URL, "c1", "secret1"), client.New(e.URL, "c2", "secret2"), client.New(e.URL, "c3", "secret3")
			code := ag + "-231027-0001"
			if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hoso(code, 2)), PhienBan: 1}); err != nil {
				t.Fatal(err)
			}
			h := portal.HandOver{MaHoSo: code, MaDonViNhan: other, PhienBan: 4, NoiTra: "Trung tâm phường Tràng Tiền",
				NgayTra: time.Date(2023, 11, 2, 9, 0, 0, 0, qcvn120.Location), NguoiTra: "Nguyễn Thị Hoa", NguoiNhan: "Nguyễn Văn An", DaKiemTraGiayTo: true}
			if _, err := c1.HandOver(ctx, h); err != nil {
				t.Fatal(err)
			}
			x := portal.HandOverRefusal{MaHoSo: code, NoiGiaiQuyet: "Trung tâm Phục vụ hành chính công tỉnh", PhienBan: 99, NguoiNhan: "Người khác",
				MaLyDo: lienthong.RefusalNotResolved, LyDo: "Hồ sơ chưa có kết quả giải quyết", ThoiDiem: time.Date(2023, 11, 2, 9, 5, 0, 0, qcvn120.Location)}
			mod := func(f func(*portal.HandOverRefusal)) portal.HandOverRefusal { y := x; f(&y); return y }
			var ce *client.CallError
			var leak string
			for _, c := range []struct {
				name   string
				cl     *client.Client
				x      portal.HandOverRefusal
				status int
			}{
				{"a third centre", c3, x, http.StatusForbidden},
				{"a third centre, no hand-over", c3, mod(func(y *portal.HandOverRefusal) { y.MaHoSo = ag + "-231027-0002" }), http.StatusForbidden},
				{"the deciding centre, no hand-over", c2, mod(func(y *portal.HandOverRefusal) { y.MaHoSo = ag + "-231027-0002" }), http.StatusForbidden},
				{"the receiving centre itself", c1, x, http.StatusForbidden},
				{"another deciding agency", c2, mod(func(y *portal.HandOverRefusal) { y.MaDonViGiaiQuyet = third }), http.StatusForbidden},
				{"unknown reason code", c2, mod(func(y *portal.HandOverRefusal) { y.MaLyDo = "khac" }), http.StatusBadRequest},
				{"no reason", c2, mod(func(y *portal.HandOverRefusal) { y.LyDo = " " }), http.StatusBadRequest},
				{"control characters", c2, mod(func(y *portal.HandOverRefusal) { y.LyDo = "A\x1b[2J" }), http.StatusBadRequest},
				{"reason too long", c2, mod(func(y *portal.HandOverRefusal) { y.LyDo = strings.Repeat("á", 501) }), http.StatusBadRequest},
				{"no time", c2, mod(func(y *portal.HandOverRefusal) { y.ThoiDiem = time.Time{} }), http.StatusBadRequest},
				{"bad code", c2, mod(func(y *portal.HandOverRefusal) { y.MaHoSo = "x" }), http.StatusBadRequest},
				{"too large", c2, mod(func(y *portal.HandOverRefusal) { y.LyDo = strings.Repeat("a", 5000) }), http.StatusRequestEntityTooLarge},
			} {
				_, err := c.cl.RefuseHandOver(ctx, c.x)
				if !errors.As(err, &ce) || ce.Status != c.status {
					t.Errorf("%s: %v", c.name, err)
					continue
				}
				if c.status == http.StatusForbidden {
					if leak == "" {
						leak = ce.Message
					}
					if ce.Message != leak {
						t.Errorf("%s: answered %q, others %q", c.name, ce.Message, leak)
					}
				}
			}
			// Unknown fields are refused (strict body).
			req, _ := http.NewRequest("POST", e.URL+"/api/v1/lien-thong/tra-ket-qua/tu-choi", bytes.NewReader([]byte(`{"ma_ho_so":"`+code+`","x":1}`)))
			req.SetBasicAuth("c2", "secret2")
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusBadRequest {
				t.Errorf("unknown field: %v %v", resp, err)
			} else {
				resp.Body.Close()
			}
			if _, err := client.New(e.URL, "c2", "wrong").RefuseHandOver(ctx, x); !errors.As(err, &ce) || ce.Status != http.StatusUnauthorized {
				t.Errorf("wrong password: %v", err)
			}
			if items, _ := c1.Inbox(ctx, ag, 0, 0); len(items) != 0 {
				t.Fatalf("refused refusals queued: %+v", items)
			}

			res, err := c2.RefuseHandOver(ctx, x)
			if err != nil || res.Outcome != qcvn120.Applied || res.ID != portal.HandOverRefusalID(code) || res.Agency != ag || res.Seq != 1 {
				t.Fatalf("refusal: %+v %v", res, err)
			}
			again, err := c2.RefuseHandOver(ctx, x)
			if err != nil || again.Outcome != qcvn120.Duplicate || again.Seq != 1 {
				t.Fatalf("again: %+v %v", again, err)
			}
			items, err := c1.Inbox(ctx, ag, 0, 0)
			if err != nil || len(items) != 1 || items[0].Kind != portal.KindHandOverRefusal || items[0].ID != portal.HandOverRefusalID(code) {
				t.Fatalf("c1's inbox: %+v %v", items, err)
			}
			var got portal.HandOverRefusal
			if json.Unmarshal(items[0].NoiDung, &got) != nil || got.MaHoSo != code || got.MaDonViGiaiQuyet != other || got.PhienBan != 4 ||
				got.NguoiNhan != h.NguoiNhan || !got.NgayTra.Equal(h.NgayTra) || got.MaLyDo != x.MaLyDo || got.LyDo != x.LyDo {
				t.Fatalf("content: %+v", got)
			}
			for _, cl := range []*client.Client{c1, c2} {
				st, err := cl.HandOverState(ctx, code)
				if err != nil || st.TuChoi == nil || st.TuChoi.LyDo != x.LyDo || st.TraKetQua.NguoiNhan != h.NguoiNhan {
					t.Fatalf("state: %+v %v", st, err)
				}
			}
			_, err = c3.HandOverState(ctx, code)
			if !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
				t.Fatalf("state for a third centre: %v", err)
			}
			msg := ce.Message
			if _, err := c3.HandOverState(ctx, ag+"-231027-0002"); !errors.As(err, &ce) || ce.Status != http.StatusNotFound || ce.Message != msg {
				t.Fatalf("state of no hand-over: %v", err)
			}
		})
	}
}
