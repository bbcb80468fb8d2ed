package inbox_test

// The warning about sectors without lĩnh vực codes (docs/CONFIG.md): on
// the console's monitor and inbox page (Vietnamese, English with the
// switch) and in the server log at start-up (English).

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// upgradedConfig is the demo ward as a centre upgraded from a version
// before linh_vuc has it: no sector lists its lĩnh vực codes.
func upgradedConfig() *queue.Config {
	cfg := queue.DemoConfig()
	for i := range cfg.Sectors {
		cfg.Sectors[i].LinhVuc = nil
	}
	return cfg
}

type monitorAlerts struct {
	Alerts []struct {
		Kind      string `json:"kind"`
		Message   string `json:"message"`
		MessageEN string `json:"message_en"`
	} `json:"alerts"`
}

func fieldAlert(t *testing.T, e *env) (vi, en string, n int) {
	t.Helper()
	b := consoletest.LoginBrowser(t, e.url, "giamsat", "matkhau123")
	st, body, _ := b.Get("/console/api/monitor")
	if st != 200 {
		t.Fatalf("monitor: %d %s", st, body)
	}
	var m monitorAlerts
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	for _, a := range m.Alerts {
		if a.Kind == "linh_vuc" {
			vi, en = a.Message, a.MessageEN
			n++
		}
	}
	return vi, en, n
}

