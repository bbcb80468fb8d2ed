package portal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
)

// TestPortalFormRefusalInChromiumEnglish fills the English online form in
// headless Chromium (set to Vietnamese) with an ID number that is not one
// and sends it: the page comes back in English, says why, and keeps what
// was typed; then a correct number is accepted, in English. Screenshots:
// PORTAL_SHOTS.
func TestPortalFormRefusalInChromiumEnglish(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{SubmitPerMinute: 600, SubmitBurst: 100, LookupPerMinute: 600, LookupBurst: 100})
	importCatalogue(t, e)
	ctx, cancel := context.WithTimeout(browsertest.StartOwn(t, 900, 1300, chromedp.Flag("lang", "vi-VN"), chromedp.Flag("accept-lang", "vi-VN,vi")), 90*time.Second)
	defer cancel()
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatal(err)
		}
		browsertest.Shot(t, "PORTAL_SHOTS", name, png)
	}
	browsertest.Do(t, ctx, "open the English form", chromedp.Navigate(e.URL+"/nop-truc-tuyen?lang=en&don_vi="+ag),
		chromedp.SetValue(chromedp.CSS("#ho_ten"), "Do Van Hung"), chromedp.SetValue(chromedp.CSS("#so_giay_to"), "12"),
		chromedp.SetValue(chromedp.CSS("#dien_thoai"), "0912345678"), chromedp.SetValue(chromedp.CSS("#thanh_phan"), "Birth declaration\nBirth certificate"),
		chromedp.Click(chromedp.CSS("form[method=post] button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".err")))
	if s := browsertest.Text(t, ctx, ".err"); s != "The ID number is not valid (citizen ID: 12 digits, ID card: 9 digits, or a tax code)." {
		t.Errorf("refusal: %q", s)
	}
	if h := browsertest.Text(t, ctx, "h1"); h != "Submit a dossier online" {
		t.Errorf("heading after the refusal: %q", h)
	}
	if v := browsertest.Value(t, ctx, chromedp.Value(chromedp.CSS("#ho_ten"))); v != "Do Van Hung" {
		t.Errorf("the typed name: %q", v)
	}
	if left := entext.Leftovers(strings.Split(browsertest.Text(t, ctx, "body"), "\n"), append([]string{"Tiếng Việt", "/NĐ-CP"}, catalogueNames(t)...)...); len(left) > 0 {
		t.Errorf("the refused form shows Vietnamese: %q", left)
	}
	shot("portal-nop-truc-tuyen-loi-en.png")
	browsertest.Do(t, ctx, "correct the number and send again", chromedp.SetValue(chromedp.CSS("#so_giay_to"), "001190012345"),
		chromedp.Click(chromedp.CSS("form[method=post] button[type=submit]")), chromedp.WaitVisible(chromedp.CSS(".ok")))
	if s := browsertest.Text(t, ctx, ".ok"); !strings.Contains(s, "The portal has received your dossier. Submission code:") {
		t.Errorf("accepted: %q", s)
	}
	shot("portal-nop-truc-tuyen-da-nhan-en.png")
}
