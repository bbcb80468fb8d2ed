package syncagent_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

const landAgency = "000.10.00.H26" // Văn phòng Đăng ký đất đai Hà Nội in the demo configs

// A land dossier received at the ward centre, whose competent agency is
// decided by the provincial centre (forward = true), leaves after its
// dossier packet, reaches the provincial centre's inbox once — also when
// the ward's agent sends it again — and a dossier of the ward's own agency
// is not forwarded.
func TestTransferForwardedOnceToCompetentCentre(t *testing.T) {
	c := newCentre(t, nil)
	cfg := *c.srv.Engine().Config()
	cfg.Agencies = append([]queue.Agency(nil), cfg.Agencies...)
	for i := range cfg.Agencies {
		if cfg.Agencies[i].Code == landAgency {
			cfg.Agencies[i].Forward = true
		}
	}
	must(t, c.srv.Engine().SetConfig(&cfg))
	p := newPortal(t)
	ctx := context.Background()
	h, err := portal.HashPassword("mat-khau-cap-tinh")
	must(t, err)
	must(t, p.st.AddCentre(ctx, portal.Centre{Username: "tinh", Hash: h, Agencies: []string{"000.00.01.H26", landAgency}}))

	var land centre.DossierView
	body := `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh","id_number":"001099012345","address":"Số 3 Hàng Khay","phone":"0912345678"},
	 "components":[{"name":"Đơn đăng ký biến động đất đai","originals":1}],"return_method":1}`
	if st, b := c.do(t, "POST", "/api/v1/dossiers", body, &land); st != 201 {
		t.Fatalf("receive: %d %s", st, b)
	}
	if land.Dossier.CompetentAgencyCode != landAgency {
		t.Fatalf("competent agency %q", land.Dossier.CompetentAgencyCode)
	}
	own, err := c.receive("Lê Văn Tám")
	must(t, err)

	agent := syncagent.New(c.db, p.client(""), syncagent.Options{Logger: quiet})
	drain(t, agent)
	if parked, _ := c.db.Parked(ctx); len(parked) != 0 {
		t.Fatalf("parked: %+v", parked)
	}
	is := p.st.(portal.InboxStore)
	items, err := is.InboundAfter(ctx, landAgency, 0, 10)
	must(t, err)
	if len(items) != 1 || items[0].ID != "LT-"+land.Dossier.Code || items[0].Kind != portal.KindTransfer {
		t.Fatalf("forwarded: %+v", items)
	}
	var tr portal.Transfer
	must(t, json.Unmarshal(items[0].Doc, &tr))
	var hs qcvn120.DongBoHoSoMC
	must(t, json.Unmarshal(tr.HoSo, &hs))
	if hs.MaHoSo != land.Dossier.Code || tr.TraKetQuaTai != "buu_chinh" || tr.MaDonViNhan != landAgency {
		t.Fatalf("transfer: %+v %+v", tr, hs)
	}
	if _, err := is.InboundByID(ctx, "LT-"+own); err == nil {
		t.Fatal("a dossier of the ward's own agency was forwarded")
	}
	// The dossier packet went before the transfer (the portal holds it).
	if _, _, err := p.st.Dossier(ctx, land.Dossier.Code); err != nil {
		t.Fatal(err)
	}

	// Sent again (cursor rolled back, e.g. a restored backup): still one item.
	must(t, c.db.Write(ctx, func(tx *store.Tx) error { _, err := tx.Exec(`UPDATE sync_cursor SET outbox_id = 0`); return err }))
	drain(t, agent)
	if again, _ := is.InboundAfter(ctx, landAgency, 0, 10); len(again) != 1 {
		t.Fatalf("after a resend: %d items", len(again))
	}

	// The provincial centre's agent pulls it into its inbox.
	dbB, err := store.Open(filepath.Join(t.TempDir(), "centre-b.db"))
	must(t, err)
	defer dbB.Close()
	cb := client.New(p.url, "tinh", "mat-khau-cap-tinh")
	n, err := syncagent.PullInbox(ctx, dbB, syncagent.PortalClient{C: cb}, landAgency)
	must(t, err)
	rows, err := dbB.InboxItems(ctx, "", 10)
	must(t, err)
	if n != 1 || len(rows) != 1 || rows[0].Kind != portal.KindTransfer || rows[0].PortalID != fmt.Sprintf("LT-%s", land.Dossier.Code) {
		t.Fatalf("province inbox: %d %+v", n, rows)
	}
}
