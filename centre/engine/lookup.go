package engine

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// PublicDossier is what a kiosk or a citizen may see: no ID number, no
// address (not even the postal address a result is sent to), no phone, a
// masked name.
type PublicDossier struct {
	Code          string `json:"code"`
	ProcedureName string `json:"procedure_name"`
	// SectorNameEN is the English name of the centre's sector that
	// receives the procedure (its linh_vuc): the procedure's title has no
	// English form, this tells an English reader what it is about.
	SectorNameEN  string    `json:"sector_name_en,omitempty"`
	ReceivedAt    time.Time `json:"received_at"`
	AppointmentAt time.Time `json:"appointment_at"`
	Appointment   string    `json:"appointment"`
	Status        int       `json:"status"`
	StatusLabel   string    `json:"status_label"`
	StatusExplain string    `json:"status_explain"`
	// The _en fields are the English of the Vietnamese ones beside them
	// (docs/API.md, "English next to Vietnamese"); older clients ignore them.
	AppointmentEN   string `json:"appointment_en,omitempty"`
	StatusLabelEN   string `json:"status_label_en,omitempty"`
	StatusExplainEN string `json:"status_explain_en,omitempty"`
	Late            bool   `json:"late"`
	// Applicant is the masked name, given only to a lookup that shows the
	// receipt's QR token (?r=): a typed code reveals no name.
	Applicant string         `json:"applicant,omitempty"`
	Timeline  []TimelineStep `json:"timeline"`
	Missing   []string       `json:"missing"`
	Collect   string         `json:"collect"`
	CollectEN string         `json:"collect_en,omitempty"`
}

// TimelineStep is one step shown to the citizen.
type TimelineStep struct {
	At      time.Time `json:"at"`
	Status  int       `json:"status,omitempty"`
	Label   string    `json:"label"`
	LabelEN string    `json:"label_en,omitempty"`
}

func (d *Dossiers) public(sd storedDossier) PublicDossier {
	x := sd.Dossier
	p := PublicDossier{Code: x.Code, ProcedureName: x.Procedure.Name, ReceivedAt: x.ReceivedAt, AppointmentAt: x.AppointmentAt,
		Appointment: dossier.FormatAppointment(x.AppointmentAt), Status: int(x.Status), StatusLabel: x.Status.Label(),
		StatusExplain: x.Status.Explain(), Late: x.Late(d.now()), Applicant: dossier.MaskName(x.Applicant.Name),
		AppointmentEN: dossier.FormatAppointmentEN(x.AppointmentAt), StatusLabelEN: x.Status.English(),
		StatusExplainEN: x.Status.ExplainEN(), Timeline: []TimelineStep{}, Missing: []string{}}
	for _, sec := range d.e.Config().Sectors {
		if sec.NameEN != "" && slices.Contains(sec.LinhVuc, x.Procedure.Sector.Code) {
			p.SectorNameEN = sec.NameEN
			break
		}
	}
	for _, ev := range x.History {
		// Status labels only: the officers' notes may name people.
		p.Timeline = append(p.Timeline, TimelineStep{At: ev.At, Status: int(ev.To), Label: ev.To.Label(), LabelEN: ev.To.English()})
	}
	if i := x.OpenSupplement(); i >= 0 && x.Status == dossier.StatusSupplementRequired {
		p.Missing = append(p.Missing, x.Supplements[i].Missing...)
	}
	// Where, as chosen at reception; by post without the address (the
	// portal's sentence): anyone may type a code.
	p.Collect = x.PublicCollectText(d.e.Config().CentreName)
	p.CollectEN = x.PublicCollectTextEN(d.e.Config().CentreName)
	return p
}

var codeLike = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$`)

// Lookup is what a kiosk or a phone sees of the dossier code; the masked
// applicant name only with the receipt's QR token.
func (d *Dossiers) Lookup(ctx context.Context, code, token string) (PublicDossier, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !codeLike.MatchString(code) {
		return PublicDossier{}, queue.Errf(queue.CodeInvalid, "Mã hồ sơ không đúng dạng (ví dụ 000.00.06.H26-231027-0361). Xin kiểm tra lại.", "malformed dossier code")
	}
	row, err := d.db.Dossier(ctx, code)
	if err != nil {
		if errors.Is(err, store.ErrDossierNotFound) {
			return PublicDossier{}, queue.Errf(queue.CodeNotFound, "Không tìm thấy hồ sơ có mã này tại trung tâm. Xin kiểm tra lại mã trên giấy hẹn.", "dossier not found")
		}
		return PublicDossier{}, err
	}
	sd, err := decodeStored(row)
	if err != nil {
		return PublicDossier{}, err
	}
	pub := d.public(sd)
	if !d.tokens.ValidRatingToken("dossier", row.Code, token) {
		pub.Applicant = ""
	}
	return pub, nil
}

var cccdRe = regexp.MustCompile(`^\d{12}$`)

// LookupByCCCD lists the dossiers of an ID card: raw is the card's QR (or,
// unless cardOnly, a typed 12-digit number). With cardOnly (a kiosk) the
// card itself is needed: the QR's number and name must both match the
// dossier, so knowing someone's ID number (printed on many papers) does not
// list their dossiers. Officers may type the number.
func (d *Dossiers) LookupByCCCD(ctx context.Context, raw string, cardOnly bool) ([]PublicDossier, error) {
	raw = strings.TrimSpace(raw)
	id, name := raw, ""
	if strings.Contains(raw, "|") {
		c, err := dossier.ParseCCCD(raw)
		if err != nil {
			return nil, domainErr(err)
		}
		id, name = c.ID, c.FullName
	}
	if cardOnly && name == "" {
		return nil, queue.Errf(queue.CodeInvalid, "Xin quét mã QR trên thẻ căn cước để tra cứu.", "a kiosk looks up by the card's QR only")
	}
	if !cccdRe.MatchString(id) {
		return nil, queue.Errf(queue.CodeInvalid, "Không đọc được số căn cước. Xin quét lại mã QR trên thẻ.", "not a 12-digit ID")
	}
	rows, err := d.db.Dossiers(ctx, store.DossierFilter{ApplicantKey: d.ApplicantKey(id), Limit: 50})
	if err != nil {
		return nil, err
	}
	out := make([]PublicDossier, 0, len(rows))
	for _, row := range rows {
		sd, err := decodeStored(row)
		if err != nil {
			return nil, err
		}
		if cardOnly && !sameName(sd.Dossier.Applicant.Name, name) {
			continue
		}
		out = append(out, d.public(sd))
	}
	return out, nil
}

// sameName compares two person names as written on a card and on a form:
// Unicode-normalised, case-folded, spaces collapsed.
func sameName(a, b string) bool {
	f := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ") }
	return a != "" && f(a) == f(b)
}
