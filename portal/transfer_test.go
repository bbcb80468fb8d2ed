package portal_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// A dossier received by c1 (agency 06) for a procedure agency 07 decides
// reaches c2's inbox once; only the receiving agency's centre may forward
// it, and only to an agency a centre serves.
func TestTransferReachesCompetentCentre(t *testing.T) {
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
			tr := portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hoso(code, qcvn120.TrangThaiHoSo(2))), TraKetQuaTai: "noi_tiep_nhan"}
			res, err := c1.Transfer(ctx, tr)
			if err != nil || res.Outcome != qcvn120.Applied || res.Seq != 1 || res.ID != "LT-"+code {
				t.Fatalf("transfer: %+v %v", res, err)
			}
			again, err := c1.Transfer(ctx, tr)
			if err != nil || again.Outcome != qcvn120.Duplicate || again.Seq != 1 {
				t.Fatalf("second transfer: %+v %v", again, err)
			}
			items, err := c2.Inbox(ctx, other, 0, 0)
			if err != nil || len(items) != 1 || items[0].Kind != portal.KindTransfer || items[0].ID != "LT-"+code {
				t.Fatalf("c2's inbox: %+v %v", items, err)
			}
			var got struct {
				portal.Transfer
				TuDonVi string `json:"tu_don_vi"`
			}
			if err := json.Unmarshal(items[0].NoiDung, &got); err != nil || got.TuDonVi != ag || got.TraKetQuaTai != "noi_tiep_nhan" {
				t.Fatalf("content: %+v %v", got, err)
			}
			var hs qcvn120.DongBoHoSoMC
			if json.Unmarshal(got.HoSo, &hs) != nil || hs.MaHoSo != code {
				t.Fatalf("dossier: %+v", hs)
			}
			if mine, _ := c1.Inbox(ctx, ag, 0, 0); len(mine) != 0 {
				t.Fatalf("the sender's own inbox: %+v", mine)
			}
			var ce *client.CallError
			for _, c := range []struct {
				name   string
				cl     *client.Client
				tr     portal.Transfer
				status int
			}{
				{"another agency's dossier", c2, portal.Transfer{MaDonViNhan: "000.00.09.H56", HoSo: tr.HoSo}, http.StatusForbidden},
				{"no centre for the target", c1, portal.Transfer{MaDonViNhan: "000.00.99.H56", HoSo: tr.HoSo}, http.StatusConflict},
				{"to itself", c1, portal.Transfer{MaDonViNhan: ag, HoSo: tr.HoSo}, http.StatusBadRequest},
				{"invalid packet", c1, portal.Transfer{MaDonViNhan: other, HoSo: json.RawMessage(`{"MaHoSo":"x"}`)}, http.StatusBadRequest},
				{"bad return place", c1, portal.Transfer{MaDonViNhan: other, HoSo: tr.HoSo, TraKetQuaTai: "x"}, http.StatusBadRequest},
			} {
				if _, err := c.cl.Transfer(ctx, c.tr); !errors.As(err, &ce) || ce.Status != c.status {
					t.Errorf("%s: %v", c.name, err)
				}
			}
			if _, err := client.New(e.URL, "c1", "wrong-password").Transfer(ctx, tr); !errors.As(err, &ce) || ce.Status != http.StatusUnauthorized {
				t.Errorf("wrong password: %v", err)
			}
			if items, _ := c2.Inbox(ctx, other, 0, 0); len(items) != 1 {
				t.Fatalf("refused transfers stored: %d", len(items))
			}
		})
	}
}

// After the transfer, the deciding centre (c2, agency 07) may update the
// dossier coded by agency 06 — before it, and for any other dossier of 06,
// it may not; a forwarded dossier's packet must carry its version; every
// state the portal holds is queued once for the receiving agency (tien_do),
// a resend adding nothing; the public lookup shows the deciding centre's state.
func TestTransferredDossierUpdatedByDecidingCentre(t *testing.T) {
	for _, dsn := range []string{"", "postgres"} {
		name := map[string]string{"": "sqlite", "postgres": "postgres"}[dsn]
		t.Run(name, func(t *testing.T) {
			if dsn != "" {
				dsn = pgtest.URL(t)
			}
			e := portaltest.Start(t, dsn, portal.Options{})
			ctx := context.Background()
			c1, c2 := client.New(e.URL, "c1", "secret1"), client.New(e.URL, "c2", "secret2")
			code, otherCode := ag+"-231027-0001", ag+"-231027-0002"
			send := func(c *client.Client, code string, version int64, st qcvn120.TrangThaiHoSo) qcvn120.ItemResult {
				t.Helper()
				res, err := c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{{ID: version, Key: code, Version: version, Payload: raw(t, hoso(code, st))}})
				if err != nil || len(res.Items) != 1 {
					t.Fatalf("send: %+v %v", res, err)
				}
				return res.Items[0]
			}
			for _, c := range []string{code, otherCode} {
				if r := send(c1, c, 1, 2); r.ErrorCode != qcvn120.ItemOK {
					t.Fatalf("c1's dossier: %+v", r)
				}
			}
			if r := send(c2, code, 2, 4); r.ErrorCode != qcvn120.ItemForbidden {
				t.Fatalf("before the transfer: %+v", r)
			}
			if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hoso(code, 2)), PhienBan: 1}); err != nil {
				t.Fatal(err)
			}
			if r := send(c2, code, 2, 4); r.ErrorCode != qcvn120.ItemOK || r.Outcome != qcvn120.Applied {
				t.Fatalf("after the transfer: %+v", r)
			}
			if r := send(c2, code, 2, 4); r.ErrorCode != qcvn120.ItemOK || r.Outcome != qcvn120.Duplicate {
				t.Fatalf("resend: %+v", r)
			}
			if r := send(c2, code, 0, 5); r.ErrorCode != qcvn120.ItemInvalid {
				t.Fatalf("unversioned: %+v", r)
			}
			if r := send(c2, otherCode, 2, 4); r.ErrorCode != qcvn120.ItemForbidden {
				t.Fatalf("a dossier not forwarded: %+v", r)
			}
			if r := send(c2, code, 3, 10); r.ErrorCode != qcvn120.ItemOK || r.Outcome != qcvn120.Applied {
				t.Fatalf("v3: %+v", r)
			}
			items, err := c1.Inbox(ctx, ag, 0, 0)
			if err != nil || len(items) != 2 {
				t.Fatalf("receiving agency's states: %+v %v", items, err)
			}
			for i, v := range []int64{2, 3} {
				var pr portal.Progress
				if items[i].Kind != portal.KindProgress || items[i].ID != portal.ProgressID(code, v) ||
					json.Unmarshal(items[i].NoiDung, &pr) != nil || pr.MaHoSo != code || pr.PhienBan != v {
					t.Fatalf("state %d: %+v", i, items[i])
				}
			}
			if theirs, _ := c2.Inbox(ctx, other, 0, 0); len(theirs) != 1 { // only the transfer
				t.Fatalf("c2's inbox: %+v", theirs)
			}
			resp, err := http.Get(e.URL + "/api/v1/tra-cuu/" + code)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var pub portal.PublicDossier
			if json.NewDecoder(resp.Body).Decode(&pub) != nil || pub.TrangThai != 10 {
				t.Fatalf("public lookup: %d %+v", resp.StatusCode, pub)
			}
		})
	}
}
