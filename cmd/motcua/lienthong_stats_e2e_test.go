package main

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
	"github.com/motcua/motcua/thongke/tally"
)

// checkLienThongCountedOnce ends TestLienThongEndToEnd: the forwarded
// dossier, received at A (the ward) and resolved at B (the provincial
// branch), counts once in every statistic — in A's DongBoThongKeHoSo, not
// in B's (its working copy), once at the portal under A's code, and once in
// the province's rollup, where it shows as forwarded out of the ward and
// in to the provincial centre (docs/DOMAIN.md, "Statistics of forwarded
// dossiers").
func checkLienThongCountedOnce(t *testing.T, portalURL, portalDB, dbA, dbB string, ward, prov *queue.Config) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().In(dossier.Loc)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, dossier.Loc)
	thang := month.Format("2006-01")
	for _, c := range []struct {
		db, agency string
		recv, done int
	}{{dbA, ward.AgencyCode, 1, 1}, {dbB, prov.AgencyCode, 0, 0}} {
		db, err := store.Open(c.db)
		if err != nil {
			t.Fatal(err)
		}
		p, err := syncagent.MonthlyStats(ctx, db, c.agency, "", month.Year(), month.Month(), time.Now())
		db.Close()
		if err != nil || int(p.SoNhanTrongKy) != c.recv || int(p.TongDaXuLy) != c.done || int(p.TongXuLyDungHan) != c.done {
			t.Errorf("centre %s's DongBoThongKeHoSo: %+v %v, want %d received, %d resolved on time", c.agency, p, err, c.recv, c.done)
		}
	}
	for _, c := range []struct {
		agency     string
		recv, done int
	}{{ward.AgencyCode, 1, 1}, {prov.AgencyCode, 0, 0}} {
		var a tally.Answer
		if st, err := getJSON(portalURL+"/api/v1/thong-ke-ho-so?ma_don_vi="+c.agency+"&thang="+thang, &a); st != 200 || err != nil ||
			int(a.TongHop.SoNhanTrongKy) != c.recv || int(a.TongHop.TongDaXuLy) != c.done {
			t.Errorf("portal's DongBoThongKeHoSo of %s: %d %v %+v", c.agency, st, err, a.TongHop)
		}
	}
	run(t, nil, "portal", "don-vi", "import", "--db", portalDB, "../../portal/demodata/hierarchy-hanoi.json")
	var r portal.Rollup
	if st, err := getJSON(portalURL+"/api/v1/thong-ke/tong-hop?thang="+thang, &r); st != 200 || err != nil {
		t.Fatalf("rollup: %d %v", st, err)
	}
	if r.Unit.Code != "H26" || r.Unit.Received != 1 || r.Unit.Resolved != 1 || r.Unit.ForwardedOut != 1 || r.Unit.ForwardedIn != 1 || r.Unit.ByChannel.Direct != 1 {
		t.Errorf("province: %+v", r.Unit)
	}
	for _, row := range r.Rows {
		want := map[string][3]int64{"000.00.00.H26": {0, 0, 1}, "000.00.06.H26": {1, 1, 0}}[row.Code] // received, forwarded out, forwarded in
		if row.Received != want[0] || row.ForwardedOut != want[1] || row.ForwardedIn != want[2] {
			t.Errorf("rollup row %s: received %d, out %d, in %d; want %v", row.Code, row.Received, row.ForwardedOut, row.ForwardedIn, want)
		}
	}
}
