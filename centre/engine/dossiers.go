package engine

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// DossierOptions configure the engine's dossier part.
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
	// address (default 30). Read by the transport (centre.MountDossiers),
	// which keeps the limits; the engine has no clients.
	LookupPerMinute int
	// RatingsPerMinute limits rating requests (subject checks and ratings)
	// per device and per client address (default 20). Read by the transport.
	RatingsPerMinute int
	Now              func() time.Time
}

// Dossiers runs the dossier operations (reception, actions, lookups,
// ratings, liên thông) on the store: each change writes the document, a
// history row and its QCVN 120 packets in one transaction.
type Dossiers struct {
	e        *Engine
	tokens   *Tokens
	db       *store.DB
	log      *slog.Logger
	cal      *dossier.Calendar
	schedule func(ctx context.Context) (*dossier.Schedule, error)
	calAt    time.Time
	refresh  time.Duration
	scale    dossier.RatingScale
	now      func() time.Time
	seed     *dossier.Catalogue

	mu      sync.Mutex
	cat     *dossier.Catalogue
	catAt   time.Time
	keySalt []byte
}

// NewDossiers builds the dossier part over e; the engine's opening hours
// then follow the dossier calendar (holidays, swapped working days).
func NewDossiers(ctx context.Context, e *Engine, tokens *Tokens, log *slog.Logger, o DossierOptions) (*Dossiers, error) {
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
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RefreshEvery == 0 {
		o.RefreshEvery = time.Minute
	}
	d := &Dossiers{e: e, tokens: tokens, db: e.db, log: log, cal: o.Calendar, schedule: o.Schedule, refresh: o.RefreshEvery, scale: *o.Scale, now: o.Now,
		seed: o.Catalogue}
	salt, err := LoadSecret(ctx, e.db, "applicant_key_salt")
	if err != nil {
		return nil, err
	}
	d.keySalt = salt
	e.SetDays(DayInfo(func() *dossier.Calendar { return d.Calendar(context.Background()) }))
	return d, nil
}

// Scale is the rating scale.
func (d *Dossiers) Scale() dossier.RatingScale { return d.scale }

// Now is the dossiers' clock.
func (d *Dossiers) Now() time.Time { return d.now() }

// ApplicantKey is the keyed hash of an applicant's ID number that dossiers
// are found by (the number itself is not a column).
func (d *Dossiers) ApplicantKey(id string) string {
	id = strings.TrimSpace(id)
	if id == "" {
		return ""
	}
	m := hmac.New(sha256.New, d.keySalt)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil))
}

