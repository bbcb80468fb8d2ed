package dossier

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Action is one thing that happens to a dossier; Apply applies it.
type Action interface {
	// Name is the action's stable English name (Receive, Resolve...), used in events and errors.
	Name() string
	apply(d *Dossier, now time.Time, cal *Calendar) (note string, err error)
	from() []Status
}

// ErrIllegalTransition is wrapped by every *TransitionError.
var ErrIllegalTransition = errors.New("dossier: illegal transition")

// ErrInvalidAction is returned when an action's own data is unusable (no reason, past date...).
var ErrInvalidAction = errors.New("dossier: invalid action")

// TransitionError: the action is not allowed in the dossier's current status.
type TransitionError struct {
	From   Status
	Action string
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("dossier: action %s not allowed in status %s", e.Action, e.From)
}

func (e *TransitionError) Unwrap() error { return ErrIllegalTransition }

// Vietnamese is the message for the officer.
func (e *TransitionError) Vietnamese() string {
	return fmt.Sprintf("Không thể thực hiện thao tác “%s” khi hồ sơ đang ở trạng thái “%s”.", actionVI[e.Action], e.From.Label())
}

var actionVI = map[string]string{
	"Receive": "Tiếp nhận hồ sơ", "StartProcessing": "Chuyển xử lý", "RequestSupplement": "Yêu cầu bổ sung",
	"Supplement": "Tiếp nhận bổ sung", "RequestFees": "Yêu cầu nộp phí, lệ phí", "FeesPaid": "Xác nhận đã nộp phí",
	"Resolve": "Hoàn thành xử lý", "Refuse": "Từ chối", "Withdraw": "Rút hồ sơ", "Stop": "Dừng xử lý",
	"Return": "Trả kết quả", "Apologise": "Xin lỗi và hẹn lại", "HandedOver": "Ghi nhận trả kết quả tại đơn vị tiếp nhận",
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidAction, fmt.Sprintf(format, args...))
}

// Apply applies a to d at now, using cal for appointments. It never changes d itself
// (the result shares no mutable slices with it). The event is also appended to the history.
func Apply(d Dossier, a Action, now time.Time, cal *Calendar) (Dossier, Event, error) {
	if a == nil {
		return d, Event{}, invalid("nil action")
	}
	if !slices.Contains(a.from(), d.Status) {
		return d, Event{}, &TransitionError{From: d.Status, Action: a.Name()}
	}
	if cal == nil {
		cal = DefaultCalendar()
	}
	n := d.clone()
	note, err := a.apply(&n, now.In(Loc), cal)
	if err != nil {
		return d, Event{}, fmt.Errorf("%s: %w", a.Name(), err)
	}
	ev := Event{At: now.In(Loc), Action: a.Name(), From: d.Status, To: n.Status, Officer: officerOf(a), Note: note}
	n.History = append(n.History, ev)
	return n, ev, nil
}

func (d Dossier) clone() Dossier {
	d.Components = slices.Clone(d.Components)
	d.Fees = slices.Clone(d.Fees)
	d.FeesDue = slices.Clone(d.FeesDue)
	d.Supplements = slices.Clone(d.Supplements)
	for i := range d.Supplements {
		d.Supplements[i].Missing = slices.Clone(d.Supplements[i].Missing)
	}
	d.Apologies = slices.Clone(d.Apologies)
	d.History = slices.Clone(d.History)
	if d.Return != nil {
		r := *d.Return
		d.Return = &r
	}
	return d
}

func officerOf(a Action) string {
	if o, ok := a.(interface{ officer() string }); ok {
		return o.officer()
	}
	return ""
}

// Draft is the status of a dossier being entered at the counter (not a QCVN 120 code; never sent).
const Draft Status = 0

// Receive: the officer accepts a complete dossier (from a draft, or an online submission)
// and the appointment is computed from the procedure's processing time.
type Receive struct {
	Officer      string
	Counter      string
	Components   []ComponentReceived
	Fees         []FeePaid
	ReturnMethod ReturnMethod
	// ReturnPlace, ReturnAddress (returnplace.go): where the result is
	// returned; "" keeps what ReturnMethod says. ReceivingCentre is the
	// receiving centre's name, kept for the deciding centre to show.
	ReturnPlace     ReturnPlace
	ReturnAddress   string
	ReceivingCentre string
}

