package dossier

import (
	"fmt"
	"strings"
	"time"
)

// English texts of what the public lookups (kiosk, phone, web) show a
// citizen, next to their Vietnamese ones (status.go, returnplace.go,
// appointment.go). The server sends both (docs/API.md, "English next to
// Vietnamese"); the names inside them (a centre, an agency) stay as they
// are written: they have no English form.

var explainEN = map[Status]string{
	StatusSubmitted:          "Your dossier was submitted online and is waiting for an officer to check and receive it.",
	StatusReceived:           "Your dossier has been received in full. Please wait for the date on your appointment slip to collect the result.",
	StatusRefused:            "Your dossier was not accepted; the reason is written on the refusal notice. Please ask at a counter for help.",
	StatusProcessing:         "Your dossier is being decided by the competent authority.",
	StatusSupplementRequired: "Some documents must be added or completed. Please read the request for additional documents and hand them in on time.",
	StatusFeesDue:            "Please pay the fees or charges due (or meet other financial obligations) so that your dossier can be processed further.",
	StatusWithdrawn:          "Your dossier was withdrawn at your request.",
	StatusStopped:            "Processing of your dossier has stopped. Please ask at a counter for the reason.",
	StatusResolved:           "The result is ready. Please collect it as stated on your appointment slip.",
	StatusReturned:           "The result has been handed over to you.",
}

// ExplainEN is Explain in English, for a foreign resident reading the
// kiosk or the phone page in English.
func (s Status) ExplainEN() string { return explainEN[s] }

// StatusOfLabel finds the status whose Vietnamese label is vi: the
// timeline of a centre older than the English fields carries labels only.
func StatusOfLabel(vi string) (Status, bool) {
	for s, t := range statusTexts {
		if t.vi == vi {
			return s, true
		}
	}
	return 0, false
}

// FormatAppointmentEN is FormatAppointment in English: "17:00 on 24
// November 2026" (the day written out: 24/11 and 11/24 read differently).
func FormatAppointmentEN(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Loc)
	return fmt.Sprintf("%02d:%02d on %d %s %d", t.Hour(), t.Minute(), t.Day(), t.Month(), t.Year())
}

// PublicPostTextEN is PublicPostText in English.
const PublicPostTextEN = "Sent by public postal service to the address you gave when you submitted the dossier."

// PublicCollectTextEN is PublicCollectText in English: where the
// applicant gets the result, with no postal address. The centre's or the
// deciding agency's name is kept as written.
func (d Dossier) PublicCollectTextEN(receivingCentre string) string {
	if d.ReceivingCentre != "" {
		receivingCentre = d.ReceivingCentre
	}
	switch d.Place() {
	case PlacePost:
		return PublicPostTextEN
	case PlaceDeciding:
		return "In person at the agency that decides the dossier: " + d.Competent()
	}
	return "In person at " + receivingCentre
}

// CollectEnglish turns a public collect sentence of an older centre (one
// that sends no collect_en) into English: the three sentences of
// PublicCollectText, with the name after them kept. Anything else comes
// back unchanged, with false.
func CollectEnglish(vi string) (string, bool) {
	switch {
	case vi == PublicPostText:
		return PublicPostTextEN, true
	case strings.HasPrefix(vi, "Nhận trực tiếp tại nơi giải quyết hồ sơ: "):
		return "In person at the agency that decides the dossier: " + strings.TrimPrefix(vi, "Nhận trực tiếp tại nơi giải quyết hồ sơ: "), true
	case strings.HasPrefix(vi, "Nhận trực tiếp tại "):
		return "In person at " + strings.TrimPrefix(vi, "Nhận trực tiếp tại "), true
	}
	return vi, false
}

// English is the processing time in English, e.g. "5 working days".
func (p ProcessingTime) English() string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("1 %s", one)
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	switch p.Unit {
	case UnitWorkingDays:
		return plural(p.Amount, "working day", "working days")
	case UnitWorkingHours:
		return plural(p.Amount, "working hour", "working hours")
	case UnitCalendarDays:
		return plural(p.Amount, "day", "days")
	case UnitSameDay:
		return "Same day (received before 15:00, returned the same day)"
	}
	return string(p.Unit)
}

