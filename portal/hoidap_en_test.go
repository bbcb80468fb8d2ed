package portal_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// The public answer the /hoi-dap tests publish: its agency's name, the
// question, the answer and the answerer's position stay as written in
// English (their authors' words, docs/ENGLISH.md).
var qaNames = []string{"UBND phường Tràng Tiền", "Làm giấy khai sinh cho con cần mang những giấy tờ gì?",
	"Anh/chị mang CCCD của cha mẹ và giấy chứng sinh; nộp tại bộ phận một cửa.", "Công chức tư pháp - hộ tịch"}

// seedQA publishes one answered public question of 000.00.06.H56.
func seedQA(t *testing.T, e *portaltest.Env) {
	t.Helper()
	x := qcvn120.DongBoHoiDap{HOIDAPID: "hd-en-1", NOIDUNG: qaNames[1], MADONVI: "000.00.06.H56", TENDONVI: qaNames[0],
		TRALOIID: "hd-en-1-tl", NOIDUNGTRALOI: qaNames[2], NGUOITRALOI: "Lê Văn Cường", CHUCVUNGUOITRALOI: qaNames[3],
		NGAYTRALOI: qcvn120.At(time.Date(2025, 3, 5, 9, 0, 0, 0, qcvn120.Location)), TRANGTHAI: qcvn120.HoiDapCongKhai}
	r, err := client.New(e.URL, "c1", "secret1").SendItems(context.Background(), qcvn120.SvcDongBoHoiDap, []client.Item{item(t, 1, 1, x)})
	if err != nil || strings.Join(outcomes(r), ",") != "applied" {
		t.Fatalf("publish: %+v %v", r, err)
	}
}

// pageLines is the visible text of an HTML page, one trimmed line per text node.
func pageLines(page string) []string {
	tags := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	var lines []string
	for _, l := range strings.Split(html.UnescapeString(tags.ReplaceAllString(page, "\n")), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestPortalQAPageInEnglish: the portal's /hoi-dap answers in English for
// ?lang=en and for a browser asking for English first, and ?lang=vi wins
// over the browser; the English page has the "Tiếng Việt" link back, the
// Vietnamese one the "English" link, both plain links (the page's CSP
// allows no script). In English nothing Vietnamese is left but the
// published answer (agency, question, answer, the answerer's position) and
// the switch — with an answer, with none, and refused for the rate. On
// SQLite and PostgreSQL.
func TestPortalQAPageInEnglish(t *testing.T) {
	for _, dsn := range []string{"", "postgres"} {
		name := map[string]string{"": "sqlite", "postgres": "postgres"}[dsn]
		t.Run(name, func(t *testing.T) {
			if dsn == "postgres" {
				dsn = pgtest.URL(t)
			}
			e := portaltest.Start(t, dsn, portal.Options{LookupPerMinute: 1000, LookupBurst: 1000})
			fetch := func(path, acceptLang string, want int) string {
				t.Helper()
				req, _ := http.NewRequest("GET", e.URL+path, nil)
				if acceptLang != "" {
					req.Header.Set("Accept-Language", acceptLang)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != want || !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") ||
					!strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
					t.Fatalf("%s: %d (want %d), Vary %q, CSP %q", path, resp.StatusCode, want, resp.Header.Get("Vary"), resp.Header.Get("Content-Security-Policy"))
				}
				return string(b)
			}
			english := func(what, page string, want ...string) {
				t.Helper()
				if !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, `<a class="lang" href="/hoi-dap?lang=vi" hreflang="vi" lang="vi">Tiếng Việt</a>`) {
					t.Errorf("%s: not English or no way back: %s", what, page)
				}
				if strings.Contains(page, "<script") {
					t.Errorf("%s: a script on a page whose CSP forbids them", what)
				}
				for _, w := range want {
					if !strings.Contains(page, w) {
						t.Errorf("%s lacks %q", what, w)
					}
				}
				if left := entext.Leftovers(pageLines(page), append([]string{"Tiếng Việt"}, qaNames...)...); len(left) > 0 {
					t.Errorf("%s in English shows Vietnamese: %q", what, left)
				}
			}
			for _, p := range []struct{ path, al string }{{"/hoi-dap", "en-GB,en;q=0.9"}, {"/hoi-dap?lang=en", ""}} {
				english("empty "+p.path, fetch(p.path, p.al, 200), "No question has been answered publicly yet.")
			}
			seedQA(t, e)
			for _, p := range []struct{ path, al string }{{"/hoi-dap", "en-US,en"}, {"/hoi-dap?lang=en", ""}, {"/hoi-dap?lang=en", "vi-VN,vi"}} {
				english(p.path+" "+p.al, fetch(p.path, p.al, 200), "<title>Questions and answers on administrative procedures</title>",
					"Answered on 05/03/2025 · "+qaNames[3], qaNames[1], qaNames[2], qaNames[0]+" (000.00.06.H56)")
			}
			for _, p := range []struct{ path, al string }{{"/hoi-dap", ""}, {"/hoi-dap", "vi-VN,vi;q=0.9,en;q=0.8"}, {"/hoi-dap?lang=vi", "en-GB,en"}} {
				vi := fetch(p.path, p.al, 200)
				if !strings.Contains(vi, `<html lang="vi">`) || !strings.Contains(vi, `<a class="lang" href="/hoi-dap?lang=en" hreflang="en" lang="en">English</a>`) ||
					!strings.Contains(vi, "<title>Hỏi đáp thủ tục hành chính</title>") || !strings.Contains(vi, "Trả lời ngày 05/03/2025 · "+qaNames[3]) {
					t.Errorf("%s (%s): not the Vietnamese page with the English link: %s", p.path, p.al, vi)
				}
			}
		})
	}
}

// TestPortalQAPageRefusalInEnglish: over the public pages' rate, /hoi-dap
// refuses in the page's language.
func TestPortalQAPageRefusalInEnglish(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{LookupPerMinute: 1, LookupBurst: 1})
	if status, _ := get(t, e.URL+"/hoi-dap?lang=en"); status != http.StatusOK {
		t.Fatalf("first request: %d", status)
	}
	status, page := get(t, e.URL+"/hoi-dap?lang=en")
	if status != http.StatusTooManyRequests || !strings.Contains(page, "Too many requests; please try again in a few minutes.") {
		t.Fatalf("%d %s", status, page)
	}
	if left := entext.Leftovers(pageLines(page), "Tiếng Việt"); len(left) > 0 {
		t.Errorf("refusal in English shows Vietnamese: %q", left)
	}
	if status, page := get(t, e.URL+"/hoi-dap?lang=vi"); status != http.StatusTooManyRequests || !strings.Contains(page, "Bạn truy cập quá nhanh") {
		t.Fatalf("Vietnamese refusal: %d %s", status, page)
	}
}

