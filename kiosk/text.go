package kiosk

import (
	"fmt"

	"github.com/motcua/motcua/dossier"
)

// Lang is the language of the kiosk screens, and of the ticket printed for
// the citizen who chose it (docs/ENGLISH.md).
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// T returns the text of key in lang; unknown keys come back as the key so a
// missing translation is visible, never a crash.
func T(lang Lang, key string) string {
	if lang == EN {
		if s, ok := textEN[key]; ok {
			return s
		}
	}
	if s, ok := textVI[key]; ok {
		return s
	}
	return key
}

var textVI = map[string]string{
	"home.ask":           "Hỏi đáp, góp ý",
	"home.ask.sub":       "Gửi câu hỏi hoặc phản ánh, kiến nghị đến Trung tâm",
	"ask.title":          "Hỏi đáp, góp ý",
	"ask.kind":           "Quý khách muốn gửi:",
	"ask.kind.hoi":       "Câu hỏi",
	"ask.kind.pakn":      "Phản ánh, kiến nghị",
	"ask.topic":          "Về lĩnh vực:",
	"ask.topic.other":    "Khác",
	"ask.text":           "Nội dung",
	"ask.text.tap":       "Chạm để viết nội dung",
	"ask.text.hint":      "Gõ chữ rồi chạm dấu (sắc, huyền, hỏi, ngã, nặng) để thêm dấu cho chữ vừa gõ.",
	"ask.phone":          "Số điện thoại để Trung tâm trả lời (không bắt buộc)",
	"ask.phone.tap":      "Chạm để nhập số điện thoại",
	"ask.phone.hint":     "Số điện thoại chỉ cán bộ Trung tâm được xem, không công khai.",
	"ask.send":           "Gửi",
	"ask.needtopic":      "Xin chọn lĩnh vực của câu hỏi hoặc phản ánh.",
	"ask.needtext":       "Xin nhập nội dung câu hỏi hoặc phản ánh.",
	"ask.toolong":        "Nội dung đã đến độ dài tối đa (2000 ký tự).",
	"ask.badphone":       "Số điện thoại chưa đúng: xin nhập đủ số, bắt đầu bằng số 0, hoặc xóa hết nếu không muốn để lại.",
	"ask.sent":           "Cảm ơn Quý khách! Trung tâm đã nhận nội dung của Quý khách.",
	"ask.ref":            "Mã tra cứu",
	"ask.ref.hint":       "Câu trả lời được công khai sẽ đăng tại trang Hỏi đáp của Trung tâm (/hoi-dap).",
	"home.title":         "Xin kính chào Quý khách",
	"home.take":          "Lấy số thứ tự",
	"home.take.sub":      "Chọn lĩnh vực và dịch vụ cần giải quyết",
	"home.lookup":        "Tra cứu hồ sơ",
	"home.lookup.sub":    "Quét mã trên giấy hẹn, nhập mã hồ sơ hoặc quét CCCD",
	"home.booking":       "Đã đặt lịch hẹn",
	"home.booking.sub":   "Quét mã QR lịch hẹn, nhập mã đặt lịch hoặc quét CCCD để lấy số",
	"checkin.title":      "Lấy số theo lịch hẹn",
	"checkin.hint":       "Đưa mã QR lịch hẹn (trên điện thoại hoặc giấy) hoặc thẻ CCCD vào máy quét, hoặc nhập mã đặt lịch:",
	"checkin.submit":     "Lấy số",
	"checkin.busy":       "Đang lấy số theo lịch hẹn…",
	"checkin.badcode":    "Mã đặt lịch gồm 16 chữ và số, ví dụ B2FR-GA6B-F6ZX-VS2Y. Quý khách vui lòng kiểm tra lại.",
	"checkin.notfound":   "Không tìm thấy lịch hẹn với mã này. Xin kiểm tra lại mã đặt lịch.",
	"checkin.wrongqr":    "Đây không phải mã QR lịch hẹn. Xin quét mã QR nhận được khi đặt lịch, hoặc thẻ CCCD.",
	"checkin.unreadable": "Không đọc được mã vừa quét. Quý khách vui lòng quét lại.",
	"checkin.late":       "Quý khách đến sau giờ hẹn nên lịch hẹn không còn được ưu tiên. Chúng tôi đã cấp cho quý khách số thứ tự thường; mời quý khách chờ đến lượt. Cảm ơn quý khách đã thông cảm.",
	"home.rate":          "Đánh giá mức độ hài lòng",
	"home.rate.sub":      "Ý kiến của Quý khách giúp chúng tôi phục vụ tốt hơn",
	"lang.switch":        "English",
	"large.toggle":       "Chữ lớn",
	"lookup.example":     "Ví dụ: %s",
	"back":               "Quay lại",
	"home":               "Màn hình chính",
	"sector.title":       "Chọn lĩnh vực",
	"service.title":      "Chọn dịch vụ",
	"service.waiting":    "Đang chờ: %d người",
	"service.wait":       "Chờ khoảng %d phút",
	"service.nowait":     "Không phải chờ",
	"wait.noopen":        "Chưa có quầy mở",
	"wait.now":           "Được phục vụ ngay",
	"wait.soon":          "Sắp đến lượt",
	"priority.title":     "Quý khách có thuộc nhóm ưu tiên không?",
	"priority.sub":       "Nhóm ưu tiên được mời trước theo quy định. Cán bộ có thể kiểm tra giấy tờ.",
	"priority.none":      "Không, tôi lấy số thường",
	"issuing":            "Đang lấy số, xin chờ trong giây lát…",
	"ticket.title":       "Số thứ tự của Quý khách",
	"ticket.service":     "Dịch vụ",
	"ticket.counters":    "Quầy phục vụ",
	"ticket.ahead":       "Số người chờ trước",
	"ticket.wait":        "Thời gian chờ dự kiến",
	"ticket.minutes":     "khoảng %d phút",
	"ticket.printing":    "Đang in phiếu…",
	"ticket.printed":     "Mời Quý khách nhận phiếu bên dưới và chú ý màn hình gọi số.",
	"ticket.noprint":     "Không in được phiếu. Quý khách vui lòng ghi nhớ số hoặc quét mã QR trên màn hình để theo dõi.",
	"ticket.scan":        "Quét mã để theo dõi lượt trên điện thoại",
	"ticket.done":        "Xong",
	"priority.label":     "Ưu tiên",
	"lookup.title":       "Tra cứu hồ sơ",
	"lookup.hint":        "Đưa mã QR trên giấy hẹn hoặc thẻ CCCD vào máy quét, hoặc nhập mã hồ sơ:",
	"lookup.search":      "Tra cứu",
	"lookup.clear":       "Xóa hết",
	"lookup.del":         "Xóa",
	"lookup.searching":   "Đang tra cứu…",
	"lookup.badcode":     "Mã hồ sơ chưa đúng dạng. Mã có dạng 000.00.06.H26-231027-0361.",
	"lookup.notfound":    "Không tìm thấy hồ sơ có mã này tại trung tâm. Quý khách vui lòng kiểm tra lại mã trên giấy hẹn.",
	"lookup.none":        "Không có hồ sơ nào của Quý khách tại trung tâm.",
	"lookup.list":        "Hồ sơ của Quý khách",
	"lookup.ticket":      "Đây là phiếu số thứ tự, không phải giấy hẹn trả kết quả. Xin quét mã trên giấy hẹn.",
	"dossier.code":       "Mã hồ sơ",
	"dossier.applicant":  "Người nộp",
	"dossier.received":   "Ngày tiếp nhận",
	"dossier.appoint":    "Ngày hẹn trả",
	"dossier.status":     "Tình trạng",
	"dossier.late":       "Hồ sơ đã quá hạn hẹn trả. Cơ quan sẽ gửi thư xin lỗi và hẹn lại ngày trả kết quả.",
	"dossier.timeline":   "Quá trình xử lý",
	"dossier.missing":    "Giấy tờ cần bổ sung",
	"dossier.collect":    "Nơi nhận kết quả",
	"rate.title":         "Đánh giá mức độ hài lòng",
	"rate.subject":       "Xin Quý khách quét mã QR trên phiếu số thứ tự hoặc trên giấy hẹn trả kết quả.",
	"rate.subject.how":   "Đưa mã QR lại gần đầu đọc mã bên dưới màn hình.",
	"rate.oldqr":         "Mã QR này chưa có mã đánh giá (phiếu hoặc giấy hẹn in theo mẫu cũ). Xin Quý khách nhờ cán bộ tại quầy in lại giấy hẹn, hoặc quét phiếu số thứ tự mới.",
	"rate.checking":      "Đang kiểm tra mã…",
	"rate.counterno":     "Quầy %d",
	"rate.question":      dossier.RatingQuestion,
	"rate.reason":        "Xin Quý khách cho biết lý do chưa hài lòng (chọn một hoặc nhiều):",
	"rate.send":          "Gửi đánh giá",
	"rate.needreason":    "Xin chọn ít nhất một lý do hoặc ghi ý kiến của Quý khách.",
	"rate.needother":     "Quý khách đã chọn “Khác”: xin ghi rõ lý do vào ô ý kiến.",
	"rate.comment":       "Ý kiến khác (không bắt buộc)",
	"rate.comment.tap":   "Chạm để viết ý kiến",
	"rate.comment.hint":  "Gõ chữ rồi chạm dấu (sắc, huyền, hỏi, ngã, nặng) để thêm dấu cho chữ vừa gõ.",
	"rate.comment.done":  "Xong",
	"rate.comment.space": "Cách",
	"rate.notserved":     "Quý khách chỉ đánh giá được sau khi đã được phục vụ tại quầy. Xin mời Quý khách quay lại đánh giá sau khi làm xong thủ tục.",
	"rate.unknown":       "Không tìm thấy lượt phục vụ hoặc hồ sơ này. Xin Quý khách kiểm tra lại phiếu hoặc giấy hẹn.",
	"rate.sending":       "Đang gửi…",
	"rate.thanks":        "Cảm ơn Quý khách đã đánh giá!",
	"rate.already":       "Lượt phục vụ này đã được đánh giá. Cảm ơn Quý khách.",
	"rate.for.ticket":    "Đánh giá lượt phục vụ số %s",
	"rate.for.ticket.at": "Đánh giá lượt phục vụ số %s tại %s",
	"rate.for.dossier":   "Đánh giá việc tiếp nhận hồ sơ %s",
	"rate.dossier.at":    "Đánh giá việc tiếp nhận hồ sơ %s tại %s",
	"offline.title":      "Tạm ngừng phục vụ",
	"offline.body":       "Máy đang kết nối lại với hệ thống. Xin Quý khách vui lòng chờ trong giây lát hoặc liên hệ cán bộ hướng dẫn.",
	"unauthorized.body":  "Máy chưa được cấp quyền hoạt động. Xin liên hệ cán bộ quản trị.",
	"admin.title":        "Quản trị",
	"admin.pin":          "Nhập mã PIN quản trị",
	"admin.ok":           "Xác nhận",
	"admin.wrong":        "Mã PIN không đúng.",
	"admin.locked":       "Nhập sai quá nhiều lần. Xin thử lại sau.",
	"admin.exit":         "Thoát ứng dụng",
	"admin.resume":       "Tiếp tục phục vụ",
	"printer.noprinter":  "Máy chưa kết nối máy in: số thứ tự chỉ hiển thị trên màn hình.",
	"error.generic":      "Có lỗi xảy ra. Xin Quý khách thử lại hoặc liên hệ cán bộ hướng dẫn.",
}

