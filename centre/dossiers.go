package centre

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// DossierOptions configure the dossier part of the centre.
type DossierOptions struct {
	// Catalogue is the embedded seed; procedures pulled from the portal
	// (store.Procedures) override it by code. Default dossier.DefaultCatalogue().
	Catalogue *dossier.Catalogue
	// Calendar computes appointments. Default dossier.DefaultCalendar().
	Calendar *dossier.Calendar
	// Schedule, when set, is asked once a minute for the current yearly
	// schedule (e.g. uploaded in the console); a non-nil answer replaces the
	// calendar's schedule without a restart.
	Schedule func(ctx context.Context) (*dossier.Schedule, error)
	// RefreshEvery is how often the pulled catalogue and the stored
	// schedule are re-read (default 1 min).
	RefreshEvery time.Duration
	// Scale is the rating scale. Default dossier.Scale3().
	Scale *dossier.RatingScale
	// LookupPerMinute limits kiosk lookups per device and per client
	// address (default 30).
	LookupPerMinute int
	// RatingsPerMinute limits rating requests (subject checks and ratings)
	// per device and per client address (default 20).
	RatingsPerMinute int
	Now              func() time.Time
}

type dossierService struct {
	s         *Server
	db        *store.DB
	log       *slog.Logger
	cal       *dossier.Calendar
	schedule  func(ctx context.Context) (*dossier.Schedule, error)
	calAt     time.Time
	refresh   time.Duration
	scale     dossier.RatingScale
	now       func() time.Time
	seed      *dossier.Catalogue
	limit     *limiter
	rateLimit *limiter

	mu      sync.Mutex
	cat     *dossier.Catalogue
	catAt   time.Time
	keySalt []byte
}

// MountDossiers adds the dossier, lookup and rating endpoints to srv.
func MountDossiers(srv *Server, db *store.DB, cfg *queue.Config, o DossierOptions) error {
	if o.Catalogue == nil {
		o.Catalogue = dossier.DefaultCatalogue()
	}
	if o.Calendar == nil {
		o.Calendar = dossier.DefaultCalendar()
	}
	if o.Scale == nil {
		s := dossier.Scale3()
		o.Scale = &s
	}
	if o.LookupPerMinute == 0 {
		o.LookupPerMinute = 30
	}
	if o.RatingsPerMinute == 0 {
		o.RatingsPerMinute = 20
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RefreshEvery == 0 {
		o.RefreshEvery = time.Minute
	}
	if !dossier.ValidAgencyCode(cfg.AgencyCode) {
		return fmt.Errorf("agency_code %q is not a valid agency code (e.g. 000.00.06.H26)", cfg.AgencyCode)
	}
	d := &dossierService{s: srv, db: db, log: srv.log, cal: o.Calendar, schedule: o.Schedule, refresh: o.RefreshEvery, scale: *o.Scale, now: o.Now,
		seed: o.Catalogue, limit: newLimiter(o.LookupPerMinute, time.Minute), rateLimit: newLimiter(o.RatingsPerMinute, time.Minute)}
	salt, err := loadSecret(context.Background(), db, "applicant_key_salt")
	if err != nil {
		return err
	}
	d.keySalt = salt
	dossierServices.Store(srv, d)
	srv.engine.SetDays(DayInfo(func() *dossier.Calendar { return d.calendar(context.Background()) }))
	officer := func(fn http.HandlerFunc) http.HandlerFunc { return srv.need(officerRoles, fn) }
	srv.Handle("GET /api/v1/procedures", officer(d.procedures))
	srv.Handle("GET /api/v1/procedures/{code}", officer(d.procedure))
	srv.Handle("POST /api/v1/dossiers/appointment", officer(d.appointment))
	srv.Handle("POST /api/v1/dossiers", officer(d.receive))
	srv.Handle("GET /api/v1/dossiers", officer(d.list))
	srv.Handle("GET /api/v1/dossiers/{code}", officer(d.get))
	srv.Handle("POST /api/v1/dossiers/{code}/{action}", officer(d.act))
	kiosk := []string{RoleKiosk, RoleOfficer, RoleSupervisor, RoleAdmin}
	srv.Handle("GET /api/v1/lookup/dossiers/{code}", srv.need(kiosk, d.lookup))
	srv.Handle("POST /api/v1/lookup/dossiers/by-cccd", srv.need(kiosk, d.lookupByCCCD))
	d.mountRatings(srv)
	return nil
}

func (d *dossierService) applicantKey(id string) string {
	id = strings.TrimSpace(id)
	if id == "" {
		return ""
	}
	m := hmac.New(sha256.New, d.keySalt)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil))
}

