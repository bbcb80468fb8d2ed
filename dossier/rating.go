package dossier

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// RatingQuestion is the counter/kiosk/pad question. It addresses the
// citizen as "Quý khách", as every other line of the kiosk and the pads: no
// legal text found prescribes its wording (docs/DOMAIN.md, "The rating
// question"); the criterion it answers is sent as MaCauHoi "THAIDO".
const RatingQuestion = "Quý khách đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?"

// RatingQuestionEN is its English text, the same on the kiosk and the pads.
const RatingQuestionEN = "How would you rate the officer's attitude in guiding you and receiving your dossier?"

// RatingQuestionOld is the wording before December 2026 ("Ông/Bà …"), which
// a centre not yet updated still sends; the apps show RatingQuestion instead.
const RatingQuestionOld = "Ông/Bà đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?"

// CurrentRatingQuestion is q, or RatingQuestion when q is the old wording
// or empty.
func CurrentRatingQuestion(q string) string {
	if q == "" || q == RatingQuestionOld {
		return RatingQuestion
	}
	return q
}

// RatingLevel is one answer of a scale; Value 1 is the best.
type RatingLevel struct {
	Value int
	Label string
	Low   bool // a low rating asks for a reason
}

// RatingScale is the set of answers; 3 levels by default, 5 as an option.
type RatingScale struct {
	Levels []RatingLevel
}

// Scale3 is the default: Rất hài lòng / Hài lòng / Không hài lòng.
func Scale3() RatingScale {
	return RatingScale{Levels: []RatingLevel{
		{1, "Rất hài lòng", false}, {2, "Hài lòng", false}, {3, "Không hài lòng", true},
	}}
}

// Scale5 is the five-level option.
func Scale5() RatingScale {
	return RatingScale{Levels: []RatingLevel{
		{1, "Rất hài lòng", false}, {2, "Hài lòng", false}, {3, "Bình thường", false},
		{4, "Không hài lòng", true}, {5, "Rất không hài lòng", true},
	}}
}

// Level returns the level with value v.
func (s RatingScale) Level(v int) (RatingLevel, bool) {
	for _, l := range s.Levels {
		if l.Value == v {
			return l, true
		}
	}
	return RatingLevel{}, false
}

// RatingReasons is the short list offered for a low rating (plus free text).
var RatingReasons = []string{
	"Thời gian chờ đợi lâu",
	"Hướng dẫn không rõ ràng, phải đi lại nhiều lần",
	"Thái độ phục vụ chưa lịch sự, chưa tận tình",
	"Yêu cầu giấy tờ không có trong quy định",
	"Trả kết quả trễ hẹn",
	"Khác",
}

// Rating is one answer to RatingQuestion. It carries no officer identity on purpose
// (ratings are anonymous to the officer; Decree 42/2022 Art. 13).
type Rating struct {
	Level   int
	Reasons []string // from RatingReasons
	Text    string   // free text
}

// ErrRating is wrapped by rating validation errors; Vietnamese text is in RatingError.
var ErrRating = errors.New("rating: invalid")

// RatingError explains a rejected rating.
type RatingError struct{ Msg, VI string }

func (e *RatingError) Error() string      { return "rating: " + e.Msg }
func (e *RatingError) Unwrap() error      { return ErrRating }
func (e *RatingError) Vietnamese() string { return e.VI }

// MaxRatingText bounds the free text.
const MaxRatingText = 500

// Validate checks r against the scale: a known level; a low level needs a reason from the
// list or free text; "Khác" needs free text; reasons must come from the list.
func (s RatingScale) Validate(r Rating) error {
	l, ok := s.Level(r.Level)
	if !ok {
		return &RatingError{fmt.Sprintf("level %d not on the scale", r.Level), "Vui lòng chọn một mức đánh giá."}
	}
	text := strings.TrimSpace(r.Text)
	if utf8.RuneCountInString(text) > MaxRatingText {
		return &RatingError{"text too long", fmt.Sprintf("Ý kiến không quá %d ký tự.", MaxRatingText)}
	}
	// Control characters (NUL, terminal escapes…) have no place in a comment
	// that travels to the portal in DongBoDanhGia.LyDo (session 5 review).
	if strings.ContainsFunc(r.Text, func(c rune) bool { return unicode.IsControl(c) && c != '\n' && c != '\t' }) {
		return &RatingError{"control characters in the text", "Ý kiến có ký tự không hợp lệ."}
	}
	other := false
	for _, reason := range r.Reasons {
		found := false
		for _, known := range RatingReasons {
			if reason == known {
				found = true
			}
		}
		if !found {
			return &RatingError{"unknown reason", "Lý do không có trong danh sách."}
		}
		other = other || reason == "Khác"
	}
	if l.Low && len(r.Reasons) == 0 && text == "" {
		return &RatingError{"a low rating needs a reason", "Vui lòng cho biết lý do Quý khách không hài lòng."}
	}
	if other && text == "" {
		return &RatingError{"reason Khác needs text", "Vui lòng ghi rõ lý do khác."}
	}
	return nil
}
