package dossier

import (
	"errors"
	"strings"
	"testing"
)

func TestBuildReceipt(t *testing.T) {
	d := receive(t, newDraft(t), "2026-03-02 09:32")
	d.Applicant.Email = "an@example.vn"
	r := BuildReceipt(d, "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "UBND phường Hoàn Kiếm")
	checks := map[string]string{
		"title": r.Title, "code": r.Code, "qr": r.QR, "name": r.Applicant, "address": r.Address, "phone": r.Phone,
		"email": r.Email, "procedure": r.Procedure, "officer": r.Officer, "place": r.ReturnPlace,
		"received": r.ReceivedText, "appointment": r.Appointment, "centre": r.CentreName, "agency": r.AgencyName,
	}
	for k, v := range checks {
		if v == "" {
			t.Errorf("receipt %s empty", k)
		}
	}
	if r.QR != d.Code || r.Appointment != "09 giờ 00 phút, ngày 05/03/2026" || r.ReceivedText != "09 giờ 32 phút, ngày 02/03/2026" {
		t.Errorf("%+v", r)
	}
	if len(r.Lines) != 2 || r.Lines[0].Originals != 1 || r.Lines[1].Copies != 1 || r.Lines[1].Count != 1 || r.Lines[1].No != 2 {
		t.Errorf("lines %+v", r.Lines)
	}
	// Circular 03/2025/TT-VPCP, Phụ lục I: Mẫu số 01; the competent agency is printed.
	if r.Form != "Mẫu số 01" || r.FormLegal != "Ban hành kèm theo Thông tư số 03/2025/TT-VPCP" || r.CompetentAgency != "Ủy ban nhân dân xã, phường" {
		t.Errorf("form %q %q, competent %q", r.Form, r.FormLegal, r.CompetentAgency)
	}
	if r.FeesTotal != "3.000 đồng" || r.Processing != "03 ngày làm việc" {
		t.Errorf("fees %q processing %q", r.FeesTotal, r.Processing)
	}
	d.ReturnMethod = ReturnByPost
	if r := BuildReceipt(d, "TT", "UB"); !strings.Contains(r.ReturnPlace, "bưu chính") {
		t.Errorf("post: %q", r.ReturnPlace)
	}
}

func TestBuildSupplementSlip(t *testing.T) {
	d := receive(t, newDraft(t), "2026-03-02 09:32")
	if _, ok := BuildSupplementSlip(d, "TT", "UB"); ok {
		t.Error("slip without a round")
	}
	d, _, _ = Apply(d, RequestSupplement{Officer: "Lê Văn Cường", Missing: []string{"Bản sao có chứng thực"}, Reason: "Bản sao chưa chứng thực",
		Deadline: mustTime(t, "2026-03-13 17:00")}, mustTime(t, "2026-03-03 10:00"), DefaultCalendar())
	s, ok := BuildSupplementSlip(d, "TT", "UB")
	if s.Form != "Mẫu số 02" || s.FormLegal != FormLegal {
		t.Errorf("form %q", s.Form)
	}
	if !ok || s.Missing[0] != "Bản sao có chứng thực" || s.Reason == "" || s.Deadline != "17 giờ 00 phút, ngày 13/03/2026" || s.Officer != "Lê Văn Cường" || s.QR != d.Code {
		t.Errorf("%+v", s)
	}
}

func TestBuildRefusalSlip(t *testing.T) {
	d := receive(t, newDraft(t), "2026-03-02 09:32")
	if _, ok := BuildRefusalSlip(d, "TT", "UB"); ok {
		t.Error("slip for a dossier that is not refused")
	}
	d, _, err := Apply(d, Refuse{Officer: "Lê Văn Cường", Reason: "Thủ tục không thuộc thẩm quyền giải quyết"}, mustTime(t, "2026-03-03 10:15"), DefaultCalendar())
	if err != nil {
		t.Fatal(err)
	}
	s, ok := BuildRefusalSlip(d, "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "UBND phường Hoàn Kiếm")
	if !ok || s.Form != "Mẫu số 03" || s.Title != "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" || s.Reason != "Thủ tục không thuộc thẩm quyền giải quyết" ||
		s.RefusedAt != "10 giờ 15 phút, ngày 03/03/2026" || s.Officer != "Lê Văn Cường" || s.QR != d.Code || s.Applicant != "Nguyễn Văn An" {
		t.Errorf("%+v", s)
	}
}

func TestBuildApologyLetter(t *testing.T) {
	d := receive(t, newDraft(t), "2026-03-02 09:32") // due 05/03 09:00
	if _, ok := BuildApologyLetter(d, "TT", "UB"); ok {
		t.Error("letter without an apology")
	}
	d, _, err := Apply(d, Apologise{Officer: "Lê Văn Cường", NewDate: mustTime(t, "2026-03-10 09:00"), Reason: "Cần xác minh thêm thông tin"},
		mustTime(t, "2026-03-05 10:00"), DefaultCalendar())
	if err != nil {
		t.Fatal(err)
	}
	l, ok := BuildApologyLetter(d, "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "")
	if !ok || l.Form != "Mẫu số 04" || l.Title != "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" ||
		l.PrevAppointment != "09 giờ 00 phút, ngày 05/03/2026" || l.NewAppointment != "09 giờ 00 phút, ngày 10/03/2026" ||
		l.AgencyName != "Ủy ban nhân dân xã, phường" || l.Officer != "Lê Văn Cường" {
		t.Fatalf("%+v", l)
	}
	for _, want := range []string{"xin lỗi ông/bà", "Cần xác minh thêm thông tin", "10/03/2026", d.Code} {
		if !strings.Contains(l.Text(), want) {
			t.Errorf("letter text lacks %q: %s", want, l.Text())
		}
	}
	if d.AppointmentSchedule == "" {
		t.Error("apology did not record the schedule version")
	}
}

func TestRatings(t *testing.T) {
	s3, s5 := Scale3(), Scale5()
	if len(s3.Levels) != 3 || len(s5.Levels) != 5 || s3.Levels[2].Label != "Không hài lòng" {
		t.Fatal("scales")
	}
	// The citizen is "Quý khách" on every rating screen (docs/DOMAIN.md,
	// "The rating question"); the old wording still maps to the current one.
	if RatingQuestion != "Quý khách đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?" {
		t.Error("question text")
	}
	for _, q := range []string{"", RatingQuestionOld, RatingQuestion} {
		if got := CurrentRatingQuestion(q); got != RatingQuestion {
			t.Errorf("CurrentRatingQuestion(%q) = %q", q, got)
		}
	}
	if got := CurrentRatingQuestion("Câu hỏi riêng của trung tâm?"); got != "Câu hỏi riêng của trung tâm?" {
		t.Errorf("a centre's own question replaced: %q", got)
	}
	for st := StatusSubmitted; st <= StatusReturned; st++ {
		if e := st.Explain(); e == "" || strings.Contains(strings.ToLower(e), "ông/bà") {
			t.Errorf("status %d explained as %q", st, e)
		}
	}
	if err := Scale3().Validate(Rating{Level: 3}); err == nil || strings.Contains(strings.ToLower(err.(*RatingError).Vietnamese()), "ông/bà") {
		t.Errorf("low rating without a reason: %v", err)
	}
	good := []struct {
		s RatingScale
		r Rating
	}{
		{s3, Rating{Level: 1}},
		{s3, Rating{Level: 2}},
		{s3, Rating{Level: 3, Reasons: []string{"Thời gian chờ đợi lâu"}}},
		{s3, Rating{Level: 3, Text: "Quầy đông quá"}},
		{s3, Rating{Level: 3, Reasons: []string{"Khác"}, Text: "Không có chỗ ngồi"}},
		{s5, Rating{Level: 3}},
		{s5, Rating{Level: 5, Text: "x"}},
	}
	for _, g := range good {
		if err := g.s.Validate(g.r); err != nil {
			t.Errorf("%+v: %v", g.r, err)
		}
	}
	bad := []struct {
		s RatingScale
		r Rating
	}{
		{s3, Rating{Level: 0}},
		{s3, Rating{Level: 4}},
		{s3, Rating{Level: 3}},
		{s3, Rating{Level: 3, Text: "   "}},
		{s3, Rating{Level: 3, Reasons: []string{"Khác"}}},
		{s3, Rating{Level: 3, Reasons: []string{"bịa"}}},
		{s3, Rating{Level: 1, Text: strings.Repeat("ư", MaxRatingText+1)}},
		{s5, Rating{Level: 4}},
	}
	for _, b := range bad {
		err := b.s.Validate(b.r)
		var re *RatingError
		if !errors.Is(err, ErrRating) || !errors.As(err, &re) || re.Vietnamese() == "" {
			t.Errorf("%+v: %v", b.r, err)
		}
	}
}