// calendar is the working-day calendar, with the stored yearly schedule
// re-read at most once a minute.
func (d *dossierService) calendar(ctx context.Context) *dossier.Calendar {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.schedule == nil || time.Since(d.calAt) < d.refresh {
		return d.cal
	}
	d.calAt = time.Now()
	s, err := d.schedule(ctx)
	if err != nil {
		d.log.Warn("stored holiday schedule unreadable; keeping the current one", "err", err)
		return d.cal
	}
	if s != nil {
		d.cal = dossier.NewCalendar(s, dossier.DefaultRules())
	}
	return d.cal
}

// catalogue is the seed overlaid with what the sync agent pulled; it is
// rebuilt at most once a minute.
func (d *dossierService) catalogue(ctx context.Context) *dossier.Catalogue {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cat != nil && time.Since(d.catAt) < d.refresh {
		return d.cat
	}
	d.cat, d.catAt = d.seed, time.Now()
	pulled, err := d.db.Procedures(ctx)
	if err != nil || len(pulled) == 0 {
		return d.cat
	}
	byCode := map[string]dossier.Procedure{}
	for _, p := range d.seed.All() {
		byCode[p.Code] = p
	}
	for code, doc := range pulled {
		var p dossier.Procedure
		if json.Unmarshal(doc, &p) == nil && p.Validate() == nil {
			byCode[code] = p
		}
	}
	all := make([]dossier.Procedure, 0, len(byCode))
	for _, p := range byCode {
		all = append(all, p)
	}
	if c, err := dossier.NewCatalogue(all); err == nil {
		d.cat = c
	} else {
		d.log.Warn("pulled catalogue rejected; using the seed", "err", err)
	}
	return d.cat
}

func bad(vi, en string, args ...any) error { return queue.Errf(queue.CodeInvalid, vi, en, args...) }

// domainErr turns dossier package errors into typed API errors.
func domainErr(err error) error {
	var te *dossier.TransitionError
	if errors.As(err, &te) {
		return &queue.Error{Code: queue.CodeTransition, Message: te.Vietnamese(), MessageEN: te.Error()}
	}
	if errors.Is(err, dossier.ErrInvalidAction) {
		return &queue.Error{Code: queue.CodeInvalid, Message: "Thông tin chưa đầy đủ hoặc không hợp lệ: " + err.Error(), MessageEN: err.Error()}
	}
	var re *dossier.RatingError
	if errors.As(err, &re) {
		return &queue.Error{Code: queue.CodeInvalid, Message: re.Vietnamese(), MessageEN: re.Error()}
	}
	var ce *dossier.CCCDError
	if errors.As(err, &ce) {
		return &queue.Error{Code: queue.CodeInvalid, Message: ce.Vietnamese(), MessageEN: ce.Error()}
	}
	if errors.Is(err, store.ErrDossierNotFound) {
		return queue.Errf(queue.CodeNotFound, "Không tìm thấy hồ sơ", "dossier not found")
	}
	return err
}

func (d *dossierService) procedures(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	c := d.catalogue(r.Context())
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var out []dossier.Procedure
	if q == "" {
		out = c.All()
		if len(out) > limit {
			out = out[:limit]
		}
	} else {
		out = c.Search(q, limit)
	}
	if out == nil {
		out = []dossier.Procedure{}
	}
	writeJSON(w, 200, out)
}

func (d *dossierService) procedure(w http.ResponseWriter, r *http.Request) {
	p, ok := d.catalogue(r.Context()).Get(r.PathValue("code"))
	if !ok {
		writeErr(w, r, d.log, queue.Errf(queue.CodeNotFound, "Không tìm thấy thủ tục", "procedure not found"))
		return
	}
	writeJSON(w, 200, p)
}

