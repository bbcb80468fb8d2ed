package booking

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The kiosk's check-in of a booking (by code or by CCCD): moved out of
// http.go, which keeps the booking API itself.

// CheckedIn is the answer to a check-in: the ticket exactly as POST
// /api/v1/tickets gives it, and whether it came late (then an ordinary ticket).
type CheckedIn struct {
	centre.Issued
	Late   bool   `json:"late"`
	Notice string `json:"notice,omitempty"`
}

// claimStale: a check-in claim older than this (the server died between the
// claim and the ticket) may be taken again.
const claimStale = 2 * time.Minute

func (s *Service) checkIn(w http.ResponseWriter, r *http.Request) {
	c, err := code(r)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	s.checkInHash(w, r, codeHash(c))
}

type cccdReq struct {
	CCCD string `json:"cccd"`
}

var errNoCCCDBooking = queue.Errf(queue.CodeNotFound,
	"Không tìm thấy lịch hẹn hôm nay cho số CCCD này. Quý khách có thể nhập mã đặt lịch hoặc lấy số thường.", "no booking today for this CCCD")

// checkInByCCCD checks in today's booking of the CCCD the kiosk scanned or
// the citizen typed: the one booked nearest to now (several in a day: each
// scan takes the next).
func (s *Service) checkInByCCCD(w http.ResponseWriter, r *http.Request) {
	if !s.byDevice.Allow(centre.PrincipalOf(r).Username) {
		w.Header().Set("Retry-After", "60")
		s.srv.ReplyError(w, r, errRate)
		return
	}
	var req cccdReq
	if err := decode(r, &req); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	id, ok := NormCCCD(req.CCCD)
	if !ok {
		s.srv.ReplyError(w, r, bad("Số CCCD phải gồm đúng 12 chữ số", "cccd: want 12 digits"))
		return
	}
	now := s.now()
	rows, err := s.db.Read().QueryContext(r.Context(), `SELECT code_hash, slot_start FROM bookings
		WHERE day = ? AND cccd_hmac = ? AND status IN ('booked', 'checking_in') ORDER BY slot_start`, queue.Day(now), mac(s.key, "cccd", id))
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	best, bestGap := "", time.Duration(1<<62)
	for rows.Next() {
		var h string
		var start int64
		if err := rows.Scan(&h, &start); err != nil {
			rows.Close()
			s.srv.ReplyError(w, r, err)
			return
		}
		gap := now.Sub(time.UnixMilli(start))
		if gap < 0 {
			gap = -gap
		}
		if gap < bestGap {
			best, bestGap = h, gap
		}
	}
	rows.Close()
	if best == "" {
		s.srv.ReplyError(w, r, errNoCCCDBooking)
		return
	}
	s.checkInHash(w, r, best)
}

// checkInHash checks in the booking whose code hashes to h.
func (s *Service) checkInHash(w http.ResponseWriter, r *http.Request, h string) {
	var err error
	now := s.now()
	var rec Record
	var win Window
	// Claim the booking before issuing, so two kiosks cannot both check it in.
	err = s.db.Write(r.Context(), func(tx *store.Tx) error {
		var err error
		rec, err = scanRecord(tx.QueryRow(`SELECT `+recordCols+` FROM bookings WHERE code_hash = ?`, h))
		if err != nil {
			return err
		}
		switch rec.Status {
		case StatusCancelled:
			return queue.Errf(queue.CodeTransition, "Lịch hẹn này đã bị hủy.", "booking cancelled")
		case StatusCheckedIn:
			return queue.Errf(queue.CodeTransition, "Lịch hẹn này đã được lấy số rồi.", "booking already checked in")
		case StatusCheckingIn:
			var upd int64
			if err := tx.QueryRow(`SELECT updated_at FROM bookings WHERE code_hash = ?`, h).Scan(&upd); err != nil {
				return err
			}
			if now.Sub(time.UnixMilli(upd)) < claimStale {
				return queue.Errf(queue.CodeConflict, "Lịch hẹn này đang được lấy số ở một máy khác.", "check-in in progress")
			}
		}
		win = s.conf().CheckIn(rec.Start, now)
		switch win {
		case TooEarly:
			from := rec.Start.Add(-time.Duration(s.conf().CheckInEarlyMin) * time.Minute)
			return queue.Errf(queue.CodeTransition, "Quý khách đến sớm hơn giờ hẹn. Mời quý khách quay lại lấy số từ %s ngày %s.",
				"too early: check-in opens at %s on %s", from.Format("15:04"), from.Format("02/01/2006"))
		case Expired:
			return queue.Errf(queue.CodeTransition, "Lịch hẹn này đã qua ngày hẹn. Quý khách có thể lấy số thường hoặc đặt lịch mới.", "booking day has passed")
		}
		_, err = tx.Exec(`UPDATE bookings SET status = 'checking_in', updated_at = ? WHERE code_hash = ?`, now.UnixMilli(), h)
		return err
	})
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	req := centre.IssueRequest{Service: rec.Service}
	if win == OnTime {
		at := rec.Start
		req.AppointmentAt = &at
	}
	t, err := s.srv.Engine().Issue(r.Context(), req, centre.PrincipalOf(r).DeviceID)
	if err != nil {
		// Give the booking back: the citizen may try again.
		if err2 := s.setStatus(context.WithoutCancel(r.Context()), h, StatusBooked, "", false, now); err2 != nil {
			s.log.Error("booking claim not released", "err", err2)
		}
		s.srv.ReplyError(w, r, err)
		return
	}
	if err := s.setStatus(context.WithoutCancel(r.Context()), h, StatusCheckedIn, t.ID, win == Late, now); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	t.RatingToken = s.srv.RatingToken("ticket", t.ID)
	out := CheckedIn{Issued: t, Late: win == Late}
	if out.Late {
		out.Notice = fmt.Sprintf("Quý khách đến sau giờ hẹn (%s) hơn %d phút nên lịch hẹn không còn được ưu tiên. "+
			"Chúng tôi đã cấp cho quý khách số thứ tự thường %s; mời quý khách chờ đến lượt. Cảm ơn quý khách đã thông cảm.",
			rec.Start.Format("15:04"), s.conf().CheckInLateMin, t.Number)
	}
	s.log.Info("booking checked in", "service", rec.Service, "ticket", t.Number, "late", out.Late)
	writeJSON(w, http.StatusCreated, out)
}

func (s *Service) setStatus(ctx context.Context, h, status, ticket string, late bool, now time.Time) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE bookings SET status = ?, ticket_id = ?, late = ?, updated_at = ? WHERE code_hash = ?`,
			status, ticket, late, now.UnixMilli(), h)
		return err
	})
}
