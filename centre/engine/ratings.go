package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// RateRequest is the body of POST /api/v1/ratings and /ratings/subject.
type RateRequest struct {
	TicketID    string   `json:"ticket_id"`
	DossierCode string   `json:"dossier_code"`
	Token       string   `json:"token"`
	Counter     string   `json:"counter"` // ignored: the subject names its counter
	Level       int      `json:"level"`
	Reasons     []string `json:"reasons"`
	Comment     string   `json:"comment"`
}

// RatingSubject is what is being rated, as the kiosk shows it before the
// question: "Đánh giá lượt phục vụ số A012 tại Quầy 3".
type RatingSubject struct {
	Kind          string `json:"kind"` // ticket or dossier
	Number        string `json:"number,omitempty"`
	ServiceName   string `json:"service_name,omitempty"`
	DossierCode   string `json:"dossier_code,omitempty"`
	ProcedureName string `json:"procedure_name,omitempty"`
	CounterNumber int    `json:"counter_number,omitempty"`
	CounterName   string `json:"counter_name,omitempty"`
}

// errNoSubject is the one answer to a wrong token and to a ticket or
// dossier that does not exist, so /ratings tells nothing about which exist.
var errNoSubject = queue.Errf(queue.CodeNotFound,
	"Không xác nhận được phiếu hoặc giấy hẹn cần đánh giá. Xin Quý khách quét lại mã QR trên phiếu số thứ tự hoặc giấy hẹn trả kết quả.",
	"no ratable subject for this id and token")

// errNoRatingToken answers a rating without a token (a paper printed before
// tokens, or a typed id).
var errNoRatingToken = queue.Errf(queue.CodeInvalid,
	"Mã QR này không có mã đánh giá (phiếu hoặc giấy hẹn in theo mẫu cũ). Xin Quý khách liên hệ quầy để được in lại giấy hẹn, hoặc dùng phiếu số thứ tự mới.",
	"rating token missing")

// subjectSource reads tickets and dossiers inside a write transaction or
// from the read pool.
type subjectSource interface {
	ticket(id string) (queue.Ticket, error)
	dossier(code string) (store.DossierRow, error)
}

type txSource struct{ tx *store.Tx }

func (s txSource) ticket(id string) (queue.Ticket, error)        { return s.tx.Ticket(id) }
func (s txSource) dossier(code string) (store.DossierRow, error) { return s.tx.Dossier(code) }

type readSource struct {
	ctx context.Context
	db  *store.DB
}

func (s readSource) ticket(id string) (queue.Ticket, error)        { return s.db.Ticket(s.ctx, id) }
func (s readSource) dossier(code string) (store.DossierRow, error) { return s.db.Dossier(s.ctx, code) }

// ratable is a checked subject: its key in the ratings table and what the
// rating packet needs.
type ratable struct {
	view    RatingSubject
	subject string // ratings.subject: "ticket:{id}" or "dossier:{code}"
	key     string // outbox key
	maHoSo  string
	maTTHC  string
	counter string
	service string
}

