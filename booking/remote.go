package booking

// Remote numbers (issue 17): a citizen takes a queue number from a phone
// (/lay-so, or the JSON API) without being in the hall. The number is an
// ordinary ticket of the queue (issued by the device "remote"), the caps per
// person are the bookings' (a remote number counts as a booking of its day
// and sector), and a remote ticket called while its holder was still on the
// way gets a grace: for Remote.GraceMin minutes after the no-show, the
// holder can put it back in the queue, in its place, once, from the phone page.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// RemoteDevice is the device recorded on the tickets taken remotely (the
// channel: tickets.device = 'remote').
const RemoteDevice = "remote"

// RemoteOpen is nil when a remote number may be taken at now: the centre is
// open (opening hours, holidays) and the session does not end within
// Remote.StopBeforeCloseMin. A centre that issues at any hour (AlwaysIssue)
// takes remote numbers at any hour too.
func (c Config) RemoteOpen(now time.Time, o queue.Opening, days queue.DayInfo) error {
	if c.Remote.Disabled {
		return queue.Errf(queue.CodeClosed, "Trung tâm không nhận lấy số từ xa.", "remote numbers are off")
	}
	if o.AlwaysIssue {
		return nil
	}
	if err := o.CheckIssue(now, days); err != nil {
		return err
	}
	if c.Remote.StopBeforeCloseMin <= 0 {
		return nil
	}
	n := now.In(queue.Loc)
	d := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, queue.Loc)
	spans, _ := o.Sessions(d, days)
	m := n.Hour()*60 + n.Minute()
	for _, s := range spans {
		a, b, err := s.Minutes()
		if err != nil || m < a || m >= b {
			continue
		}
		if b-m <= c.Remote.StopBeforeCloseMin {
			end := d.Add(time.Duration(b) * time.Minute)
			return queue.Errf(queue.CodeClosed,
				"Buổi làm việc kết thúc lúc %s nên trung tâm không nhận lấy số từ xa trong %d phút cuối. Mời quý khách lấy số vào buổi làm việc sau, hoặc đặt lịch hẹn.",
				"the session ends at %s: no remote numbers in its last %d minutes", end.Format("15:04"), c.Remote.StopBeforeCloseMin)
		}
	}
	return nil
}

func (s *Service) mountRemote() {
	pub := func(h http.HandlerFunc) http.Handler { return s.limited(h) }
	s.srv.Handle("GET /api/v1/remote/services", pub(s.remoteServices))
	s.srv.Handle("POST /api/v1/remote/tickets", pub(s.remoteTake))
	s.srv.Handle("GET /api/v1/remote/tickets/{id}", pub(s.remoteGet))
	s.srv.Handle("POST /api/v1/remote/tickets/{id}/back", pub(s.remoteBack))
	mountRemotePage(s.srv.Handle, s.srv.Engine().Config().CentreName)
}

type remoteServiceView struct {
	serviceView
	Waiting int `json:"waiting"`
}

// remoteServices lists what may be taken remotely now, with the waiting
// counts, and whether the centre takes remote numbers at this moment.
func (s *Service) remoteServices(w http.ResponseWriter, r *http.Request) {
	c, q := s.conf(), s.queueCfg()
	now := s.now()
	waiting := map[string]int{}
	rows, err := s.db.Read().QueryContext(r.Context(), `SELECT service, n FROM waiting`)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	for rows.Next() {
		var id string
		var n int
		if rows.Scan(&id, &n) == nil {
			waiting[id] = n
		}
	}
	rows.Close()
	out := []remoteServiceView{}
	for _, sv := range q.Services {
		if _, sector, err := s.service(sv.ID); err == nil {
			out = append(out, remoteServiceView{serviceView{sv.ID, sv.Name, sv.NameEN, sv.Sector, sector}, waiting[sv.ID]})
		}
	}
	open, closed, closedEN := true, "", ""
	if err := c.RemoteOpen(now, q.Opening, s.srv.Engine().Days()); err != nil {
		var qe *queue.Error
		open = false
		if errors.As(err, &qe) {
			closed, closedEN = qe.Message, qe.MessageEN
		}
	}
	grace := c.Remote.GraceMin
	if grace < 0 {
		grace = 0
	}
	writeJSON(w, 200, map[string]any{"centre": q.CentreName, "open": open, "closed_reason": closed, "closed_reason_en": closedEN,
		"opening": q.Opening.Vietnamese(), "opening_en": q.Opening.English(), "max_per_day": c.MaxPerDay, "max_per_sector": c.MaxPerSector,
		"grace_min": grace, "services": out,
		"verify_phone": s.Verifying(), "code_valid_s": int(CodeTTL / time.Second), "code_resend_s": int(CodeResend / time.Second)})
}

