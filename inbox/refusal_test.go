package inbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// startConsoleCentre runs a centre with cfg, the dossier part, the inbox
// and the console's inbox page, canbo1 signed in at q1 and a supervisor
// "giamsat" for the console.
func startConsoleCentre(t *testing.T, cfg *queue.Config) *env {
	t.Helper()
	e := &env{token: map[string]string{}}
	c := centretest.Start(t, centretest.Options{
		Config:   func(c *queue.Config) { *c = *cfg },
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Cán bộ một"}, {Username: "giamsat", FullName: "Giám sát", Role: "supervisor"},
			{Username: "quantri", FullName: "Quản trị", Role: "admin"}},
		Mount: func(m centretest.Mount) error {
			e.db = m.DB
			if _, err := console.Mount(m.Server, m.DB, console.Options{}); err != nil {
				return err
			}
			in, err := inbox.Mount(m.Server, m.DB, inbox.Options{})
			if err != nil {
				return err
			}
			in.MountConsolePage(m.Server)
			e.in, e.srv = in, m.Server
			return nil
		},
	})
	e.url = c.URL
	e.token["canbo1"] = c.Login(context.Background(), "canbo1", "q1").Token()
	return e
}

// consolePage reads /console/hop-thu as the supervisor.
func consolePage(t *testing.T, e *env) string {
	t.Helper()
	hc := consoletest.NewClient()
	consoletest.FormLogin(t, hc, e.url, "giamsat", "matkhau123")
	resp, err := hc.Get(e.url + "/console/hop-thu")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("console inbox page: %d %s", resp.StatusCode, b.String())
	}
	return b.String()
}

