package counter

// Lang is the language of the counter window's fixed texts (Decree
// 42/2022 asks for an English interface). The server's messages, the
// presenter's status sentences and the printed receipts (legal forms) stay
// Vietnamese.
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang reads a --lang value; anything but "en" is Vietnamese.
func ParseLang(s string) Lang {
	if s == string(EN) {
		return EN
	}
	return VI
}

// T returns the text of key in lang; an unknown key comes back as the key
// so a missing translation is visible, never a crash.
func T(lang Lang, key string) string {
	if lang == EN {
		if s, ok := TextEN[key]; ok {
			return s
		}
	}
	if s, ok := TextVI[key]; ok {
		return s
	}
	return key
}

// ShortcutLabel is s's label in lang.
func ShortcutLabel(lang Lang, s Shortcut) string {
	if t, ok := TextEN["cmd."+string(s.Command)]; ok && lang == EN {
		return t
	}
	return s.Label
}

// ActionLabel is a's label in lang.
func ActionLabel(lang Lang, a ActionDef) string {
	if t, ok := TextEN["act."+a.ID]; ok && lang == EN {
		return t
	}
	return a.Label
}

// TextVI and TextEN are the window's fixed texts (exported for the UI
// tests that check no Vietnamese is left in English mode).
var TextVI = map[string]string{
	"lang.switch":      "English",
	"login.title":      "ĐĂNG NHẬP QUẦY TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
	"login.user":       "Tên đăng nhập",
	"login.pass":       "Mật khẩu",
	"login.submit":     "Đăng nhập",
	"login.busy":       "Đang đăng nhập…",
	"login.server":     "Máy chủ: %s",
	"login.counter":    "Quầy làm việc: %s",
	"tab.receive":      "Tiếp nhận hồ sơ (F7)",
	"tab.dossiers":     "Danh sách hồ sơ (F8)",
	"logout":           "Đăng xuất",
	"header.who":       "%s · Cán bộ: %s",
	"conn.ok":          "Máy chủ: đã kết nối",
	"conn.lost":        "Máy chủ: mất kết nối, đang kết nối lại…",
	"printer.prefix":   "Máy in: ",
	"scanner.field":    "Máy quét: dùng ô quét mã (F11)",
	"scanner.ok":       "Máy quét: đã kết nối",
	"scanner.off":      "Máy quét: chưa kết nối",
	"q.title":          "SỐ ĐANG PHỤC VỤ",
	"q.start":          "Công dân đã đến: bắt đầu phục vụ",
	"q.service":        "Chọn lĩnh vực",
	"q.counter":        "Chọn quầy",
	"q.toService":      "Chuyển lĩnh vực",
	"q.toCounter":      "Chuyển quầy",
	"q.transferTo":     "Chuyển công dân sang:",
	"q.cancel":         "Hủy (Esc)",
	"q.pauseReason":    "Lý do tạm dừng",
	"q.pauseTitle":     "Tạm dừng quầy – lý do:",
	"q.pause":          "Tạm dừng",
	"q.called":         "Đang gọi – chờ công dân đến quầy",
	"q.serving":        "Đang phục vụ",
	"q.recalled":       "Đang gọi – đã gọi lại %d lần",
	"q.priority":       "Ưu tiên: %s",
	"q.priorityNum":    "Số ưu tiên",
	"q.none":           "Chưa gọi công dân",
	"q.paused":         "QUẦY TẠM DỪNG: %s",
	"q.resume":         "F6  Tiếp tục nhận công dân",
	"q.waiting":        "Đang chờ tại quầy: %d",
	"r.scan":           "Đặt con trỏ ở đây rồi quét mã QR trên thẻ căn cước hoặc giấy tiếp nhận (F11)",
	"r.name":           "Họ và tên",
	"r.name.ph":        "Họ và tên chủ hồ sơ",
	"r.id":             "Số CCCD/CMND",
	"r.id.ph":          "12 số",
	"r.dob":            "Ngày sinh",
	"r.date.ph":        "ngày/tháng/năm",
	"r.gender":         "Giới tính",
	"r.gender.ph":      "Nam/Nữ",
	"r.address":        "Địa chỉ",
	"r.address.ph":     "Nơi thường trú",
	"r.phone":          "Điện thoại",
	"r.phone.ph":       "Số điện thoại liên hệ",
	"r.summary":        "Trích yếu",
	"r.summary.ph":     "Để trống: tên thủ tục – tên chủ hồ sơ",
	"r.inPerson":       "Nhận trực tiếp tại bộ phận một cửa",
	"r.byPost":         "Trả qua bưu chính công ích",
	"r.h1":             "1. Chủ hồ sơ",
	"r.return":         "Hình thức nhận kết quả",
	"r.search":         "Tìm thủ tục theo tên hoặc mã, gõ không dấu cũng được (F12)",
	"r.noProc":         "Chưa chọn thủ tục.",
	"r.all":            "Đã nhận đủ các thành phần",
	"r.override":       "Sửa ngày hẹn trả (phải ghi lý do)",
	"r.overAt":         "ngày/tháng/năm giờ:phút",
	"r.overWhy":        "Lý do sửa ngày hẹn",
	"r.h2":             "2. Thủ tục hành chính",
	"r.h3":             "3. Thành phần hồ sơ",
	"r.h4":             "4. Phí, lệ phí thu tại quầy",
	"r.h5":             "5. Ngày hẹn trả kết quả",
	"r.fromCard":       "Thông tin đọc từ mã QR trên thẻ căn cước",
	"r.procInfo":       "%s (mã %s) · %s · Thời hạn: %s · Cơ quan giải quyết: %s",
	"r.appt":           "Hẹn trả: %s",
	"r.apptBusy":       "Đang tính ngày hẹn…",
	"r.saved":          "Hồ sơ vừa lưu: %s",
	"r.printing":       "Đang in %s hồ sơ %s…",
	"r.printed":        "Đã in %s hồ sơ %s.",
	"r.slip":           "phiếu yêu cầu bổ sung",
	"r.receipt":        "giấy tiếp nhận",
	"r.feePaid":        "%s: %s – đã thu",
	"r.noFee":          "Thủ tục không thu phí, lệ phí tại quầy.",
	"r.originals":      "%d bản chính",
	"r.copies":         "%d bản sao",
	"r.show":           "xuất trình",
	"d.allStatuses":    "Mọi trạng thái",
	"d.dueToday":       "Hẹn trả hôm nay",
	"d.late":           "Quá hạn",
	"d.allCounters":    "Mọi quầy",
	"d.query":          "Mã hồ sơ hoặc số CCCD, Enter để tìm",
	"d.refresh":        "Làm mới",
	"d.lateTag":        "QUÁ HẠN",
	"d.due":            "hẹn",
	"d.pick":           "Chọn một hồ sơ trong danh sách, hoặc quét mã QR trên giấy tiếp nhận.",
	"d.missing":        "Giấy tờ cần bổ sung, mỗi dòng một loại",
	"d.reason":         "Lý do",
	"d.deadline":       "Hạn nộp bổ sung: ngày/tháng/năm (không bắt buộc)",
	"d.feeName":        "Tên khoản phí, lệ phí",
	"d.feeAmount":      "Số tiền (đồng)",
	"d.collector":      "Họ tên người nhận kết quả",
	"d.idChecked":      "Đã kiểm tra giấy tờ tùy thân của người nhận",
	"d.byPost":         "Trả qua bưu chính",
	"d.newAppt":        "Ngày hẹn mới: ngày/tháng/năm giờ:phút",
	"d.result":         "Kết quả (ví dụ: Giấy khai sinh) – không bắt buộc",
	"d.confirm":        "Xác nhận",
	"d.cancel":         "Hủy",
	"d.reprint":        "In lại giấy tiếp nhận",
	"d.history":        "Lịch sử xử lý",
	"d.count":          "%d hồ sơ",
	"d.code":           "Mã hồ sơ: %s\nTrạng thái: %s",
	"d.detail":         "\nChủ hồ sơ: %s · %s\nThủ tục: %s (%s)\nTiếp nhận: %s\nHẹn trả: %s",
	"d.waitSupplement": "\nĐang chờ bổ sung: %s",
	"d.returned":       "\nĐã trả kết quả cho: %s (%s)",
}

