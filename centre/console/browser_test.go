package console_test

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
)

// shotDir is where screenshots go: CONSOLE_SCREENSHOTS (docs/img when
// refreshing the documentation) or a temporary folder.
func shotDir(t testing.TB) string {
	if d := os.Getenv("CONSOLE_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}

func run(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browsertest.Do(t, ctx, what, steps...)
}

func poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingInterval(10*time.Millisecond))(ctx, t)
		return err
	})
}

func value[T any](t testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	return browsertest.Value(t, ctx, a)
}

// A supervisor logs in, sees a call appear on the monitor within a second,
// looks at a report and downloads its CSV.
func TestBrowserConsole(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	seedReportData(e)
	bg := context.Background()
	eng := e.srv.Engine()
	// A morning in the hall: counters open, people waiting, a kiosk out of paper.
	for _, k := range []string{"q1", "q2", "q3", "q4", "q5", "q7"} {
		officer := map[string]string{"q1": "canbo1", "q2": "canbo2"}[k]
		if err := eng.Open(bg, actor(officer, k), k); err != nil {
			t.Fatal(err)
		}
	}
	if err := eng.Pause(bg, actor("", "q5"), "q5", "Họp giao ban"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"hotich", "hotich", "chungthuc", "datdai", "hotich", "chungthuc", "dkkd", "hotich", "datdai", "chungthuc", "ldtbxh"} {
		e.issue(s)
	}
	for _, k := range []string{"q2", "q3", "q4"} {
		if _, _, err := eng.CallNext(bg, actor("", k), k, ""); err != nil {
			t.Fatal(err)
		}
	}
	e.api("POST", "/api/v1/devices/state", e.kiosk, map[string]string{"state": "printer:paper_out"})

	run(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
	)
	run(t, ctx, "monitor ready",
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		poll(`!!(window.__console && window.__console.ready && document.getElementById('conn').classList.contains('on'))`),
	)

	// A live call: the officer at q1 calls the next number.
	start := time.Now()
	tk, ok, err := eng.CallNext(bg, actor("canbo1", "q1"), "q1", "")
	if err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	run(t, ctx, "call shown", poll(`(document.querySelector('#counter-q1 .ticket')||{}).textContent === '`+tk.Number+`'`))
	shown := time.Since(start)
	// Shown (the poll above fails after its generous timeout); the
	// latency is logged, not asserted: it depends on the machine's load.
	t.Logf("call %s at q1 shown on the monitor after %v", tk.Number, shown)
	// No estimate for a service no open counter serves (ldtbxh: q8 and q10
	// are closed), as the kiosk and the phone page say.
	if row := browsertest.Text(t, ctx, "#service-ldtbxh"); !strings.Contains(row, "Chưa có quầy mở") {
		t.Errorf("service without an open counter: %q", row)
	}
	if row := browsertest.Text(t, ctx, "#service-hotich"); strings.Contains(row, "Chưa có quầy mở") || !strings.Contains(row, "phút") {
		t.Errorf("service with open counters: %q", row)
	}
	alerts := browsertest.Text(t, ctx, "#alerts")
	if !strings.Contains(alerts, "hết giấy") || !strings.Contains(alerts, "mất kết nối") {
		t.Errorf("alerts on screen: %q", alerts)
	}
	dir := shotDir(t)
	run(t, ctx, "settle", chromedp.Sleep(1300*time.Millisecond)) // let the flash fade
	writeShot(t, dir, "console-monitor.png", value(t, ctx, chromedp.CaptureScreenshot()))

	// Reports: the scripted days, as a custom range.
	run(t, ctx, "report",
		chromedp.Click(chromedp.ID("tab-reports")),
		chromedp.SetValue(chromedp.ID("rp-period"), "custom"),
		chromedp.SetValue(chromedp.ID("rp-from"), d1),
		chromedp.SetValue(chromedp.ID("rp-to"), d2),
		chromedp.Click(chromedp.ID("rp-go")),
		chromedp.WaitVisible(chromedp.ID("report-table")),
		poll(`Array.from(document.querySelectorAll('img.chart')).every(i => i.complete && i.naturalWidth > 0)`),
	)
	if cell := browsertest.Text(t, ctx, `#report-table tbody tr:first-child td:nth-child(2)`); cell != "7" {
		t.Errorf("report shows %q tickets issued, want 7", cell)
	}
	// Period in dd/mm/yyyy as everywhere else; charts at their natural size.
	if h := browsertest.Text(t, ctx, `#report-out h2`); !strings.Contains(h, d1[8:10]+"/"+d1[5:7]+"/"+d1[:4]) || strings.Contains(h, d1) {
		t.Errorf("report heading %q, want dd/mm/yyyy dates", h)
	}
	if w := value(t, ctx, chromedp.Evaluate[int](`document.querySelector('img.chart').getBoundingClientRect().width`)); w < 600 {
		t.Errorf("chart drawn %d px wide: its text would be too small", w)
	}
	writeShot(t, dir, "console-report.png", value(t, ctx, chromedp.CaptureScreenshot()))

	// Download the CSV as a person would: click the link.
	// The download behaviour is set for this test's browser context: without
	// the id it would be the shared browser's default context's.
	dl := t.TempDir()
	dctx, dcancel := context.WithTimeout(ctx, 60*time.Second)
	defer dcancel()
	progress := chromedp.Events(dctx, browser.DownloadProgress)
	run(t, ctx, "download",
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			yes := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: &yes,
				BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
			return err
		}),
		chromedp.Click(chromedp.ID("rp-csv")))
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download: cancelled by the browser")
		}
	}
	if guid == "" {
		t.Fatalf("download: not completed within 60 s (%v)", dctx.Err())
	}
	b, err := os.ReadFile(filepath.Join(dl, guid))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbfBáo cáo")) || !bytes.Contains(b, []byte("Toàn trung tâm,7,5,")) {
		t.Fatalf("downloaded CSV: %.200q", b)
	}

	// Administration, as a supervisor sees it (read-only).
	run(t, ctx, "admin tab",
		chromedp.Click(chromedp.ID("tab-admin")),
		chromedp.WaitVisible(chromedp.ID("cfg-services")))
	writeShot(t, dir, "console-admin.png", value(t, ctx, chromedp.CaptureScreenshot()))

	// English: the waiting tickets' statuses follow the switch.
	run(t, ctx, "english",
		chromedp.Click(chromedp.ID("tab-monitor")),
		chromedp.Click(chromedp.ID("lang")),
		poll(`Array.from(document.querySelectorAll('#tickets tbody tr td:nth-child(4)')).some(td => td.textContent === 'Waiting')`),
	)
	if txt := browsertest.Text(t, ctx, `#tickets tbody`); strings.Contains(txt, "Đang chờ") {
		t.Errorf("English ticket list still Vietnamese: %q", txt)
	}
	// the counters by their English names (name_en, else "Counter N")
	run(t, ctx, "english counter names",
		poll(`document.getElementById('counter-q9') && document.getElementById('counter-q9').textContent.includes('Counter 9 – Ward police')`))
	if txt := browsertest.Text(t, ctx, `#counter-q1`); !strings.Contains(txt, "Counter 1") || strings.Contains(txt, "Quầy") {
		t.Errorf("English counter row %q", txt)
	}
	writeShot(t, dir, "console-monitor-en.png", value(t, ctx, chromedp.CaptureScreenshot()))

	// Services by their English names (name_en, the Vietnamese one where the
	// config has none) in the services table, the counters' current tickets,
	// the ticket list and its filter, and the report's filter and table.
	en, vi := map[string]string{}, map[string]string{}
	for _, sv := range eng.Config().Services {
		en[sv.ID], vi[sv.ID] = sv.Name, sv.Name
		if sv.NameEN != "" {
			en[sv.ID] = sv.NameEN
		}
	}
	if en["hotich"] == vi["hotich"] {
		t.Fatal("the test centre's hotich has no English name")
	}
	if row := browsertest.Text(t, ctx, "#service-hotich"); !strings.Contains(row, en["hotich"]) || strings.Contains(row, vi["hotich"]) {
		t.Errorf("English services table row %q, want %q", row, en["hotich"])
	}
	byName := func(js string) []string {
		t.Helper()
		return value(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(`+strconv.Quote(js)+`)).map(e => e.textContent.trim())`))
	}
	isEN := func(where string, names []string) {
		t.Helper()
		if len(names) == 0 {
			t.Errorf("%s: nothing shown", where)
		}
		for _, n := range names {
			if !slices.Contains(slices.Collect(maps.Values(en)), n) {
				t.Errorf("%s: %q is not a service's English name", where, n)
			}
		}
	}
	isEN("counters' current tickets", byName(`#counters .cur .svc`))
	isEN("ticket list", byName(`#tickets tbody td:nth-child(2)`))
	isEN("ticket filter", byName(`#tk-filter option:not([value=""])`))
	run(t, ctx, "english report",
		chromedp.Click(chromedp.ID("tab-reports")),
		poll(`document.querySelector('#report-table') && document.querySelector('#report-table').textContent.includes(`+strconv.Quote(en["hotich"])+`)`))
	isEN("report filter", byName(`#rp-service option:not([value=""])`))
	if all := byName(`#rp-officer option[value=""], #rp-service option[value=""], #rp-counter option[value=""]`); !slices.Equal(all, []string{"All", "All", "All"}) {
		t.Errorf("report filters' first entries %q", all)
	}
	if ks := byName(`#rp-counter option:not([value=""])`); !slices.Contains(ks, "Counter 9 – Ward police") || slices.ContainsFunc(ks, func(k string) bool { return strings.Contains(k, "Quầy") }) {
		t.Errorf("English report counter filter %q", ks)
	}
	if txt := browsertest.Text(t, ctx, "#report-table"); strings.Contains(txt, vi["hotich"]) || strings.Contains(txt, "Quầy 1") || !strings.Contains(txt, "Counter 1") {
		t.Errorf("English report table: %q", txt)
	}
	writeShot(t, dir, "console-report-en.png", value(t, ctx, chromedp.CaptureScreenshot()))
	// Back in Vietnamese: the Vietnamese names again.
	run(t, ctx, "vietnamese again",
		chromedp.Click(chromedp.ID("tab-monitor")),
		chromedp.Click(chromedp.ID("lang")),
		poll(`document.getElementById('service-hotich').textContent.includes(`+strconv.Quote(vi["hotich"])+`)`))
	if opts := byName(`#tk-filter option:not([value=""])`); !slices.Contains(opts, vi["hotich"]) {
		t.Errorf("Vietnamese ticket filter %q", opts)
	}
}