func (Receive) Name() string      { return "Receive" }
func (Receive) from() []Status    { return []Status{Draft, StatusSubmitted} }
func (a Receive) officer() string { return a.Officer }
func (a Receive) apply(d *Dossier, now time.Time, cal *Calendar) (string, error) {
	if _, err := ParseCode(d.Code); err != nil {
		return "", invalid("dossier code: %v", err)
	}
	if strings.TrimSpace(a.Officer) == "" {
		return "", invalid("no receiving officer")
	}
	if strings.TrimSpace(d.Applicant.Name) == "" {
		return "", invalid("no applicant name")
	}
	if len(a.Components) == 0 && len(d.Components) == 0 {
		return "", invalid("no components received")
	}
	if err := a.checkPlace(); err != nil {
		return "", err
	}
	due, err := cal.Due(now, d.Procedure.Time)
	if err != nil {
		return "", invalid("%v", err)
	}
	d.ReturnPlace, d.ReturnAddress = a.ReturnPlace, a.ReturnAddress
	if a.ReceivingCentre != "" {
		d.ReceivingCentre = a.ReceivingCentre
	}
	if len(a.Components) > 0 {
		d.Components = slices.Clone(a.Components)
	}
	d.Fees = append(d.Fees, a.Fees...)
	d.Officer, d.Counter, d.ReturnMethod = a.Officer, a.Counter, a.ReturnMethod
	d.ReceivedAt, d.AppointmentAt, d.Status = now, due, StatusReceived
	d.AppointmentSchedule = cal.Version(now, due)
	return "Tiếp nhận hồ sơ, hẹn trả kết quả lúc " + FormatAppointment(due), nil
}

// StartProcessing: the dossier goes to the resolving department.
type StartProcessing struct{ Officer, Department string }

func (StartProcessing) Name() string      { return "StartProcessing" }
func (StartProcessing) from() []Status    { return []Status{StatusReceived} }
func (a StartProcessing) officer() string { return a.Officer }
func (a StartProcessing) apply(d *Dossier, _ time.Time, _ *Calendar) (string, error) {
	d.Status = StatusProcessing
	if a.Department != "" {
		return "Chuyển hồ sơ đến " + a.Department + " xử lý", nil
	}
	return "Chuyển hồ sơ xử lý", nil
}

// RequestSupplement: the clock stops until the citizen supplements.
type RequestSupplement struct {
	Officer  string
	Missing  []string // what is missing
	Reason   string   // why
	Deadline time.Time
}

func (RequestSupplement) Name() string      { return "RequestSupplement" }
func (RequestSupplement) from() []Status    { return []Status{StatusReceived, StatusProcessing} }
func (a RequestSupplement) officer() string { return a.Officer }
func (a RequestSupplement) apply(d *Dossier, now time.Time, _ *Calendar) (string, error) {
	if len(a.Missing) == 0 || strings.TrimSpace(a.Reason) == "" {
		return "", invalid("a supplement request needs what is missing and why")
	}
	if !a.Deadline.IsZero() && !a.Deadline.After(now) {
		return "", invalid("deadline %v is not in the future", a.Deadline)
	}
	d.Supplements = append(d.Supplements, SupplementRound{
		RequestedAt: now, RequestedBy: a.Officer, Missing: slices.Clone(a.Missing), Reason: a.Reason,
		Deadline: a.Deadline, PrevAppointment: d.AppointmentAt,
	})
	d.Status = StatusSupplementRequired
	return "Yêu cầu bổ sung: " + strings.Join(a.Missing, "; ") + ". Lý do: " + a.Reason, nil
}

// Supplement: the citizen brought what was missing; the appointment moves per cal.Rules.Supplement.
type Supplement struct {
	Officer    string
	Components []ComponentReceived // added to the checklist
}