// TestPortalQAPageInChromium opens the portal's /hoi-dap in headless
// Chromium set to Vietnamese, follows the header's "English" link and back,
// and screenshots both (PORTAL_SHOTS, e.g. docs/img).
func TestPortalQAPageInChromium(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{LookupPerMinute: 1000, LookupBurst: 1000})
	seedQA(t, e)
	ctx, cancel := context.WithTimeout(browsertest.StartOwn(t, 900, 600, chromedp.Flag("lang", "vi-VN"), chromedp.Flag("accept-lang", "vi-VN,vi")), 90*time.Second)
	defer cancel()
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatal(err)
		}
		browsertest.Shot(t, "PORTAL_SHOTS", name, png)
	}
	browsertest.Do(t, ctx, "open /hoi-dap", chromedp.Navigate(e.URL+"/hoi-dap"))
	if h, a := browsertest.Text(t, ctx, "h1"), browsertest.Text(t, ctx, "header a.lang"); h != "Hỏi đáp thủ tục hành chính" || a != "English" {
		t.Errorf("Vietnamese page: %q, switch %q", h, a)
	}
	shot("portal-hoi-dap-vi.png")
	browsertest.Do(t, ctx, "switch to English", chromedp.Click(chromedp.CSS("header a.lang")), browsertest.Until(`document.documentElement.lang === "en"`))
	h, a, m := browsertest.Text(t, ctx, "h1"), browsertest.Text(t, ctx, "header a.lang"), browsertest.Text(t, ctx, "main")
	if h != "Questions and answers on administrative procedures" || a != "Tiếng Việt" || !strings.Contains(m, "Answered on 05/03/2025") {
		t.Errorf("English page: %q, switch %q, %q", h, a, m)
	}
	if left := entext.Leftovers(strings.Split(h+"\n"+m, "\n"), qaNames...); len(left) > 0 {
		t.Errorf("English page in Chromium shows Vietnamese: %q", left)
	}
	shot("portal-hoi-dap-en.png")
	browsertest.Do(t, ctx, "back to Vietnamese", chromedp.Click(chromedp.CSS("header a.lang")), browsertest.Until(`document.documentElement.lang === "vi"`))
	if h := browsertest.Text(t, ctx, "h1"); h != "Hỏi đáp thủ tục hành chính" {
		t.Errorf("back in Vietnamese: %q", h)
	}
}
