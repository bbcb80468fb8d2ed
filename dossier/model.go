package dossier

import "time"

// Applicant is the chủ hồ sơ: a person or an organisation.
type Applicant struct {
	Kind     ApplicantKind `json:"kind"`
	Name     string        `json:"name"`
	IDType   IDType        `json:"id_type"`
	IDNumber string        `json:"id_number"` // CCCD, CMND or tax code; never logged
	DOB      time.Time     `json:"dob,omitzero"`
	Address  string        `json:"address"`
	Phone    string        `json:"phone,omitempty"`
	Email    string        `json:"email,omitempty"`
}

// ComponentReceived is one checklist line of what was handed in.
type ComponentReceived struct {
	Name      string `json:"name"`
	Originals int    `json:"originals"` // bản chính
	Copies    int    `json:"copies"`    // bản sao
	Note      string `json:"note,omitempty"`
}

// Count is the number of sheets/sets handed in.
func (c ComponentReceived) Count() int { return c.Originals + c.Copies }

// FeePaid is a fee collected for the dossier.
type FeePaid struct {
	Name   string    `json:"name"`
	Amount int64     `json:"amount"` // VND
	PaidAt time.Time `json:"paid_at,omitzero"`
}

// SupplementRound is one "yêu cầu bổ sung" cycle.
type SupplementRound struct {
	RequestedAt     time.Time `json:"requested_at"`
	RequestedBy     string    `json:"requested_by"`
	Missing         []string  `json:"missing"` // what is missing
	Reason          string    `json:"reason"`  // why
	Deadline        time.Time `json:"deadline,omitzero"`
	SupplementedAt  time.Time `json:"supplemented_at,omitzero"`
	ReceivedBy      string    `json:"received_by,omitempty"`
	PrevAppointment time.Time `json:"prev_appointment"`
	NewAppointment  time.Time `json:"new_appointment,omitzero"`
}

// Open reports whether the citizen has not supplemented yet.
func (r SupplementRound) Open() bool { return r.SupplementedAt.IsZero() }

// ResultReturn records the hand-over of the result.
type ResultReturn struct {
	At          time.Time    `json:"at"`
	CollectedBy string       `json:"collected_by"`
	IDChecked   bool         `json:"id_checked"`
	Method      ReturnMethod `json:"method"`
	Officer     string       `json:"officer"`
}

// Apology is a phiếu xin lỗi và hẹn lại ngày trả kết quả for a late dossier.
type Apology struct {
	At              time.Time `json:"at"`
	Reason          string    `json:"reason"`
	PrevAppointment time.Time `json:"prev_appointment"`
	NewAppointment  time.Time `json:"new_appointment"`
}

// Event is one history entry (and the source of a CapNhatTienDoHoSoMC progress packet).
type Event struct {
	At      time.Time `json:"at"`
	Action  string    `json:"action"`
	From    Status    `json:"from"`
	To      Status    `json:"to"`
	Officer string    `json:"officer,omitempty"`
	Note    string    `json:"note,omitempty"` // Vietnamese, NoiDungXuLy
}

// Dossier is one hồ sơ. It is a value: Apply returns a new one.
type Dossier struct {
	Code          string              `json:"code"`
	Procedure     Procedure           `json:"procedure"`
	Applicant     Applicant           `json:"applicant"`
	Channel       Channel             `json:"channel"`
	Components    []ComponentReceived `json:"components"`
	Fees          []FeePaid           `json:"fees"`
	ReceivedAt    time.Time           `json:"received_at,omitzero"`
	AppointmentAt time.Time           `json:"appointment_at,omitzero"`
	// AppointmentSchedule is the holiday-schedule version that produced AppointmentAt
	// (Calendar.Version); empty in dossiers stored before it existed, and for a date set by hand.
	AppointmentSchedule string `json:"appointment_schedule,omitempty"`
	Officer             string `json:"officer,omitempty"` // receiving officer's name
	// CompetentAgency (and its code, when known) decides the dossier, as the receiving centre
	// resolved it at receipt (queue.Config.CompetentAgency); empty in dossiers stored before
	// it existed, where Procedure.Agency stands. Since 1/7/2025 it is often not the receiving
	// centre (Decree 118/2025, reception regardless of administrative boundary).
	CompetentAgency     string            `json:"competent_agency,omitempty"`
	CompetentAgencyCode string            `json:"competent_agency_code,omitempty"`
	Counter             string            `json:"counter,omitempty"`
	ReturnMethod        ReturnMethod      `json:"return_method"`
	Status              Status            `json:"status"`
	Supplements         []SupplementRound `json:"supplements"`
	Apologies           []Apology         `json:"apologies"`
	ResolvedAt          time.Time         `json:"resolved_at,omitzero"`
	Return              *ResultReturn     `json:"return,omitempty"`
	RefusalReason       string            `json:"refusal_reason,omitempty"`
	WithdrawnAt         time.Time         `json:"withdrawn_at,omitzero"`
	WithdrawnReason     string            `json:"withdrawn_reason,omitempty"`
	StopReason          string            `json:"stop_reason,omitempty"`
	FeesDue             []FeePaid         `json:"fees_due"`
	History             []Event           `json:"history"`

	// ReturnPlace and ReturnAddress: where the result is returned, chosen at
	// reception (returnplace.go); ReceivingCentre names the centre that
	// received it (shown at the deciding centre). Empty in older dossiers.
	ReturnPlace     ReturnPlace `json:"return_place,omitempty"`
	ReturnAddress   string      `json:"return_address,omitempty"`
	ReceivingCentre string      `json:"receiving_centre,omitempty"`
}

// Late reports whether the dossier is past its appointment without a result at now
// (quá hạn). Final states other than a return are not late.
func (d Dossier) Late(now time.Time) bool {
	switch d.Status {
	case StatusReceived, StatusProcessing, StatusFeesDue:
		return !d.AppointmentAt.IsZero() && now.After(d.AppointmentAt)
	}
	return false
}

// ResolvedLate reports, for statistics, whether the dossier was resolved after its
// appointment (TongXuLyTreHan); ok is false when it is not resolved.
func (d Dossier) ResolvedLate() (late, ok bool) {
	if d.ResolvedAt.IsZero() {
		return false, false
	}
	return d.ResolvedAt.After(d.AppointmentAt), true
}

// OpenSupplement returns the index of the open supplement round, or -1.
func (d Dossier) OpenSupplement() int {
	for i := len(d.Supplements) - 1; i >= 0; i-- {
		if d.Supplements[i].Open() {
			return i
		}
	}
	return -1
}

// Competent is the name of the agency that decides the dossier.
func (d Dossier) Competent() string {
	if d.CompetentAgency != "" {
		return d.CompetentAgency
	}
	return d.Procedure.Agency
}

// FeesTotal is the total paid, VND.
func (d Dossier) FeesTotal() int64 {
	var n int64
	for _, f := range d.Fees {
		n += f.Amount
	}
	return n
}