func (Supplement) Name() string      { return "Supplement" }
func (Supplement) from() []Status    { return []Status{StatusSupplementRequired} }
func (a Supplement) officer() string { return a.Officer }
func (a Supplement) apply(d *Dossier, now time.Time, cal *Calendar) (string, error) {
	i := d.OpenSupplement()
	if i < 0 {
		return "", invalid("no open supplement round")
	}
	r := &d.Supplements[i]
	var next time.Time
	if cal.Rules.Supplement == SupplementRecompute {
		var err error
		if next, err = cal.Due(now, d.Procedure.Time); err != nil {
			return "", invalid("%v", err)
		}
	} else {
		next = cal.ExtendForSupplement(d.AppointmentAt, r.RequestedAt, now)
	}
	r.SupplementedAt, r.ReceivedBy, r.NewAppointment = now, a.Officer, next
	d.Components = append(d.Components, a.Components...)
	d.AppointmentAt, d.Status = next, StatusProcessing
	d.AppointmentSchedule = cal.Version(d.ReceivedAt, next)
	return "Tiếp nhận hồ sơ bổ sung, hẹn trả kết quả lúc " + FormatAppointment(next), nil
}

// RequestFees: fees or taxes must be paid before the dossier continues.
type RequestFees struct {
	Officer string
	Fees    []FeePaid // amounts due
}

func (RequestFees) Name() string      { return "RequestFees" }
func (RequestFees) from() []Status    { return []Status{StatusReceived, StatusProcessing} }
func (a RequestFees) officer() string { return a.Officer }
func (a RequestFees) apply(d *Dossier, _ time.Time, _ *Calendar) (string, error) {
	if len(a.Fees) == 0 {
		return "", invalid("no fees listed")
	}
	var total int64
	for _, f := range a.Fees {
		if f.Amount <= 0 || f.Name == "" {
			return "", invalid("fee %q amount %d", f.Name, f.Amount)
		}
		total += f.Amount
	}
	d.FeesDue = slices.Clone(a.Fees)
	d.Status = StatusFeesDue
	return "Yêu cầu thực hiện nghĩa vụ tài chính: " + FormatVND(total), nil
}

// FeesPaid: the citizen paid what was due.
type FeesPaid struct{ Officer string }

func (FeesPaid) Name() string      { return "FeesPaid" }
func (FeesPaid) from() []Status    { return []Status{StatusFeesDue} }
func (a FeesPaid) officer() string { return a.Officer }
func (a FeesPaid) apply(d *Dossier, now time.Time, _ *Calendar) (string, error) {
	for _, f := range d.FeesDue {
		f.PaidAt = now
		d.Fees = append(d.Fees, f)
	}
	d.FeesDue = nil
	d.Status = StatusProcessing
	return "Công dân đã thực hiện nghĩa vụ tài chính", nil
}

// Resolve: the result is back at the one-stop shop.
type Resolve struct {
	Officer string
	Result  string // e.g. "Giấy khai sinh"
}

func (Resolve) Name() string      { return "Resolve" }
func (Resolve) from() []Status    { return []Status{StatusReceived, StatusProcessing} }
func (a Resolve) officer() string { return a.Officer }
func (a Resolve) apply(d *Dossier, now time.Time, _ *Calendar) (string, error) {
	d.ResolvedAt, d.Status = now, StatusResolved
	note := "Đã xử lý xong"
	if a.Result != "" {
		note += ": " + a.Result
	}
	if late, _ := d.ResolvedLate(); late {
		note += " (trễ hạn)"
	}
	return note, nil
}

// Refuse: the dossier is not accepted (at receipt, or refused by the resolving agency);
// QCVN 120 has one code for both, 3.
type Refuse struct {
	Officer string
	Reason  string
}

func (Refuse) Name() string { return "Refuse" }
func (Refuse) from() []Status {
	return []Status{Draft, StatusSubmitted, StatusReceived, StatusProcessing}
}
func (a Refuse) officer() string { return a.Officer }
func (a Refuse) apply(d *Dossier, _ time.Time, _ *Calendar) (string, error) {
	if strings.TrimSpace(a.Reason) == "" {
		return "", invalid("a refusal needs a reason")
	}
	d.RefusalReason, d.Status = a.Reason, StatusRefused
	return "Từ chối: " + a.Reason, nil
}

