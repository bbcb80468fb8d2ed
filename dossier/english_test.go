package dossier

import (
	"testing"
	"time"

	"github.com/motcua/motcua/internal/entext"
)

// TestEnglishTexts: every history note the lifecycle writes reads in
// English (what the officer typed kept), every status has its citizen
// explanation, the processing times and return methods have English, and
// none of them holds a Vietnamese letter outside the typed words.
func TestEnglishTexts(t *testing.T) {
	due := time.Date(2026, 11, 24, 17, 0, 0, 0, Loc)
	typed := []string{"Giấy chứng sinh (bản chính)", "Bản đã nộp là bản chụp", "Phòng Tư pháp", "Trung tâm Phục vụ hành chính công phường Ba Đình", "Giấy khai sinh số 12"}
	cases := []struct{ note, want string }{
		{"Tiếp nhận hồ sơ, hẹn trả kết quả lúc " + FormatAppointment(due), "Dossier received; result due 17:00 on 24 November 2026"},
		{"Tiếp nhận hồ sơ bổ sung, hẹn trả kết quả lúc " + FormatAppointment(due), "Supplement received; result due 17:00 on 24 November 2026"},
		{"Chuyển hồ sơ xử lý", "Sent for processing"},
		{"Chuyển hồ sơ đến Phòng Tư pháp xử lý", "Sent for processing to Phòng Tư pháp"},
		{"Yêu cầu bổ sung: Giấy chứng sinh (bản chính). Lý do: Bản đã nộp là bản chụp", "Supplement requested: Giấy chứng sinh (bản chính). Reason: Bản đã nộp là bản chụp"},
		{"Yêu cầu thực hiện nghĩa vụ tài chính: " + FormatVND(1250000), "Fees requested: 1,250,000 VND"},
		{"Công dân đã thực hiện nghĩa vụ tài chính", "Fees paid by the applicant"},
		{"Đã xử lý xong: Giấy khai sinh số 12 (trễ hạn)", "Resolved: Giấy khai sinh số 12 (late)"},
		{"Từ chối: Bản đã nộp là bản chụp", "Refused: Bản đã nộp là bản chụp"},
		{"Công dân rút hồ sơ", "Withdrawn by the applicant"},
		{"Dừng xử lý: Bản đã nộp là bản chụp", "Processing stopped: Bản đã nộp là bản chụp"},
		{"Đã trả kết quả (" + ReturnByPost.Vietnamese() + ")", "Result handed over (sent by public postal service)"},
		{"Đã trả kết quả (" + ReturnInPerson.Vietnamese() + ")", "Result handed over (collected in person at the reception and results desk)"},
		{"Đã trả kết quả tại đơn vị tiếp nhận: Trung tâm Phục vụ hành chính công phường Ba Đình", "Result handed over at the receiving centre: Trung tâm Phục vụ hành chính công phường Ba Đình"},
		{"Xin lỗi và hẹn lại ngày trả kết quả: " + FormatAppointment(due), "Apology sent; new result date 17:00 on 24 November 2026"},
		{"Một ghi chú lạ", "Processing"}, // unknown: the status it led to
	}
	var all []string
	for _, c := range cases {
		got := Event{Note: c.note, To: StatusProcessing}.NoteEnglish()
		if got != c.want {
			t.Errorf("%q → %q, want %q", c.note, got, c.want)
		}
		all = append(all, got)
	}
	for s := StatusSubmitted; s <= StatusReturned; s++ {
		if s.ExplainEN() == "" || s.English() == "" {
			t.Errorf("status %d has no English", s)
		}
		all = append(all, s.ExplainEN(), s.English())
		if st, ok := StatusOfLabel(s.Label()); !ok || st != s {
			t.Errorf("StatusOfLabel(%q) = %d", s.Label(), st)
		}
	}
	for _, u := range []TimeUnit{UnitWorkingDays, UnitWorkingHours, UnitCalendarDays, UnitSameDay} {
		all = append(all, ProcessingTime{Amount: 5, Unit: u}.English())
	}
	if got := (ProcessingTime{Amount: 1, Unit: UnitWorkingDays}).English(); got != "1 working day" {
		t.Errorf("1 working day: %q", got)
	}
	all = append(all, PublicPostTextEN, ReturnByPost.English(), ReturnInPerson.English(), FormatAppointmentEN(due))
	if left := entext.Leftovers(all, typed...); len(left) > 0 {
		t.Errorf("English with Vietnamese: %q", left)
	}
}
