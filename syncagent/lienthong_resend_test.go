package syncagent_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// TestLienThongHandOverResentAfterRefusal (docs/SYNC.md, step 9): B
// refuses A's hand-over (B was restored from a backup taken before it
// resolved; A's officer also misspelt the collector's name). B's officer
// resolves the dossier again; A's officer corrects the name and sends the
// hand-over again — pressed twice at once, with the portal down and both
// agents restarted: one attempt 2. A refusal of attempt 1 replayed late at
// A does not mark attempt 2. The portal comes back; B records attempt 2
// once, as its next version, which flows back to A: A, B and the portal
// agree, B's console no longer lists the refused attempt. Replaying every
// outbox item of A and B (cursors rolled back, agents restarted) and the
// old attempt itself change nothing. B cannot resend A's hand-over (its
// centre: 409; the portal: 403, as for a dossier that does not exist).
func TestLienThongHandOverResentAfterRefusal(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	provCfg := queue.DemoProvinceConfig()
	h, err := portal.HashPassword("mat-khau-cap-tinh")
	must(t, err)
	must(t, p.st.AddCentre(ctx, portal.Centre{Username: "tinh", Hash: h, Agencies: []string{provCfg.AgencyCode, landAgency}}))
	proxy, purl := newInboxProxy(t, p.url)

	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	a := startLTCentre(t, wardCfg)
	b := startLTCentre(t, provCfg)
	ca := client.New(purl, portalUser, portalPass)
	ca.MaDonVi = wardCfg.AgencyCode
	cb := client.New(purl, "tinh", "mat-khau-cap-tinh")
	cb.MaDonVi = provCfg.AgencyCode
	startA := func() *ltAgent { return startLTAgent(a.db, syncagent.PortalClient{C: ca}, wardCfg.AgencyCode) }
	startB := func() *ltAgent {
		return startLTAgent(b.db, syncagent.PortalClient{C: cb}, provCfg.AgencyCode, landAgency)
	}
	agentA, agentB := startA(), startB()
	defer func() { agentA.stop(); agentB.stop() }()

	var land centre.DossierView
	if st, body := a.do(t, "POST", "/api/v1/dossiers", `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh","id_number":"001099012345"},
	 "components":[{"name":"Đơn đăng ký biến động đất đai","originals":1}]}`, &land); st != 201 || land.TransferTo != landAgency {
		t.Fatalf("receive at A: %d %s", st, body)
	}
	code := land.Dossier.Code
	var item inbox.Item
	waitFor(t, "the forwarded dossier in B's inbox", 30*time.Second, func() bool {
		var l struct{ Items []inbox.Item }
		if st, _ := b.do(t, "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) == 0 {
			return false
		}
		item = l.Items[0]
		return true
	})
	actB := func(path, body string) centre.DossierView {
		t.Helper()
		var v centre.DossierView
		if st, raw := b.do(t, "POST", path, body, &v); st/100 != 2 {
			t.Fatalf("%s at B: %d %s", path, st, raw)
		}
		return v
	}
	getA := func() centre.DossierView {
		t.Helper()
		var v centre.DossierView
		if st, raw := a.do(t, "GET", "/api/v1/dossiers/"+code, "", &v); st != 200 {
			t.Fatalf("A's view: %d %s", st, raw)
		}
		return v
	}
	actB(fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), "")
	actB("/api/v1/dossiers/"+code+"/start-processing", `{}`)
	backup, err := b.db.Dossier(ctx, code)
	must(t, err)
	first := actB("/api/v1/dossiers/"+code+"/resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	waitFor(t, "A to show the resolution", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == first.Version
	})
	must(t, b.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE dossiers SET status = ?, version = ?, doc = ? WHERE code = ?`, backup.Status, backup.Version, string(backup.Doc), code)
		return err
	}))

	// Attempt 1, with the collector's name misspelt; B refuses it.
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạng","id_checked":true}`, nil); st != 200 {
		t.Fatalf("return at A: %d %s", st, body)
	}
	var refused centre.DossierView
	waitFor(t, "A to show the refused hand-over", 30*time.Second, func() bool {
		refused = getA()
		return refused.HandOverRefused != nil
	})
	plan := refused.HandOverRefused.GuiLai
	if r := refused.HandOverRefused; r.LanGui != 1 || plan == nil || plan.LanGui != 2 || plan.DonViNhan != landAgency || plan.NguoiNhan != "Vũ Thị Hạng" ||
		plan.NoiTra != wardCfg.CentreName || plan.NoiNhan != provCfg.CentreName || refused.HandOverAttempt != 1 ||
		!strings.HasPrefix(plan.XacNhan, "Gửi lại bàn giao kết quả hồ sơ "+code+" (lần 2) qua cổng liên thông đến ") ||
		!strings.Contains(plan.XacNhan, "cho Vũ Thị Hạng.") {
		t.Fatalf("A's refused hand-over: %+v plan %+v", r, plan)
	}
	if f, err := b.in.FailedHandOvers(ctx, 100); err != nil || len(f) != 1 || f[0].MaHoSo != code {
		t.Fatalf("B's failed hand-overs after attempt 1: %+v %v", f, err)
	}

	// The fix at B: its officer resolves the dossier again; the state flows to A.
	second := actB("/api/v1/dossiers/"+code+"/resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	waitFor(t, "B's new resolution at A", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == second.Version
	})
	if v := getA(); v.HandOverRefused == nil || v.HandOverRefused.GuiLai == nil {
		t.Fatalf("A lost the refusal on B's new state: %+v", v.HandOverRefused)
	}

	// The portal is down; A's officer corrects the name and presses
	// "Gửi lại" twice at once: one attempt.
	proxy.down.Store(true)
	before := countRows(t, a.db, `SELECT count(*) FROM outbox WHERE service = '`+lienthong.SvcHandOver+`'`)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	views := make([]centre.DossierView, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = a.do(t, "POST", "/api/v1/dossiers/"+code+"/resend-handover", `{"attempt":1,"collected_by":"Vũ Thị Hạnh"}`, &views[i])
		}()
	}
	wg.Wait()
	ok := 0
	for i, st := range codes {
		switch st {
		case 200:
			ok++
			if v := views[i]; v.HandOverRefused != nil || v.HandOverAttempt != 2 || v.Dossier.Status != dossier.StatusReturned || v.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" {
				t.Fatalf("A after the resend: %+v attempt %d %v", v.HandOverRefused, v.HandOverAttempt, v.Dossier.Status)
			}
		case 409:
		default:
			t.Fatalf("resend press %d: %d", i, st)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of 2 presses sent the hand-over again", ok)
	}
	if n := countRows(t, a.db, `SELECT count(*) FROM outbox WHERE service = '`+lienthong.SvcHandOver+`'`); n != before+1 {
		t.Fatalf("%d hand-over rows at A after the resend, want %d", n, before+1)
	}
	var row2 struct{ payload string }
	must(t, a.db.Write(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(`SELECT payload FROM outbox WHERE service = ? ORDER BY id DESC LIMIT 1`, lienthong.SvcHandOver).Scan(&row2.payload)
	}))
	var h2 lienthong.HandOver
	if json.Unmarshal([]byte(row2.payload), &h2) != nil || h2.LanGui != 2 || h2.NguoiNhan != "Vũ Thị Hạnh" || h2.PhienBan != second.Version || h2.MaDonViNhan != landAgency {
		t.Fatalf("attempt 2 as queued at A: %s", row2.payload)
	}
	// A screen still showing attempt 1's refusal cannot send again.
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/resend-handover", `{"attempt":1}`, nil); st != 409 {
		t.Fatalf("resend from a stale screen: %d %s", st, body)
	}
	// A refusal of attempt 1 replayed late does not mark attempt 2 refused.
	old := lienthong.HandOverRefusal{MaHoSo: code, MaDonViGiaiQuyet: landAgency, NoiGiaiQuyet: provCfg.CentreName,
		MaLyDo: lienthong.RefusalNotResolved, LyDo: "Hồ sơ chưa có kết quả", ThoiDiem: time.Now()}
	doc, _ := json.Marshal(old)
	must(t, a.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(wardCfg.AgencyCode, []store.InboxItem{{PortalID: "TC-REPLAY-1", Seq: 1 << 40, Kind: portal.KindHandOverRefusal, Doc: doc, SubmittedAt: time.Now()}}, 0)
		return err
	}))
	waitFor(t, "A to process the replayed refusal", 30*time.Second, func() bool {
		for _, it := range inboxRows(t, a.db) {
			if it.PortalID == "TC-REPLAY-1" {
				return it.Status != store.InboxNew
			}
		}
		return false
	})
	if v := getA(); v.HandOverRefused != nil || v.HandOverAttempt != 2 {
		t.Fatalf("an old refusal marked attempt 2: %+v", v.HandOverRefused)
	}
	agentA.stop()
	agentB.stop()
	agentA, agentB = startA(), startB()
	waitFor(t, "the agents to try the portal while it is down", 30*time.Second, func() bool { return proxy.refused.Load() > 0 })
	proxy.down.Store(false)

	// B records attempt 2 as its next version; it flows back to A.
	var atB centre.DossierView
	waitFor(t, "B to record the hand-over", 30*time.Second, func() bool {
		atB = centre.DossierView{}
		st, _ := b.do(t, "GET", "/api/v1/dossiers/"+code, "", &atB)
		return st == 200 && atB.Dossier.Status == dossier.StatusReturned
	})
	if atB.Version != second.Version+1 || atB.Dossier.Return == nil || atB.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" {
		t.Fatalf("B after attempt 2: v%d %+v", atB.Version, atB.Dossier.Return)
	}
	waitFor(t, "B's return at A", 30*time.Second, func() bool { return getA().Version == atB.Version })
	settle := func() (centre.DossierView, centre.DossierView) {
		t.Helper()
		var vb centre.DossierView
		b.do(t, "GET", "/api/v1/dossiers/"+code, "", &vb)
		return getA(), vb
	}
	check := func(when string) {
		t.Helper()
		va, vb := settle()
		if va.Dossier.Status != dossier.StatusReturned || va.HandOverRefused != nil || va.HandOverAttempt != 2 || va.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" ||
			vb.Version != atB.Version || va.Version != atB.Version {
			t.Fatalf("%s: A v%d %v %+v attempt %d; B v%d", when, va.Version, va.Dossier.Status, va.HandOverRefused, va.HandOverAttempt, vb.Version)
		}
		if n := countRows(t, b.db, `SELECT count(*) FROM dossier_events WHERE kind = 'HandedOver' AND code = '`+code+`'`); n != 1 {
			t.Fatalf("%s: %d hand-overs recorded at B", when, n)
		}
		var kinds []string
		for _, it := range inboxRows(t, b.db) {
			if it.Kind == portal.KindHandOver {
				kinds = append(kinds, it.PortalID+"="+it.Status)
			}
		}
		if want := []string{"TK-" + code + "=" + store.InboxReturned, "TK-" + code + "-2=" + store.InboxAccepted}; strings.Join(kinds, ",") != strings.Join(want, ",") &&
			strings.Join(kinds, ",") != want[1]+","+want[0] {
			t.Fatalf("%s: B's hand-over items %v", when, kinds)
		}
		if f, err := b.in.FailedHandOvers(ctx, 100); err != nil || len(f) != 0 {
			t.Fatalf("%s: B still lists a failed hand-over: %+v %v", when, f, err)
		}
		st, err := ca.HandOverState(ctx, code)
		if err != nil || st.SoLanGui != 2 || st.TuChoi != nil || st.TraKetQua.NguoiNhan != "Vũ Thị Hạnh" {
			t.Fatalf("%s: the portal's hand-over state: %+v %v", when, st, err)
		}
		if n := p.count(t, `SELECT count(*) FROM inbound WHERE id LIKE 'TK-`+code+`%'`); n != 2 {
			t.Fatalf("%s: %d hand-over items at the portal", when, n)
		}
	}
	check("after attempt 2")

	// Replays: every outbox item of both centres again, and the old attempt itself.
	agentA.stop()
	agentB.stop()
	for _, db := range []*store.DB{a.db, b.db} {
		must(t, db.Write(ctx, func(tx *store.Tx) error { _, err := tx.Exec(`UPDATE sync_cursor SET outbox_id = 0`); return err }))
	}
	agentA, agentB = startA(), startB()
	waitFor(t, "both outboxes sent again", 60*time.Second, func() bool {
		return countRows(t, a.db, `SELECT count(*) FROM outbox WHERE id > (SELECT outbox_id FROM sync_cursor)`) == 0 &&
			countRows(t, b.db, `SELECT count(*) FROM outbox WHERE id > (SELECT outbox_id FROM sync_cursor)`) == 0
	})
	var h1 lienthong.HandOver
	var first1 string
	must(t, a.db.Write(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(`SELECT payload FROM outbox WHERE service = ? ORDER BY id LIMIT 1`, lienthong.SvcHandOver).Scan(&first1)
	}))
	must(t, json.Unmarshal([]byte(first1), &h1))
	if res, err := ca.HandOver(ctx, h1); err != nil || res.Outcome != "duplicate" || h1.LanGui != 0 {
		t.Fatalf("attempt 1 replayed: %+v %v", res, err)
	}
	time.Sleep(300 * time.Millisecond) // further rounds of both agents
	check("after the replays")

	// B cannot resend A's hand-over: not at its centre, not at the portal.
	if st, body := b.do(t, "POST", "/api/v1/dossiers/"+code+"/resend-handover", `{"attempt":2}`, nil); st != 409 {
		t.Fatalf("B resends: %d %s", st, body)
	}
	h3 := h2
	h3.LanGui = 3
	var ce, ce2 *client.CallError
	_, err = cb.HandOver(ctx, h3)
	none := h3
	none.MaHoSo = wardCfg.AgencyCode + "-200101-0001"
	_, err2 := cb.HandOver(ctx, none)
	if !errors.As(err, &ce) || !errors.As(err2, &ce2) || ce.Status != http.StatusForbidden || ce2.Status != ce.Status || ce.Message != ce2.Message {
		t.Fatalf("B resends at the portal: %v / %v", err, err2)
	}
	check("after B's attempts")
}
