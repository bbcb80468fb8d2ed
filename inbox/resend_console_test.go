package inbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// refusedHere is a receiving centre A whose hand-over of a forwarded
// dossier (collected by "Vũ Thị Hạng") the deciding centre refused once.
type refusedHere struct {
	a      *env
	code   string
	refuse func(n int)                 // delivers the deciding centre's refusal of attempt n
	queued func() []lienthong.HandOver // A's hand-overs in its outbox, in order
	view   func() centre.DossierView
}

func startRefusedHere(t *testing.T) refusedHere {
	t.Helper()
	ctx := context.Background()
	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	a := startConsoleCentre(t, wardCfg)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var v centre.DossierView
	if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers", `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh"},"components":[{"name":"Đơn đăng ký","originals":1}]}`, &v); st != 201 || v.TransferTo != landAgency {
		t.Fatalf("receive at A: %d %s", st, raw)
	}
	code := v.Dossier.Code
	var mu sync.Mutex
	seq := int64(0)
	put := func(items ...store.InboxItem) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		for i := range items {
			seq++
			items[i].Seq = seq
		}
		must(a.db.Write(ctx, func(tx *store.Tx) error { _, err := tx.PutInboxItems(wardCfg.AgencyCode, items, seq); return err }))
	}
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai", MaLinhVuc: "DD", TenLinhVuc: "Đất đai",
		ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: qcvn120.At(v.Dossier.ReceivedAt),
		NgayHenTra: qcvn120.At(v.Dossier.AppointmentAt), NgayKetThucXuLy: qcvn120.At(time.Now()), TrangThaiHoSo: qcvn120.TrangThaiHoSo(dossier.StatusResolved),
		DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	pr, _ := json.Marshal(portal.Progress{MaHoSo: code, PhienBan: 4, HoSo: hs})
	put(store.InboxItem{PortalID: portal.ProgressID(code, 4), Kind: portal.KindProgress, Doc: pr})
	if n, err := a.in.ApplyProgress(ctx); err != nil || n != 1 {
		t.Fatalf("A applies the resolution: %d %v", n, err)
	}
	if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạng","id_checked":true}`, nil); st != 200 {
		t.Fatalf("return at A: %d %s", st, raw)
	}
	r := refusedHere{a: a, code: code}
	r.refuse = func(n int) {
		t.Helper()
		x := lienthong.HandOverRefusal{MaHoSo: code, MaDonViGiaiQuyet: landAgency, NoiGiaiQuyet: "Trung tâm tỉnh", PhienBan: 4,
			MaLyDo: lienthong.RefusalNotResolved, LyDo: fmt.Sprintf("Chưa có kết quả (lần %d)", n), ThoiDiem: time.Now()}
		if n > 1 {
			x.LanGui = n
		}
		doc, _ := json.Marshal(x)
		put(store.InboxItem{PortalID: lienthong.RefusalItemID(code, n), Kind: portal.KindHandOverRefusal, Doc: doc})
		if k, err := a.in.ApplyHandOverRefusals(ctx); err != nil || k != 1 {
			t.Fatalf("refusal of attempt %d: %d %v", n, k, err)
		}
	}
	r.queued = func() []lienthong.HandOver {
		t.Helper()
		var out []lienthong.HandOver
		for _, it := range outboxOf(t, a.db, lienthong.SvcHandOver) {
			var h lienthong.HandOver
			must(json.Unmarshal(it.Payload, &h))
			out = append(out, h)
		}
		return out
	}
	r.view = func() centre.DossierView {
		t.Helper()
		var v centre.DossierView
		if st, raw := a.do(t, "canbo1", "GET", "/api/v1/dossiers/"+code, "", &v); st != 200 {
			t.Fatalf("A's view: %d %s", st, raw)
		}
		return v
	}
	r.refuse(1)
	return r
}

