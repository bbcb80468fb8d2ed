package portal

// The portal's public pages in Vietnamese and English (Decree 42/2022/NĐ-CP
// asks public service portals for an English interface), by the same
// mechanism as the centre's phone pages (centre/track): ?lang=en or a
// browser asking for English first; a link in the header switches. The
// templates write their Vietnamese words through `t`, which returns them
// unchanged in Vietnamese and their English in English (a text without an
// English entry — a name, a code — is shown as it is).

import (
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
)

// pageLang is "en" for ?lang=en or a browser asking for English first, else "vi".
func pageLang(r *http.Request) string {
	if r == nil {
		return "vi"
	}
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

// pagesVI and pagesEN are the page templates, parsed once per language on
// first use: every `motcua` command links the portal, and a centre never
// serves its pages (0.6 MB of heap at start-up otherwise).
var (
	pagesVI = sync.OnceValue(func() *template.Template { return parsePages("vi") })
	pagesEN = sync.OnceValue(func() *template.Template { return parsePages("en") })
)

// pages returns the templates of lang ("en" or anything else: Vietnamese).
func pages(lang string) *template.Template {
	if lang == "en" {
		return pagesEN()
	}
	return pagesVI()
}

func parsePages(lang string) *template.Template {
	en := lang == "en"
	t := func(s string) string {
		if en {
			if v, ok := english[s]; ok {
				return v
			}
			if n, ok := strings.CutSuffix(s, " (trụ sở)"); ok { // a provincial centre's own row
				return n + " (head office)"
			}
			if c, ok := strings.CutPrefix(s, "Đơn vị chưa khai báo ("); ok {
				return "Undeclared unit (" + c
			}
		}
		return s
	}
	return template.Must(template.New("").Funcs(template.FuncMap{
		"levelName": func(l int) string {
			if n := qcvn120.MucDanhGia3[qcvn120.Int(l)]; n != "" {
				return t(n)
			}
			return t("Mức") + " " + itoa(l)
		},
		"t": t,
		// refusal is a page's error line: its English, or in English a
		// general sentence for a message the table lacks (a rule added
		// later), never the Vietnamese.
		"refusal": func(s string) string {
			if !en {
				return s
			}
			if v := refusalEN(s); v != "" {
				return v
			}
			return "Your request could not be accepted; please check it and try again."
		},
		"lang": func() string { return lang },
		// dmy shows a yyyy-mm-dd period bound as dd/mm/yyyy, as every other
		// date people read (anything else is shown as it is).
		"dmy": func(s string) string {
			if d, err := time.Parse("2006-01-02", s); err == nil {
				return d.Format("02/01/2006")
			}
			return s
		},
		// other is the language the header link switches to, and its name.
		"other":     func() string { return map[bool]string{true: "vi", false: "en"}[en] },
		"otherName": func() string { return map[bool]string{true: "Tiếng Việt", false: "English"}[en] },
		// withLang keeps the page's language in a link of the portal's.
		"withLang": func(u template.URL) template.URL {
			if !en {
				return u
			}
			if strings.Contains(string(u), "?") {
				return u + "&lang=en"
			}
			return u + "?lang=en"
		},
		"place": func(p PublicDossier) string {
			return returnPlaceText(p.NoiTra, p.NoiTiepNhan, p.DonViXuLy, en)
		},
	}).ParseFS(webFS, "web/*.html"))
}

// english maps the pages' Vietnamese words to English; the status labels
// and explanations are added from package dossier's.
var english = map[string]string{
	// tracuu.html
	"Tra cứu hồ sơ": "Dossier lookup", "Tra cứu tình trạng hồ sơ": "Dossier status lookup",
	"Mã hồ sơ, ví dụ 000.00.06.H56-231027-0361": "Dossier code, e.g. 000.00.06.H56-231027-0361",
	"Mã hồ sơ": "Dossier code", "Tra cứu": "Look up", "Thủ tục": "Procedure", "Lĩnh vực": "Sector",
	"Người nộp": "Applicant", "Trạng thái": "Status", "quá hạn": "overdue", "Đơn vị xử lý": "Deciding agency",
	"Ngày tiếp nhận": "Received", "Ngày hẹn trả": "Appointment for the result", "Ngày trả kết quả": "Result handed over",
	"Nơi nhận kết quả": "Where to collect the result", "Quá trình xử lý": "Processing steps",
	"Thông tin cá nhân được che một phần để bảo vệ dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP).": "Personal data is partly masked to protect it (Decree 13/2023/NĐ-CP).",
	"Bạn tra cứu quá nhanh, vui lòng thử lại sau ít phút.":                                     "Too many lookups; please try again in a few minutes.",
	"Mã hồ sơ không đúng định dạng (ví dụ 000.00.06.H56-231027-0361).":                         "The dossier code is not in the right form (e.g. 000.00.06.H56-231027-0361).",
	"Không tìm thấy hồ sơ có mã này.":                                                          "No dossier with this code was found.",
	"Hệ thống đang bận, vui lòng thử lại sau.":                                                 "The system is busy; please try again later.",
	// noptructuyen.html
	"Nộp hồ sơ trực tuyến":                      "Submit a dossier online",
	"Cổng đã nhận hồ sơ của bạn. Mã nộp hồ sơ:": "The portal has received your dossier. Submission code:",
	"Hãy ghi lại mã này để theo dõi: bộ phận một cửa sẽ kiểm tra và tiếp nhận, hoặc đề nghị bổ sung.": "Keep this code to follow it: the one-stop department will check and receive it, or ask for more documents.",
	"Xem tình trạng": "See its status", "Mã nộp hồ sơ": "Submission code", "thủ tục": "procedure",
	"Tra cứu hồ sơ ": "Look up dossier ", "Nội dung cần bổ sung": "To supplement",
	"Theo dõi hồ sơ đã nộp": "Follow a submitted dossier", "Xem": "Show",
	"Thủ tục hành chính": "Administrative procedure", "Mã đơn vị tiếp nhận": "Receiving agency code",
	"Họ và tên người nộp": "Applicant's full name", "Số CCCD / CMND / mã số thuế": "Citizen ID / ID card / tax code",
	"Địa chỉ": "Address", "Số điện thoại": "Phone", "Email": "Email", "Trích yếu nội dung": "Summary",
	"Thành phần hồ sơ (mỗi dòng một giấy tờ)": "Documents (one per line)", "Nhận kết quả": "Result",
	"Tại bộ phận một cửa": "At the one-stop department", "Qua dịch vụ bưu chính": "By public postal service",
	"Thông tin cá nhân chỉ dùng để giải quyết thủ tục (Nghị định 13/2023/NĐ-CP). Cần số điện thoại hoặc email để cơ quan liên hệ.": "Personal data is used only to decide the procedure (Decree 13/2023/NĐ-CP). A phone number or an email is needed so the agency can contact you.",
	"Bạn tải trang quá nhanh, vui lòng thử lại sau ít phút":                                                                        "Too many requests; please try again in a few minutes",
	"Bạn gửi hồ sơ quá nhanh, vui lòng thử lại sau ít phút":                                                                        "Too many submissions; please try again in a few minutes",
	"Hồ sơ gửi lên quá lớn hoặc không đọc được":                                                                                    "The dossier sent is too large or unreadable",
	"Nộp hồ sơ": "Submit",
	"Hồ sơ cần bổ sung, hoàn thiện theo nội dung dưới đây; xin nộp lại hồ sơ đã bổ sung": "The dossier must be supplemented as below; please submit it again completed",
	"Đã chuyển đến bộ phận một cửa, đang chờ cán bộ kiểm tra":                            "Sent to the one-stop department; waiting for an officer to check it",
	"Cổng đã nhận hồ sơ, đang chuyển đến bộ phận một cửa":                                "Received by the portal; being sent to the one-stop department",
	// noptructuyen.html: the form's refusals (Submission.Validate, submit, submissionStatus)
	"Mã thủ tục hành chính không hợp lệ (dạng 1.001193)":                       "Please choose an administrative procedure (a code such as 1.001193).",
	"Mã đơn vị tiếp nhận không hợp lệ (dạng 000.00.06.H26)":                    "The receiving agency code is not valid (it looks like 000.00.06.H26).",
	"Hãy nhập họ tên chủ hồ sơ (tối đa 200 ký tự)":                             "Please enter the applicant's full name (at most 200 characters).",
	"Số giấy tờ tùy thân không hợp lệ (CCCD 12 số, CMND 9 số hoặc mã số thuế)": "The ID number is not valid (citizen ID: 12 digits, ID card: 9 digits, or a tax code).",
	"Địa chỉ không hợp lệ (tối đa 300 ký tự)":                                  "The address is not valid (at most 300 characters).",
	"Hãy nhập số điện thoại hoặc email để cơ quan liên hệ":                     "Please enter a phone number or an email so the agency can contact you.",
	"Số điện thoại không hợp lệ":                                               "The phone number is not valid.",
	"Địa chỉ email không hợp lệ":                                               "The email address is not valid.",
	"Trích yếu không hợp lệ (tối đa 1000 ký tự)":                               "The summary is not valid (at most 1,000 characters).",
	"Hồ sơ cần từ 1 đến 50 thành phần":                                         "A dossier needs 1 to 50 documents (one per line).",
	"Hình thức nhận kết quả là truc_tiep hoặc buu_chinh":                       "Please choose how to receive the result: at the one-stop department or by post.",
	"Thành phần hồ sơ cần tên và số bản chính/bản sao (1–100)":                 "Each document needs a name (at most 300 characters per line).",
	"Lỗi hệ thống, vui lòng thử lại":                                           "A system error occurred; please try again.",
	"Lỗi lưu trữ, vui lòng gửi lại sau":                                        "The dossier could not be stored; please send it again later.",
	"Không tìm thấy hồ sơ nộp trực tuyến với mã này":                           "No online submission with this code was found.",
	"Bạn tra cứu quá nhanh, vui lòng thử lại sau ít phút":                      "Too many lookups; please try again in a few minutes.",
	// tonghop.html: the period refused (tally.ParsePeriod)
	"Tháng không hợp lệ (định dạng YYYY-MM)":                                "Invalid month (format YYYY-MM).",
	"Năm không hợp lệ (định dạng YYYY)":                                     "Invalid year (format YYYY).",
	"Xin cho kỳ thống kê: tháng, năm, hoặc từ ngày – đến ngày (YYYY-MM-DD)": "Please give the period: a month, a year, or from – to dates (YYYY-MM-DD).",
	"Kỳ thống kê không hợp lệ (tối đa 366 ngày, từ năm 2000)":               "Invalid period (at most 366 days, from the year 2000).",
	// thongke.html
	"Thống kê giải quyết hồ sơ": "Dossier statistics", "Thống kê giải quyết hồ sơ tháng": "Dossier statistics, month",
	"Tháng": "Month", "Mã đơn vị": "Agency code", "Tiếp nhận": "Received", "Đã giải quyết": "Resolved",
	"Đúng hạn": "On time", "Trễ hạn": "Late", "Chưa có dữ liệu trong tháng này.": "No data for this month.", "Tổng": "Total",
	"Tổng hợp theo tỉnh và từng trung tâm (theo tháng, năm, kỳ bất kỳ)":                "Rollup for the province and each centre (by month, year or any period)",
	"Đánh giá được tổng hợp ẩn danh; không có thông tin người đánh giá. Dữ liệu JSON:": "Ratings are counted anonymously; nothing identifies who rated. JSON data:",
	"Bạn truy cập quá nhanh, vui lòng thử lại sau ít phút.":                            "Too many requests; please try again in a few minutes.",
	"Tháng không hợp lệ (định dạng YYYY-MM).":                                          "Invalid month (format YYYY-MM).",
	"Rất hài lòng": "Very satisfied", "Hài lòng": "Satisfied", "Không hài lòng": "Not satisfied", "Mức": "Level",
	// hoidap.html (the questions, answers, agency names and the answerer's
	// position stay as their authors wrote them)
	"Hỏi đáp thủ tục hành chính":                  "Questions and answers on administrative procedures",
	"Trả lời ngày":                                "Answered on",
	"Chưa có câu hỏi nào được trả lời công khai.": "No question has been answered publicly yet.",
	"Hệ thống đang gặp sự cố, xin thử lại sau.":   "The system has a problem; please try again later.",
	// tonghop.html
	"Tổng hợp giải quyết hồ sơ": "Dossier rollup", "Tổng hợp tình hình giải quyết hồ sơ": "Dossier handling rollup",
	"Kỳ thống kê: từ": "Period: from", "đến": "to", "Cấp đơn vị": "Units", "Xem tháng": "Show month", "Năm": "Year",
	"Xem năm": "Show year", "Từ ngày": "From", "Đến ngày": "To", "Xem kỳ": "Show period", "Đơn vị": "Unit", "Hồ sơ": "Dossiers",
	"Đang giải quyết": "Being processed", "Tiếp nhận theo kênh": "Received by channel", "Liên thông": "Inter-agency (liên thông)",
	"Đánh giá": "Ratings", "Tiếp nhận trong kỳ": "Received in the period", "Kỳ trước chuyển sang": "Carried over",
	"Tỷ lệ đúng hạn": "On-time share", "Trong hạn": "Within time", "Quá hạn": "Overdue", "Trực tiếp": "In person",
	"Trực tuyến": "Online", "Bưu chính": "Post", "Chuyển đi": "Forwarded out", "Nhận về giải quyết": "Forwarded in to decide",
	"Đơn vị này không có đơn vị cấp dưới.": "This unit has no units under it.", "Tổng cộng": "Total",
	"Theo tháng": "By month", "Tiếp nhận trong tháng": "Received in the month", "Tháng trước chuyển sang": "Carried over from last month",
	"Theo lĩnh vực": "By sector",
	"Hồ sơ liên thông (tiếp nhận tại một trung tâm, giải quyết tại cơ quan khác) được tính một lần, tại trung tâm đã tiếp nhận; cột “Nhận về giải quyết” chỉ để tham khảo, không cộng vào tổng. Đánh giá được tổng hợp ẩn danh. Dữ liệu JSON:": "A forwarded dossier (received at one centre, decided by another agency) counts once, at the centre that received it; the column “Forwarded in to decide” is for information and is not added to the totals. Ratings are counted anonymously. JSON data:",
	"Đối chiếu số liệu trung tâm gửi (DongBoThongKeHoSo) với số liệu cổng tổng hợp": "The centre's own figures (DongBoThongKeHoSo) beside the portal's rollup",
	"Tháng · đơn vị": "Month · agency", "Nguồn": "Source", "Đối chiếu": "Check", "Trung tâm gửi": "Sent by the centre",
	"tính lúc": "computed at", "chưa nhận": "not received", "Cổng tổng hợp": "Portal's rollup", "Khớp": "Same",
	"Chênh lệch": "Differs", "Chưa nhận báo cáo của trung tâm": "No report received from the centre",
	"Chênh lệch thường do hồ sơ chưa đồng bộ lên cổng (trung tâm mất kết nối, gói tin bị giữ lại) hoặc báo cáo của tháng hiện tại được tính trước các hồ sơ mới nhất.": "A difference usually means dossiers not yet synced to the portal (the centre offline, packets parked) or a current-month report computed before the latest dossiers.",
	"Không có đơn vị này trong danh mục của tỉnh.":      "No such unit in the province's list.",
	"Đang tính thống kê khác, xin thử lại sau ít giây.": "Another rollup is being computed; please try again in a few seconds.",
	"Tất cả các đơn vị":                                 "All units", "(chưa ghi lĩnh vực)": "(no sector)", " (trụ sở)": " (head office)",
	"Tỉnh, thành phố": "Province or city", "Trung tâm cấp tỉnh": "Provincial centre",
	"Chi nhánh": "Branch", "Trung tâm cấp xã": "Commune/ward centre", "Chưa khai báo": "Not declared",
}

// refusalEN is the English of a refusal the pages show, "" if unknown:
// the fixed sentences of the table, and those that carry a code the
// citizen typed.
func refusalEN(s string) string {
	if v, ok := english[s]; ok {
		return v
	}
	if c, ok := strings.CutPrefix(s, "Không có trung tâm nào tiếp nhận hồ sơ cho đơn vị "); ok {
		return "No centre receives dossiers for agency " + c + "."
	}
	if c, ok := strings.CutPrefix(s, "Không tìm thấy thủ tục "); ok {
		if c, ok = strings.CutSuffix(c, " trong danh mục"); ok {
			return "Procedure " + c + " is not in the catalogue."
		}
	}
	return ""
}

// English explanations of the statuses (dossier.Status.Explain's).
var explainEN = map[dossier.Status]string{
	dossier.StatusSubmitted:          "The dossier was submitted online and waits for an officer to check it.",
	dossier.StatusReceived:           "The dossier was received complete; please wait for the appointment date.",
	dossier.StatusRefused:            "The dossier was not accepted; the reason is in the refusal note. Please ask at the counter.",
	dossier.StatusProcessing:         "The competent agency is deciding the dossier.",
	dossier.StatusSupplementRequired: "Documents must be added or completed; please see the supplement request and bring them in time.",
	dossier.StatusFeesDue:            "Fees or financial obligations are due before the dossier can go on.",
	dossier.StatusWithdrawn:          "The dossier was withdrawn at your request.",
	dossier.StatusStopped:            "Processing was stopped; please ask at the counter for the reason.",
	dossier.StatusResolved:           "The result is ready; please collect it as the appointment says.",
	dossier.StatusReturned:           "The result has been handed over to you.",
}

func init() {
	for s := dossier.StatusSubmitted; s <= dossier.StatusReturned; s++ {
		english[s.Label()] = s.English()
		english[qcvn120.TrangThaiHoSo(s).Label()] = s.English()
		if e := explainEN[s]; e != "" {
			english[s.Explain()] = e
		}
	}
}
