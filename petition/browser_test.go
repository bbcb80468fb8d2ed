package petition_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"

	"github.com/motcua/motcua/petition"
)

// A supervisor opens "Hỏi đáp, phản ánh" from the console's navigation,
// assigns a kiosk question to an officer and answers it publicly; the
// answer is then among the public ones. Screenshot: CONSOLE_SCREENSHOTS
// (docs/img when refreshing the documentation) or a temporary folder.
func TestBrowserConsoleHoiDap(t *testing.T) {
	e := newConsoleEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	bg := context.Background()
	svc := petition.New(e.db, e.cfg)
	sup := petition.Answerer{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"}
	// Some history: answered, assigned and new ones, from the kiosk and the phone page.
	for i, s := range []struct {
		kind, topic, text, contact, source, to, answer string
		public                                         bool
	}{
		{"hoi", e.cfg.Sectors[1].ID, "Gia hạn tạm trú có làm được ở trung tâm không hay phải lên Công an phường?", "", "dev-kiosk-1", "", "Trung tâm có quầy Công an phường (quầy 7) tiếp nhận đăng ký, gia hạn tạm trú.", true},
		{"pakn", petition.TopicOther, "Đề nghị bố trí thêm ghế chờ ở khu vực lấy số.", "0903 111 222", "web", "canbo1", "", false},
		{"hoi", e.cfg.Sectors[0].ID, "Đăng ký kết hôn với người nước ngoài nộp hồ sơ ở đâu?", "", "web", "", "", false},
	} {
		p, err := svc.Submit(bg, petition.Submission{Kind: s.kind, Topic: s.topic, Text: s.text, Contact: s.contact}, s.source)
		if err != nil {
			t.Fatal(i, err)
		}
		if s.to != "" {
			if _, err := svc.Assign(bg, p.ID, s.to); err != nil {
				t.Fatal(err)
			}
		}
		if s.answer != "" {
			if _, err := svc.Answer(bg, p.ID, sup, s.answer, s.public); err != nil {
				t.Fatal(err)
			}
		}
	}
	text := "Tôi muốn làm lại giấy khai sinh bị mất thì cần mang những giấy tờ gì? Xin cảm ơn."
	id := e.kioskSubmit("hoi", e.cfg.Sectors[0].ID, text, "Chị Trần Thị Chi, 0987 654 321")

	browsertest.Do(t, ctx, "log in",
		chromedp.Navigate(e.url+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), consolePassword),
		chromedp.Click(chromedp.ID("login-btn")),
	)
	browsertest.Do(t, ctx, "console ready",
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		browsertest.Until(`!!(window.__console && window.__console.ready)`),
		browsertest.Until(`!!document.querySelector('#pages a[href="/console/hoi-dap"]')`),
	)
	if l := browsertest.Value(t, ctx, chromedp.Text(chromedp.CSS(`#pages a[href="/console/hoi-dap"]`))); l != "Hỏi đáp, phản ánh" {
		t.Fatalf("navigation link %q", l)
	}
	// The link fits the 1366 px header beside the tabs and the user's name,
	// in both languages.
	fits := func(lang string) {
		t.Helper()
		if ok := browsertest.Value(t, ctx, chromedp.Evaluate[bool](`(() => { const a = document.querySelector('#pages a').getBoundingClientRect(),
			w = document.querySelector('.who').getBoundingClientRect(), tabs = document.querySelector('.tabs').getBoundingClientRect();
			return a.left >= tabs.right && a.right <= w.left && a.bottom <= 44; })()`)); !ok {
			t.Errorf("%s: the navigation link overlaps the header's tabs or the user's name", lang)
		}
	}
	fits("vi")
	browsertest.Do(t, ctx, "console in English", chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.querySelector('#pages a').textContent === 'Questions & petitions'`))
	fits("en")
	browsertest.Do(t, ctx, "console in Vietnamese", chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.querySelector('#pages a').textContent === 'Hỏi đáp, phản ánh'`))
	browsertest.Do(t, ctx, "open the page from the navigation",
		chromedp.Click(chromedp.CSS(`#pages a[href="/console/hoi-dap"]`)),
		chromedp.WaitVisible(chromedp.ID("petitions")),
		browsertest.Until(`!!(window.__hoidap && window.__hoidap.ready)`),
	)
	rows := browsertest.Value(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#petitions tbody tr td:nth-child(4)')).map(td => td.textContent)`))
	if len(rows) != 4 || !strings.HasPrefix(rows[0], "Tôi muốn làm lại giấy khai sinh") {
		t.Fatalf("list (newest first): %q", rows)
	}
	browsertest.Do(t, ctx, "open the question",
		chromedp.Click(chromedp.CSS(`#petitions tbody tr:first-child td:nth-child(4) a`)),
		browsertest.Until(`!!(window.__hoidap && window.__hoidap.ready && document.getElementById('assign-form'))`),
	)
	if c := browsertest.Value(t, ctx, chromedp.Text(chromedp.ID("detail"))); !strings.Contains(c, "Chị Trần Thị Chi, 0987 654 321") || !strings.Contains(c, "Kiosk") {
		t.Fatalf("detail: %q", c)
	}
	browsertest.Do(t, ctx, "assign",
		chromedp.SetValue(chromedp.ID("pt-officer"), "canbo1"),
		chromedp.Click(chromedp.CSS(`#assign-form button[type=submit]`)),
		browsertest.Until(`(document.querySelector('#detail h2 .pill')||{}).textContent === 'Đã giao'`),
		browsertest.Until(`!!(window.__hoidap && window.__hoidap.ready)`),
	)
	if p := e.petition(id); p.Assignee != "canbo1" || p.Status != petition.StatusAssigned {
		t.Fatalf("after assigning in the browser: %+v", p)
	}
	answer := "Anh/chị mang tờ khai đăng ký lại khai sinh và CCCD đến quầy Hộ tịch; cán bộ sẽ hướng dẫn tại chỗ."
	browsertest.Do(t, ctx, "type the answer",
		chromedp.SendKeys(chromedp.ID("pt-answer"), answer),
		chromedp.Click(chromedp.ID("pt-public")),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
	)
	browsertest.Shot(t, "CONSOLE_SCREENSHOTS", "console-hoi-dap.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "answer",
		chromedp.Click(chromedp.CSS(`#answer-form button[type=submit]`)),
		browsertest.Until(`(document.querySelector('#detail h2 .pill')||{}).textContent === 'Đã trả lời'`),
	)
	p := e.petition(id)
	if p.Status != petition.StatusAnswered || !p.Public || p.Answer != answer || p.AnsweredBy != "Lê Văn Cường" {
		t.Fatalf("after answering in the browser: %+v", p)
	}
	pub, err := svc.PublicAnswers(bg, 10)
	if err != nil || len(pub) != 2 || pub[0].ID != id {
		t.Fatalf("public answers: %+v %v", pub, err)
	}

	// English: the switch the console remembers applies here too.
	browsertest.Do(t, ctx, "english",
		chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.querySelector('header .brand strong').textContent === 'Questions and petitions'`),
	)
	if h := browsertest.Value(t, ctx, chromedp.Text(chromedp.CSS(`#petitions thead`))); !strings.Contains(h, "Submitted") || strings.Contains(h, "Thời điểm") {
		t.Fatalf("English header: %q", h)
	}
	browsertest.Shot(t, "CONSOLE_SCREENSHOTS", "console-hoi-dap-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
}