// auditOf lists the console's audit entries of action.
func auditOf(t *testing.T, b *consoletest.Browser, action string) []store.AuditEntry {
	t.Helper()
	st, raw, _ := b.Get("/console/api/audit")
	if st != 200 {
		t.Fatalf("audit: %d %s", st, raw)
	}
	var all []store.AuditEntry
	if err := json.Unmarshal([]byte(raw), &all); err != nil {
		t.Fatal(err)
	}
	var out []store.AuditEntry
	for _, e := range all {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// TestConsoleResendRules (docs/SYNC.md step 9, docs/CONSOLE.md): the
// console's POST /console/hop-thu/{code}/gui-lai runs the counter's resend
// with its rules — no CSRF header or no session: refused before anything;
// a wrong attempt, a bad body, an unknown dossier: refused, nothing queued;
// eight presses at once with the refused attempt make one attempt (the
// others 409) and one audit entry naming the supervisor; a replay of the
// same press afterwards is 409; the next refusal offers the next attempt
// on the page; the page lists no form once the hand-over is pending.
func TestConsoleResendRules(t *testing.T) {
	r := startRefusedHere(t)
	path := "/console/hop-thu/" + r.code + "/gui-lai"
	anon := consoletest.NewBrowser(t, r.a.url)
	if st, _ := anon.Post(path, `{"attempt":1}`); st != 401 {
		t.Fatalf("no session: %d", st)
	}
	sup := consoletest.LoginBrowser(t, r.a.url, "giamsat", "matkhau123")
	if st, _ := consoletest.Post(t, sup.HC, sup.Base+path, "", `{"attempt":1}`); st != 403 {
		t.Fatalf("no CSRF header: %d", st)
	}
	page := consolePage(t, r.a)
	if !strings.Contains(page, `id="gui-lai-`+r.code+`"`) || !strings.Contains(page, "Gửi lại bàn giao kết quả (lần 2)") ||
		!strings.Contains(page, "Sẽ gửi lại bàn giao kết quả hồ sơ "+r.code+" (lần 2) qua cổng liên thông đến Văn phòng Đăng ký đất đai Hà Nội (Trung tâm tỉnh)") ||
		!strings.Contains(page, `value="Vũ Thị Hạng"`) || !strings.Contains(page, "hoặc gửi lại ngay dưới đây.") {
		t.Fatalf("the console's form: %s", page)
	}
	for _, c := range []struct {
		path, body string
		want       int
	}{
		{path, `{"attempt":2,"collected_by":"Vũ Thị Hạnh"}`, 409},
		{path, `{"attempt":0}`, 400},
		{path, `{"attempt":1,"collected_by":"` + strings.Repeat("á", 201) + `"}`, 400},
		{path, `{"attempt":1,"place":"Nơi\u001b[2J"}`, 400},
		{path, `{"attempt":`, 400},
		{"/console/hop-thu/000.00.06.H26-251205-9999/gui-lai", `{"attempt":1}`, 404},
		{"/console/hop-thu/khong-phai-ma/gui-lai", `{"attempt":1}`, 404},
	} {
		if st, raw := sup.Post(c.path, c.body); st != c.want {
			t.Errorf("%s %s: %d %s (want %d)", c.path, c.body, st, raw, c.want)
		}
	}
	if n := len(r.queued()); n != 1 {
		t.Fatalf("refused presses queued %d hand-overs", n)
	}
	if n := len(auditOf(t, sup, "lienthong.resend_handover")); n != 0 {
		t.Fatalf("refused presses audited: %d", n)
	}
	// Eight presses at once, two supervisors' sessions.
	other := consoletest.LoginBrowser(t, r.a.url, "quantri", "matkhau123")
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range codes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			b := sup
			if i%2 == 1 {
				b = other
			}
			codes[i], _ = b.Post(path, `{"attempt":1,"collected_by":"Vũ Thị Hạnh","place":"Điểm tiếp nhận số 2"}`)
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, st := range codes {
		switch st {
		case 200:
			ok++
		case 409:
		default:
			t.Fatalf("presses at once: %v", codes)
		}
	}
	if ok != 1 {
		t.Fatalf("presses at once: %v", codes)
	}
	hs := r.queued()
	if len(hs) != 2 || hs[1].LanGui != 2 || hs[1].NguoiNhan != "Vũ Thị Hạnh" || hs[1].NoiTra != "Điểm tiếp nhận số 2" || hs[1].MaDonViNhan != landAgency || hs[1].PhienBan != 4 {
		t.Fatalf("hand-overs queued: %+v", hs)
	}
	au := auditOf(t, sup, "lienthong.resend_handover")
	if len(au) != 1 || au[0].Target != r.code || (au[0].Actor != "giamsat" && au[0].Actor != "quantri") || !strings.Contains(au[0].Detail, `"lan_gui":2`) ||
		strings.Contains(au[0].Detail, "Hạnh") {
		t.Fatalf("audit: %+v", au)
	}
	v := r.view()
	if v.HandOverRefused != nil || v.HandOverAttempt != 2 || v.Dossier.Status != dossier.StatusReturned {
		t.Fatalf("A after the console's resend: %+v attempt %d", v.HandOverRefused, v.HandOverAttempt)
	}
	last := v.Dossier.History[len(v.Dossier.History)-1]
	if last.Action != "HandOverResent" || !strings.Contains(last.Note, "Gửi lại bàn giao kết quả (lần 2) đến Trung tâm tỉnh; sửa người nhận kết quả Vũ Thị Hạnh, nơi trả Điểm tiếp nhận số 2") ||
		(last.Officer != "Giám sát" && last.Officer != "Quản trị") {
		t.Fatalf("history step: %+v", last)
	}
	if st, _ := sup.Post(path, `{"attempt":1,"collected_by":"Vũ Thị Hạnh"}`); st != 409 {
		t.Fatalf("the same press replayed: %d", st)
	}
	if page := consolePage(t, r.a); strings.Contains(page, `class="gui-lai"`) {
		t.Fatalf("a form for a pending hand-over: %s", page)
	}
	r.refuse(2)
	if page := consolePage(t, r.a); !strings.Contains(page, `data-attempt="2" data-next="3"`) || !strings.Contains(page, `value="Điểm tiếp nhận số 2"`) {
		t.Fatalf("the form after the second refusal: %s", page)
	}
	if n := len(r.queued()); n != 2 {
		t.Fatalf("hand-overs after the second refusal: %d", n)
	}
}

// TestBrowserConsoleResend: the supervisor corrects the collector's name
// on /console/hop-thu in headless Chromium, the sentence to confirm
// follows, "Xác nhận gửi lại" sends attempt 2 once (a second click is not
// possible: the button stays disabled), the message says so; after the
// next refusal the English page (?lang=en) sends attempt 3 and answers in
// English. Screenshots in INBOX_SCREENSHOTS (docs/img) or a temporary folder.
func TestBrowserConsoleResend(t *testing.T) {
	r := startRefusedHere(t)
	browsertest.Path(t)
	ctx := browsertest.Start(t, 1366, 1000)
	form := `form.gui-lai[data-code="` + r.code + `"]`
	browsertest.Do(t, ctx, "log in",
		chromedp.Navigate(r.a.url+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), "matkhau123"),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		chromedp.Navigate(r.a.url+"/console/hop-thu"),
		chromedp.WaitVisible(form),
		browsertest.Until(`window.__hopthu && window.__hopthu.ready`))
	browsertest.Do(t, ctx, "correct the name",
		browsertest.Until(`(document.querySelector('`+form+` input[name=collected_by]').value = '', true)`),
		chromedp.SendKeys(form+` input[name=collected_by]`, "Vũ Thị Hạnh"),
		browsertest.Until(`document.querySelector('`+form+` .nguoi-nhan').textContent === 'Vũ Thị Hạnh'`))
	shown := browsertest.Text(t, ctx, form)
	if !strings.Contains(shown, "Sẽ gửi lại bàn giao kết quả hồ sơ "+r.code+" (lần 2) qua cổng liên thông đến Văn phòng Đăng ký đất đai Hà Nội (Trung tâm tỉnh)") ||
		!strings.Contains(shown, "cho Vũ Thị Hạnh.") || !strings.Contains(shown, "Chỉ gửi lại sau khi đã liên hệ đơn vị đó") {
		t.Errorf("the form: %q", shown)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "console-gui-lai-ban-giao.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "confirm",
		chromedp.Click(form+` button[type=submit]`),
		browsertest.Until(`document.querySelector('`+form+`').dataset.sent === '2'`))
	msg := browsertest.Text(t, ctx, form+" .ket-qua")
	if want := "Đã gửi lại bàn giao kết quả hồ sơ " + r.code + " (lần 2) đến Văn phòng Đăng ký đất đai Hà Nội; đang chờ đơn vị đó ghi nhận."; msg != want {
		t.Errorf("message: %q, want %q", msg, want)
	}
	if dis := browsertest.Value(t, ctx, chromedp.Evaluate[bool](`document.querySelector('`+form+` button[type=submit]').disabled`)); !dis {
		t.Error("the button is still enabled after sending")
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "console-gui-lai-ban-giao-da-gui.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	hs := r.queued()
	if len(hs) != 2 || hs[1].LanGui != 2 || hs[1].NguoiNhan != "Vũ Thị Hạnh" || hs[1].NoiTra != hs[0].NoiTra {
		t.Fatalf("hand-overs queued: %+v", hs)
	}

	r.refuse(2)
	browsertest.Do(t, ctx, "English page",
		chromedp.Navigate(r.a.url+"/console/hop-thu?lang=en"),
		chromedp.WaitVisible(form),
		browsertest.Until(`window.__hopthu && window.__hopthu.ready && document.documentElement.lang === 'en'`))
	shown = browsertest.Text(t, ctx, form)
	if !strings.Contains(shown, "Send the hand-over again (attempt 3)") ||
		!strings.Contains(shown, "The hand-over of dossier "+r.code+" will be sent again (attempt 3) through the portal to Văn phòng Đăng ký đất đai Hà Nội (Trung tâm tỉnh)") ||
		!strings.Contains(shown, "to Vũ Thị Hạnh.") || !strings.Contains(shown, "Confirm and send again") {
		t.Errorf("the English form: %q", shown)
	}
	if adv := browsertest.Text(t, ctx, "#ban-giao-chua-ghi-nhan"); !strings.Contains(adv, "send the hand-over again below") {
		t.Errorf("English advice: %q", adv)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "console-gui-lai-ban-giao-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "confirm in English",
		chromedp.Click(form+` button[type=submit]`),
		browsertest.Until(`document.querySelector('`+form+`').dataset.sent === '3'`))
	if msg := browsertest.Text(t, ctx, form+" .ket-qua"); !strings.HasPrefix(msg, "The hand-over of dossier "+r.code+" was sent again (attempt 3) to Văn phòng Đăng ký đất đai Hà Nội") {
		t.Errorf("English message: %q", msg)
	}
	if hs := r.queued(); len(hs) != 3 || hs[2].LanGui != 3 {
		t.Fatalf("hand-overs queued: %+v", hs)
	}
	// A stale page (attempt 2 is no longer the refused one): the server's refusal shows in English.
	r.refuse(3)
	browsertest.Do(t, ctx, "stale page",
		chromedp.Navigate(r.a.url+"/console/hop-thu?lang=en"),
		chromedp.WaitVisible(form),
		browsertest.Until(`window.__hopthu && window.__hopthu.ready`),
		browsertest.Until(`(document.querySelector('`+form+`').dataset.attempt = '2', true)`),
		chromedp.Click(form+` button[type=submit]`),
		browsertest.Until(`!document.querySelector('`+form+` .ket-qua').hidden`))
	if msg := browsertest.Text(t, ctx, form+" .ket-qua"); !strings.Contains(msg, "attempt 2 seen, 3 refused") && !strings.Contains(msg, "lần gửi 2") {
		t.Errorf("stale page's answer: %q", msg)
	}
	if hs := r.queued(); len(hs) != 3 {
		t.Fatalf("a stale page queued a hand-over: %d", len(hs))
	}
}
