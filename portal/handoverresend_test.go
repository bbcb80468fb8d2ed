package portal_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// TestHandOverResentAfterRefusal (docs/SYNC.md, step 9): the receiving
// centre (c1) sends attempt 2 of a hand-over only after the deciding
// centre (c2) refused attempt 1; attempt 2 is queued once for c2 as
// TK-<code>-2, its refusal as TC-<code>-2; an attempt replayed (1 after 2,
// 2 twice, 2 at once from several calls) is a duplicate that queues
// nothing; an attempt without the previous one refused, beyond the bound,
// or from any centre but c1 (c2, a third centre — answered exactly as for
// a dossier that does not exist) is refused; the hand-over state shows
// the newest attempt.
func TestHandOverResentAfterRefusal(t *testing.T) {
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
			h1 := portal.HandOver{MaHoSo: code, MaDonViNhan: other, PhienBan: 4, NoiTra: "Trung tâm phường Tràng Tiền",
				NgayTra: time.Date(2023, 11, 2, 9, 0, 0, 0, qcvn120.Location), NguoiTra: "Nguyễn Thị Hoa", NguoiNhan: "Nguyễn Văn Anh", DaKiemTraGiayTo: true}
			h2 := h1
			h2.LanGui, h2.PhienBan, h2.NguoiNhan, h2.NoiTra = 2, 6, "Nguyễn Văn An", "Điểm tiếp nhận số 2, phường Tràng Tiền"
			var ce *client.CallError
			status := func(err error) int {
				if errors.As(err, &ce) {
					return ce.Status
				}
				return 0
			}

			// Attempt 2 before attempt 1 exists, then before it is refused: 409 to c1 (its own dossier).
			if _, err := c1.HandOver(ctx, h2); status(err) != http.StatusConflict {
				t.Fatalf("attempt 2 with no attempt 1: %v", err)
			}
			if _, err := c1.HandOver(ctx, h1); err != nil {
				t.Fatal(err)
			}
			if _, err := c1.HandOver(ctx, h2); status(err) != http.StatusConflict {
				t.Fatalf("attempt 2 before attempt 1 was refused: %v", err)
			}
			x1 := portal.HandOverRefusal{MaHoSo: code, NoiGiaiQuyet: "Trung tâm Phục vụ hành chính công tỉnh",
				MaLyDo: lienthong.RefusalNotResolved, LyDo: "Hồ sơ chưa có kết quả giải quyết", ThoiDiem: time.Date(2023, 11, 2, 9, 5, 0, 0, qcvn120.Location)}
			if _, err := c2.RefuseHandOver(ctx, x1); err != nil {
				t.Fatal(err)
			}

			// Only c1 may resend; c2 and c3 are answered as for a dossier that does not exist.
			none := h2
			none.MaHoSo = ag + "-231027-0002"
			var leak string
			for _, c := range []struct {
				name string
				cl   *client.Client
				h    portal.HandOver
			}{{"the deciding centre", c2, h2}, {"a third centre", c3, h2}, {"a third centre, no such dossier", c3, none}, {"the deciding centre, no such dossier", c2, none}} {
				_, err := c.cl.HandOver(ctx, c.h)
				if status(err) != http.StatusForbidden {
					t.Fatalf("%s resends: %v", c.name, err)
				}
				if leak == "" {
					leak = ce.Message
				}
				if ce.Message != leak {
					t.Fatalf("%s: answered %q, others %q", c.name, ce.Message, leak)
				}
			}
			for _, n := range []int{-1, lienthong.MaxAttempts + 1} {
				bad := h2
				bad.LanGui = n
				if _, err := c1.HandOver(ctx, bad); status(err) != http.StatusBadRequest {
					t.Fatalf("attempt %d: %v", n, err)
				}
			}
			if _, err := c1.HandOver(ctx, func() portal.HandOver { y := h2; y.LanGui = 3; return y }()); status(err) != http.StatusConflict {
				t.Fatalf("attempt 3 skipping 2: %v", err)
			}

			// Attempt 2, sent by several calls at once (an agent retrying
			// beside a restarted one): queued once.
			var wg sync.WaitGroup
			outcomes := make([]string, 8)
			errs := make([]error, 8)
			for i := range outcomes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, err := c1.HandOver(ctx, h2)
					outcomes[i], errs[i] = res.Outcome, err
				}()
			}
			wg.Wait()
			applied := 0
			for i := range outcomes {
				if errs[i] != nil {
					t.Fatalf("attempt 2, call %d: %v", i, errs[i])
				}
				if outcomes[i] == qcvn120.Applied {
					applied++
				} else if outcomes[i] != qcvn120.Duplicate {
					t.Fatalf("attempt 2, call %d: %q", i, outcomes[i])
				}
			}
			if applied != 1 {
				t.Fatalf("attempt 2 applied %d times", applied)
			}
			// Replays of the old attempt and its refusal queue nothing.
			if res, err := c1.HandOver(ctx, h1); err != nil || res.Outcome != qcvn120.Duplicate {
				t.Fatalf("attempt 1 replayed: %+v %v", res, err)
			}
			if res, err := c2.RefuseHandOver(ctx, x1); err != nil || res.Outcome != qcvn120.Duplicate {
				t.Fatalf("refusal of attempt 1 replayed: %+v %v", res, err)
			}
			items, err := c2.Inbox(ctx, other, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				if it.Kind == portal.KindHandOver {
					ids = append(ids, it.ID)
				}
			}
			if len(ids) != 2 || ids[0] != portal.HandOverID(code) || ids[1] != lienthong.HandOverItemID(code, 2) || ids[1] != "TK-"+code+"-2" {
				t.Fatalf("c2's hand-over items: %v", ids)
			}
			var got portal.HandOver
			if json.Unmarshal(items[len(items)-1].NoiDung, &got) != nil || got.LanGui != 2 || got.NguoiNhan != h2.NguoiNhan || got.NoiTra != h2.NoiTra || got.PhienBan != 6 {
				t.Fatalf("attempt 2 as queued: %+v", got)
			}
			st, err := c1.HandOverState(ctx, code)
			if err != nil || st.SoLanGui != 2 || st.TraKetQua.LanGui != 2 || st.TuChoi != nil || st.TraKetQua.NguoiNhan != h2.NguoiNhan {
				t.Fatalf("state after attempt 2: %+v %v", st, err)
			}

			// A refusal of attempt 3 (not made) is refused like none; the
			// refusal of attempt 2 is queued as TC-<code>-2, once.
			x3 := x1
			x3.LanGui = 3
			if _, err := c2.RefuseHandOver(ctx, x3); status(err) != http.StatusForbidden || ce.Message != "Không có bàn giao kết quả liên thông của hồ sơ này gửi đến đơn vị của tài khoản này" {
				t.Fatalf("refusal of attempt 3: %v", err)
			}
			x2 := x1
			x2.LanGui, x2.MaLyDo, x2.LyDo = 2, lienthong.RefusalNoDossier, "Không có hồ sơ"
			if _, err := c3.RefuseHandOver(ctx, x2); status(err) != http.StatusForbidden {
				t.Fatalf("a third centre refuses attempt 2: %v", err)
			}
			for i, want := range []string{qcvn120.Applied, qcvn120.Duplicate} {
				res, err := c2.RefuseHandOver(ctx, x2)
				if err != nil || res.Outcome != want || res.ID != lienthong.RefusalItemID(code, 2) {
					t.Fatalf("refusal of attempt 2, call %d: %+v %v", i, res, err)
				}
			}
			st, err = c2.HandOverState(ctx, code)
			if err != nil || st.SoLanGui != 2 || st.TuChoi == nil || st.TuChoi.LanGui != 2 || st.TuChoi.NguoiNhan != h2.NguoiNhan || st.TuChoi.PhienBan != 6 {
				t.Fatalf("state after the refusal of attempt 2: %+v %v", st, err)
			}
			mine, err := c1.Inbox(ctx, ag, 0, 0)
			if err != nil || len(mine) != 2 || mine[0].ID != portal.HandOverRefusalID(code) || mine[1].ID != "TC-"+code+"-2" {
				t.Fatalf("c1's refusal items: %+v %v", mine, err)
			}
		})
	}
}
