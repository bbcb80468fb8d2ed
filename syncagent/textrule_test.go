package syncagent_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/syncagent"
)

func hasFormat(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) })
}

// TestLienThongInvisibleCharactersEndToEnd (docs/SECURITY.md, "Free text:
// invisible characters"): a liên thông dossier typed at the ward centre A
// with a right-to-left override and a zero-width space in the applicant's
// name, in decomposed Vietnamese, is forwarded through a real portal to
// the provincial centre B, decided there, and handed over at A to a
// collector whose name also holds U+202E and NFD: A, the portal and B all
// store the same clean NFC texts, and no item is refused on the way.
func TestLienThongInvisibleCharactersEndToEnd(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	h, err := portal.HashPassword("mat-khau-cap-tinh")
	must(t, err)
	provCfg := queue.DemoProvinceConfig()
	must(t, p.st.AddCentre(ctx, portal.Centre{Username: "tinh", Hash: h, Agencies: []string{provCfg.AgencyCode, landAgency}}))
	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	a := startLTCentre(t, wardCfg)
	b := startLTCentre(t, provCfg)
	ca := client.New(p.url, portalUser, portalPass)
	ca.MaDonVi = wardCfg.AgencyCode
	cb := client.New(p.url, "tinh", "mat-khau-cap-tinh")
	cb.MaDonVi = provCfg.AgencyCode
	agentA := startLTAgent(a.db, syncagent.PortalClient{C: ca}, wardCfg.AgencyCode)
	agentB := startLTAgent(b.db, syncagent.PortalClient{C: cb}, provCfg.AgencyCode, landAgency)
	defer func() { agentA.stop(); agentB.stop() }()

	jsonStr := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	applicant := "\u202e" + norm.NFD.String("Vũ Thị Hạnh") + "\u200b"
	var land centre.DossierView
	body := `{"procedure_code":"1.012789","applicant":{"name":` + jsonStr(applicant) + `,"id_number":"001099012345","address":` + jsonStr(norm.NFD.String("Số 3 Hàng Khay")+"\ufeff") + `,"phone":"0912345678"},
	 "components":[{"name":"Đơn đăng ký biến động đất đai","originals":1,"note":"bản\u2066 gốc"}]}`
	if st, b := a.do(t, "POST", "/api/v1/dossiers", body, &land); st != 201 {
		t.Fatalf("receive at A: %d %s", st, b)
	}
	code := land.Dossier.Code
	if land.Dossier.Applicant.Name != "Vũ Thị Hạnh" || land.Dossier.Applicant.Address != "Số 3 Hàng Khay" || land.Dossier.Components[0].Note != "bản gốc" {
		t.Fatalf("stored at A: %+q %+q %+q", land.Dossier.Applicant.Name, land.Dossier.Applicant.Address, land.Dossier.Components[0].Note)
	}

	var item inbox.Item
	waitFor(t, "the forwarded dossier in B's inbox", 30*time.Second, func() bool {
		var l struct{ Items []inbox.Item }
		if st, _ := b.do(t, "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) == 0 {
			return false
		}
		item = l.Items[0]
		return true
	})
	if item.Submission.ChuHoSo.HoTen != "Vũ Thị Hạnh" {
		t.Fatalf("B's inbox shows %+q", item.Submission.ChuHoSo.HoTen)
	}
	var atB centre.DossierView
	if st, body := b.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), "", &atB); st != 201 {
		t.Fatalf("accept at B: %d %s", st, body)
	}
	if atB.Dossier.Applicant.Name != "Vũ Thị Hạnh" {
		t.Fatalf("B's copy: %+q", atB.Dossier.Applicant.Name)
	}
	var final centre.DossierView
	for _, s := range []struct{ action, body string }{{"start-processing", `{}`}, {"resolve", `{"result":` + jsonStr("Đã cập nhật\u202e biến động") + `}`}} {
		if st, body := b.do(t, "POST", "/api/v1/dossiers/"+code+"/"+s.action, s.body, &final); st != 200 {
			t.Fatalf("%s at B: %d %s", s.action, st, body)
		}
	}
	waitFor(t, "A to show the result", 30*time.Second, func() bool {
		row, err := a.db.Dossier(ctx, code)
		return err == nil && row.Version == final.Version
	})

	// The hand-over at A: the collector's name as typed, with an override.
	collector := "\u202e" + norm.NFD.String("Nguyễn Văn Ánh") + "\u200b"
	var handed centre.DossierView
	if st, body := a.do(t, "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":`+jsonStr(collector)+`,"id_checked":true}`, &handed); st != 200 {
		t.Fatalf("return at A: %d %s", st, body)
	}
	if handed.Dossier.Return.CollectedBy != "Nguyễn Văn Ánh" {
		t.Fatalf("stored at A: %+q", handed.Dossier.Return.CollectedBy)
	}
	var returned centre.DossierView
	waitFor(t, "B to record the return made at A", 30*time.Second, func() bool {
		st, _ := b.do(t, "GET", "/api/v1/dossiers/"+code, "", &returned)
		return st == 200 && returned.Dossier.Status == dossier.StatusReturned
	})
	if returned.Dossier.Return.CollectedBy != "Nguyễn Văn Ánh" || !norm.NFC.IsNormalString(returned.Dossier.Return.CollectedBy) {
		t.Fatalf("at B: %+q", returned.Dossier.Return.CollectedBy)
	}
	st, err := cb.HandOverState(ctx, code)
	if err != nil || st.TraKetQua.NguoiNhan != "Nguyễn Văn Ánh" {
		t.Fatalf("the portal holds %+v %v", st, err)
	}
	for _, it := range append(inboxRows(t, a.db), inboxRows(t, b.db)...) {
		if hasFormat(string(it.Doc)) {
			t.Fatalf("inbox item %s holds a format character: %s", it.PortalID, it.Doc)
		}
	}
}

// TestPullInboxCleansTexts: an item a portal older than the rule holds
// with invisible characters and NFD is stored at the centre cleaned (the
// inbox page, the accept and the engine see clean texts), and the same
// item pulled twice is still one row.
func TestPullInboxCleansTexts(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	c := newCentre(t, nil)
	agency := queue.DemoConfig().AgencyCode
	doc := `{"ma_tthc":"1.001193","ma_don_vi":"` + agency + `","chu_ho_so":{"ho_ten":"\u202e` + norm.NFD.String("Trần Thị Hoà") + `\u200b","so_giay_to":"001190012345"},"trich_yeu":"a\u2028b","thanh_phan":[{"ten":"T\ufeffờ khai","so_ban_chinh":1}]}`
	_, err := p.st.(portal.InboxStore).PutInbound(ctx, portal.Inbound{Agency: agency, ID: "NTT-ABCDEFGHJKLM", Kind: "nop_truc_tuyen", Doc: []byte(doc), Created: time.Now()})
	must(t, err)
	n, err := syncagent.PullInbox(ctx, c.db, p.client(""), agency)
	if err != nil || n != 1 {
		t.Fatalf("pull: %d %v", n, err)
	}
	rows := inboxRows(t, c.db)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	var s portal.Submission
	must(t, json.Unmarshal(rows[0].Doc, &s))
	if s.ChuHoSo.HoTen != "Trần Thị Hoà" || s.TrichYeu != "a\nb" || s.ThanhPhan[0].Ten != "Tờ khai" || hasFormat(string(rows[0].Doc)) {
		t.Fatalf("stored: %s", rows[0].Doc)
	}
}