func (d *dossierService) appointment(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ProcedureCode string    `json:"procedure_code"`
		ReceivedAt    time.Time `json:"received_at"`
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	p, ok := d.catalogue(r.Context()).Get(req.ProcedureCode)
	if !ok {
		writeErr(w, r, d.log, bad("Không tìm thấy thủ tục %q", "unknown procedure %q", req.ProcedureCode))
		return
	}
	at := req.ReceivedAt
	if at.IsZero() {
		at = d.now()
	}
	due, err := d.calendar(r.Context()).Due(at, p.Time)
	if err != nil {
		writeErr(w, r, d.log, domainErr(err))
		return
	}
	out := map[string]any{"appointment_at": due, "text": dossier.FormatAppointment(due), "processing": p.Time.Vietnamese()}
	// The deciding agency, and whether the dossier would be forwarded to it
	// (the counter then offers "return at the deciding centre").
	if a, ok := d.s.engine.Config().CompetentAgency(string(p.Competence()), p.CompetentAgencyCode, p.Agency); ok {
		out["deciding_agency"] = a.Name
		out["forwarded"] = d.forwardTo(storedDossier{Dossier: dossier.Dossier{CompetentAgencyCode: a.Code}}) != ""
	}
	writeJSON(w, 200, out)
}

type receiveReq struct {
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

func (q *receiveReq) validate() error {
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
		if strings.TrimSpace(c.Name) == "" || c.Originals < 0 || c.Copies < 0 || c.Originals+c.Copies == 0 || c.Originals+c.Copies > 1000 {
			return bad("Thành phần hồ sơ “%s” cần tên và số bản chính/bản sao hợp lệ", "component %q needs a name and counts", c.Name)
		}
	}
	for _, f := range q.Fees {
		if strings.TrimSpace(f.Name) == "" || f.Amount < 0 || f.Amount > 1_000_000_000 {
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

// DossierView is what officers get back: the dossier and its printable papers.
type DossierView struct {
	Dossier        dossier.Dossier         `json:"dossier"`
	Summary        string                  `json:"summary,omitempty"`
	TicketID       string                  `json:"ticket_id,omitempty"`
	Late           bool                    `json:"late"`
	StatusLabel    string                  `json:"status_label"`
	Receipt        dossier.Receipt         `json:"receipt"`
	SupplementSlip *dossier.SupplementSlip `json:"supplement_slip,omitempty"`
	RefusalSlip    *dossier.RefusalSlip    `json:"refusal_slip,omitempty"`   // Mẫu số 03
	ApologyLetter  *dossier.ApologyLetter  `json:"apology_letter,omitempty"` // Mẫu số 04
	Version        int64                   `json:"version"`
	TransferFrom   string                  `json:"lien_thong_tu,omitempty"`  // received at this agency, decided here
	TransferTo     string                  `json:"lien_thong_den,omitempty"` // received here, decided by this agency
}

func (d *dossierService) view(sd storedDossier, version int64) DossierView {
	cfg := d.s.engine.Config()
	v := DossierView{Dossier: sd.Dossier, Summary: sd.Summary, TicketID: sd.TicketID, Late: sd.Dossier.Late(d.now()),
		StatusLabel: sd.Dossier.Status.Label(), Receipt: dossier.BuildReceipt(sd.Dossier, cfg.CentreName, cfg.AgencyName), Version: version,
		TransferFrom: sd.TransferFrom, TransferTo: sd.TransferTo}
	// The QR on the citizen's papers carries the rating token; the
	// barcode stays the bare code.
	v.Receipt.QR = d.s.DossierQR(sd.Dossier.Code)
	// Dossiers received before the competent agency was recorded: resolve it as this centre
	// knows it now (queue config agencies).
	if p := sd.Dossier.Procedure; sd.Dossier.CompetentAgency == "" {
		if a, ok := cfg.CompetentAgency(string(p.Competence()), p.CompetentAgencyCode, p.Agency); ok {
			v.Receipt.CompetentAgency = a.Name
		}
	}
	if slip, ok := dossier.BuildSupplementSlip(sd.Dossier, cfg.CentreName, cfg.AgencyName); ok {
		slip.QR = v.Receipt.QR
		v.SupplementSlip = &slip
	}
	if slip, ok := dossier.BuildRefusalSlip(sd.Dossier, cfg.CentreName, cfg.AgencyName); ok {
		v.RefusalSlip = &slip
	}
	if l, ok := dossier.BuildApologyLetter(sd.Dossier, cfg.CentreName, v.Receipt.CompetentAgency); ok {
		v.ApologyLetter = &l
	}
	return v
}

// writeOutbox queues the dossier packet and its progress step. The progress
// step follows the dossier packet in the outbox, so the agent never sends a
// step before the dossier it belongs to.
func (d *dossierService) writeOutbox(tx *store.Tx, sd storedDossier, ev dossier.Event, version int64, officerName string) error {
	hs, err := json.Marshal(hoSoPacket(sd))
	if err != nil {
		return err
	}
	if err := tx.AppendOutbox(qcvn120.SvcDongBoHoSo, sd.Dossier.Code, version, hs); err != nil {
		return err
	}
	if ev.To == dossier.Draft || ev.To == dossier.StatusSubmitted {
		return nil
	}
	td, err := json.Marshal(tienDoPacket(sd.Dossier, ev, officerName))
	if err != nil {
		return err
	}
	return tx.AppendOutbox(qcvn120.SvcCapNhatTienDo, sd.Dossier.Code, version, td)
}

func (d *dossierService) receive(w http.ResponseWriter, r *http.Request) {
	var req receiveReq
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	p := principal(r)
	out, err := d.receiveDossier(r.Context(), req, p, nil)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	d.log.Info("dossier received", "dossier", out.Dossier.Code, "procedure", out.Dossier.Procedure.Code, "counter", p.Counter, "officer", p.Username)
	writeJSON(w, http.StatusCreated, out)
}

// receiveDossier validates req and receives the dossier in one write
// transaction, in which inTx (if any) runs last: the inbox accepts an
// online submission this way, its own row changing with the dossier.
func (d *dossierService) receiveDossier(ctx context.Context, req receiveReq, p Principal, inTx func(tx *store.Tx, v DossierView) error) (DossierView, error) {
	if err := req.validate(); err != nil {
		return DossierView{}, err
	}
	proc, ok := d.catalogue(ctx).Get(req.ProcedureCode)
	if !ok {
		return DossierView{}, bad("Không tìm thấy thủ tục %q", "unknown procedure %q", req.ProcedureCode)
	}
	officerName := p.FullName
	if officerName == "" {
		officerName = p.Username
	}
	var out DossierView
	cal := d.calendar(ctx)
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
		seq, err := tx.NextDossierSeq(d.s.engine.Config().AgencyCode, day)
		if err != nil {
			return err
		}
		code, err := dossier.FormatCode(d.s.engine.Config().AgencyCode, now, seq)
		if err != nil {
			return err
		}
		draft := dossier.Dossier{Code: code, Procedure: proc, Applicant: req.Applicant, Channel: req.Channel, Status: dossier.Draft}
		nd, ev, err := dossier.Apply(draft, dossier.Receive{Officer: officerName, Counter: p.Counter, Components: req.Components,
			Fees: req.Fees, ReturnMethod: req.ReturnMethod, ReturnPlace: req.ReturnPlace, ReturnAddress: req.ReturnAddress,
			ReceivingCentre: d.s.engine.Config().CentreName}, now, cal)
		if err != nil {
			return domainErr(err)
		}
		sd := storedDossier{Dossier: nd, Summary: strings.TrimSpace(req.Summary), TicketID: req.TicketID}
		if a, ok := d.s.engine.Config().CompetentAgency(string(proc.Competence()), proc.CompetentAgencyCode, proc.Agency); ok {
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
		row := store.DossierRow{Code: code, Agency: d.s.engine.Config().AgencyCode, Day: day, Seq: seq, ProcedureCode: proc.Code, Status: int(sd.Dossier.Status),
			ApplicantKey: d.applicantKey(req.Applicant.IDNumber), Ticket: req.TicketID, Counter: p.Counter, Officer: p.Username,
			ReceivedAt: now, AppointmentAt: sd.Dossier.AppointmentAt, UpdatedAt: now, Doc: doc}
		if err := tx.InsertDossier(row); err != nil {
			return err
		}
		if err := d.appendHistory(tx, code, ev, p.Username); err != nil {
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

func (d *dossierService) appendHistory(tx *store.Tx, code string, ev dossier.Event, officer string) error {
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	_, err = tx.AppendDossierEvent(store.DossierEvent{Code: code, At: ev.At, Kind: ev.Action, Officer: officer, Status: int(ev.To), Payload: payload})
	return err
}

// mayTouchDossier is the one-stop rule for dossiers: an officer reads and
// acts on the dossiers of their counter's fields only — those received at
// their own counter or at a counter that shares a service with it (the
// officers of one field take turns at its counters, and a result is
// returned at any of them). Supervisors and admins see every dossier.
// Personal data is read only by those who work on it (Decree 13/2023/ND-CP
// Art. 3: purpose limitation and minimisation).
func (d *dossierService) mayTouchDossier(p Principal, receivedAt string) bool {
	if p.Role == RoleSupervisor || p.Role == RoleAdmin {
		return true
	}
	if p.Role != RoleOfficer || p.Counter == "" {
		return false
	}
	if p.Counter == receivedAt {
		return true
	}
	cfg := d.s.engine.Config()
	mine, ok1 := cfg.Counter(p.Counter)
	theirs, ok2 := cfg.Counter(receivedAt)
	if !ok1 || !ok2 {
		return false
	}
	for sv := range mine.Services {
		if theirs.Serves(sv) {
			return true
		}
	}
	return false
}

func errOtherField(code string) error {
	return queue.Errf(queue.CodeForbidden, "Hồ sơ này thuộc lĩnh vực của quầy khác; cán bộ chỉ xem và xử lý hồ sơ thuộc lĩnh vực của quầy mình", "dossier %s was received at a counter of another field", code)
}

func decodeStored(row store.DossierRow) (storedDossier, error) {
	var sd storedDossier
	if err := json.Unmarshal(row.Doc, &sd); err != nil {
		return sd, fmt.Errorf("dossier %s: stored document: %w", row.Code, err)
	}
	return sd, nil
}

func (d *dossierService) get(w http.ResponseWriter, r *http.Request) {
	row, err := d.db.Dossier(r.Context(), r.PathValue("code"))
	if err != nil {
		writeErr(w, r, d.log, domainErr(err))
		return
	}
	if !d.mayTouchDossier(principal(r), row.Counter) {
		writeErr(w, r, d.log, errOtherField(row.Code))
		return
	}
	sd, err := decodeStored(row)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	writeJSON(w, 200, d.view(sd, row.Version))
}

func (d *dossierService) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.DossierFilter{Counter: q.Get("counter"), Day: q.Get("day")}
	if s := q.Get("status"); s != "" {
		for _, part := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || !dossier.Status(n).Valid() {
				writeErr(w, r, d.log, bad("Trạng thái không hợp lệ: %q", "bad status %q", part))
				return
			}
			f.Statuses = append(f.Statuses, n)
		}
	}
	if term := strings.TrimSpace(q.Get("q")); term != "" {
		if idRe.MatchString(term) {
			f.ApplicantKey = d.applicantKey(term)
		} else {
			f.Code = strings.ToUpper(term)
		}
	}
	now := d.now().In(dossier.Loc)
	if q.Get("due") == "today" {
		y, m, dd := now.Date()
		f.DueBefore = time.Date(y, m, dd+1, 0, 0, 0, 0, dossier.Loc)
		if len(f.Statuses) == 0 {
			f.Statuses = []int{2, 4, 6, 9}
		}
	}
	late := q.Get("late") == "1" || q.Get("late") == "true"
	if late {
		f.DueBefore = now
		if len(f.Statuses) == 0 {
			f.Statuses = []int{2, 4, 6}
		}
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	rows, err := d.db.Dossiers(r.Context(), f)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	type item struct {
		Dossier     dossier.Dossier `json:"dossier"`
		Late        bool            `json:"late"`
		StatusLabel string          `json:"status_label"`
		Version     int64           `json:"version"`
	}
	out := make([]item, 0, len(rows))
	p := principal(r)
	for _, row := range rows {
		if !d.mayTouchDossier(p, row.Counter) {
			continue
		}
		sd, err := decodeStored(row)
		if err != nil {
			writeErr(w, r, d.log, err)
			return
		}
		if late && !sd.Dossier.Late(now) {
			continue
		}
		out = append(out, item{Dossier: sd.Dossier, Late: sd.Dossier.Late(now), StatusLabel: sd.Dossier.Status.Label(), Version: row.Version})
	}
	writeJSON(w, 200, out)
}

type actReqDossier struct {
	Missing        []string                    `json:"missing"`
	Reason         string                      `json:"reason"`
	Deadline       time.Time                   `json:"deadline"`
	Fees           []dossier.FeePaid           `json:"fees"`
	Components     []dossier.ComponentReceived `json:"components"`
	CollectedBy    string                      `json:"collected_by"`
	IDChecked      bool                        `json:"id_checked"`
	Method         dossier.ReturnMethod        `json:"method"`
	NewAppointment time.Time                   `json:"new_appointment"`
	Department     string                      `json:"department"`
	Result         string                      `json:"result"`
}

func (d *dossierService) action(name string, req actReqDossier, officer string) (dossier.Action, error) {
	switch name {
	case "start-processing":
		return dossier.StartProcessing{Officer: officer, Department: req.Department}, nil
	case "request-supplement":
		return dossier.RequestSupplement{Officer: officer, Missing: req.Missing, Reason: req.Reason, Deadline: req.Deadline}, nil
	case "supplement":
		return dossier.Supplement{Officer: officer, Components: req.Components}, nil
	case "request-fees":
		return dossier.RequestFees{Officer: officer, Fees: req.Fees}, nil
	case "fees-paid":
		return dossier.FeesPaid{Officer: officer}, nil
	case "resolve":
		return dossier.Resolve{Officer: officer, Result: req.Result}, nil
	case "refuse":
		return dossier.Refuse{Officer: officer, Reason: req.Reason}, nil
	case "withdraw":
		return dossier.Withdraw{Officer: officer, Reason: req.Reason}, nil
	case "stop":
		return dossier.Stop{Officer: officer, Reason: req.Reason}, nil
	case "return":
		return dossier.Return{Officer: officer, CollectedBy: req.CollectedBy, IDChecked: req.IDChecked, Method: req.Method}, nil
	case "apologise":
		return dossier.Apologise{Officer: officer, NewDate: req.NewAppointment, Reason: req.Reason}, nil
	}
	return nil, queue.Errf(queue.CodeNotFound, "Thao tác hồ sơ không tồn tại: %s", "unknown dossier action %q", name)
}

func (d *dossierService) act(w http.ResponseWriter, r *http.Request) {
	var req actReqDossier
	if err := decode(r, &req, true); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	if len(req.Reason) > 2000 || len(req.Missing) > 50 || len(req.CollectedBy) > 200 || len(req.Result) > 500 {
		writeErr(w, r, d.log, bad("Nội dung quá dài", "field too long"))
		return
	}
	p := principal(r)
	officerName := p.FullName
	if officerName == "" {
		officerName = p.Username
	}
	a, err := d.action(r.PathValue("action"), req, officerName)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	code := r.PathValue("code")
	var out DossierView
	cal := d.calendar(r.Context())
	err = d.db.Write(r.Context(), func(tx *store.Tx) error {
		row, err := tx.Dossier(code)
		if err != nil {
			return domainErr(err)
		}
		if !d.mayTouchDossier(p, row.Counter) {
			return errOtherField(row.Code)
		}
		sd, err := decodeStored(row)
		if err != nil {
			return err
		}
		if sd.TransferTo != "" { // liên thông: its states come from the deciding centre (transfer.go)
			return errForwarded(code, sd.TransferTo)
		}
		nd, ev, err := dossier.Apply(sd.Dossier, a, d.now(), cal)
		if err != nil {
			return domainErr(err)
		}
		sd.Dossier = nd
		doc, err := json.Marshal(sd)
		if err != nil {
			return err
		}
		row.Status, row.AppointmentAt, row.UpdatedAt, row.Officer, row.Doc = int(nd.Status), nd.AppointmentAt, d.now(), p.Username, doc
		v, err := tx.UpdateDossier(row)
		if err != nil {
			return err
		}
		if err := d.appendHistory(tx, code, ev, p.Username); err != nil {
			return err
		}
		if err := d.writeOutbox(tx, sd, ev, v, officerName); err != nil {
			return err
		}
		out = d.view(sd, v)
		return nil
	})
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	d.log.Info("dossier updated", "dossier", code, "action", a.Name(), "status", int(out.Dossier.Status), "officer", p.Username)
	writeJSON(w, 200, out)
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

// DayInfo adapts a holiday calendar for the opening hours: the name of a day off, or
// whether a Saturday/Sunday is a swapped working day.
func DayInfo(cal func() *dossier.Calendar) queue.DayInfo {
	return func(t time.Time) (string, bool) {
		c := cal()
		if off, ok := c.DayOff(t); ok {
			return off.Name, false
		}
		wd := t.In(dossier.Loc).Weekday()
		return "", (wd == time.Saturday || wd == time.Sunday) && c.IsWorkingDay(t)
	}
}
