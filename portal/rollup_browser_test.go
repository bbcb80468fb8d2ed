package portal_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// TestRollupPagesInChromium opens the province's rollup in headless
// Chromium, follows the drill-down link to the provincial centre, and
// checks what is shown. Screenshots: PORTAL_SHOTS (docs/img when
// refreshing the documentation) or a temporary folder.
func TestRollupPagesInChromium(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	seedProvince(t, e)
	// A Vietnamese browser (the pages follow Accept-Language, lang.go).
	ctx, cancel := context.WithTimeout(browsertest.StartOwn(t, 1366, 900, chromedp.Flag("lang", "vi-VN"), chromedp.Flag("accept-lang", "vi-VN,vi")), 90*time.Second)
	defer cancel()
	dir := os.Getenv("PORTAL_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", filepath.Join(dir, name))
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(e.URL+"/thong-ke/tong-hop?thang=2023-11")); err != nil {
		t.Fatal(err)
	}
	if h := text("h1"); h != "Tổng hợp tình hình giải quyết hồ sơ – Tỉnh Khánh Hòa" {
		t.Errorf("title: %q", h)
	}
	// Total row: 7 received (the forwarded dossier once), 1 carried, 4 resolved, 3 on time, 1 late.
	if f := strings.Fields(text("tfoot tr")); len(f) < 9 || strings.Join(f[:9], " ") != "Tổng cộng 7 1 4 3 1 75.00 %" {
		t.Errorf("total row: %q", f)
	}
	shot("portal-tong-hop-tinh.png")
	if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`tbody tr:first-child td:first-child a`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.WaitVisible(chromedp.CSS(`nav.path a + a`))); err != nil {
		t.Fatal(err)
	}
	if h := text("h1"); !strings.Contains(h, "Trung tâm Phục vụ hành chính công tỉnh") {
		t.Errorf("drill-down title: %q", h)
	}
	if r := text("tbody tr:nth-child(2) td:first-child"); !strings.Contains(r, "Chi nhánh số 1") {
		t.Errorf("branch row: %q", r)
	}
	shot("portal-tong-hop-trung-tam.png")
}