var textEN = map[string]string{
	"home.ask":           "Questions and feedback",
	"home.ask.sub":       "Send a question, a complaint or a suggestion to the centre",
	"ask.title":          "Questions and feedback",
	"ask.kind":           "I want to send:",
	"ask.kind.hoi":       "A question",
	"ask.kind.pakn":      "Feedback or a petition",
	"ask.topic":          "About:",
	"ask.topic.other":    "Other",
	"ask.text":           "Your message",
	"ask.text.tap":       "Tap to write your message",
	"ask.text.hint":      "Type a word, then tap a tone mark to add it to that word.",
	"ask.phone":          "Phone number for the answer (optional)",
	"ask.phone.tap":      "Tap to type a phone number",
	"ask.phone.hint":     "Only the centre's staff can see the phone number; it is never made public.",
	"ask.send":           "Send",
	"ask.needtopic":      "Please choose what your message is about.",
	"ask.needtext":       "Please write your message.",
	"ask.toolong":        "The message has reached its maximum length (2000 characters).",
	"ask.badphone":       "This phone number is not complete: type all its digits starting with 0, or delete it.",
	"ask.sent":           "Thank you! The centre has received your message.",
	"ask.ref":            "Reference",
	"ask.ref.hint":       "Answers made public are posted on the centre's Q&A page (/hoi-dap).",
	"home.title":         "Welcome",
	"home.take":          "Take a number",
	"home.take.sub":      "Choose the sector and the service you need",
	"home.lookup":        "Look up a dossier",
	"home.lookup.sub":    "Scan the receipt QR, type the dossier code or scan your ID card",
	"home.booking":       "I have an appointment",
	"home.booking.sub":   "Scan your booking QR, type the booking code or scan your ID card",
	"checkin.title":      "Appointment check-in",
	"checkin.hint":       "Hold the booking QR (phone or paper) or your ID card to the scanner, or type the booking code:",
	"checkin.submit":     "Get my number",
	"checkin.busy":       "Getting your number…",
	"checkin.badcode":    "A booking code has 16 letters and digits, e.g. B2FR-GA6B-F6ZX-VS2Y. Please check it.",
	"checkin.notfound":   "No appointment with this code. Please check the booking code.",
	"checkin.wrongqr":    "This is not a booking QR. Please scan the QR you received when booking, or your ID card.",
	"checkin.unreadable": "The code could not be read. Please scan again.",
	"checkin.late":       "You came later than your appointment, so it is no longer served first. You have an ordinary number; please wait for your turn. Thank you for understanding.",
	"home.rate":          "Rate our service",
	"home.rate.sub":      "Your opinion helps us serve you better",
	"lang.switch":        "Tiếng Việt",
	"back":               "Back",
	"home":               "Home",
	"sector.title":       "Choose a sector",
	"service.title":      "Choose a service",
	"service.waiting":    "Waiting: %d",
	"service.wait":       "About %d min",
	"service.nowait":     "No wait",
	"large.toggle":       "Large text",
	"lookup.example":     "e.g. %s",
	"wait.noopen":        "No counter open yet",
	"wait.now":           "Served right away",
	"wait.soon":          "Your turn is near",
	"priority.title":     "Are you in a priority group?",
	"priority.sub":       "Priority groups are called first. Staff may check your documents.",
	"priority.none":      "No, a regular number",
	"issuing":            "Getting your number…",
	"ticket.title":       "Your number",
	"ticket.service":     "Service",
	"ticket.counters":    "Counters",
	"ticket.ahead":       "People ahead of you",
	"ticket.wait":        "Estimated wait",
	"ticket.minutes":     "about %d min",
	"ticket.printing":    "Printing your ticket…",
	"ticket.printed":     "Please take your ticket below and watch the call screen.",
	"ticket.noprint":     "The ticket could not be printed. Please remember your number or scan the QR code on the screen to follow your turn.",
	"ticket.scan":        "Scan to follow your turn on your phone",
	"ticket.done":        "Done",
	"priority.label":     "Priority",
	"lookup.title":       "Look up a dossier",
	"lookup.hint":        "Hold the receipt QR or your ID card to the scanner, or type the dossier code:",
	"lookup.search":      "Search",
	"lookup.clear":       "Clear",
	"lookup.del":         "Delete",
	"lookup.searching":   "Searching…",
	"lookup.badcode":     "This is not a valid dossier code. A dossier code looks like 000.00.06.H26-231027-0361.",
	"lookup.notfound":    "No dossier with this code at this centre. Please check the code on your receipt.",
	"lookup.none":        "You have no dossiers at this centre.",
	"lookup.list":        "Your dossiers",
	"lookup.ticket":      "This is a queue ticket, not a dossier receipt. Please scan the receipt.",
	"dossier.code":       "Dossier code",
	"dossier.applicant":  "Applicant",
	"dossier.received":   "Received",
	"dossier.appoint":    "Result due",
	"dossier.status":     "Status",
	"dossier.late":       "This dossier is past its due date. The agency will send you an apology with a new date.",
	"dossier.timeline":   "Progress",
	"dossier.missing":    "Documents still needed",
	"dossier.collect":    "Where to collect the result",
	"rate.title":         "Rate our service",
	"rate.subject":       "Please scan the QR code on your queue ticket or on your dossier receipt.",
	"rate.subject.how":   "Hold the QR code close to the reader below the screen.",
	"rate.oldqr":         "This QR code has no rating code (a ticket or receipt of the old design). Please ask an officer at the counter to reprint your receipt, or scan a new queue ticket.",
	"rate.checking":      "Checking the code…",
	"rate.counterno":     "counter %d",
	"rate.question":      dossier.RatingQuestionEN,
	"rate.reason":        "Please tell us why (choose one or more):",
	"rate.send":          "Send",
	"rate.needreason":    "Please choose at least one reason or write a comment.",
	"rate.needother":     "You chose “Other”: please write the reason in the comment box.",
	"rate.comment":       "Other comments (optional)",
	"rate.comment.tap":   "Tap to write a comment",
	"rate.comment.hint":  "Type a word, then tap a tone mark to add it to that word.",
	"rate.comment.done":  "Done",
	"rate.comment.space": "Space",
	"rate.notserved":     "You can rate only after you have been served at a counter. Please come back once your visit is done.",
	"rate.unknown":       "This visit or dossier was not found. Please check your ticket or receipt.",
	"rate.sending":       "Sending…",
	"rate.thanks":        "Thank you for your rating!",
	"rate.already":       "This visit has already been rated. Thank you.",
	"rate.for.ticket":    "Rating the visit of number %s",
	"rate.for.ticket.at": "Rating the visit of number %s at %s",
	"rate.for.dossier":   "Rating the reception of dossier %s",
	"rate.dossier.at":    "Rating the reception of dossier %s at %s",
	"offline.title":      "Temporarily out of service",
	"offline.body":       "This kiosk is reconnecting. Please wait a moment or ask a staff member.",
	"unauthorized.body":  "This kiosk is not authorised. Please contact the administrator.",
	"admin.title":        "Administration",
	"admin.pin":          "Enter the admin PIN",
	"admin.ok":           "OK",
	"admin.wrong":        "Wrong PIN.",
	"admin.locked":       "Too many attempts. Try again later.",
	"admin.exit":         "Quit the application",
	"admin.resume":       "Resume service",
	"printer.noprinter":  "No printer connected: the number is shown on screen only.",
	"error.generic":      "Something went wrong. Please try again or ask a staff member.",
}