var TextEN = map[string]string{
	"lang.switch":      "Tiếng Việt",
	"login.title":      "ONE-STOP COUNTER SIGN-IN",
	"login.user":       "Username",
	"login.pass":       "Password",
	"login.submit":     "Sign in",
	"login.busy":       "Signing in…",
	"login.server":     "Server: %s",
	"login.counter":    "Counter: %s",
	"tab.receive":      "Receive dossier (F7)",
	"tab.dossiers":     "Dossier list (F8)",
	"logout":           "Sign out",
	"header.who":       "%s · Officer: %s",
	"conn.ok":          "Server: connected",
	"conn.lost":        "Server: connection lost, reconnecting…",
	"printer.prefix":   "Printer: ",
	"scanner.field":    "Scanner: use the scan field (F11)",
	"scanner.ok":       "Scanner: connected",
	"scanner.off":      "Scanner: not connected",
	"q.title":          "NOW SERVING",
	"q.start":          "Citizen has arrived: start serving",
	"q.service":        "Choose a service",
	"q.counter":        "Choose a counter",
	"q.toService":      "Move to service",
	"q.toCounter":      "Move to counter",
	"q.transferTo":     "Transfer the citizen to:",
	"q.cancel":         "Cancel (Esc)",
	"q.pauseReason":    "Reason for the pause",
	"q.pauseTitle":     "Pause the counter – reason:",
	"q.pause":          "Pause",
	"q.called":         "Called – waiting for the citizen",
	"q.serving":        "Serving",
	"q.recalled":       "Called – recalled %d times",
	"q.priority":       "Priority: %s",
	"q.priorityNum":    "Priority number",
	"q.none":           "No citizen called",
	"q.paused":         "COUNTER PAUSED: %s",
	"q.resume":         "F6  Resume taking citizens",
	"q.waiting":        "Waiting for this counter: %d",
	"r.scan":           "Put the cursor here and scan the QR code on the ID card or the receipt (F11)",
	"r.name":           "Full name",
	"r.name.ph":        "Applicant's full name",
	"r.id":             "ID card number",
	"r.id.ph":          "12 digits",
	"r.dob":            "Date of birth",
	"r.date.ph":        "dd/mm/yyyy",
	"r.gender":         "Sex",
	"r.gender.ph":      "Nam (male) / Nữ (female)",
	"r.address":        "Address",
	"r.address.ph":     "Permanent residence",
	"r.phone":          "Phone",
	"r.phone.ph":       "Contact phone number",
	"r.summary":        "Summary",
	"r.summary.ph":     "Empty: procedure – applicant",
	"r.inPerson":       "Collect in person at the one-stop desk",
	"r.byPost":         "Deliver by public postal service",
	"r.h1":             "1. Applicant",
	"r.return":         "How the result is returned",
	"r.search":         "Find a procedure by name or code, diacritics optional (F12)",
	"r.noProc":         "No procedure chosen.",
	"r.all":            "All components received",
	"r.override":       "Change the return date (reason required)",
	"r.overAt":         "dd/mm/yyyy hh:mm",
	"r.overWhy":        "Reason for the change",
	"r.h2":             "2. Administrative procedure",
	"r.h3":             "3. Dossier components",
	"r.h4":             "4. Fees collected at the counter",
	"r.h5":             "5. Return date",
	"r.fromCard":       "Read from the QR code on the ID card",
	"r.procInfo":       "%s (code %s) · %s · Time limit: %s · Deciding agency: %s",
	"r.appt":           "Return on: %s",
	"r.apptBusy":       "Working out the return date…",
	"r.saved":          "Dossier saved: %s",
	"r.printing":       "Printing the %s of dossier %s…",
	"r.printed":        "Printed the %s of dossier %s.",
	"r.slip":           "supplement request",
	"r.receipt":        "receipt",
	"r.feePaid":        "%s: %s – collected",
	"r.noFee":          "No fees are collected at the counter for this procedure.",
	"r.originals":      "%d original(s)",
	"r.copies":         "%d copy(ies)",
	"r.show":           "to show",
	"d.allStatuses":    "All statuses",
	"d.dueToday":       "Due today",
	"d.late":           "Overdue",
	"d.allCounters":    "All counters",
	"d.query":          "Dossier code or ID number, Enter to search",
	"d.refresh":        "Refresh",
	"d.lateTag":        "OVERDUE",
	"d.due":            "due",
	"d.pick":           "Choose a dossier in the list, or scan the QR code on the receipt.",
	"d.missing":        "Documents to add, one per line",
	"d.reason":         "Reason",
	"d.deadline":       "Deadline to add them: dd/mm/yyyy (optional)",
	"d.feeName":        "Fee name",
	"d.feeAmount":      "Amount (VND)",
	"d.collector":      "Full name of the person collecting",
	"d.idChecked":      "The collector's identity papers were checked",
	"d.byPost":         "Deliver by post",
	"d.newAppt":        "New return date: dd/mm/yyyy hh:mm",
	"d.result":         "Result (e.g. birth certificate) – optional",
	"d.confirm":        "Confirm",
	"d.cancel":         "Cancel",
	"d.reprint":        "Reprint the receipt",
	"d.history":        "Processing history",
	"d.count":          "%d dossiers",
	"d.code":           "Dossier code: %s\nStatus: %s",
	"d.detail":         "\nApplicant: %s · %s\nProcedure: %s (%s)\nReceived: %s\nReturn on: %s",
	"d.waitSupplement": "\nWaiting for: %s",
	"d.returned":       "\nResult returned to: %s (%s)",

	"cmd.call_next":   "Call next",
	"cmd.recall":      "Recall",
	"cmd.no_show":     "No-show",
	"cmd.transfer":    "Transfer counter/service",
	"cmd.finish":      "Finish",
	"cmd.pause":       "Pause/Resume",
	"cmd.new_dossier": "New dossier",
	"cmd.dossiers":    "Dossier list",
	"cmd.save":        "Save and print receipt",
	"cmd.reprint":     "Reprint",
	"cmd.scan":        "Scan field",
	"cmd.search":      "Find procedure",

	"act.start-processing":   "Send for processing",
	"act.request-supplement": "Ask for documents",
	"act.supplement":         "Documents received",
	"act.request-fees":       "Ask for fees",
	"act.fees-paid":          "Fees paid",
	"act.resolve":            "Result ready",
	"act.refuse":             "Refuse",
	"act.withdraw":           "Withdraw",
	"act.stop":               "Stop processing",
	"act.return":             "Return result",
	"act.apologise":          "Apologise, new date",
}

