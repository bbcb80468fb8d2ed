package centre

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// limiter is a fixed-window counter per key: enough to stop a kiosk (or a
// stolen kiosk token) from enumerating dossiers.
type limiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	counts map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(n int, per time.Duration) *limiter {
	return &limiter{n: n, window: per, counts: map[string]*window{}}
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	w, ok := l.counts[key]
	if !ok || now.Sub(w.start) >= l.window {
		if len(l.counts) > 10000 {
			clear(l.counts)
		}
		w = &window{start: now}
		l.counts[key] = w
	}
	w.n++
	return w.n <= l.n
}

// PublicDossier is what a kiosk or a citizen may see: no ID number, no
// address, no phone, a masked name.
type PublicDossier struct {
	Code          string    `json:"code"`
	ProcedureName string    `json:"procedure_name"`
	ReceivedAt    time.Time `json:"received_at"`
	AppointmentAt time.Time `json:"appointment_at"`
	Appointment   string    `json:"appointment"`
	Status        int       `json:"status"`
	StatusLabel   string    `json:"status_label"`
	StatusExplain string    `json:"status_explain"`
	Late          bool      `json:"late"`
	// Applicant is the masked name, given only to a lookup that shows the
	// receipt's QR token (?r=): a typed code reveals no name.
	Applicant string         `json:"applicant,omitempty"`
	Timeline  []TimelineStep `json:"timeline"`
	Missing   []string       `json:"missing"`
	Collect   string         `json:"collect"`
}

// TimelineStep is one step shown to the citizen.
type TimelineStep struct {
	At    time.Time `json:"at"`
	Label string    `json:"label"`
}

func (d *dossierService) public(sd storedDossier) PublicDossier {
	x := sd.Dossier
	p := PublicDossier{Code: x.Code, ProcedureName: x.Procedure.Name, ReceivedAt: x.ReceivedAt, AppointmentAt: x.AppointmentAt,
		Appointment: dossier.FormatAppointment(x.AppointmentAt), Status: int(x.Status), StatusLabel: x.Status.Label(),
		StatusExplain: x.Status.Explain(), Late: x.Late(d.now()), Applicant: dossier.MaskName(x.Applicant.Name),
		Timeline: []TimelineStep{}, Missing: []string{}}
	for _, ev := range x.History {
		// Status labels only: the officers' notes may name people.
		p.Timeline = append(p.Timeline, TimelineStep{At: ev.At, Label: ev.To.Label()})
	}
	if i := x.OpenSupplement(); i >= 0 && x.Status == dossier.StatusSupplementRequired {
		p.Missing = append(p.Missing, x.Supplements[i].Missing...)
	}
	p.Collect = x.CollectText(d.s.engine.Config().CentreName) // where, as chosen at reception

	return p
}

var codeLike = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$`)

func (d *dossierService) lookup(w http.ResponseWriter, r *http.Request) {
	if d.lookupLimited(w, r) {
		return
	}
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	if !codeLike.MatchString(code) {
		writeErr(w, r, d.log, queue.Errf(queue.CodeInvalid, "Mã hồ sơ không đúng dạng (ví dụ 000.00.06.H26-231027-0361). Xin kiểm tra lại.", "malformed dossier code"))
		return
	}
	row, err := d.db.Dossier(r.Context(), code)
	if err != nil {
		if errors.Is(err, store.ErrDossierNotFound) {
			writeErr(w, r, d.log, queue.Errf(queue.CodeNotFound, "Không tìm thấy hồ sơ có mã này tại trung tâm. Xin kiểm tra lại mã trên giấy hẹn.", "dossier not found"))
			return
		}
		writeErr(w, r, d.log, err)
		return
	}
	sd, err := decodeStored(row)
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	pub := d.public(sd)
	if !d.s.validRatingToken("dossier", row.Code, r.URL.Query().Get("r")) {
		pub.Applicant = ""
	}
	writeJSON(w, 200, pub)
}

func (d *dossierService) lookupByCCCD(w http.ResponseWriter, r *http.Request) {
	if d.lookupLimited(w, r) {
		return
	}
	var req struct {
		CCCD string `json:"cccd"`
	}
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	raw := strings.TrimSpace(req.CCCD)
	id, name := raw, ""
	if strings.Contains(raw, "|") {
		c, err := dossier.ParseCCCD(raw)
		if err != nil {
			writeErr(w, r, d.log, domainErr(err))
			return
		}
		id, name = c.ID, c.FullName
	}
	// A kiosk needs the card itself: the QR's number and name must both
	// match the dossier, so knowing someone's ID number (printed on many
	// papers) does not list their dossiers. Officers may type the number.
	kiosk := principal(r).Role == RoleKiosk
	if kiosk && name == "" {
		writeErr(w, r, d.log, queue.Errf(queue.CodeInvalid, "Xin quét mã QR trên thẻ căn cước để tra cứu.", "a kiosk looks up by the card's QR only"))
		return
	}
	if !regexp.MustCompile(`^\d{12}$`).MatchString(id) {
		writeErr(w, r, d.log, queue.Errf(queue.CodeInvalid, "Không đọc được số căn cước. Xin quét lại mã QR trên thẻ.", "not a 12-digit ID"))
		return
	}
	rows, err := d.db.Dossiers(r.Context(), store.DossierFilter{ApplicantKey: d.applicantKey(id), Limit: 50})
	if err != nil {
		writeErr(w, r, d.log, err)
		return
	}
	out := make([]PublicDossier, 0, len(rows))
	for _, row := range rows {
		sd, err := decodeStored(row)
		if err != nil {
			writeErr(w, r, d.log, err)
			return
		}
		if kiosk && !sameName(sd.Dossier.Applicant.Name, name) {
			continue
		}
		out = append(out, d.public(sd))
	}
	writeJSON(w, 200, out)
}

// sameName compares two person names as written on a card and on a form:
// Unicode-normalised, case-folded, spaces collapsed.
func sameName(a, b string) bool {
	f := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ") }
	return a != "" && f(a) == f(b)
}
