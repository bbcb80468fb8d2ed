package booking

// verify_phone in the console (docs/CONSOLE.md, "Đặt lịch, lấy số từ xa"):
// the supervisors' booking settings page shows whether phones are confirmed
// by a one-time code; an admin (only) may change the mode there — auto,
// always or never — saved with the other settings over the file's
// [booking] verify_phone, applied at once and written to the audit log
// (booking.verify_phone, from → to). A supervisor's save keeps the mode in
// force (a save without the field keeps the one saved before, so a
// supervisor cannot undo an admin's choice by leaving it out).

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

var errVerifyAdmin = &queue.Error{Code: queue.CodeForbidden,
	Message:   "Chỉ quản trị viên được thay đổi việc xác nhận số điện thoại bằng mã.",
	MessageEN: "Only an administrator may change the phone confirmation by code."}

// savedSettings is the settings document saved last (zero when none).
func (s *Service) savedSettings(ctx context.Context) (Settings, error) {
	var doc string
	err := s.db.Read().QueryRowContext(ctx, `SELECT doc FROM booking_settings WHERE id = 1`).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{}, nil
	}
	if err != nil {
		return Settings{}, err
	}
	var st Settings
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		return Settings{}, nil // unreadable: loadSettings already used the file's
	}
	return st, nil
}

// checkVerifyPhone completes and checks st's verify_phone for a save by a
// user of role: left out, the saved one stays; a change is an admin's
// only; "always" needs a channel that reaches phones.
func (s *Service) checkVerifyPhone(ctx context.Context, st *Settings, role string) error {
	if st.VerifyPhone == nil {
		prev, err := s.savedSettings(ctx)
		if err != nil {
			return err
		}
		st.VerifyPhone = prev.VerifyPhone
	}
	if st.VerifyPhone == nil {
		return nil
	}
	v := *st.VerifyPhone
	if v != VerifyAuto && v != VerifyAlways && v != VerifyNever {
		return &queue.Error{Code: queue.CodeInvalid, Message: "Chế độ xác nhận số điện thoại phải là tự động, luôn yêu cầu hoặc không yêu cầu.",
			MessageEN: "verify_phone: auto, always or never"}
	}
	if v != s.conf().VerifyPhone && role != centre.RoleAdmin {
		return errVerifyAdmin
	}
	if _, reaches := s.codeSender(); v == VerifyAlways && !reaches {
		return &queue.Error{Code: queue.CodeInvalid,
			Message:   "Không bật được “Luôn yêu cầu”: trung tâm chưa có kênh gửi tin nhắn đến điện thoại (SMS hoặc Zalo, mục [notify] phone của tệp cấu hình).",
			MessageEN: `"always" needs a phone channel that reaches phones ([notify] phone = "sms" or "zalo")`}
	}
	return nil
}
