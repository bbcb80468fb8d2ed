package syncagent_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// startLTConsoleCentre is startLTCentre with the console and its inbox
// page mounted, and a supervisor "giamsat".
func startLTConsoleCentre(t *testing.T, cfg *queue.Config) *ltCentre {
	t.Helper()
	c := &ltCentre{centreEnv: &centreEnv{}}
	ce := centretest.Start(t, centretest.Options{
		Config:   func(c *queue.Config) { *c = *cfg },
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Nguyễn Văn An"}, {Username: "giamsat", FullName: "Trần Văn Giám", Role: "supervisor"}},
		Mount: func(m centretest.Mount) error {
			c.db = m.DB
			if _, err := console.Mount(m.Server, m.DB, console.Options{}); err != nil {
				return err
			}
			in, err := inbox.Mount(m.Server, m.DB, inbox.Options{Logger: quiet})
			if err != nil {
				return err
			}
			in.MountConsolePage(m.Server)
			c.in = in
			m.Go(func(ctx context.Context) { in.RunProgress(ctx, 50*time.Millisecond) })
			return nil
		},
	})
	c.srv, c.cfg, c.path, c.url = ce.Server, ce.Cfg, ce.DBPath, ce.URL
	c.token = ce.Login(context.Background(), "canbo1", "q1").Token()
	return c
}

// TestLienThongHandOverResentFromConsole (docs/SYNC.md step 9, "From the
// console"): two centres and the portal on loopback, the agents in
// process. B refuses A's hand-over (B restored from before it resolved; the
// collector's name misspelt at A); B resolves again; A's supervisor
// corrects the name on the console's inbox page and confirms, with the
// portal down: one attempt 2 (the same press again: 409), audited. The
// portal back, B records attempt 2 once as its next version, which flows
// back: A, B and the portal agree on the corrected collector, and A's
// console page no longer lists the refusal.
func TestLienThongHandOverResentFromConsole(t *testing.T) {
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
	a := startLTConsoleCentre(t, wardCfg)
	b := startLTCentre(t, provCfg)
	ca := client.New(purl, portalUser, portalPass)
	ca.MaDonVi = wardCfg.AgencyCode
	cb := client.New(purl, "tinh", "mat-khau-cap-tinh")
	cb.MaDonVi = provCfg.AgencyCode
	agentA := startLTAgent(a.db, syncagent.PortalClient{C: ca}, wardCfg.AgencyCode)
	agentB := startLTAgent(b.db, syncagent.PortalClient{C: cb}, provCfg.AgencyCode, landAgency)
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
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạng","id_checked":true}`, nil); st != 200 {
		t.Fatalf("return at A: %d %s", st, body)
	}
	waitFor(t, "A to show the refused hand-over", 30*time.Second, func() bool { return getA().HandOverRefused != nil })
	second := actB("/api/v1/dossiers/"+code+"/resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	waitFor(t, "B's new resolution at A", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == second.Version
	})

	// A's supervisor, on the console, with the portal down.
	sup := consoletest.LoginBrowser(t, a.url, "giamsat", "matkhau123")
	st, page, _ := sup.Get("/console/hop-thu")
	if st != 200 || !strings.Contains(page, `data-code="`+code+`" data-attempt="1" data-next="2"`) || !strings.Contains(page, `value="Vũ Thị Hạng"`) {
		t.Fatalf("A's console page: %d %s", st, page)
	}
	proxy.down.Store(true)
	path := "/console/hop-thu/" + code + "/gui-lai"
	if st, body := sup.Post(path, `{"attempt":1,"collected_by":"Vũ Thị Hạnh","place":"`+wardCfg.CentreName+`"}`); st != 200 {
		t.Fatalf("the console's resend: %d %s", st, body)
	}
	if st, _ := sup.Post(path, `{"attempt":1,"collected_by":"Vũ Thị Hạnh"}`); st != 409 {
		t.Fatalf("the same press again: %d", st)
	}
	if n := countRows(t, a.db, `SELECT count(*) FROM console_audit WHERE action = 'lienthong.resend_handover' AND actor = 'giamsat'`); n != 1 {
		t.Fatalf("%d audit entries", n)
	}
	agentA.stop()
	agentA = startLTAgent(a.db, syncagent.PortalClient{C: ca}, wardCfg.AgencyCode)
	waitFor(t, "the agents to try the portal while it is down", 30*time.Second, func() bool { return proxy.refused.Load() > 0 })
	proxy.down.Store(false)

	var atB centre.DossierView
	waitFor(t, "B to record attempt 2", 30*time.Second, func() bool {
		atB = centre.DossierView{}
		st, _ := b.do(t, "GET", "/api/v1/dossiers/"+code, "", &atB)
		return st == 200 && atB.Dossier.Status == dossier.StatusReturned
	})
	if atB.Version != second.Version+1 || atB.Dossier.Return == nil || atB.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" {
		t.Fatalf("B after attempt 2: v%d %+v", atB.Version, atB.Dossier.Return)
	}
	waitFor(t, "B's return at A", 30*time.Second, func() bool { return getA().Version == atB.Version })
	if v := getA(); v.HandOverRefused != nil || v.HandOverAttempt != 2 || v.Dossier.Status != dossier.StatusReturned || v.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" {
		t.Fatalf("A after B recorded attempt 2: %+v attempt %d %v", v.HandOverRefused, v.HandOverAttempt, v.Dossier.Status)
	}
	if n := countRows(t, b.db, `SELECT count(*) FROM dossier_events WHERE kind = 'HandedOver' AND code = '`+code+`'`); n != 1 {
		t.Fatalf("%d hand-overs recorded at B", n)
	}
	hs, err := ca.HandOverState(ctx, code)
	if err != nil || hs.SoLanGui != 2 || hs.TuChoi != nil || hs.TraKetQua.NguoiNhan != "Vũ Thị Hạnh" {
		t.Fatalf("the portal's hand-over state: %+v %v", hs, err)
	}
	if _, page, _ := sup.Get("/console/hop-thu"); strings.Contains(page, "ban-giao-chua-ghi-nhan") {
		t.Fatalf("A's console still lists the refusal: %s", page)
	}
}
