package dossier

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Errors of dossier codes. The code format <agency>-<yyMMdd>-<nnnn> is that of Circular
// 01/2018/TT-VPCP Art. 19, still used by the national portal (docs/DOMAIN.md).
var (
	ErrAgencyCode  = errors.New("dossier: invalid agency code")
	ErrDossierCode = errors.New("dossier: invalid dossier code")
	ErrSeqRange    = errors.New("dossier: sequence out of range 1..9999")
)

var (
	agencyRe = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`)
	codeRe   = regexp.MustCompile(`^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4})$`)
)

// Code is a parsed dossier code: <agency>-<yyMMdd>-<seq>.
type Code struct {
	Agency string
	Day    time.Time // midnight of the receipt day in Loc
	Seq    int
}

// String formats c strictly.
func (c Code) String() string {
	return fmt.Sprintf("%s-%s-%04d", c.Agency, c.Day.In(Loc).Format("060102"), c.Seq)
}

// NormalizeAgencyCode trims spaces and upper-cases the letter; it does not validate.
func NormalizeAgencyCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidAgencyCode reports whether s (after trimming and upper-casing) has the national
// agency-code shape, e.g. 000.00.06.H56.
func ValidAgencyCode(s string) bool { return agencyRe.MatchString(NormalizeAgencyCode(s)) }

// FormatCode builds the dossier code of the seq-th dossier received by agency on the day
// of received (in Asia/Ho_Chi_Minh).
func FormatCode(agency string, received time.Time, seq int) (string, error) {
	a := NormalizeAgencyCode(agency)
	if !agencyRe.MatchString(a) {
		return "", fmt.Errorf("%w: %q", ErrAgencyCode, agency)
	}
	if seq < 1 || seq > 9999 {
		return "", fmt.Errorf("%w: %d", ErrSeqRange, seq)
	}
	if received.IsZero() {
		return "", fmt.Errorf("%w: zero receipt time", ErrDossierCode)
	}
	return fmt.Sprintf("%s-%s-%04d", a, received.In(Loc).Format("060102"), seq), nil
}

// ParseCode parses a dossier code, tolerating surrounding spaces and a lower-case agency letter.
func ParseCode(s string) (Code, error) {
	m := codeRe.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil {
		return Code{}, fmt.Errorf("%w: %q", ErrDossierCode, s)
	}
	day, err := time.ParseInLocation("060102", m[2], Loc)
	if err != nil || day.Format("060102") != m[2] {
		return Code{}, fmt.Errorf("%w: bad date in %q", ErrDossierCode, s)
	}
	seq, _ := strconv.Atoi(m[3])
	if seq < 1 {
		return Code{}, fmt.Errorf("%w: %q", ErrSeqRange, s)
	}
	return Code{Agency: m[1], Day: day, Seq: seq}, nil
}
