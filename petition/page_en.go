package petition

// The public page /hoi-dap in Vietnamese and English (Decree 42/2022/NĐ-CP
// asks for an English interface), as the booking pages /dat-lich and
// /lay-so offer it: an "English" / "Tiếng Việt" button in the header. The
// booking pages switch in their script; this page has none (its CSP
// forbids any), so the button is a link to ?lang=en or ?lang=vi and the
// server writes the page in that language; without ?lang, a browser asking
// for English first gets English (as the phone page /t/ and the portal).
// The form posts back with the page's language. The citizens' questions
// and the centre's answers are shown as written (docs/ENGLISH.md).

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
)

// pageLang is "en" for ?lang=en or a browser asking for English first,
// else "vi".
func pageLang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case "en":
		return "en"
	case "vi":
		return "vi"
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language"))), "en") {
		return "en"
	}
	return "vi"
}

// pageEN maps the page's Vietnamese words to English.
var pageEN = map[string]string{
	"Hỏi đáp, phản ánh kiến nghị":          "Questions and feedback",
	"Gửi câu hỏi hoặc phản ánh, kiến nghị": "Send a question, feedback or a petition",
	"Cảm ơn bạn. Câu hỏi đã được gửi tới Trung tâm; câu trả lời được công khai sẽ hiện ở trang này.": "Thank you. Your message has been sent to the centre; answers made public are shown on this page.",
	"Loại":                       "Kind",
	"Hỏi đáp":                    "A question",
	"Phản ánh, kiến nghị":        "Feedback or a petition",
	"Lĩnh vực":                   "About",
	"Nội dung (tối đa %d ký tự)": "Your message (at most %d characters)",
	"Số điện thoại hoặc email để Trung tâm liên hệ (không bắt buộc)":                 "Phone number or e-mail for the centre to contact you (optional)",
	"Thông tin liên hệ chỉ cán bộ Trung tâm được xem, không bao giờ được công khai.": "Only the centre's staff can see your contact details; they are never made public.",
	"Gửi":                      "Send",
	"Câu trả lời đã công khai": "Answers made public",
	"trả lời ngày":             "answered on",
	"Chưa có câu trả lời nào được công khai.": "No answer has been made public yet.",
	"Khác":     "Other",
	"Ngôn ngữ": "Language",
}

// errEN are the page's refusals in English, by the service's English
// detail (a log line, not a citizen's sentence).
var errEN = map[string]string{
	"kind must be hoi or pakn": "Please choose the kind: a question, or feedback or a petition.",
	"unknown topic":            "Please choose what your message is about.",
	"text required":            "Please type your message.",
	"text too long":            fmt.Sprintf("Your message is longer than %d characters.", MaxText),
	"contact too long":         fmt.Sprintf("The contact details are longer than %d characters.", MaxContact),
}

const (
	busyVI     = "Bạn đã gửi nhiều lần, xin thử lại sau ít phút."
	busyEN     = "You have sent several messages; please try again in a few minutes."
	badBodyVI  = "Nội dung gửi quá dài hoặc không đọc được."
	badBodyEN  = "The message is too long or could not be read."
	internalVI = "Hệ thống đang gặp sự cố, xin vui lòng thử lại sau ít phút"
	internalEN = "The system has a problem; please try again in a few minutes."
	// refusedEN: a refusal the page has no sentence for (a rule added
	// later): never its Vietnamese on the English page.
	refusedEN = "Your message could not be accepted; please check it and send it again."
)

// refusal is the sentence a refused submission shows in lang.
func refusal(err error, lang string) string {
	var qe *queue.Error
	if !errors.As(err, &qe) {
		return map[bool]string{true: internalEN, false: internalVI}[lang == "en"]
	}
	if lang != "en" {
		return qe.Message
	}
	if s, ok := errEN[qe.MessageEN]; ok {
		return s
	}
	if qe.Code == queue.CodeInternal {
		return internalEN
	}
	return refusedEN
}

// pageVI and pageEN are the page's templates, parsed on first use (every
// `motcua` command links this package; few serve the page in English).
var (
	pageVI     = sync.OnceValue(func() *template.Template { return parsePage("vi") })
	pageTmplEN = sync.OnceValue(func() *template.Template { return parsePage("en") })
)

// pageTmpl is the page's template in lang.
func pageTmpl(lang string) *template.Template {
	if lang == "en" {
		return pageTmplEN()
	}
	return pageVI()
}

func parsePage(lang string) *template.Template {
	en := lang == "en"
	return template.Must(template.New("page.html").Funcs(template.FuncMap{
		"t": func(s string) string {
			if v, ok := pageEN[s]; ok && en {
				return v
			}
			return s
		},
		"tf": func(s string, a ...any) string {
			if v, ok := pageEN[s]; ok && en {
				s = v
			}
			return fmt.Sprintf(s, a...)
		},
		"lang": func() string { return lang },
		// other is the language the header button switches to, and its name.
		"other":     func() string { return map[bool]string{true: "vi", false: "en"}[en] },
		"otherName": func() string { return map[bool]string{true: "Tiếng Việt", false: "English"}[en] },
		"date": func(t time.Time) string {
			if en {
				return t.In(queue.Loc).Format("2 January 2006")
			}
			return t.In(queue.Loc).Format("02/01/2006")
		},
	}).ParseFS(pageFS, "page.html"))
}