// PrinterEN translates the printer status line (the presenter's and the
// printer package's Vietnamese sentences) for the English window; an
// unknown sentence is shown as it is after "Printer:".
var PrinterEN = map[string]string{
	"Chưa cấu hình máy in": "Printer: not configured",
	"Đang kết nối máy in…": "Printer: connecting…",
	"Máy in hết giấy: hãy thay giấy rồi nhấn F10 để in lại.": "Printer: out of paper: load paper, then press F10 to reprint.",
	"Máy in sẵn sàng": "Printer: ready",
	"Máy in hết giấy. Vui lòng báo cán bộ thay giấy.":              "Printer: out of paper.",
	"Máy in đang mở nắp.":                                          "Printer: cover open.",
	"Máy in không sẵn sàng.":                                       "Printer: offline.",
	"Chưa kết nối được máy in.":                                    "Printer: not connected.",
	"Không rõ trạng thái máy in (kết nối này không báo hết giấy).": "Printer: status unknown (this connection does not report paper-out).",
	"Máy in không phản hồi.":                                       "Printer: not responding.",
	"Máy in đã tắt.":                                               "Printer: switched off.",
	"Hết thời gian chờ máy in.":                                    "Printer: timed out.",
	"Lỗi máy in.":                                                  "Printer: error.",
}