// English is the return method in English.
func (r ReturnMethod) English() string {
	if r == ReturnByPost {
		return "sent by public postal service"
	}
	return "collected in person at the reception and results desk"
}

// FormatVNDEnglish is an amount in English: "50,000 VND".
func FormatVNDEnglish(n int64) string {
	return strings.ReplaceAll(strings.TrimSuffix(FormatVND(n), " đồng"), ".", ",") + " VND"
}

// notesEN are the fixed beginnings of the history notes (lifecycle.go,
// handover.go) and their English; what follows them (a reason, a result, a
// list of documents, a name) was typed by an officer and stays as typed.
var notesEN = []struct{ vi, en string }{
	{"Tiếp nhận hồ sơ bổ sung, hẹn trả kết quả lúc ", "Supplement received; result due "},
	{"Tiếp nhận hồ sơ, hẹn trả kết quả lúc ", "Dossier received; result due "},
	{"Chuyển hồ sơ xử lý", "Sent for processing"},
	{"Chuyển hồ sơ đến ", "Sent for processing to "},
	{"Yêu cầu bổ sung: ", "Supplement requested: "},
	{"Yêu cầu thực hiện nghĩa vụ tài chính: ", "Fees requested: "},
	{"Công dân đã thực hiện nghĩa vụ tài chính", "Fees paid by the applicant"},
	{"Đã xử lý xong", "Resolved"},
	{"Từ chối: ", "Refused: "},
	{"Công dân rút hồ sơ", "Withdrawn by the applicant"},
	{"Dừng xử lý: ", "Processing stopped: "},
	{"Đã trả kết quả tại đơn vị tiếp nhận: ", "Result handed over at the receiving centre: "},
	{"Đã trả kết quả (", "Result handed over ("},
	{"Xin lỗi và hẹn lại ngày trả kết quả: ", "Apology sent; new result date "},
}

// NoteEnglish is an event's history note in English: its fixed words
// translated (dates and amounts too), what the officer typed kept. A note
// it does not know is named by the status it led to.
func (e Event) NoteEnglish() string {
	n := e.Note
	for _, x := range notesEN {
		if !strings.HasPrefix(n, x.vi) {
			continue
		}
		rest := strings.TrimPrefix(n, x.vi)
		switch x.vi {
		case "Chuyển hồ sơ đến ":
			rest = strings.TrimSuffix(rest, " xử lý")
		case "Yêu cầu bổ sung: ":
			rest = strings.Replace(rest, ". Lý do: ", ". Reason: ", 1)
		case "Đã xử lý xong":
			rest = strings.Replace(rest, " (trễ hạn)", " (late)", 1)
		case "Công dân rút hồ sơ":
		case "Đã trả kết quả (":
			rest = strings.Replace(rest, ReturnByPost.Vietnamese(), ReturnByPost.English(), 1)
			rest = strings.Replace(rest, ReturnInPerson.Vietnamese(), ReturnInPerson.English(), 1)
		}
		rest = appointmentsEN(rest)
		if strings.HasSuffix(rest, " đồng") {
			if v, ok := parseVND(rest); ok {
				rest = FormatVNDEnglish(v)
			}
		}
		return x.en + rest
	}
	if n == "" || !e.To.Valid() {
		return n
	}
	return e.To.English()
}

// appointmentsEN rewrites FormatAppointment's "hh giờ mm phút, ngày
// dd/mm/yyyy" in s as FormatAppointmentEN.
func appointmentsEN(s string) string {
	i := strings.Index(s, " giờ ")
	if i < 2 {
		return s
	}
	start := i - 2
	const layout = "15 giờ 04 phút, ngày 02/01/2006"
	if len(s) < start+len(layout) {
		return s
	}
	t, err := time.ParseInLocation(layout, s[start:start+len(layout)], Loc)
	if err != nil {
		return s
	}
	return s[:start] + FormatAppointmentEN(t) + s[start+len(layout):]
}

func parseVND(s string) (int64, bool) {
	var n int64
	digits := strings.ReplaceAll(strings.TrimSuffix(s, " đồng"), ".", "")
	if digits == "" {
		return 0, false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int64(r-'0')
	}
	return n, true
}
