package petition_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/petition"
)

// TestPetitionPageNoVietnameseInEnglish: the centre's public page /hoi-dap
// on a phone in headless Chromium, with a public answer: in Vietnamese
// first, then the header's "English" button — the page, the form with its
// options, a refusal and the thank-you note show no Vietnamese letter but
// the allowed names (the centre's name, "Tiếng Việt" on the switch, the
// citizen's question and the centre's answer as written); the switch back
// gives the Vietnamese page. PETITION_SHOTS=dir keeps the screenshots.
func TestPetitionPageNoVietnameseInEnglish(t *testing.T) {
	browsertest.Path(t)
	e := newEnv(t, petition.Options{})
	bg := context.Background()
	question := "Giờ làm việc của trung tâm vào thứ Bảy là mấy giờ?"
	answer := "Trung tâm làm việc sáng thứ Bảy từ 7 giờ 30 đến 11 giờ 30."
	p, err := e.svc.Submit(bg, petition.Submission{Kind: "hoi", Topic: e.cfg.Sectors[0].ID, Text: question}, "web")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Answer(bg, p.ID, petition.Answerer{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"}, answer, true); err != nil {
		t.Fatal(err)
	}
	centre := e.cfg.CentreName
	ctx := browsertest.Start(t, 390, 844)
	texts := func() []string {
		t.Helper()
		got := browsertest.Value(t, ctx, chromedp.Evaluate[[]string](`[document.title, document.body.innerText]
		  .concat(Array.from(document.querySelectorAll('option')).map((n) => n.textContent))
		  .concat(Array.from(document.querySelectorAll('[placeholder]')).map((n) => n.placeholder))`))
		return strings.Split(strings.Join(got, "\n"), "\n")
	}
	leftovers := func(where string) {
		t.Helper()
		if left := entext.Leftovers(texts(), centre, "Tiếng Việt", question, answer); len(left) > 0 {
			t.Errorf("%s in English shows Vietnamese: %q", where, left)
		}
	}

	// Headless Chromium asks for English first (en-US): ?lang=vi opens the Vietnamese page.
	browsertest.Do(t, ctx, "open", chromedp.Navigate(e.url+"/hoi-dap?lang=vi"),
		browsertest.Until(`document.documentElement.lang === 'vi' && document.getElementById('lang').textContent === 'English'`))
	if h := browsertest.Text(t, ctx, "header h1"); h != "Hỏi đáp, phản ánh kiến nghị" {
		t.Fatalf("Vietnamese page: %q", h)
	}
	browsertest.Shot(t, "PETITION_SHOTS", "hoi-dap-vi.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))

	browsertest.Do(t, ctx, "switch to English", chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.readyState === 'complete' && document.documentElement.lang === 'en'`))
	leftovers("the page")
	for _, want := range []string{"Questions and feedback", "Send a question, feedback or a petition", "Answers made public", "answered on",
		"Tiếng Việt", e.cfg.Sectors[0].NameEN} {
		if !strings.Contains(strings.Join(texts(), "\n"), want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	browsertest.Shot(t, "PETITION_SHOTS", "hoi-dap-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))

	// Spaces only pass the browser's "required" but not the centre: the
	// refusal comes back in English, on the English page.
	browsertest.Do(t, ctx, "send blank",
		chromedp.SetValue(chromedp.ID("text"), "   "),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		browsertest.Until(`document.readyState === 'complete' && !!document.getElementById('error')`))
	if msg := browsertest.Text(t, ctx, "#error"); msg != "Please type your message." {
		t.Errorf("English refusal %q", msg)
	}
	leftovers("the refusal")
	browsertest.Do(t, ctx, "send",
		chromedp.SetValue(chromedp.ID("text"), "What are the opening hours on Saturday?"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		browsertest.Until(`document.readyState === 'complete' && !!document.getElementById('sent')`))
	leftovers("the thank-you note")
	if l := browsertest.Value(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang + " " + location.search`)); l != "en ?lang=en" {
		t.Errorf("after sending: %q", l)
	}
	browsertest.Shot(t, "PETITION_SHOTS", "hoi-dap-en-sent.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	list, _ := e.svc.List(bg, petition.StatusNew, "", 0)
	if len(list) != 1 || list[0].Body != "What are the opening hours on Saturday?" {
		t.Fatalf("stored %+v", list)
	}

	browsertest.Do(t, ctx, "back to Vietnamese", chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.readyState === 'complete' && document.documentElement.lang === 'vi'`))
	if h := browsertest.Text(t, ctx, "header h1"); h != "Hỏi đáp, phản ánh kiến nghị" {
		t.Fatalf("back in Vietnamese: %q", h)
	}
}

// TestPetitionPageLanguage: ?lang=en, or a browser asking for English
// first, gets the English page; ?lang=vi wins over the browser; the
// Vietnamese page is unchanged; the form posts back in the page's language
// and a refusal on the English page is English.
func TestPetitionPageLanguage(t *testing.T) {
	e := newEnv(t, petition.Options{})
	get := func(query, acceptLang string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", e.url+"/hoi-dap"+query, nil)
		if acceptLang != "" {
			req.Header.Set("Accept-Language", acceptLang)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 32<<10)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return b.String()
	}
	for _, tc := range []struct{ query, accept, want string }{
		{"", "", "vi"}, {"?lang=en", "", "en"}, {"", "en-GB,en;q=0.9", "en"}, {"?lang=vi", "en-US", "vi"}, {"", "vi-VN,en;q=0.5", "vi"},
	} {
		page := get(tc.query, tc.accept)
		if !strings.Contains(page, `<html lang="`+tc.want+`">`) || !strings.Contains(page, `action="/hoi-dap?lang=`+tc.want+`"`) {
			t.Errorf("%q with Accept-Language %q: not the %s page", tc.query, tc.accept, tc.want)
		}
	}
	vi := get("", "")
	for _, want := range []string{"Gửi câu hỏi hoặc phản ánh, kiến nghị", "Nội dung (tối đa 2000 ký tự)", `href="/hoi-dap?lang=en"`, ">English</a>", ">Khác</option>"} {
		if !strings.Contains(vi, want) {
			t.Errorf("Vietnamese page lacks %q", want)
		}
	}
	st, page := e.form(nil) // posts to /hoi-dap: Vietnamese
	if st != http.StatusBadRequest || !strings.Contains(page, "Xin chọn loại") {
		t.Errorf("Vietnamese refusal: %d", st)
	}
	resp, err := http.PostForm(e.url+"/hoi-dap?lang=en", map[string][]string{"kind": {"hoi"}, "topic": {"nope"}, "text": {"hello"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := make([]byte, 64<<10)
	n, _ := resp.Body.Read(b)
	for n < len(b) {
		m, err := resp.Body.Read(b[n:])
		n += m
		if err != nil {
			break
		}
	}
	if en := string(b[:n]); resp.StatusCode != http.StatusBadRequest || !strings.Contains(en, "Please choose what your message is about.") || entext.Vietnamese(strings.ReplaceAll(strings.ReplaceAll(en, e.cfg.CentreName, ""), "Tiếng Việt", "")) {
		t.Errorf("English refusal: %d", resp.StatusCode)
	}
}
