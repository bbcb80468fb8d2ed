package engine

// Reception of a dossier at a counter: the request, its validation, and the
// write of the new dossier with its history and outbox packets.

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// ReceiveRequest is the body of POST /api/v1/dossiers.
type ReceiveRequest struct {
	ProcedureCode     string                      `json:"procedure_code"`
	Applicant         dossier.Applicant           `json:"applicant"`
	Channel           dossier.Channel             `json:"channel"`
	Components        []dossier.ComponentReceived `json:"components"`
	Fees              []dossier.FeePaid           `json:"fees"`
	ReturnMethod      dossier.ReturnMethod        `json:"return_method"`
	ReturnPlace       dossier.ReturnPlace         `json:"return_place"`   // "" = by ReturnMethod
	ReturnAddress     string                      `json:"return_address"` // for buu_chinh; "" = the applicant's
	TicketID          string                      `json:"ticket_id"`
	Summary           string                      `json:"summary"`
	AppointmentAt     *time.Time                  `json:"appointment_at"`
	AppointmentReason string                      `json:"appointment_reason"`
}

var (
	phoneRe = regexp.MustCompile(`^\+?[0-9 .-]{8,15}$`)
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	idRe    = regexp.MustCompile(`^(\d{12}|\d{9}|\d{10}(-\d{3})?)$`)
)

// maxComponentText bounds a component's or a fee's name and a component's note.
const maxComponentText = 500

func (q *ReceiveRequest) validate() error {
	q.tidy()
	a := &q.Applicant
	a.Name = strings.TrimSpace(a.Name)
	a.IDNumber = strings.TrimSpace(a.IDNumber)
	for _, f := range []string{a.Name, a.Address, a.Phone, a.Email, a.IDNumber, q.Summary} {
		if hasControl(f) {
			return bad("Thông tin có ký tự không hợp lệ (ký tự điều khiển). Xin nhập lại.", "control characters in applicant fields")
		}
	}
	switch {
	case a.Name == "" || len([]rune(a.Name)) > 200:
		return bad("Hãy nhập họ tên chủ hồ sơ (tối đa 200 ký tự)", "applicant name missing or too long")
	case a.IDNumber != "" && !idRe.MatchString(a.IDNumber):
		return bad("Số giấy tờ tùy thân không hợp lệ (CCCD 12 số, CMND 9 số hoặc mã số thuế)", "bad ID number format")
	case a.Phone != "" && !phoneRe.MatchString(a.Phone):
		return bad("Số điện thoại không hợp lệ", "bad phone number")
	case a.Email != "" && !emailRe.MatchString(a.Email):
		return bad("Địa chỉ email không hợp lệ", "bad email")
	case len([]rune(a.Address)) > 300:
		return bad("Địa chỉ quá dài (tối đa 300 ký tự)", "address too long")
	case len([]rune(q.Summary)) > 1000:
		return bad("Trích yếu quá dài (tối đa 1000 ký tự)", "summary too long")
	case len(q.Components) == 0:
		return bad("Hãy đánh dấu ít nhất một thành phần hồ sơ đã nhận", "no components received")
	case len(q.Components) > 100 || len(q.Fees) > 50:
		return bad("Quá nhiều thành phần hồ sơ hoặc khoản phí", "too many components or fees")
	case q.AppointmentAt != nil && strings.TrimSpace(q.AppointmentReason) == "":
		return bad("Sửa ngày hẹn trả cần ghi lý do", "an appointment override needs a reason")
	}
	for _, c := range q.Components {
		if strings.TrimSpace(c.Name) == "" || c.Originals < 0 || c.Copies < 0 || c.Originals+c.Copies == 0 || c.Originals+c.Copies > 1000 ||
			// printed on the receipt (ESC/POS) and sent to the portal: bounded, no control characters (session 5 review)
			len([]rune(c.Name)) > maxComponentText || len([]rune(c.Note)) > maxComponentText || hasControl(c.Name) || hasControl(c.Note) {
			return bad("Thành phần hồ sơ “%s” cần tên và số bản chính/bản sao hợp lệ", "component %q needs a name and counts", c.Name)
		}
	}
	for _, f := range q.Fees {
		if strings.TrimSpace(f.Name) == "" || f.Amount < 0 || f.Amount > 1_000_000_000 || len([]rune(f.Name)) > maxComponentText || hasControl(f.Name) {
			return bad("Khoản phí “%s” không hợp lệ", "fee %q invalid", f.Name)
		}
	}
	if q.Channel == 0 {
		q.Channel = dossier.ChannelDirect
	}
	if q.Channel < 1 || q.Channel > 3 {
		return bad("Kênh thực hiện không hợp lệ", "bad channel")
	}
	if q.ReturnMethod != dossier.ReturnInPerson && q.ReturnMethod != dossier.ReturnByPost {
		return bad("Hình thức trả kết quả không hợp lệ", "bad return method")
	}
	if !q.ReturnPlace.Valid() || len([]rune(q.ReturnAddress)) > dossier.MaxReturnAddress || hasControl(q.ReturnAddress) {
		return bad("Nơi trả kết quả hoặc địa chỉ nhận qua bưu chính không hợp lệ (tối đa 300 ký tự)", "bad return place or address")
	}
	if a.Kind == 0 {
		a.Kind = dossier.ApplicantCitizen
	}
	if a.IDType == 0 && len(a.IDNumber) == 12 {
		a.IDType = dossier.IDPersonal12
	} else if a.IDType == 0 && len(a.IDNumber) == 9 {
		a.IDType = dossier.IDOldCMND9
	}
	return nil
}

