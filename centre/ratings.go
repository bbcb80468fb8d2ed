package centre

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"regexp"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// RoleRatingPad is a device enrolled only to collect ratings (a tablet
// facing the citizen at a counter, or a kiosk in rating-only mode). Boards
// (display) cannot rate.
const RoleRatingPad = "ratingpad"

// Who may rate, and who may read the scale.
var (
	rateRoles  = []string{RoleKiosk, RoleRatingPad}
	scaleRoles = []string{RoleKiosk, RoleRatingPad, RoleDisplay, RoleCounter, RoleOfficer, RoleSupervisor, RoleAdmin}
)

// A rating is bound to a paper only the citizen holds: the ticket's QR and
// the dossier receipt's QR carry a short HMAC of the subject keyed by a
// per-database secret. Ticket ids travel on /ws and dossier codes are
// sequential; the token is not derivable from either.

// RatingTokenLen is the length of a rating token: 16 base32 characters
// (80 bits), short enough to keep the QR small.
const RatingTokenLen = 16

var ratingTokenRe = regexp.MustCompile(`^[a-z2-7]{16}$`)

// loadSecret reads the 32-byte secret name from settings, creating it the
// first time. Every server on the same database sees the same secret.
func loadSecret(ctx context.Context, db *store.DB, name string) ([]byte, error) {
	var v string
	q := `SELECT value FROM settings WHERE key=?`
	err := db.Read().QueryRowContext(ctx, q, name).Scan(&v)
	if err == nil {
		return hex.DecodeString(v)
	}
	if !store.IsNoRows(err) {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	err = db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, name, hex.EncodeToString(b))
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := db.Read().QueryRowContext(ctx, q, name).Scan(&v); err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

// RatingToken is the token printed in the QR of a ticket (kind "ticket",
// id the ticket id) or of a dossier receipt (kind "dossier", id the code).
func (s *Server) RatingToken(kind, id string) string {
	m := hmac.New(sha256.New, s.ratingKey)
	m.Write([]byte("rating\x00" + kind + "\x00" + id))
	return strings.ToLower(base32.StdEncoding.EncodeToString(m.Sum(nil)[:10]))
}

func (s *Server) validRatingToken(kind, id, token string) bool {
	token = strings.ToLower(strings.TrimSpace(token))
	if !ratingTokenRe.MatchString(token) {
		return false
	}
	return hmac.Equal([]byte(token), []byte(s.RatingToken(kind, id)))
}

// DossierQR is the payload of a dossier receipt's QR: the code, then the
// rating token ("000.00.06.H26-231027-0361?r=abcdefghijklmnop"). The
// barcode on the same paper stays the bare code, for typing and lookups.
func (s *Server) DossierQR(code string) string {
	return code + "?r=" + s.RatingToken("dossier", code)
}

// clientAddr is the request's client address without the port.
func clientAddr(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

// rateLimited claims one request for the calling device (or officer) and
// one for its client address; either over its limit refuses the request.
// It runs after authentication and before the body is read.
func (d *dossierService) rateLimited(l *limiter, w http.ResponseWriter, r *http.Request, refusal *queue.Error) bool {
	p := principal(r)
	who := "d|" + p.DeviceID
	if p.DeviceID == "" {
		who = "u|" + p.Username
	}
	okWho := l.allow(who)
	okAddr := l.allow("a|" + clientAddr(r))
	if okWho && okAddr {
		return false
	}
	d.log.Warn("rate limit", "path", r.URL.Path, "device", p.DeviceID, "user", p.Username, "remote", r.RemoteAddr)
	writeErr(w, r, d.log, refusal)
	return true
}

func (d *dossierService) ratingLimited(w http.ResponseWriter, r *http.Request) bool {
	return d.rateLimited(d.rateLimit, w, r, errTooManyRatings)
}

var (
	errTooManyRatings = queue.Errf(queue.CodeRateLimited, "Thiết bị này gửi quá nhiều đánh giá. Xin vui lòng thử lại sau ít phút.", "too many rating requests")
	errTooManyLookups = queue.Errf(queue.CodeRateLimited, "Quý khách tra cứu quá nhiều lần. Xin vui lòng thử lại sau ít phút.", "too many lookups")
)

// lookupLimited is ratingLimited for dossier lookups.
func (d *dossierService) lookupLimited(w http.ResponseWriter, r *http.Request) bool {
	return d.rateLimited(d.limit, w, r, errTooManyLookups)
}

func (d *dossierService) ratingScale(w http.ResponseWriter, r *http.Request) {
	type level struct {
		Value int    `json:"value"`
		Label string `json:"label"`
		Low   bool   `json:"low"`
	}
	out := struct {
		Question string   `json:"question"`
		Levels   []level  `json:"levels"`
		Reasons  []string `json:"reasons"`
	}{Question: dossier.RatingQuestion, Reasons: dossier.RatingReasons}
	for _, l := range d.scale.Levels {
		out.Levels = append(out.Levels, level{l.Value, l.Label, l.Low})
	}
	writeJSON(w, 200, out)
}

type rateReq struct {
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
func (d *dossierService) checkSubject(src subjectSource, req rateReq) (ratable, error) {
	var out ratable
	if (req.TicketID == "") == (req.DossierCode == "") {
		return out, bad("Hãy chọn số thứ tự hoặc hồ sơ cần đánh giá", "rate exactly one of ticket_id or dossier_code")
	}
	if strings.TrimSpace(req.Token) == "" {
		return out, errNoRatingToken
	}
	cfg := d.s.engine.Config()
	if req.DossierCode != "" {
		code := strings.ToUpper(strings.TrimSpace(req.DossierCode))
		if len(code) > 64 || !d.s.validRatingToken("dossier", code, req.Token) {
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
		if len(req.TicketID) > 64 || !d.s.validRatingToken("ticket", req.TicketID, req.Token) {
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

// ratingSubject answers what a scanned QR would rate, so the kiosk can say
// "Đánh giá lượt phục vụ số A012 tại Quầy 3" before asking the question;
// a subject already rated is refused here, before the citizen answers.
func (d *dossierService) ratingSubject(w http.ResponseWriter, r *http.Request) {
	if d.ratingLimited(w, r) {
		return
	}
	var req rateReq
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	sub, err := d.checkSubject(readSource{r.Context(), d.db}, req)
	if err == nil {
		var rated bool
		if rated, err = d.db.Rated(r.Context(), sub.subject); err == nil && rated {
			err = errAlreadyRated
		}
	}
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, sub.view)
}

func (d *dossierService) rate(w http.ResponseWriter, r *http.Request) {
	if d.ratingLimited(w, r) {
		return
	}
	var req rateReq
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	if len(req.Reasons) > 10 {
		writeErr(w, r, d.log, bad("Quá nhiều lý do", "too many reasons"))
		return
	}
	if err := d.scale.Validate(dossier.Rating{Level: req.Level, Reasons: req.Reasons, Text: req.Comment}); err != nil {
		writeErr(w, r, d.log, domainErr(err))
		return
	}
	now := d.now().In(dossier.Loc)
	id := newID()
	err := d.db.Write(r.Context(), func(tx *store.Tx) error {
		sub, err := d.checkSubject(txSource{tx}, req)
		if err != nil {
			return err
		}
		why := append([]string{}, req.Reasons...)
		if c := strings.TrimSpace(req.Comment); c != "" {
			why = append(why, c)
		}
		pk := qcvn120.DongBoDanhGia{MaDanhGia: qcvn120.Str(id), MaDonVi: d.s.engine.Config().AgencyCode, MaCauHoi: "THAIDO",
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
		writeErr(w, r, d.log, err)
		return
	}
	p := principal(r)
	d.log.Info("rating stored", "rating", id, "device", p.DeviceID, "level", req.Level)
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "message": "Cảm ơn ông/bà đã đánh giá!"})
}

// mountRatings adds the rating routes.
func (d *dossierService) mountRatings(srv *Server) {
	srv.Handle("GET /api/v1/ratings/scale", srv.need(scaleRoles, d.ratingScale))
	srv.Handle("POST /api/v1/ratings/subject", srv.need(rateRoles, d.ratingSubject))
	srv.Handle("POST /api/v1/ratings", srv.need(rateRoles, d.rate))
}