func writeShot(t testing.TB, dir, name string, png []byte) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// An admin enrols a rating pad from the devices page: the role is offered,
// the token is shown once, and the list names the new kind.
func TestBrowserEnrolRatingPad(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	run(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-admin")),
		// The app knows who is logged in (admin: the form is offered).
		poll(`!!(window.__console && window.__console.ready)`),
	)
	run(t, ctx, "devices page",
		chromedp.Click(chromedp.ID("tab-admin")),
		chromedp.Click(chromedp.CSS(`button[data-sub="dev"]`)),
		chromedp.WaitVisible(chromedp.ID("device-form")),
		chromedp.SendKeys(chromedp.CSS(`#device-form input[data-field="name"]`), "Máy đánh giá quầy 1"),
		chromedp.SetValue(chromedp.CSS(`#device-form select[data-field="role"]`), "ratingpad"),
		chromedp.Click(chromedp.CSS(`#device-form button[type="submit"]`)),
		poll(`!!document.querySelector('#token-once code.token')`),
		poll(`document.getElementById('devices-admin').innerText.includes('Máy đánh giá quầy 1') && document.getElementById('devices-admin').innerText.includes('Máy đánh giá')`),
	)
	var role string
	if err := e.db.Read().QueryRow(`SELECT role FROM devices WHERE name='Máy đánh giá quầy 1'`).Scan(&role); err != nil || role != "ratingpad" {
		t.Fatalf("stored role %q, %v", role, err)
	}
	writeShot(t, shotDir(t), "console-devices-ratingpad.png", value(t, ctx, chromedp.CaptureScreenshot()))
}

// The slow-writes alert as a supervisor sees it on the monitor.
func TestBrowserSlowWritesAlert(t *testing.T) {
	e := newEnv(t)
	makeWritesSlow(t, e)
	ctx := browsertest.Start(t, 1366, 768)
	run(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
	)
	run(t, ctx, "monitor ready",
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		poll(`!!(window.__console && window.__console.ready)`),
		poll(`!!document.querySelector('#alerts .alert-slow_writes')`),
	)
	if a := browsertest.Text(t, ctx, "#alerts .alert-slow_writes"); !strings.Contains(a, "Máy chủ lưu dữ liệu chậm") || !strings.Contains(a, "kiểm tra ổ đĩa") {
		t.Errorf("alert on screen: %q", a)
	}
	dir := shotDir(t)
	writeShot(t, dir, "console-monitor-slow-writes.png", value(t, ctx, chromedp.CaptureScreenshot()))
	run(t, ctx, "english", chromedp.Click(chromedp.ID("lang")),
		poll(`(document.querySelector('#alerts .alert-slow_writes')||{textContent:''}).textContent.includes('slow to save data')`))
	writeShot(t, dir, "console-monitor-slow-writes-en.png", value(t, ctx, chromedp.CaptureScreenshot()))
}