// checkSubject verifies the token first (in constant time, before any
// read), then that the subject exists and may be rated. A wrong token and
// a missing subject give the same error.
func (d *Dossiers) checkSubject(src subjectSource, req RateRequest) (ratable, error) {
	var out ratable
	if (req.TicketID == "") == (req.DossierCode == "") {
		return out, bad("Hãy chọn số thứ tự hoặc hồ sơ cần đánh giá", "rate exactly one of ticket_id or dossier_code")
	}
	if strings.TrimSpace(req.Token) == "" {
		return out, errNoRatingToken
	}
	cfg := d.e.Config()
	if req.DossierCode != "" {
		code := strings.ToUpper(strings.TrimSpace(req.DossierCode))
		if len(code) > 64 || !d.tokens.ValidRatingToken("dossier", code, req.Token) {
			return out, errNoSubject
		}
		row, err := src.dossier(code)
		if errors.Is(err, store.ErrDossierNotFound) || store.IsNoRows(err) {
			return out, errNoSubject
		} else if err != nil {
			return out, err
		}
		out = ratable{subject: "dossier:" + row.Code, key: row.Code, maHoSo: row.Code, maTTHC: row.ProcedureCode, counter: row.Counter,
			view: RatingSubject{Kind: "dossier", DossierCode: row.Code}}
		if sd, err := decodeStored(row); err == nil {
			out.view.ProcedureName = sd.Dossier.Procedure.Name
		}
	} else {
		if len(req.TicketID) > 64 || !d.tokens.ValidRatingToken("ticket", req.TicketID, req.Token) {
			return out, errNoSubject
		}
		t, err := src.ticket(req.TicketID)
		if errors.Is(err, queue.ErrNotFound) || store.IsNoRows(err) {
			return out, errNoSubject
		} else if err != nil {
			return out, err
		}
		if t.Status != queue.Done && t.Status != queue.Serving && t.Status != queue.Called {
			return out, queue.Errf(queue.CodeTransition, "Chỉ đánh giá được sau khi quý khách đã được phục vụ", "ticket %s not served yet", t.Number)
		}
		out = ratable{subject: "ticket:" + t.ID, key: "ticket:" + t.ID, maHoSo: "", // a visit has no dossier: no MaHoSo (docs/PORTAL.md)
			counter: t.Counter, service: t.Service, view: RatingSubject{Kind: "ticket", Number: t.Number}}
		if s, ok := cfg.Service(t.Service); ok {
			out.view.ServiceName = s.Name
		}
	}
	if k, ok := cfg.Counter(out.counter); ok {
		out.view.CounterNumber, out.view.CounterName = k.Number, k.Name
	}
	return out, nil
}

var errAlreadyRated = queue.Errf(queue.CodeConflict, "Quý khách đã đánh giá lượt phục vụ này. Xin cảm ơn!", "already rated")

// RatingSubjectOf answers what a scanned QR would rate, so the kiosk can
// say "Đánh giá lượt phục vụ số A012 tại Quầy 3" before asking the
// question; a subject already rated is refused here, before the citizen
// answers.
func (d *Dossiers) RatingSubjectOf(ctx context.Context, req RateRequest) (RatingSubject, error) {
	sub, err := d.checkSubject(readSource{ctx, d.db}, req)
	if err == nil {
		var rated bool
		if rated, err = d.db.Rated(ctx, sub.subject); err == nil && rated {
			err = errAlreadyRated
		}
	}
	if err != nil {
		return RatingSubject{}, err
	}
	return sub.view, nil
}

// Rate stores a citizen's rating of a served ticket or a dossier (once per
// subject) and queues its DongBoDanhGia packet; id names the rating.
func (d *Dossiers) Rate(ctx context.Context, req RateRequest) (id string, err error) {
	if len(req.Reasons) > 10 {
		return "", bad("Quá nhiều lý do", "too many reasons")
	}
	req.Comment = textrule.FormBlock(req.Comment) // a control is refused by Validate
	if err := d.scale.Validate(dossier.Rating{Level: req.Level, Reasons: req.Reasons, Text: req.Comment}); err != nil {
		return "", domainErr(err)
	}
	now := d.now().In(dossier.Loc)
	id = NewID()
	err = d.db.Write(ctx, func(tx *store.Tx) error {
		sub, err := d.checkSubject(txSource{tx}, req)
		if err != nil {
			return err
		}
		why := append([]string{}, req.Reasons...)
		if c := strings.TrimSpace(req.Comment); c != "" {
			why = append(why, c)
		}
		pk := qcvn120.DongBoDanhGia{MaDanhGia: qcvn120.Str(id), MaDonVi: d.e.Config().AgencyCode, MaCauHoi: "THAIDO",
			MucDanhGia: qcvn120.Int(req.Level), ThoiGianDanhGia: qcvn120.At(now), LyDo: truncRunes(strings.Join(why, "; "), 1000),
			MaHoSo: sub.maHoSo, MaTTHC: sub.maTTHC}
		doc, err := json.Marshal(map[string]any{"level": req.Level, "reasons": req.Reasons, "comment": req.Comment})
		if err != nil {
			return err
		}
		rt := store.Rating{ID: id, At: now, Subject: sub.subject, Counter: sub.counter, Service: sub.service, Level: req.Level, Doc: doc}
		if err := tx.InsertRating(rt); err != nil {
			if errors.Is(err, store.ErrAlreadyRated) {
				return errAlreadyRated
			}
			return err
		}
		b, err := json.Marshal(pk)
		if err != nil {
			return err
		}
		return tx.AppendOutbox(qcvn120.SvcDongBoDanhGia, sub.key, 1, b)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}