// Withdraw: the applicant takes the dossier back.
type Withdraw struct{ Officer, Reason string }

func (Withdraw) Name() string { return "Withdraw" }
func (Withdraw) from() []Status {
	return []Status{StatusSubmitted, StatusReceived, StatusProcessing, StatusSupplementRequired, StatusFeesDue}
}
func (a Withdraw) officer() string { return a.Officer }
func (a Withdraw) apply(d *Dossier, now time.Time, _ *Calendar) (string, error) {
	d.WithdrawnAt, d.WithdrawnReason, d.Status = now, a.Reason, StatusWithdrawn
	if a.Reason != "" {
		return "Công dân rút hồ sơ: " + a.Reason, nil
	}
	return "Công dân rút hồ sơ", nil
}

// Stop: processing ends without a result (e.g. the supplement deadline passed).
type Stop struct{ Officer, Reason string }

func (Stop) Name() string { return "Stop" }
func (Stop) from() []Status {
	return []Status{StatusReceived, StatusProcessing, StatusSupplementRequired, StatusFeesDue}
}
func (a Stop) officer() string { return a.Officer }
func (a Stop) apply(d *Dossier, _ time.Time, _ *Calendar) (string, error) {
	if strings.TrimSpace(a.Reason) == "" {
		return "", invalid("stopping needs a reason")
	}
	d.StopReason, d.Status = a.Reason, StatusStopped
	return "Dừng xử lý: " + a.Reason, nil
}

// Return: the result is handed over.
type Return struct {
	Officer     string
	CollectedBy string
	IDChecked   bool
	Method      ReturnMethod
}

func (Return) Name() string      { return "Return" }
func (Return) from() []Status    { return []Status{StatusResolved} }
func (a Return) officer() string { return a.Officer }
func (a Return) apply(d *Dossier, now time.Time, _ *Calendar) (string, error) {
	if strings.TrimSpace(a.CollectedBy) == "" {
		return "", invalid("who collected the result is required")
	}
	if a.Method == ReturnInPerson && !a.IDChecked {
		return "", invalid("the collector's ID must be checked for an in-person return")
	}
	d.Return = &ResultReturn{At: now, CollectedBy: a.CollectedBy, IDChecked: a.IDChecked, Method: a.Method, Officer: a.Officer}
	d.Status = StatusReturned
	return "Đã trả kết quả (" + a.Method.Vietnamese() + ")", nil
}

// Apologise records the apology letter for a late dossier and the new appointment.
type Apologise struct {
	Officer string
	NewDate time.Time
	Reason  string
}

func (Apologise) Name() string { return "Apologise" }
func (Apologise) from() []Status {
	return []Status{StatusReceived, StatusProcessing, StatusFeesDue}
}
func (a Apologise) officer() string { return a.Officer }
func (a Apologise) apply(d *Dossier, now time.Time, cal *Calendar) (string, error) {
	if !a.NewDate.After(d.AppointmentAt) || !a.NewDate.After(now) {
		return "", invalid("the new date must be after the old appointment and now")
	}
	if !cal.IsWorkingDay(a.NewDate) {
		return "", invalid("the new date %s is not a working day", a.NewDate.In(Loc).Format(time.DateOnly))
	}
	if strings.TrimSpace(a.Reason) == "" {
		return "", invalid("an apology needs a reason")
	}
	d.Apologies = append(d.Apologies, Apology{At: now, Reason: a.Reason, PrevAppointment: d.AppointmentAt, NewAppointment: a.NewDate})
	d.AppointmentAt = a.NewDate.In(Loc)
	d.AppointmentSchedule = cal.Version(now, d.AppointmentAt)
	return "Xin lỗi và hẹn lại ngày trả kết quả: " + FormatAppointment(a.NewDate), nil
}

// FormatVND renders an amount as "50.000 đồng".
func FormatVND(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String() + " đồng"
	}
	return b.String() + " đồng"
}
