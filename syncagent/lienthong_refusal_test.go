package syncagent_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
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

// pathBlocker fails (502) the calls to one path while block is set, and
// counts them: the portal unreachable for that route only.
type pathBlocker struct {
	rp      *httputil.ReverseProxy
	path    string
	block   atomic.Bool
	blocked atomic.Int64
}

func newPathBlocker(t *testing.T, target, path string) (*pathBlocker, string) {
	u, _ := url.Parse(target)
	p := &pathBlocker{rp: httputil.NewSingleHostReverseProxy(u), path: path}
	ts := httptest.NewServer(p)
	t.Cleanup(func() { ts.CloseClientConnections(); ts.Close() })
	return p, ts.URL
}

func (p *pathBlocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == p.path && p.block.Load() {
		p.blocked.Add(1)
		http.Error(w, "portal down", http.StatusBadGateway)
		return
	}
	p.rp.ServeHTTP(w, r)
}

// TestLienThongHandOverRefusedReachesReceivingCentre (liên thông, the route
// back): B resolves a dossier A received; B is then restored from a backup
// taken before it resolved. A's officer hands the result over while the
// portal is down (both agents restarted); the portal comes back, B cannot
// record the hand-over and sends its refusal, which cannot reach the portal
// at first (both agents restarted again); then it does, and A marks the
// dossier's hand-over refused exactly once — its view says "Bàn giao kết
// quả chưa được ghi nhận tại <B>: <lý do>" — and the portal shows the
// refusal to A and B. A third centre's refusal of the same hand-over is
// refused like one of a hand-over that does not exist, and queues nothing.
func TestLienThongHandOverRefusedReachesReceivingCentre(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	provCfg := queue.DemoProvinceConfig()
	for _, c := range []struct {
		u, pw string
		ag    []string
	}{
		{"tinh", "mat-khau-cap-tinh", []string{provCfg.AgencyCode, landAgency}},
		{"thu-ba", "mat-khau-thu-ba", []string{"000.00.08.H26"}},
	} {
		h, err := portal.HashPassword(c.pw)
		must(t, err)
		must(t, p.st.AddCentre(ctx, portal.Centre{Username: c.u, Hash: h, Agencies: c.ag}))
	}
	proxy, purl := newInboxProxy(t, p.url)
	blocker, burl := newPathBlocker(t, purl, "/api/v1/lien-thong/tra-ket-qua/tu-choi")

	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	a := startLTCentre(t, wardCfg)
	b := startLTCentre(t, provCfg)
	ca := client.New(burl, portalUser, portalPass)
	ca.MaDonVi = wardCfg.AgencyCode
	cb := client.New(burl, "tinh", "mat-khau-cap-tinh")
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
	act := func(path, body string) centre.DossierView {
		t.Helper()
		var v centre.DossierView
		if st, raw := b.do(t, "POST", path, body, &v); st/100 != 2 {
			t.Fatalf("%s at B: %d %s", path, st, raw)
		}
		return v
	}
	act(fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), "")
	act("/api/v1/dossiers/"+code+"/start-processing", `{}`)
	backup, err := b.db.Dossier(ctx, code)
	must(t, err)
	final := act("/api/v1/dossiers/"+code+"/resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	waitFor(t, "A to show the resolution", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == final.Version
	})
	// B is restored from a backup taken before it resolved.
	must(t, b.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE dossiers SET status = ?, version = ?, doc = ? WHERE code = ?`, backup.Status, backup.Version, string(backup.Doc), code)
		return err
	}))

	// The portal is down while A's officer hands the result over; both agents restart.
	proxy.down.Store(true)
	var handed centre.DossierView
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`, &handed); st != 200 ||
		handed.Dossier.Status != dossier.StatusReturned {
		t.Fatalf("return at A: %d %s", st, body)
	}
	agentA.stop()
	agentB.stop()
	agentA, agentB = startA(), startB()
	waitFor(t, "the agents to try the portal while it is down", 30*time.Second, func() bool { return proxy.refused.Load() > 0 })

	// The portal returns, but not yet for the refusal's route: B refuses
	// the hand-over and cannot send the refusal; both agents restart.
	blocker.block.Store(true)
	proxy.down.Store(false)
	waitFor(t, "B's agent to try sending the refusal", 30*time.Second, func() bool { return blocker.blocked.Load() > 0 })
	agentA.stop()
	agentB.stop()
	if row, _ := a.db.Dossier(ctx, code); strings.Contains(string(row.Doc), "tra_ket_qua_tu_choi") {
		t.Fatal("A shows a refusal the portal never had")
	}
	agentA, agentB = startA(), startB()
	time.Sleep(100 * time.Millisecond)
	blocker.block.Store(false)

	var atA centre.DossierView
	waitFor(t, "A to show the refused hand-over", 30*time.Second, func() bool {
		atA = centre.DossierView{}
		st, _ := a.do(t, "GET", "/api/v1/dossiers/"+code, "", &atA)
		return st == 200 && atA.HandOverRefused != nil
	})
	r := atA.HandOverRefused
	if r.MaLyDo != lienthong.RefusalNotResolved || r.DonViGiaiQuyet != landAgency || r.NoiGiaiQuyet != provCfg.CentreName ||
		!strings.HasPrefix(r.ThongBao, "Bàn giao kết quả chưa được ghi nhận tại "+provCfg.CentreName+": ") || r.LyDo == "" ||
		!strings.Contains(r.CanLam, "Liên hệ") || atA.Dossier.Status != dossier.StatusReturned || atA.Version != handed.Version {
		t.Fatalf("A's view: %+v %s v%d", r, atA.StatusLabel, atA.Version)
	}
	// Exactly once: one refusal item at A, applied; one step; B's refusal
	// row once; the portal holds one.
	time.Sleep(300 * time.Millisecond) // further rounds of both agents
	refusals := 0
	for _, it := range inboxRows(t, a.db) {
		if it.Kind == portal.KindHandOverRefusal {
			refusals++
			if it.Status != store.InboxAccepted || it.DossierCode != code {
				t.Fatalf("refusal item at A: %+v", it)
			}
		}
	}
	if refusals != 1 {
		t.Fatalf("%d refusal items at A", refusals)
	}
	if n := countRows(t, a.db, `SELECT count(*) FROM dossier_events WHERE kind = 'HandOverRefused' AND code = '`+code+`'`); n != 1 {
		t.Fatalf("%d refusal steps at A", n)
	}
	if n := countRows(t, b.db, `SELECT count(*) FROM outbox WHERE service = '`+lienthong.SvcHandOverRefusal+`'`); n != 1 {
		t.Fatalf("%d refusal rows at B", n)
	}
	for _, cl := range []*client.Client{ca, cb} {
		st, err := cl.HandOverState(ctx, code)
		if err != nil || st.TuChoi == nil || st.TuChoi.MaLyDo != lienthong.RefusalNotResolved || st.TuChoi.LyDo != r.LyDo || st.TraKetQua.NguoiNhan != "Vũ Thị Hạnh" {
			t.Fatalf("the portal's hand-over state: %+v %v", st, err)
		}
	}

	// A third centre: refused as if there were no such hand-over; nothing queued.
	c3 := client.New(p.url, "thu-ba", "mat-khau-thu-ba")
	x := lienthong.HandOverRefusal{MaHoSo: code, NoiGiaiQuyet: "Trung tâm khác", MaLyDo: lienthong.RefusalNoDossier, LyDo: "Không có hồ sơ", ThoiDiem: time.Now()}
	var ce, ce2 *client.CallError
	_, err = c3.RefuseHandOver(ctx, x)
	none := x
	none.MaHoSo = wardCfg.AgencyCode + "-200101-0001"
	_, err2 := c3.RefuseHandOver(ctx, none)
	if !errors.As(err, &ce) || !errors.As(err2, &ce2) || ce.Status != http.StatusForbidden || ce2.Status != ce.Status || ce.Message != ce2.Message {
		t.Fatalf("a third centre's refusal: %v / %v", err, err2)
	}
	if _, err := c3.HandOverState(ctx, code); !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Fatalf("a third centre reads the hand-over: %v", err)
	}
	items, err := client.New(p.url, portalUser, portalPass).Inbox(ctx, wardCfg.AgencyCode, 0, 0)
	must(t, err)
	n := 0
	for _, it := range items {
		if it.Kind == portal.KindHandOverRefusal {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d refusals queued for A", n)
	}
}
