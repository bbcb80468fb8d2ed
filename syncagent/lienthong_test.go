package syncagent_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// ltCentre is a centre with the dossier part and the inbox mounted (its
// progress applier running), on loopback over a real SQLite file.
type ltCentre struct {
	*centreEnv
	in    *inbox.Inbox
	kiosk string
}

func startLTCentre(t *testing.T, cfg *queue.Config) *ltCentre {
	t.Helper()
	c := &ltCentre{centreEnv: &centreEnv{}}
	ce := centretest.Start(t, centretest.Options{
		Config:   func(c *queue.Config) { *c = *cfg },
		Dossiers: &centre.DossierOptions{},
		Devices:  []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Nguyễn Văn An"}},
		Mount: func(m centretest.Mount) error {
			c.db = m.DB
			in, err := inbox.Mount(m.Server, m.DB, inbox.Options{Logger: quiet})
			if err != nil {
				return err
			}
			c.in = in
			m.Go(func(ctx context.Context) { in.RunProgress(ctx, 50*time.Millisecond) })
			return nil
		},
	})
	c.srv, c.cfg, c.path, c.url = ce.Server, ce.Cfg, ce.DBPath, ce.URL
	c.kiosk = ce.Token("dev-kiosk")
	c.token = ce.Login(context.Background(), "canbo1", "q1").Token()
	return c
}

// ltAgent is the in-process stand-in for `motcua sync`: outbox rounds,
// the inbox pull of its agencies and the decisions back, every 30 ms.
// Stopping it and starting a new one loses its memory, as a restart does.
type ltAgent struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func startLTAgent(db *store.DB, pc syncagent.PortalClient, agencies ...string) *ltAgent {
	ctx, cancel := context.WithCancel(context.Background())
	a := &ltAgent{cancel: cancel, done: make(chan struct{})}
	ag := syncagent.New(db, pc, syncagent.Options{Logger: quiet, MinBackoff: 20 * time.Millisecond, CallTimeout: 5 * time.Second})
	go func() {
		defer close(a.done)
		for ctx.Err() == nil {
			for range 50 {
				if n, err := ag.Once(ctx); err != nil || n == 0 {
					break
				}
			}
			for _, agency := range agencies {
				_, _ = syncagent.PullInbox(ctx, db, pc, agency)
			}
			_, _ = syncagent.PushInboxDecisions(ctx, db, pc)
			select {
			case <-ctx.Done():
			case <-time.After(30 * time.Millisecond):
			}
		}
	}()
	return a
}

func (a *ltAgent) stop() { a.cancel(); <-a.done }

