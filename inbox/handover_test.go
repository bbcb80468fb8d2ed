package inbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// TestHandOverRecordedOnceAtDecidingCentre (liên thông): the deciding
// centre B records a hand-over made at the receiving centre as its next
// version, with the packets that carry it to the portal, once; it refuses
// to return such a result itself; a hand-over it cannot apply (the result
// is collected at B, no such dossier, unreadable) is marked returned with
// the reason and never retried, its refusal queued for the receiving
// centre in the same transaction (once); none of these items reach the
// officers' list.
func TestHandOverRecordedOnceAtDecidingCentre(t *testing.T) {
	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	a, _ := startCentre(t, wardCfg)
	b, _ := startCentre(t, queue.DemoProvinceConfig())
	ctx := context.Background()
	receive := func(place string) centre.DossierView {
		var v centre.DossierView
		body := fmt.Sprintf(`{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh"},"components":[{"name":"Đơn đăng ký","originals":1}],"return_place":%q}`, place)
		if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers", body, &v); st != 201 || v.TransferTo != landAgency {
			t.Fatalf("receive at A: %d %s", st, raw)
		}
		return v
	}
	here, there := receive("noi_tiep_nhan"), receive("noi_giai_quyet")
	deliver(t, a, b)
	var l struct{ Items []inbox.Item }
	if st, raw := b.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 2 {
		t.Fatalf("B's inbox: %d %s", st, raw)
	}
	final := map[string]centre.DossierView{}
	for _, it := range l.Items {
		code := it.Transfer.MaHoSo
		for _, step := range []struct{ path, body string }{{fmt.Sprintf("/api/v1/inbox/%d/accept", it.ID), ""},
			{"/api/v1/dossiers/" + code + "/start-processing", `{}`}, {"/api/v1/dossiers/" + code + "/resolve", `{"result":"Đã cập nhật"}`}} {
			var v centre.DossierView
			if st, raw := b.do(t, "canbo1", "POST", step.path, step.body, &v); st/100 != 2 {
				t.Fatalf("%s at B: %d %s", step.path, st, raw)
			}
			final[code] = v
		}
	}
	resolved := final[here.Dossier.Code]
	if !strings.Contains(resolved.ResultNotice, "đơn vị tiếp nhận") || final[there.Dossier.Code].ResultNotice != "" {
		t.Fatalf("B's notices: %q %q", resolved.ResultNotice, final[there.Dossier.Code].ResultNotice)
	}
	ret := `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`
	if st, raw := b.do(t, "canbo1", "POST", "/api/v1/dossiers/"+here.Dossier.Code+"/return", ret, nil); st != 409 {
		t.Fatalf("B returns a result collected at A: %d %s", st, raw)
	}
	// A has not seen the resolution: it may not hand anything over yet.
	if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+here.Dossier.Code+"/return", ret, nil); st == 200 {
		t.Fatalf("A returns before the resolution reached it: %d %s", st, raw)
	}

	// The portal's items for B, as its agent pulls them.
	at := time.Now().Add(-time.Minute).Truncate(time.Second)
	h := portal.HandOver{MaHoSo: here.Dossier.Code, MaDonViNhan: landAgency, PhienBan: resolved.Version, NoiTra: wardCfg.CentreName,
		NgayTra: at, NguoiTra: "Cán bộ một", NguoiNhan: "Vũ Thị Hạnh", DaKiemTraGiayTo: true}
	wrong := h
	wrong.MaHoSo = there.Dossier.Code
	unknown := h
	unknown.MaHoSo = qcvn120.AgencyOf(here.Dossier.Code) + "-231027-0999"
	var rows []store.InboxItem
	for i, x := range []any{h, wrong, unknown, "not a hand-over"} {
		doc, _ := json.Marshal(x)
		rows = append(rows, store.InboxItem{PortalID: fmt.Sprintf("TK-%d", i), Seq: int64(3 + i), Kind: portal.KindHandOver, Doc: doc})
	}
	if err := b.db.Write(ctx, func(tx *store.Tx) error { _, err := tx.PutInboxItems(landAgency, rows, 6); return err }); err != nil {
		t.Fatal(err)
	}
	before, _ := b.db.OutboxAfter(ctx, 0, 1000)
	n, err := b.in.ApplyHandOvers(ctx)
	if err != nil || n != 1 {
		t.Fatalf("applied %d: %v", n, err)
	}
	var v centre.DossierView
	if st, raw := b.do(t, "canbo1", "GET", "/api/v1/dossiers/"+here.Dossier.Code, "", &v); st != 200 || v.Version != resolved.Version+1 ||
		v.Dossier.Status != dossier.StatusReturned || v.Dossier.Return == nil || !v.Dossier.Return.At.Equal(at) || v.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" ||
		v.Dossier.Return.Officer != "Cán bộ một" || v.ResultNotice != "" {
		t.Fatalf("B after the hand-over: %d %s", st, raw)
	}
	after, _ := b.db.OutboxAfter(ctx, 0, 1000)
	added := after[len(before):]
	// The three it cannot apply go back to the receiving centre, each
	// refusal written with its item (lienthong.SvcHandOverRefusal).
	refusals := map[string]lienthong.HandOverRefusal{}
	for _, it := range added[min(2, len(added)):] {
		var x lienthong.HandOverRefusal
		if it.Service != lienthong.SvcHandOverRefusal || json.Unmarshal(it.Payload, &x) != nil || x.MaHoSo != it.Key ||
			x.MaDonViGiaiQuyet != landAgency || x.NoiGiaiQuyet != queue.DemoProvinceConfig().CentreName || x.LyDo == "" || x.ThoiDiem.IsZero() {
			t.Fatalf("refusal row: %+v", it)
		}
		refusals[x.MaHoSo] = x
	}
	if len(refusals) != 3 || refusals[unknown.MaHoSo].MaLyDo != lienthong.RefusalNoDossier || refusals["3"].MaLyDo != lienthong.RefusalUnreadable ||
		refusals[wrong.MaHoSo].MaLyDo == "" || refusals[unknown.MaHoSo].NguoiNhan != "Vũ Thị Hạnh" || !refusals[unknown.MaHoSo].NgayTra.Equal(at) {
		t.Fatalf("refusals: %+v", refusals)
	}
	added = added[:min(2, len(added))]
	if len(added) != 2 || added[0].Service != qcvn120.SvcDongBoHoSo || added[0].Key != here.Dossier.Code || added[0].Version != v.Version ||
		added[1].Service != qcvn120.SvcCapNhatTienDo {
		t.Fatalf("B's outbox for the hand-over: %+v", added)
	}
	var hs qcvn120.DongBoHoSoMC
	if json.Unmarshal(added[0].Payload, &hs) != nil || hs.TrangThaiHoSo != 10 || !hs.NgayTra.Time.Equal(at) {
		t.Fatalf("packet: %+v", hs)
	}
	all, err := b.db.InboxItems(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range all {
		if it.Kind != portal.KindHandOver {
			continue
		}
		want := store.InboxReturned
		if it.PortalID == "TK-0" {
			want = store.InboxAccepted
		}
		if it.Status != want || (want == store.InboxReturned) != (it.Reason != "") {
			t.Errorf("item %s: %s %q", it.PortalID, it.Status, it.Reason)
		}
	}
	if n, err := b.in.ApplyHandOvers(ctx); err != nil || n != 0 {
		t.Fatalf("second run: %d %v", n, err)
	}
	if again, _ := b.db.OutboxAfter(ctx, 0, 1000); len(again) != len(after) {
		t.Fatalf("second run wrote %d outbox rows", len(again)-len(after))
	}
	if st, raw := b.do(t, "canbo1", "GET", "/api/v1/inbox?status=all", "", &l); st != 200 || len(l.Items) != 2 {
		t.Fatalf("officers' list: %d %s", st, raw)
	}
	var id int64
	for _, it := range all {
		if it.PortalID == "TK-1" {
			id = it.ID
		}
	}
	if st, _ := b.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/return", id), `{"reason":"x"}`, nil); st != 404 {
		t.Fatalf("returning a hand-over item from the inbox: %d", st)
	}
	// The result collected at B is returned by B itself.
	if st, raw := b.do(t, "canbo1", "POST", "/api/v1/dossiers/"+there.Dossier.Code+"/return", ret, nil); st != 200 {
		t.Fatalf("B returns a result collected at B: %d %s", st, raw)
	}
}