// Receive validates req and receives the dossier for the officer p in one
// write transaction, in which inTx (if any) runs last: the inbox accepts an
// online submission this way, its own row changing with the dossier.
func (d *Dossiers) Receive(ctx context.Context, req ReceiveRequest, p Actor, inTx func(tx *store.Tx, v DossierView) error) (DossierView, error) {
	if err := req.validate(); err != nil {
		return DossierView{}, err
	}
	proc, ok := d.Catalogue(ctx).Get(req.ProcedureCode)
	if !ok {
		return DossierView{}, bad("Không tìm thấy thủ tục %q", "unknown procedure %q", req.ProcedureCode)
	}
	officerName := p.name()
	var out DossierView
	cal := d.Calendar(ctx)
	err := d.db.Write(ctx, func(tx *store.Tx) error {
		now := d.now().In(dossier.Loc)
		if req.TicketID != "" {
			// The visit the dossier came with: a ticket at this counter.
			t, err := tx.Ticket(req.TicketID)
			if err != nil {
				return err
			}
			if p.Role == RoleOfficer && t.Counter != p.Counter {
				return queue.Errf(queue.CodeForbidden, "Số thứ tự này không được phục vụ tại quầy của cán bộ", "ticket %s is not at counter %s", t.Number, p.Counter)
			}
		}
		day := now.Format("2006-01-02")
		seq, err := tx.NextDossierSeq(d.e.Config().AgencyCode, day)
		if err != nil {
			return err
		}
		code, err := dossier.FormatCode(d.e.Config().AgencyCode, now, seq)
		if err != nil {
			return err
		}
		draft := dossier.Dossier{Code: code, Procedure: proc, Applicant: req.Applicant, Channel: req.Channel, Status: dossier.Draft}
		nd, ev, err := dossier.Apply(draft, dossier.Receive{Officer: officerName, Counter: p.Counter, Components: req.Components,
			Fees: req.Fees, ReturnMethod: req.ReturnMethod, ReturnPlace: req.ReturnPlace, ReturnAddress: req.ReturnAddress,
			ReceivingCentre: d.e.Config().CentreName}, now, cal)
		if err != nil {
			return domainErr(err)
		}
		sd := storedDossier{Dossier: nd, Summary: strings.TrimSpace(req.Summary), TicketID: req.TicketID}
		if a, ok := d.e.Config().CompetentAgency(string(proc.Competence()), proc.CompetentAgencyCode, proc.Agency); ok {
			sd.Dossier.CompetentAgency, sd.Dossier.CompetentAgencyCode = a.Name, a.Code
		}
		if req.AppointmentAt != nil {
			if !req.AppointmentAt.After(now) {
				return bad("Ngày hẹn trả phải sau thời điểm tiếp nhận", "appointment before receipt")
			}
			sd.Dossier.AppointmentAt = req.AppointmentAt.In(dossier.Loc)
			sd.Override = strings.TrimSpace(req.AppointmentReason)
			note := "Ngày hẹn trả được điều chỉnh thành " + dossier.FormatAppointment(sd.Dossier.AppointmentAt) + ". Lý do: " + sd.Override
			sd.Dossier.History[len(sd.Dossier.History)-1].Note += ". " + note
			ev.Note += ". " + note
		}
		sd.TransferTo = d.forwardTo(sd)
		if sd.Dossier.ReturnPlace == dossier.PlaceDeciding && sd.TransferTo == "" {
			return bad("Thủ tục này do chính trung tâm giải quyết: hãy chọn nhận kết quả tại nơi tiếp nhận hoặc qua bưu chính", "return at the deciding centre for a dossier not forwarded")
		}
		doc, err := json.Marshal(sd)
		if err != nil {
			return err
		}
		row := store.DossierRow{Code: code, Agency: d.e.Config().AgencyCode, Day: day, Seq: seq, ProcedureCode: proc.Code, Status: int(sd.Dossier.Status),
			ApplicantKey: d.ApplicantKey(req.Applicant.IDNumber), Ticket: req.TicketID, Counter: p.Counter, Officer: p.Officer,
			ReceivedAt: now, AppointmentAt: sd.Dossier.AppointmentAt, UpdatedAt: now, Doc: doc}
		if err := tx.InsertDossier(row); err != nil {
			return err
		}
		if err := d.appendHistory(tx, code, ev, p.Officer); err != nil {
			return err
		}
		if err := d.writeOutbox(tx, sd, ev, 1, officerName); err != nil {
			return err
		}
		if err := d.queueTransfer(tx, sd); err != nil {
			return err
		}
		out = d.view(sd, 1)
		if inTx != nil {
			return inTx(tx, out)
		}
		return nil
	})
	return out, err
}

// hasControl reports control characters (a scanner or a paste gone wrong).
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}