// On an upgraded centre officers see nothing (privacy first), and the
// people who can fix it are told which sectors and how many items: the
// monitor alert and the inbox page (both languages), and the log. Once the
// codes are set, the officer sees their items and only the item of no
// field is still reported; with nothing wrong there is no warning at all.
func TestFieldWarningOnUpgradedCentre(t *testing.T) {
	ctx := context.Background()
	e := startConsoleCentre(t, upgradedConfig())
	e.putMany(t, "NTT-HOTICH", civilTTHC, 3)
	e.putMany(t, "NTT-DATDAI", landTTHC, 2)
	e.putMany(t, "NTT-KHONGRO", unknownTTHC, 1)

	var l list
	if st, b := e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 0 {
		t.Fatalf("canbo1 on an upgraded centre: %d %s", st, b)
	}
	w, err := e.in.FieldWarning(ctx)
	if err != nil || len(w.Sectors) != 6 || w.Hidden != 6 || w.Fields["TP-HT"] != 3 || w.Fields["TNMT-DD"] != 2 || w.Fields[""] != 1 {
		t.Fatalf("warning %+v %v", w, err)
	}
	vi, en, n := fieldAlert(t, e)
	for _, want := range []string{"Chưa khai báo mã lĩnh vực thủ tục (linh_vuc) cho 6 lĩnh vực", "Tư pháp – Hộ tịch (tuphap)", "Đất đai (datdai)",
		"6 hồ sơ đang chờ tiếp nhận chỉ giám sát viên xem được", "TP-HT – Tư pháp – Hộ tịch: 3", "thủ tục không có trong danh mục: 1", "Quản trị viên cần khai báo"} {
		if n != 1 || !strings.Contains(vi, want) {
			t.Errorf("monitor alert (%d) %q lacks %q", n, vi, want)
		}
	}
	for _, want := range []string{"6 sector(s) have no linh_vuc codes: tuphap, cutru", "6 waiting inbox item(s) are visible to supervisors only", "TP-HT: 3", "TNMT-DD: 2"} {
		if !strings.Contains(en, want) {
			t.Errorf("monitor alert EN %q lacks %q", en, want)
		}
	}
	page := consolePage(t, e)
	if !strings.Contains(page, `id="canh-bao-linh-vuc"`) || !strings.Contains(page, "Chưa khai báo mã lĩnh vực thủ tục (linh_vuc) cho 6 lĩnh vực") ||
		!strings.Contains(page, "6 hồ sơ đang chờ cán bộ kiểm tra") {
		t.Errorf("inbox page: %s", page)
	}
	b := consoletest.LoginBrowser(t, e.url, "giamsat", "matkhau123")
	if _, en, _ := b.Get("/console/hop-thu?lang=en"); !strings.Contains(en, "6 sector(s) have no linh_vuc codes") || !strings.Contains(en, "6 item(s) waiting") {
		t.Errorf("inbox page in English: %s", en)
	}
	// The log at start-up: one English warning with the sectors and the count.
	var buf bytes.Buffer
	e.in.LogFieldWarning(ctx, slog.New(slog.NewJSONHandler(&buf, nil)))
	var rec struct {
		Level   string   `json:"level"`
		Msg     string   `json:"msg"`
		Sectors []string `json:"sectors_without_linh_vuc"`
		Items   int      `json:"items_supervisors_only"`
	}
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil || rec.Level != "WARN" || len(rec.Sectors) != 6 || rec.Items != 6 ||
		!strings.Contains(rec.Msg, "officer inbox: 6 sector(s) have no linh_vuc codes") || strings.Count(buf.String(), "\n") != 1 {
		t.Fatalf("log: %s (%v)", buf.String(), err)
	}

	// An administrator sets the codes (the console's config): the officer
	// sees their field; only the item of no field is still reported.
	if err := e.srv.Engine().SetConfig(queue.DemoConfig()); err != nil {
		t.Fatal(err)
	}
	if st, b := e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 3 {
		t.Fatalf("canbo1 after the fix: %d %s", st, b)
	}
	vi, _, n = fieldAlert(t, e)
	if n != 1 || strings.Contains(vi, "Chưa khai báo") || !strings.Contains(vi, "1 hồ sơ đang chờ tiếp nhận chỉ giám sát viên xem được (thủ tục không có trong danh mục: 1)") {
		t.Errorf("alert after the fix: %d %q", n, vi)
	}
	// Nothing wrong: no alert, no log line, no banner.
	if err := e.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE inbox SET status = 'returned' WHERE portal_id LIKE 'NTT-KHONGRO%'`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, n = fieldAlert(t, e); n != 0 {
		t.Errorf("%d alerts with nothing wrong", n)
	}
	buf.Reset()
	e.in.LogFieldWarning(ctx, slog.New(slog.NewJSONHandler(&buf, nil)))
	if buf.Len() != 0 {
		t.Errorf("log with nothing wrong: %s", buf.String())
	}
	if page := consolePage(t, e); strings.Contains(page, "canh-bao-linh-vuc") {
		t.Errorf("banner with nothing wrong")
	}
}

// What a supervisor sees: the monitor's alert and the inbox page's banner
// in headless Chromium, in Vietnamese and in English (screenshots in
// INBOX_SCREENSHOTS or a temporary folder).
func TestBrowserFieldWarning(t *testing.T) {
	browsertest.Path(t)
	e := startConsoleCentre(t, upgradedConfig())
	e.putMany(t, "NTT-HOTICH", civilTTHC, 3)
	e.putMany(t, "NTT-DATDAI", landTTHC, 2)
	ctx := browsertest.Start(t, 1366, 900)
	browsertest.Do(t, ctx, "log in",
		chromedp.Navigate(e.url+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), "matkhau123"),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		browsertest.Until(`!!document.querySelector('#alerts .alert-linh_vuc')`),
	)
	if got := browsertest.Text(t, ctx, "#alerts .alert-linh_vuc"); !strings.Contains(got, "Chưa khai báo mã lĩnh vực thủ tục (linh_vuc) cho 6 lĩnh vực") ||
		!strings.Contains(got, "5 hồ sơ đang chờ tiếp nhận chỉ giám sát viên xem được") {
		t.Errorf("monitor alert on screen: %q", got)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "console-linh-vuc-warning.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "inbox page", chromedp.Navigate(e.url+"/console/hop-thu"), chromedp.WaitVisible(chromedp.ID("canh-bao-linh-vuc")))
	if got := browsertest.Text(t, ctx, "#canh-bao-linh-vuc"); !strings.Contains(got, "Cán bộ tại quầy của các lĩnh vực này chưa thấy hồ sơ nộp trực tuyến") {
		t.Errorf("inbox banner: %q", got)
	}
	if got := browsertest.Text(t, ctx, "#lang"); got != "EN" {
		t.Errorf("language switch on the Vietnamese page: %q", got)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "inbox-linh-vuc-warning.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "English", chromedp.Click(chromedp.ID("lang")), browsertest.Until(`document.documentElement.lang === 'en'`))
	if got := browsertest.Text(t, ctx, "#canh-bao-linh-vuc"); !strings.Contains(got, "6 sector(s) have no linh_vuc codes") {
		t.Errorf("inbox banner in English: %q", got)
	}
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "inbox-linh-vuc-warning-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
}

// The fix in the console: an administrator types a sector's lĩnh vực codes
// in Administration → sectors and saves; the warning then names one sector
// fewer, and the officer of that sector sees their submissions.
func TestBrowserAdminSetsLinhVuc(t *testing.T) {
	browsertest.Path(t)
	e := startConsoleCentre(t, upgradedConfig())
	e.putMany(t, "NTT-HOTICH", civilTTHC, 3)
	ctx := browsertest.Start(t, 1366, 900)
	browsertest.Do(t, ctx, "log in as admin",
		chromedp.Navigate(e.url+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("password"), "matkhau123"),
		chromedp.Click(chromedp.ID("login-btn")),
		// The alert comes with the first monitor read; the tabs answer clicks
		// once start-up has attached their handlers (__console.ready).
		browsertest.Until(`!!(document.querySelector('#alerts .alert-linh_vuc') && window.__console && window.__console.ready)`),
		chromedp.Click(chromedp.ID("tab-admin")),
		chromedp.WaitVisible(chromedp.ID("cfg-sectors")),
		chromedp.SendKeys(`[data-field="sectors[0].linh_vuc"]`, "TP-HT, TP-CT"),
	)
	browsertest.Shot(t, "INBOX_SCREENSHOTS", "console-admin-linh-vuc.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "save", chromedp.Click(chromedp.ID("cfg-save")), chromedp.Click(chromedp.ID("tab-monitor")),
		browsertest.Until(`(document.querySelector('#alerts .alert-linh_vuc')||{}).textContent.includes('cho 5 lĩnh vực')`))
	var sec []queue.Sector
	for _, s := range e.srv.Engine().Config().Sectors {
		if len(s.LinhVuc) > 0 {
			sec = append(sec, s)
		}
	}
	if len(sec) != 1 || sec[0].ID != "tuphap" || strings.Join(sec[0].LinhVuc, ",") != "TP-HT,TP-CT" {
		t.Fatalf("sectors with codes after the save: %+v", sec)
	}
	var l list
	if st, b := e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 3 {
		t.Fatalf("canbo1 after the admin's fix: %d %s", st, b)
	}
}