// Liên thông end to end (issue 16 item 2): a land dossier received at the
// ward centre A for the land registration office, which the provincial
// centre B decides, is forwarded through the portal, accepted from B's
// inbox (same code, the ward recorded, no new code), processed and
// resolved at B — the portal down in the middle, both agents restarted
// while it is down — and every state flows back: A's dossier, A's kiosk
// lookup and the portal's public lookup show B's final state at B's
// version; each state is applied at A once, and an older state replayed
// at A changes nothing.
func TestLienThongReceivedHereDecidedThere(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	h, err := portal.HashPassword("mat-khau-cap-tinh")
	must(t, err)
	provCfg := queue.DemoProvinceConfig()
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
	agentA := startLTAgent(a.db, syncagent.PortalClient{C: ca}, wardCfg.AgencyCode)
	agentB := startLTAgent(b.db, syncagent.PortalClient{C: cb}, provCfg.AgencyCode, landAgency)
	defer func() { agentA.stop(); agentB.stop() }()

	// 1. Received at the ward.
	var land centre.DossierView
	body := `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh","id_number":"001099012345","address":"Số 3 Hàng Khay","phone":"0912345678"},
	 "components":[{"name":"Đơn đăng ký biến động đất đai","originals":1},{"name":"Giấy chứng nhận quyền sử dụng đất","originals":1}]}`
	if st, b := a.do(t, "POST", "/api/v1/dossiers", body, &land); st != 201 {
		t.Fatalf("receive at A: %d %s", st, b)
	}
	code := land.Dossier.Code
	if land.TransferTo != landAgency || !strings.HasPrefix(code, wardCfg.AgencyCode+"-") {
		t.Fatalf("at A: code %s, forwarded to %q", code, land.TransferTo)
	}

	// A's officers do not act on it: B decides (one version line).
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/start-processing", `{}`, nil); st != 409 {
		t.Fatalf("acting at A on a forwarded dossier: %d %s", st, body)
	}

	// 2. It reaches B's inbox; an officer of B accepts it.
	var item inbox.Item
	waitFor(t, "the forwarded dossier in B's inbox", 30*time.Second, func() bool {
		var l struct{ Items []inbox.Item }
		if st, _ := b.do(t, "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) == 0 {
			return false
		}
		item = l.Items[0]
		return true
	})
	if item.Kind != portal.KindTransfer || item.Transfer == nil || item.Transfer.MaHoSo != code || item.Transfer.TuDonVi != wardCfg.AgencyCode ||
		item.Submission.ChuHoSo.HoTen != "Vũ Thị Hạnh" || item.Submission.MaTTHC != "1.012789" || !item.Transfer.NgayHenTra.Equal(land.Dossier.AppointmentAt) {
		t.Fatalf("B's inbox: %+v", item)
	}
	if st, body := b.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/return", item.ID), `{"reason":"Thiếu bản đồ địa chính"}`, nil); st != 409 {
		t.Fatalf("returning a forwarded dossier from the inbox: %d %s", st, body)
	}
	var atB centre.DossierView
	if st, body := b.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), "", &atB); st != 201 {
		t.Fatalf("accept at B: %d %s", st, body)
	}
	if atB.Dossier.Code != code || atB.TransferFrom != wardCfg.AgencyCode || atB.Version != 2 ||
		len(atB.Dossier.Components) != 2 || atB.Dossier.Applicant.Name != "Vũ Thị Hạnh" ||
		!atB.Dossier.AppointmentAt.Equal(land.Dossier.AppointmentAt) || atB.Dossier.CompetentAgencyCode != landAgency {
		t.Fatalf("B's working copy: %+v", atB)
	}
	if st, _ := b.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), "", nil); st != 409 {
		t.Fatalf("second accept: %d", st)
	}
	// No code of B's own was used (the dossier sequence of B is untouched).
	if n := countRows(t, b.db, `SELECT count(*) FROM dossier_seq`); n != 0 {
		t.Fatalf("B reserved %d dossier numbers", n)
	}
	act := func(action, body string) centre.DossierView {
		t.Helper()
		var v centre.DossierView
		if st, b := b.do(t, "POST", "/api/v1/dossiers/"+code+"/"+action, body, &v); st != 200 {
			t.Fatalf("%s at B: %d %s", action, st, b)
		}
		return v
	}
	act("start-processing", `{"department":"Phòng Đăng ký"}`)
	waitFor(t, "A to show the processing", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Status == int(dossier.StatusProcessing) && row.Version == 3
	})
	// B asks for a supplement: A's kiosk tells the applicant what to bring.
	asked := act("request-supplement", `{"missing":["Bản đồ địa chính thửa đất"],"reason":"Thiếu bản đồ"}`)
	waitFor(t, "A to show the supplement request", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == asked.Version
	})
	lookup := func() centre.PublicDossier {
		t.Helper()
		tok := a.token
		a.token = a.kiosk
		defer func() { a.token = tok }()
		var pub centre.PublicDossier
		if st, body := a.do(t, "GET", "/api/v1/lookup/dossiers/"+code, "", &pub); st != 200 {
			t.Fatalf("A's kiosk lookup: %d %s", st, body)
		}
		return pub
	}
	if pub := lookup(); pub.Status != int(dossier.StatusSupplementRequired) || len(pub.Missing) != 1 || !strings.Contains(pub.Missing[0], "Bản đồ địa chính thửa đất") {
		t.Fatalf("A's kiosk during the supplement: %+v", pub)
	}
	supplied := act("supplement", `{}`)
	waitFor(t, "A to show the supplement", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == supplied.Version
	})

	// 3. The portal goes down; B resolves; both agents restart while it is down.
	proxy.down.Store(true)
	final := act("resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	time.Sleep(300 * time.Millisecond)
	agentA.stop()
	agentB.stop()
	if row, _ := a.db.Dossier(ctx, code); row.Version != supplied.Version {
		t.Fatalf("A changed while the portal was down: v%d", row.Version)
	}
	agentA = startLTAgent(a.db, syncagent.PortalClient{C: ca}, wardCfg.AgencyCode)
	agentB = startLTAgent(b.db, syncagent.PortalClient{C: cb}, provCfg.AgencyCode, landAgency)
	time.Sleep(200 * time.Millisecond)
	if proxy.refused.Load() == 0 {
		t.Fatal("the agents did not try the portal while it was down")
	}
	proxy.down.Store(false)

	// 4. A shows B's final state; so do A's kiosk and the portal.
	waitFor(t, "A to show the result", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == final.Version
	})
	var atA centre.DossierView
	if st, body := a.do(t, "GET", "/api/v1/dossiers/"+code, "", &atA); st != 200 {
		t.Fatalf("A's view: %d %s", st, body)
	}
	if atA.Dossier.Status != dossier.StatusResolved || atA.Version != final.Version || !atA.Dossier.ResolvedAt.Equal(final.Dossier.ResolvedAt.Truncate(time.Second)) ||
		atA.TransferTo != landAgency || atA.Dossier.CompetentAgency != final.Dossier.Competent() {
		t.Fatalf("A's view: %s v%d resolved %v (B: %v) competent %q", atA.StatusLabel, atA.Version, atA.Dossier.ResolvedAt, final.Dossier.ResolvedAt, atA.Dossier.CompetentAgency)
	}
	if pub := lookup(); pub.Status != int(dossier.StatusResolved) || len(pub.Missing) != 0 {
		t.Fatalf("A's kiosk lookup: %+v", pub)
	}
	pd, _, err := p.st.Dossier(ctx, code)
	must(t, err)
	if pd.Status != int(dossier.StatusResolved) || pd.Version != final.Version || pd.Centre != "tinh" {
		t.Fatalf("portal: %+v", pd)
	}

	// The result is handed over at A, where the applicant chose to collect
	// it: B may not hand it over itself; A's officer does, B records it as
	// its next version (the hand-over item, once), which flows back to A.
	if st, body := b.do(t, "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`, nil); st != 409 {
		t.Fatalf("return at B: %d %s", st, body)
	}
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/resolve", `{}`, nil); st != 409 {
		t.Fatalf("resolve at A: %d %s", st, body)
	}
	var handed centre.DossierView
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`, &handed); st != 200 ||
		handed.Dossier.Status != dossier.StatusReturned || handed.Version != final.Version {
		t.Fatalf("return at A: %d %s", st, body)
	}
	var returned centre.DossierView
	waitFor(t, "B to record the return made at A", 30*time.Second, func() bool {
		st, _ := b.do(t, "GET", "/api/v1/dossiers/"+code, "", &returned)
		return st == 200 && returned.Version == final.Version+1
	})
	waitFor(t, "A to hold B's version of the return", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == returned.Version
	})
	if st, body := a.do(t, "GET", "/api/v1/dossiers/"+code, "", &atA); st != 200 || atA.Dossier.Status != dossier.StatusReturned ||
		returned.Dossier.Status != dossier.StatusReturned || atA.Dossier.Return == nil || !atA.Dossier.Return.At.Equal(returned.Dossier.Return.At) ||
		returned.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" || !atA.Dossier.Return.At.Equal(handed.Dossier.Return.At) {
		t.Fatalf("A after the return: %d %s", st, body)
	}
	if pd, _, err := p.st.Dossier(ctx, code); err != nil || pd.Status != int(dossier.StatusReturned) || pd.Version != returned.Version ||
		!pd.NgayTra.Equal(handed.Dossier.Return.At.Truncate(time.Second)) {
		t.Fatalf("portal after the return: %+v %v", pd, err)
	}
	handOvers := 0
	for _, it := range inboxRows(t, b.db) {
		if it.Kind == portal.KindHandOver {
			handOvers++
			if it.Status != store.InboxAccepted || it.DossierCode != code {
				t.Fatalf("hand-over item at B: %+v", it)
			}
		}
	}
	if handOvers != 1 {
		t.Fatalf("%d hand-over items at B", handOvers)
	}
	var listed struct{ Items []inbox.Item }
	if st, body := b.do(t, "GET", "/api/v1/inbox?status=all", "", &listed); st != 200 || len(listed.Items) != 1 {
		t.Fatalf("B's officers' inbox lists %d items: %s", len(listed.Items), body)
	}
	final = returned

	// 5. Nothing twice: every state item at A applied once, in version
	// order; the history holds one update per applied state.
	var versions []int64
	for _, it := range inboxRows(t, a.db) {
		if it.Kind != portal.KindProgress {
			continue
		}
		if it.Status != store.InboxAccepted {
			t.Fatalf("state item %s: %s %s", it.PortalID, it.Status, it.Reason)
		}
		var pr portal.Progress
		must(t, json.Unmarshal(it.Doc, &pr))
		versions = append([]int64{pr.PhienBan}, versions...) // rows are newest first
	}
	for i := 1; i < len(versions); i++ {
		if versions[i] <= versions[i-1] {
			t.Fatalf("states pulled out of order or twice: %v", versions)
		}
	}
	if len(versions) < 2 || versions[len(versions)-1] != final.Version {
		t.Fatalf("states at A: %v", versions)
	}
	updates := countRows(t, a.db, `SELECT count(*) FROM dossier_events WHERE kind = 'TransferProgress' AND code = '`+code+`'`)
	if updates != len(versions) {
		t.Fatalf("%d updates at A for %d states", updates, len(versions))
	}
	// A's outbox has only its own reception (packet, step, transfer) and the hand-over.
	if n := countRows(t, a.db, `SELECT count(*) FROM outbox`); n != 4 {
		t.Fatalf("A's outbox: %d rows", n)
	}

	// 6. An older state replayed at A (e.g. a restored backup of the
	// portal) changes nothing.
	old := portal.Progress{MaHoSo: code, PhienBan: 3}
	old.HoSo = pd.Doc
	var raw map[string]any
	must(t, json.Unmarshal(old.HoSo, &raw))
	raw["TrangThaiHoSo"] = int(dossier.StatusProcessing)
	old.HoSo, _ = json.Marshal(raw)
	doc, _ := json.Marshal(old)
	must(t, a.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(wardCfg.AgencyCode, []store.InboxItem{{PortalID: "TD-replay", Seq: 1 << 40, Kind: portal.KindProgress, Doc: doc}}, 0)
		return err
	}))
	if _, err := a.in.ApplyProgress(ctx); err != nil {
		t.Fatal(err)
	}
	if row, _ := a.db.Dossier(ctx, code); row.Status != int(final.Dossier.Status) || row.Version != final.Version {
		t.Fatalf("an older state overwrote A: status %d v%d", row.Status, row.Version)
	}
}

func countRows(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	must(t, db.Write(context.Background(), func(tx *store.Tx) error { return tx.QueryRow(q).Scan(&n) }))
	return n
}