// Calendar is the working-day calendar, with the stored yearly schedule
// re-read at most once a minute.
func (d *Dossiers) Calendar(ctx context.Context) *dossier.Calendar {
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

// Catalogue is the seed overlaid with what the sync agent pulled; it is
// rebuilt at most once a minute.
func (d *Dossiers) Catalogue(ctx context.Context) *dossier.Catalogue {
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

// Procedures searches the catalogue (q empty: the first ones), at most
// limit (default 20, at most 200).
func (d *Dossiers) Procedures(ctx context.Context, q string, limit int) []dossier.Procedure {
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	c := d.Catalogue(ctx)
	q = strings.TrimSpace(q)
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
	return out
}

// Procedure is one procedure of the catalogue.
func (d *Dossiers) Procedure(ctx context.Context, code string) (dossier.Procedure, error) {
	p, ok := d.Catalogue(ctx).Get(code)
	if !ok {
		return p, queue.Errf(queue.CodeNotFound, "Không tìm thấy thủ tục", "procedure not found")
	}
	return p, nil
}

// Appointment is the date a dossier of the procedure received at at (zero:
// now) is due back.
func (d *Dossiers) Appointment(ctx context.Context, procedureCode string, at time.Time) (time.Time, dossier.Procedure, error) {
	p, ok := d.Catalogue(ctx).Get(procedureCode)
	if !ok {
		return time.Time{}, p, bad("Không tìm thấy thủ tục %q", "unknown procedure %q", procedureCode)
	}
	if at.IsZero() {
		at = d.now()
	}
	due, err := d.Calendar(ctx).Due(at, p.Time)
	if err != nil {
		return time.Time{}, p, domainErr(err)
	}
	return due, p, nil
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
	// ResultNotice: where a forwarded dossier's result waits (dossier.ResultNotice, handover.go).
	ResultNotice string `json:"ket_qua_cho_tra,omitempty"`
	// HandOverRefused: the deciding centre could not record the hand-over made here (handoverrefusal.go).
	HandOverRefused *HandOverAlert `json:"tra_ket_qua_tu_choi,omitempty"`
	// HandOverAttempt: the attempt of the hand-over last sent from here (handoverresend.go).
	HandOverAttempt int `json:"tra_ket_qua_lan,omitempty"`
}

func (d *Dossiers) view(sd storedDossier, version int64) DossierView {
	cfg := d.e.Config()
	v := DossierView{Dossier: sd.Dossier, Summary: sd.Summary, TicketID: sd.TicketID, Late: sd.Dossier.Late(d.now()),
		StatusLabel: sd.Dossier.Status.Label(), Receipt: dossier.BuildReceipt(sd.Dossier, cfg.CentreName, cfg.AgencyName), Version: version,
		TransferFrom: sd.TransferFrom, TransferTo: sd.TransferTo, ResultNotice: sd.Dossier.ResultNotice(sd.side(), cfg.CentreName)}
	// The QR on the citizen's papers carries the rating token; the
	// barcode stays the bare code.
	v.Receipt.QR = d.tokens.DossierQR(sd.Dossier.Code)
	v.HandOverRefused = d.handOverAlert(sd)
	v.HandOverAttempt = sd.handOverAttempt()
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
func (d *Dossiers) writeOutbox(tx *store.Tx, sd storedDossier, ev dossier.Event, version int64, officerName string) error {
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

func (d *Dossiers) appendHistory(tx *store.Tx, code string, ev dossier.Event, officer string) error {
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
func (d *Dossiers) mayTouchDossier(p Actor, receivedAt string) bool {
	if p.supervises() {
		return true
	}
	if p.Role != RoleOfficer || p.Counter == "" {
		return false
	}
	if p.Counter == receivedAt {
		return true
	}
	cfg := d.e.Config()
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

// name is the officer's name for papers and progress steps.
func (a Actor) name() string {
	if a.FullName != "" {
		return a.FullName
	}
	return a.Officer
}

// Get is one dossier, for an officer of its field.
func (d *Dossiers) Get(ctx context.Context, p Actor, code string) (DossierView, error) {
	row, err := d.db.Dossier(ctx, code)
	if err != nil {
		return DossierView{}, domainErr(err)
	}
	if !d.mayTouchDossier(p, row.Counter) {
		return DossierView{}, errOtherField(row.Code)
	}
	sd, err := decodeStored(row)
	if err != nil {
		return DossierView{}, err
	}
	return d.view(sd, row.Version), nil
}

// DossierQuery filters the dossier list (GET /api/v1/dossiers).
type DossierQuery struct {
	Counter, Day string
	Status       string // comma-separated status numbers
	Q            string // a dossier code or an applicant's ID number
	Due          string // "today": due back by the end of today
	Late         bool   // past their appointment and not done
	Limit        int
}

// DossierItem is one row of the dossier list.
type DossierItem struct {
	Dossier     dossier.Dossier `json:"dossier"`
	Late        bool            `json:"late"`
	StatusLabel string          `json:"status_label"`
	Version     int64           `json:"version"`
}

// List lists the dossiers of q that p may see (their counter's fields).
func (d *Dossiers) List(ctx context.Context, p Actor, q DossierQuery) ([]DossierItem, error) {
	f := store.DossierFilter{Counter: q.Counter, Day: q.Day}
	if s := q.Status; s != "" {
		for _, part := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || !dossier.Status(n).Valid() {
				return nil, bad("Trạng thái không hợp lệ: %q", "bad status %q", part)
			}
			f.Statuses = append(f.Statuses, n)
		}
	}
	if term := strings.TrimSpace(q.Q); term != "" {
		if idRe.MatchString(term) {
			f.ApplicantKey = d.ApplicantKey(term)
		} else {
			f.Code = strings.ToUpper(term)
		}
	}
	now := d.now().In(dossier.Loc)
	if q.Due == "today" {
		y, m, dd := now.Date()
		f.DueBefore = time.Date(y, m, dd+1, 0, 0, 0, 0, dossier.Loc)
		if len(f.Statuses) == 0 {
			f.Statuses = []int{2, 4, 6, 9}
		}
	}
	late := q.Late
	if late {
		f.DueBefore = now
		if len(f.Statuses) == 0 {
			f.Statuses = []int{2, 4, 6}
		}
	}
	f.Limit = q.Limit
	rows, err := d.db.Dossiers(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]DossierItem, 0, len(rows))
	for _, row := range rows {
		if !d.mayTouchDossier(p, row.Counter) {
			continue
		}
		sd, err := decodeStored(row)
		if err != nil {
			return nil, err
		}
		if late && !sd.Dossier.Late(now) {
			continue
		}
		out = append(out, DossierItem{Dossier: sd.Dossier, Late: sd.Dossier.Late(now), StatusLabel: sd.Dossier.Status.Label(), Version: row.Version})
	}
	return out, nil
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
