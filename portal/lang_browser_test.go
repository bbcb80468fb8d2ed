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
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// TestPortalPagesInChromiumEnglish opens the public pages in headless
// Chromium: a forwarded dossier's lookup (where to collect the result) in
// Vietnamese, then the header link to English and the English lookup;
// online submission, statistics and the provincial centre's rollup (its
// own DongBoThongKeHoSo beside the portal's figures, the difference
// flagged) in Vietnamese and in English. Screenshots: PORTAL_SHOTS (docs/img) or a temporary folder.
func TestPortalPagesInChromiumEnglish(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	seedProvince(t, e)
	pushReports(t, e)
	// A dossier received at the ward, forwarded to the provincial centre,
	// the result to be collected at the ward.
	fwd := ward + "-231106-0006"
	ctx0 := context.Background()
	if _, err := client.New(e.URL, "c1", "secret1").Transfer(ctx0, portal.Transfer{MaDonViNhan: provCentre, HoSo: raw(t, hoso(fwd, 2)), PhienBan: 1, TraKetQuaTai: "noi_tiep_nhan"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(browsertest.StartOwn(t, 1280, 900, chromedp.Flag("lang", "vi-VN"), chromedp.Flag("accept-lang", "vi-VN,vi")), 90*time.Second)
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
		return browsertest.Value(t, ctx, chromedp.Text(chromedp.CSS(sel)))
	}
	browsertest.Do(t, ctx, "open the lookup", chromedp.Navigate(e.URL+"/tra-cuu?ma="+fwd))
	if s := text("dl"); !strings.Contains(s, "Nơi nhận kết quả") || !strings.Contains(s, "Nhận trực tiếp tại nơi đã nộp hồ sơ: Trung tâm Phục vụ hành chính công phường Nha Trang") {
		t.Errorf("lookup: %q", s)
	}
	shot("portal-tra-cuu-noi-nhan.png")
	browsertest.Do(t, ctx, "switch to English", chromedp.Click(chromedp.CSS("header a.lang")), chromedp.WaitVisible(chromedp.CSS("dl")))
	if h, s := text("h1"), text("dl"); h != "Dossier status lookup" || !strings.Contains(s, "Where to collect the result") ||
		!strings.Contains(s, "In person at the centre where the dossier was submitted: Trung tâm Phục vụ hành chính công phường Nha Trang") {
		t.Errorf("English lookup: %q %q", h, s)
	}
	shot("portal-tra-cuu-en.png")
	for _, p := range []struct{ path, h1, shot string }{
		{"/nop-truc-tuyen?lang=vi", "Nộp hồ sơ trực tuyến", "portal-nop-truc-tuyen-vi.png"},
		{"/thong-ke?thang=2023-11&lang=vi", "Thống kê giải quyết hồ sơ tháng 2023-11", "portal-thong-ke-vi.png"},
		{"/thong-ke/tong-hop/" + provCentre + "?thang=2023-11&lang=vi", "Tổng hợp tình hình giải quyết hồ sơ – Trung tâm Phục vụ hành chính công tỉnh", "portal-tong-hop-trung-tam-vi.png"},
		{"/nop-truc-tuyen?lang=en", "Submit a dossier online", "portal-nop-truc-tuyen-en.png"},
		{"/thong-ke?thang=2023-11&lang=en", "Dossier statistics, month 2023-11", "portal-thong-ke-en.png"},
		{"/thong-ke/tong-hop/" + provCentre + "?thang=2023-11&lang=en", "Dossier handling rollup – Trung tâm Phục vụ hành chính công tỉnh", "portal-tong-hop-trung-tam-en.png"},
	} {
		browsertest.Do(t, ctx, "open "+p.path, chromedp.Navigate(e.URL+p.path))
		if h := text("h1"); h != p.h1 {
			t.Errorf("%s: %q", p.path, h)
		}
		shot(p.shot)
	}
	if s := text("tr.diff"); !strings.Contains(s, "Differs: Received in the period") {
		t.Errorf("comparison row: %q", s)
	}
	browsertest.Do(t, ctx, "the ward's rollup in Vietnamese", chromedp.Navigate(e.URL+"/thong-ke/tong-hop/"+ward+"?thang=2023-11"))
	if s := text("main"); !strings.Contains(s, "Đối chiếu số liệu trung tâm gửi") || !strings.Contains(s, "Khớp") {
		t.Errorf("ward's comparison: %q", s)
	}
	shot("portal-tong-hop-doi-chieu.png")
}