// outboxOf lists the rows of one service in db's outbox.
func outboxOf(t *testing.T, db *store.DB, service string) []store.OutboxItem {
	t.Helper()
	all, err := db.OutboxAfter(context.Background(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.OutboxItem
	for _, it := range all {
		if it.Service == service {
			out = append(out, it)
		}
	}
	return out
}

// TestHandOverRefusalMarkedAtReceivingCentre (liên thông): the receiving
// centre A hands over the result of a dossier the deciding centre B
// resolved; B, restored from a backup taken before it resolved, cannot
// record it, marks its item returned and queues the refusal (machine code
// chua_co_ket_qua, the Vietnamese reason) in the same transaction, once.
// Delivered to A (as the portal does), it marks A's dossier once — the
// view and the console's inbox page say "Bàn giao kết quả chưa được ghi
// nhận tại <B>: <lý do>" and what to do, at the version held, with one
// history step and no outbox row — while a refusal claiming another
// deciding agency, or with a reason out of bounds, is not applied. When B's return comes back after all,
// the alert is gone, and a refusal arriving after that newer state is not applied.
func TestHandOverRefusalMarkedAtReceivingCentre(t *testing.T) {
	ctx := context.Background()
	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	provCfg := queue.DemoProvinceConfig()
	a := startConsoleCentre(t, wardCfg)
	b, _ := startCentre(t, provCfg)
	var v centre.DossierView
	if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers", `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh"},"components":[{"name":"Đơn đăng ký","originals":1}]}`, &v); st != 201 || v.TransferTo != landAgency {
		t.Fatalf("receive at A: %d %s", st, raw)
	}
	code := v.Dossier.Code
	deliver(t, a, b)
	var l struct{ Items []inbox.Item }
	if st, raw := b.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 1 {
		t.Fatalf("B's inbox: %d %s", st, raw)
	}
	step := func(path, body string) {
		t.Helper()
		if st, raw := b.do(t, "canbo1", "POST", path, body, nil); st/100 != 2 {
			t.Fatalf("%s at B: %d %s", path, st, raw)
		}
	}
	step(fmt.Sprintf("/api/v1/inbox/%d/accept", l.Items[0].ID), "")
	step("/api/v1/dossiers/"+code+"/start-processing", `{}`)
	backup, err := b.db.Dossier(ctx, code) // B's state before it resolved
	if err != nil {
		t.Fatal(err)
	}
	step("/api/v1/dossiers/"+code+"/resolve", `{"result":"Đã cập nhật biến động"}`)

	// B's resolution reaches A (as the portal's tien_do item).
	packets := outboxOf(t, b.db, qcvn120.SvcDongBoHoSo)
	last := packets[len(packets)-1]
	pr, _ := json.Marshal(portal.Progress{MaHoSo: code, PhienBan: last.Version, HoSo: json.RawMessage(last.Payload)})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	put := func(e *env, agency string, seq int64, items ...store.InboxItem) {
		t.Helper()
		must(e.db.Write(ctx, func(tx *store.Tx) error { _, err := tx.PutInboxItems(agency, items, seq); return err }))
	}
	put(a, wardCfg.AgencyCode, 1, store.InboxItem{PortalID: portal.ProgressID(code, last.Version), Seq: 1, Kind: portal.KindProgress, Doc: pr})
	if n, err := a.in.ApplyProgress(ctx); err != nil || n != 1 {
		t.Fatalf("A applies the resolution: %d %v", n, err)
	}
	var handed centre.DossierView
	if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`, &handed); st != 200 {
		t.Fatalf("return at A: %d %s", st, raw)
	}
	hos := outboxOf(t, a.db, lienthong.SvcHandOver)
	if len(hos) != 1 {
		t.Fatalf("A's hand-overs: %+v", hos)
	}

	// B is restored from its backup before the hand-over arrives.
	must(b.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE dossiers SET status = ?, version = ?, doc = ? WHERE code = ?`, backup.Status, backup.Version, string(backup.Doc), code)
		return err
	}))
	put(b, landAgency, 2, store.InboxItem{PortalID: portal.HandOverID(code), Seq: 2, Kind: portal.KindHandOver, Doc: []byte(hos[0].Payload)})
	if n, err := b.in.ApplyHandOvers(ctx); err != nil || n != 0 {
		t.Fatalf("B applies the hand-over: %d %v", n, err)
	}
	if n, err := b.in.ApplyHandOvers(ctx); err != nil || n != 0 {
		t.Fatalf("B again: %d %v", n, err)
	}
	refs := outboxOf(t, b.db, lienthong.SvcHandOverRefusal)
	var x lienthong.HandOverRefusal
	if len(refs) != 1 || refs[0].Key != code || json.Unmarshal([]byte(refs[0].Payload), &x) != nil ||
		x.MaLyDo != lienthong.RefusalNotResolved || x.MaDonViGiaiQuyet != landAgency || x.NoiGiaiQuyet != provCfg.CentreName ||
		x.LyDo == "" || x.NguoiNhan != "Vũ Thị Hạnh" || x.PhienBan != handed.Version {
		t.Fatalf("B's refusal rows: %+v %+v", refs, x)
	}

	// At A (as the portal queues it): a forged refusal from another
	// agency first, then B's.
	forged := x
	forged.MaDonViGiaiQuyet, forged.NoiGiaiQuyet, forged.LyDo = "000.00.09.H26", "Đơn vị khác", "Giả mạo"
	fd, _ := json.Marshal(forged)
	bad := x
	bad.LyDo = "Lý do\x1b[2J" + strings.Repeat("x", 600)
	bd, _ := json.Marshal(bad)
	put(a, wardCfg.AgencyCode, 4,
		store.InboxItem{PortalID: "TC-forged", Seq: 2, Kind: portal.KindHandOverRefusal, Doc: fd},
		store.InboxItem{PortalID: "TC-bad", Seq: 3, Kind: portal.KindHandOverRefusal, Doc: bd},
		store.InboxItem{PortalID: portal.HandOverRefusalID(code), Seq: 4, Kind: portal.KindHandOverRefusal, Doc: []byte(refs[0].Payload)})
	aOutbox, _ := a.db.OutboxAfter(ctx, 0, 10000)
	if n, err := a.in.ApplyHandOverRefusals(ctx); err != nil || n != 1 {
		t.Fatalf("A applies the refusals: %d %v", n, err)
	}
	if n, err := a.in.ApplyHandOverRefusals(ctx); err != nil || n != 0 {
		t.Fatalf("A again: %d %v", n, err)
	}
	notice := "Bàn giao kết quả chưa được ghi nhận tại " + provCfg.CentreName + ": " + x.LyDo
	var atA centre.DossierView
	if st, raw := a.do(t, "canbo1", "GET", "/api/v1/dossiers/"+code, "", &atA); st != 200 || atA.HandOverRefused == nil ||
		atA.HandOverRefused.ThongBao != notice || !strings.Contains(atA.HandOverRefused.CanLam, "Liên hệ "+provCfg.CentreName) ||
		atA.HandOverRefused.MaLyDo != lienthong.RefusalNotResolved || atA.Version != handed.Version || atA.Dossier.Status != dossier.StatusReturned {
		t.Fatalf("A's view: %d %s", st, raw)
	}
	if after, _ := a.db.OutboxAfter(ctx, 0, 10000); len(after) != len(aOutbox) {
		t.Fatalf("A wrote %d outbox rows for the refusal", len(after)-len(aOutbox))
	}
	var steps int
	must(a.db.Write(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(`SELECT count(*) FROM dossier_events WHERE code = ? AND kind = 'HandOverRefused'`, code).Scan(&steps)
	}))
	if steps != 1 {
		t.Fatalf("%d refusal steps at A", steps)
	}
	items, _ := a.db.InboxItems(ctx, "", 100)
	for _, it := range items {
		switch it.PortalID {
		case "TC-forged", "TC-bad":
			if it.Status != store.InboxReturned || it.Reason == "" {
				t.Errorf("refusal %s: %+v", it.PortalID, it)
			}
		case portal.HandOverRefusalID(code):
			if it.Status != store.InboxAccepted || it.DossierCode != code {
				t.Errorf("refusal item: %+v", it)
			}
		}
	}
	if st, raw := a.do(t, "canbo1", "GET", "/api/v1/inbox?status=all", "", &l); st != 200 || len(l.Items) != 0 {
		t.Fatalf("A's officers' list: %s", raw)
	}
	page := consolePage(t, a)
	reasonVI, _ := inbox.RefusalReason(lienthong.RefusalNotResolved)
	if !strings.Contains(page, "Bàn giao kết quả liên thông chưa được đơn vị giải quyết ghi nhận (1)") || !strings.Contains(page, "Lý do: "+reasonVI) ||
		!strings.Contains(page, "chưa được ghi nhận tại "+provCfg.CentreName) || !strings.Contains(page, x.LyDo) ||
		!strings.Contains(page, code) || !strings.Contains(page, "Cần làm: ") || !strings.Contains(page, "Vũ Thị Hạnh") ||
		strings.Contains(page, "Giả mạo") || !strings.Contains(page, "Mã lý do: <code>"+lienthong.RefusalNotResolved+"</code>") {
		t.Fatalf("A's console page: %s", page)
	}
	if out := os.Getenv("MOTCUA_REFUSAL_PAGE"); out != "" { // for a screenshot
		os.WriteFile(out, []byte(page), 0o644)
	}
	t.Run("browser", func(t *testing.T) { browseRefusal(t, a, code) })

	// B records the return after all; its state comes back and clears the alert.
	var raw map[string]any
	must(json.Unmarshal([]byte(last.Payload), &raw))
	raw["TrangThaiHoSo"] = int(dossier.StatusReturned)
	raw["NgayTra"] = qcvn120.At(time.Now())
	back, _ := json.Marshal(raw)
	pr, _ = json.Marshal(portal.Progress{MaHoSo: code, PhienBan: last.Version + 1, HoSo: back})
	put(a, wardCfg.AgencyCode, 5, store.InboxItem{PortalID: portal.ProgressID(code, last.Version+1), Seq: 5, Kind: portal.KindProgress, Doc: pr})
	if n, err := a.in.ApplyProgress(ctx); err != nil || n != 1 {
		t.Fatalf("A applies B's return: %d %v", n, err)
	}
	atA = centre.DossierView{}
	if st, raw := a.do(t, "canbo1", "GET", "/api/v1/dossiers/"+code, "", &atA); st != 200 || atA.HandOverRefused != nil || atA.Version != last.Version+1 {
		t.Fatalf("A after B's return: %d %s", st, raw)
	}
	if page := consolePage(t, a); strings.Contains(page, "chưa được đơn vị giải quyết ghi nhận") {
		t.Fatalf("the alert stays after B's return: %s", page)
	}
	// A refusal pulled after B's newer state (both in one round) is stale: not applied.
	put(a, wardCfg.AgencyCode, 6, store.InboxItem{PortalID: "TC-late", Seq: 6, Kind: portal.KindHandOverRefusal, Doc: []byte(refs[0].Payload)})
	if n, err := a.in.ApplyHandOverRefusals(ctx); err != nil || n != 0 {
		t.Fatalf("a stale refusal: %d %v", n, err)
	}
	atA = centre.DossierView{}
	if st, raw := a.do(t, "canbo1", "GET", "/api/v1/dossiers/"+code, "", &atA); st != 200 || atA.HandOverRefused != nil {
		t.Fatalf("A after a stale refusal: %d %s", st, raw)
	}
}

// browseRefusal looks at A's refusal on the console's inbox page in
// headless Chromium: the reason in plain words, the machine code only on
// the details line (closed until opened), and the English page from the
// switch (screenshots in INBOX_SCREENSHOTS or a temporary folder).
func browseRefusal(t *testing.T, a *env, code string) {
	browsertest.Path(t)
	ctx := browsertest.Start(t, 1366, 900)
	browsertest.Do(t, ctx, "log in",
		chromedp.Navigate(a.url+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), "matkhau123"),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		chromedp.Navigate(a.url+"/console/hop-thu"),
		chromedp.WaitVisible(chromedp.ID("ban-giao-chua-ghi-nhan")))
	vi, en := inbox.RefusalReason(lienthong.RefusalNotResolved)
	shown := browsertest.Text(t, ctx, "#ban-giao-chua-ghi-nhan")
	if !strings.Contains(shown, "Lý do: "+vi) || !strings.Contains(shown, "Hồ sơ "+code) || strings.Contains(shown, lienthong.RefusalNotResolved) ||
		!strings.Contains(shown, "Chi tiết cho cán bộ CNTT") {
		t.Errorf("refusal on screen (details closed): %q", shown)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "inbox-refusal.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "open the details", chromedp.Click(`details.chi-tiet summary`))
	if shown := browsertest.Text(t, ctx, "#ban-giao-chua-ghi-nhan details"); !strings.Contains(shown, "Mã lý do: "+lienthong.RefusalNotResolved) {
		t.Errorf("details line: %q", shown)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "inbox-refusal-details.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "English", chromedp.Click(chromedp.ID("lang")), browsertest.Until(`document.documentElement.lang === 'en'`))
	shown = browsertest.Text(t, ctx, "#ban-giao-chua-ghi-nhan")
	if !strings.Contains(shown, "Reason: "+en) || !strings.Contains(shown, "What to do: The result handed to the citizen stays valid") ||
		strings.Contains(shown, lienthong.RefusalNotResolved) {
		t.Errorf("refusal in English: %q", shown)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "inbox-refusal-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
}
