package dossier

// Result return of a forwarded dossier (liên thông, issue 16, docs/SYNC.md).
// A dossier received at centre A and decided by another agency's centre B
// has one version line, B's: A's officers do not act on it — except to hand
// the result over at A when the applicant chose to collect it there
// (PlaceReceiving). B then records that hand-over (HandedOver) instead of
// returning the result itself, and its step flows back to A and the portal.
// The result is returned where the applicant chose at reception
// (docs/DOMAIN.md, "Result return").

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// Side is a centre's part in a dossier.
type Side int

const (
	SideOwn       Side = iota // received and decided here
	SideReceiving             // received here, forwarded to the deciding agency
	SideDeciding              // forwarded here by the centre that received it
)

// ErrDecidedElsewhere: the receiving centre may not take this action on a
// dossier another agency decides.
var ErrDecidedElsewhere = errors.New("dossier: decided by another agency")

// ErrReturnedAtReceiving: the deciding centre does not hand the result over
// itself; the applicant collects it at the centre that received the dossier.
var ErrReturnedAtReceiving = errors.New("dossier: result returned at the receiving centre")

// MayAct is the liên thông rule for an action a at a centre on side of the
// dossier d (the status check stays Apply's):
//   - SideOwn: every action;
//   - SideReceiving: only Return in person, and only when the applicant
//     chose to collect the result here (PlaceReceiving);
//   - SideDeciding: every action but Return when the result is collected
//     at the receiving centre (that return arrives as HandedOver).
func MayAct(d Dossier, side Side, a Action) error {
	r, isReturn := a.(Return)
	switch side {
	case SideReceiving:
		if isReturn && d.Place() == PlaceReceiving && r.Method == ReturnInPerson {
			return nil
		}
		return ErrDecidedElsewhere
	case SideDeciding:
		if isReturn && d.Place() == PlaceReceiving {
			return ErrReturnedAtReceiving
		}
	}
	return nil
}

// ResultNotice is the officers' line about where a resolved dossier's
// result waits, on side of it: "" unless it is resolved and collected at
// the receiving centre of a forwarded dossier. receivingCentre names that
// centre when the dossier does not record it.
func (d Dossier) ResultNotice(side Side, receivingCentre string) string {
	if d.Status != StatusResolved || d.Place() != PlaceReceiving {
		return ""
	}
	if d.ReceivingCentre != "" {
		receivingCentre = d.ReceivingCentre
	}
	switch side {
	case SideReceiving:
		return "Đơn vị giải quyết đã có kết quả: trả kết quả cho người nộp tại " + receivingCentre + " (thao tác Trả kết quả)"
	case SideDeciding:
		return "Kết quả được trả tại đơn vị tiếp nhận (" + receivingCentre + "); việc trả kết quả do đơn vị đó ghi nhận và chuyển về"
	}
	return ""
}

// HandedOver: the deciding centre records the hand-over of the result that
// the receiving centre made (the Return taken there, with its time).
type HandedOver struct {
	Centre string       // the receiving centre, where it was handed over
	Return ResultReturn // as recorded there
}

func (HandedOver) Name() string   { return "HandedOver" }
func (HandedOver) from() []Status { return []Status{StatusResolved} }
func (a HandedOver) officer() string {
	return a.Return.Officer
}
func (a HandedOver) apply(d *Dossier, now time.Time, _ *Calendar) (string, error) {
	r := a.Return
	r.CollectedBy = strings.TrimSpace(r.CollectedBy)
	switch {
	case d.Place() != PlaceReceiving:
		return "", invalid("the result is not returned at the receiving centre (%s)", d.Place())
	case r.CollectedBy == "" || utf8.RuneCountInString(r.CollectedBy) > 200 || hasControl(r.CollectedBy):
		return "", invalid("who collected the result is required")
	case r.At.IsZero() || r.At.After(now.Add(time.Hour)):
		return "", invalid("hand-over time missing or in the future")
	case utf8.RuneCountInString(a.Centre) > 200 || hasControl(a.Centre) || hasControl(r.Officer) || utf8.RuneCountInString(r.Officer) > 200:
		return "", invalid("centre or officer name unusable")
	}
	if r.Method == ReturnInPerson && !r.IDChecked {
		return "", invalid("the collector's ID must be checked for an in-person return")
	}
	d.Return = &r
	d.Status = StatusReturned
	return "Đã trả kết quả tại đơn vị tiếp nhận: " + strings.TrimSpace(a.Centre), nil
}