type remoteReq struct {
	Service string `json:"service"`
	Phone   string `json:"phone"`
	CCCD    string `json:"cccd,omitempty"`
	// see bookReq
	PhoneCodeID string `json:"phone_code_id,omitempty"`
	PhoneCode   string `json:"phone_code,omitempty"`
}

// RemoteTicket is the answer to a remote number: the ticket exactly as POST
// /api/v1/tickets gives it, the phone page to follow it, and the grace.
type RemoteTicket struct {
	centre.Issued
	Channel  string `json:"channel"`
	TrackURL string `json:"track_url"`
	GraceMin int    `json:"grace_min"`
}

func randomID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// remoteTake issues a remote number: the caps are checked and a claim
// written in one transaction before the ticket is issued, so two requests
// at once cannot both pass a cap; a failed issue gives the claim back.
func (s *Service) remoteTake(w http.ResponseWriter, r *http.Request) {
	var req remoteReq
	if err := decode(r, &req); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	c := s.conf()
	sv, sectorName, phone, p, err := s.applicant(req.Service, req.Phone, req.CCCD)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	verifying := s.Verifying()
	phoneRefused := func() {
		w.Header().Set("Retry-After", "3600")
		s.srv.ReplyError(w, r, queue.Errf(queue.CodeRateLimited,
			"Số điện thoại này đã thử lấy số hoặc đặt lịch quá nhiều lần. Xin vui lòng thử lại sau một giờ.", "too many attempts for this phone"))
	}
	if !verifying && !s.byCode.Allow(p.phone) { // byCode: http.go
		phoneRefused()
		return
	}
	now := s.now()
	if err := c.RemoteOpen(now, s.queueCfg().Opening, s.srv.Engine().Days()); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	claim, err := s.checkCode(r.Context(), p.phone, req.PhoneCodeID, req.PhoneCode)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	if verifying && !s.byCode.Allow(p.phone) {
		claim.Release(r.Context())
		phoneRefused()
		return
	}
	if !centre.AllowClient(s.byAddrRemote, r) {
		claim.Release(r.Context())
		w.Header().Set("Retry-After", "3600")
		s.srv.ReplyError(w, r, queue.Errf(queue.CodeRateLimited,
			"Đã có quá nhiều số được lấy từ xa từ mạng này trong một giờ. Xin vui lòng thử lại sau.", "too many remote numbers from this address"))
		return
	}
	id, day := randomID(), queue.Day(now)
	err = s.db.Write(r.Context(), func(tx *store.Tx) error {
		h, err := held(tx, day, p, "", now.Add(-claimStale).UnixMilli())
		if err != nil {
			return err
		}
		if err := c.checkRemoteCaps(h, sv.Sector, sectorName); err != nil {
			return err
		}
		if err := claim.Consume(tx); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO remote_tickets (id, service, sector, day, phone_hmac, cccd_hmac, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'claiming', ?)`, id, sv.ID, sv.Sector, day, p.phone, p.cccd, now.UnixMilli())
		return err
	})
	if err != nil {
		claim.Release(r.Context())
		s.srv.ReplyError(w, r, err)
		return
	}
	t, err := s.srv.Engine().Issue(r.Context(), centre.IssueRequest{Service: sv.ID}, RemoteDevice)
	if err != nil {
		if err2 := s.db.Write(context.WithoutCancel(r.Context()), func(tx *store.Tx) error {
			if err := claim.Unconsume(tx); err != nil {
				return err
			}
			_, err := tx.Exec(`DELETE FROM remote_tickets WHERE id = ?`, id)
			return err
		}); err2 != nil {
			s.log.Error("remote claim not released", "err", err2)
		}
		s.srv.ReplyError(w, r, err)
		return
	}
	if err := s.db.Write(context.WithoutCancel(r.Context()), func(tx *store.Tx) error {
		if _, err := tx.Exec(`UPDATE remote_tickets SET ticket_id = ?, status = 'issued' WHERE id = ?`, t.ID, id); err != nil {
			return err
		}
		// the notifier gets the phone now ("N places away", "called"); the
		// ticket keeps none
		return s.NotifyTicket(tx, t.ID, phone)
	}); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	t.RatingToken = s.srv.RatingToken("ticket", t.ID)
	grace := max(c.Remote.GraceMin, 0)
	s.log.Info("remote number taken", "service", sv.ID, "ticket", t.Number)
	writeJSON(w, http.StatusCreated, RemoteTicket{Issued: t, Channel: RemoteDevice, TrackURL: "/t/" + t.ID, GraceMin: grace})
}

// RemoteView is what the phone page learns about a remote ticket's grace.
type RemoteView struct {
	Remote     bool       `json:"remote"`
	Status     string     `json:"status"`
	GraceUntil *time.Time `json:"grace_until,omitempty"`
	CanReturn  bool       `json:"can_return"`
	GraceUsed  bool       `json:"grace_used"`
}

var errNoRemote = queue.Errf(queue.CodeNotFound, "Không tìm thấy số lấy từ xa này.", "no remote ticket with this id")

// remoteState reads a remote ticket and its grace; errNoRemote for any id
// that is not a remote ticket (the same answer whether it exists or not).
func (s *Service) remoteState(ctx context.Context, id string, now time.Time) (queue.Ticket, RemoteView, error) {
	var v RemoteView
	if len(id) != 20 {
		return queue.Ticket{}, v, errNoRemote
	}
	var used int64
	err := s.db.Read().QueryRowContext(ctx, `SELECT grace_used_at FROM remote_tickets WHERE ticket_id = ? AND status = 'issued'`, id).Scan(&used)
	if err != nil {
		if store.IsNoRows(err) {
			err = errNoRemote
		}
		return queue.Ticket{}, v, err
	}
	t, err := s.db.Ticket(ctx, id)
	if err != nil {
		if store.IsNoRows(err) {
			err = errNoRemote
		}
		return t, v, err
	}
	v = RemoteView{Remote: true, Status: string(t.Status), GraceUsed: used != 0}
	if g := s.conf().Remote.GraceMin; g > 0 && t.Status == queue.NoShow && t.FinishedAt != nil && queue.Day(*t.FinishedAt) == queue.Day(now) {
		until := t.FinishedAt.Add(time.Duration(g) * time.Minute).In(queue.Loc)
		v.GraceUntil = &until
		v.CanReturn = used == 0 && now.Before(until)
	}
	return t, v, nil
}

func (s *Service) remoteGet(w http.ResponseWriter, r *http.Request) {
	_, v, err := s.remoteState(r.Context(), r.PathValue("id"), s.now())
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	writeJSON(w, 200, v)
}

// remoteBack puts a remote ticket marked absent back in the queue, in its
// place, within the grace and once: the grace is claimed in a transaction
// before the ticket is reactivated.
func (s *Service) remoteBack(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	now := s.now()
	_, v, err := s.remoteState(r.Context(), id, now)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	if !v.CanReturn {
		msg, en := "Đã hết thời gian gọi lại cho số này. Xin mời quý khách lấy số mới.", "the grace has passed"
		if v.GraceUsed {
			msg, en = "Số này đã được gọi lại một lần. Xin mời quý khách lấy số mới.", "the grace was already used"
		} else if v.Status != string(queue.NoShow) {
			msg, en = "Số này không ở trạng thái vắng mặt.", "the ticket is not marked absent"
		}
		s.srv.ReplyError(w, r, &queue.Error{Code: queue.CodeTransition, Message: msg, MessageEN: en})
		return
	}
	var claimed bool
	err = s.db.Write(r.Context(), func(tx *store.Tx) error {
		res, err := tx.Exec(`UPDATE remote_tickets SET grace_used_at = ? WHERE ticket_id = ? AND grace_used_at = 0`, now.UnixMilli(), id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	if err == nil && !claimed {
		err = queue.Errf(queue.CodeTransition, "Số này đã được gọi lại một lần. Xin mời quý khách lấy số mới.", "the grace was already used")
	}
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	t, err := s.srv.Engine().Act(r.Context(), centre.Actor{Role: centre.RoleSupervisor}, id, queue.OpReactivate, queue.Args{})
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	s.log.Info("remote ticket back in the queue after a no-show", "ticket", t.Number)
	writeJSON(w, 200, RemoteView{Remote: true, Status: string(t.Status), GraceUsed: true})
}

// forgetClaims drops remote claims left by a server that died between the
// claim and the ticket.
func (s *Service) forgetClaims(ctx context.Context) error {
	cut := s.now().Add(-claimStale).UnixMilli()
	return s.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`DELETE FROM remote_tickets WHERE status = 'claiming' AND created_at < ?`, cut)
		return err
	})
}

// checkRemoteCaps is CheckCaps worded for a remote number: the turns of a
// person are bookings and remote numbers together.
func (c Config) checkRemoteCaps(h Held, sector, sectorName string) error {
	if h.Day >= c.MaxPerDay {
		return queue.Errf(queue.CodeCapReached,
			"Mỗi số điện thoại hoặc số CCCD chỉ được đặt lịch hoặc lấy số từ xa tối đa %d lượt trong một ngày. Quý khách đã dùng hết số lượt của hôm nay; mời quý khách lấy số tại máy lấy số của trung tâm.",
			"at most %d bookings and remote numbers per person per day", c.MaxPerDay)
	}
	if h.Sector[sector] >= c.MaxPerSector {
		return queue.Errf(queue.CodeCapReached,
			"Mỗi số điện thoại hoặc số CCCD chỉ được đặt lịch hoặc lấy số từ xa tối đa %d lượt cho lĩnh vực “%s” trong một ngày. Quý khách đã có lịch hẹn hoặc số của lĩnh vực này hôm nay.",
			"at most %d bookings and remote numbers per person per sector per day (sector %s)", c.MaxPerSector, sectorName)
	}
	return nil
}