// reasonEN translates the server's reasons (dossier.RatingReasons) for the
// English screens; the Vietnamese text is what is sent to the server.
var reasonEN = map[string]string{
	"Thời gian chờ đợi lâu":                          "Long waiting time",
	"Hướng dẫn không rõ ràng, phải đi lại nhiều lần": "Unclear guidance, had to come back several times",
	"Thái độ phục vụ chưa lịch sự, chưa tận tình":    "Impolite or unhelpful attitude",
	"Yêu cầu giấy tờ không có trong quy định":        "Asked for documents not required by law",
	"Trả kết quả trễ hẹn":                            "Result returned late",
	"Khác":                                           "Other",
}

// levelEN translates the labels of the 3- and 5-level scales.
var levelEN = map[string]string{
	"Rất hài lòng":       "Very satisfied",
	"Hài lòng":           "Satisfied",
	"Bình thường":        "Neutral",
	"Không hài lòng":     "Not satisfied",
	"Rất không hài lòng": "Very dissatisfied",
}

// ReasonText is a reason as shown in lang.
func ReasonText(lang Lang, r string) string {
	if lang == EN {
		if s, ok := reasonEN[r]; ok {
			return s
		}
	}
	return r
}

// LevelText is a rating level's label as shown in lang.
func LevelText(lang Lang, label string) string {
	if lang == EN {
		if s, ok := levelEN[label]; ok {
			return s
		}
	}
	return label
}

// WaitText is the expected wait as the citizen reads it, for a ticket with
// ahead people before it and open counters serving its service: with no
// counter open it says so instead of inventing a time, and with nobody
// ahead at an open counter the citizen is served right away. minutesKey
// formats a real estimate ("service.wait" or "ticket.minutes").
func WaitText(lang Lang, ahead, open, minutes int, minutesKey string) string {
	switch {
	case open <= 0:
		return T(lang, "wait.noopen")
	case ahead <= 0:
		return T(lang, "wait.now")
	case minutes <= 0:
		return T(lang, "wait.soon")
	}
	return fmt.Sprintf(T(lang, minutesKey), minutes)
}
