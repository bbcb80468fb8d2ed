package dossier

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func newDraft(t *testing.T) Dossier {
	t.Helper()
	p, ok := DefaultCatalogue().Get("1.004873") // 3 working days
	if !ok {
		t.Fatal("procedure missing")
	}
	return Dossier{
		Code: "000.00.06.H56-260302-0001", Procedure: p, Channel: ChannelDirect,
		Applicant: Applicant{Kind: ApplicantCitizen, Name: "Nguyễn Văn An", IDType: IDPersonal12, IDNumber: "001099012345",
			Address: "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", Phone: "0912345678"},
	}
}

func receive(t *testing.T, d Dossier, at string) Dossier {
	t.Helper()
	d, _, err := Apply(d, Receive{Officer: "Trần Thị Bình", Counter: "3",
		Components: []ComponentReceived{{Name: "Tờ khai", Originals: 1}, {Name: "Bản án ly hôn", Copies: 1}},
		Fees:       []FeePaid{{Name: "Lệ phí", Amount: 3000}}}, mustTime(t, at), DefaultCalendar())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLifecycleHappyPath(t *testing.T) {
	cal := DefaultCalendar()
	d := receive(t, newDraft(t), "2026-03-02 09:32")
	if d.Status != StatusReceived || d.AppointmentAt.Format("2006-01-02 15:04") != "2026-03-05 09:00" {
		t.Fatalf("after receive: %v %v", d.Status, d.AppointmentAt)
	}
	steps := []struct {
		a    Action
		at   string
		want Status
	}{
		{StartProcessing{Officer: "Trần Thị Bình", Department: "Phòng Tư pháp"}, "2026-03-02 10:00", StatusProcessing},
		{RequestSupplement{Officer: "Lê Văn Cường", Missing: []string{"Bản sao bản án ly hôn có chứng thực"}, Reason: "Bản sao chưa được chứng thực",
			Deadline: mustTime(t, "2026-03-13 17:00")}, "2026-03-03 10:00", StatusSupplementRequired},
		{Supplement{Officer: "Trần Thị Bình", Components: []ComponentReceived{{Name: "Bản sao bản án có chứng thực", Copies: 1}}}, "2026-03-06 08:00", StatusProcessing},
		{RequestFees{Officer: "Lê Văn Cường", Fees: []FeePaid{{Name: "Phí bổ sung", Amount: 5000}}}, "2026-03-06 09:00", StatusFeesDue},
		{FeesPaid{Officer: "Trần Thị Bình"}, "2026-03-06 10:00", StatusProcessing},
		{Resolve{Officer: "Lê Văn Cường", Result: "Giấy xác nhận tình trạng hôn nhân"}, "2026-03-09 14:00", StatusResolved},
		{Return{Officer: "Trần Thị Bình", CollectedBy: "Nguyễn Văn An", IDChecked: true}, "2026-03-10 08:00", StatusReturned},
	}
	for _, s := range steps {
		prev := d
		var ev Event
		var err error
		d, ev, err = Apply(d, s.a, mustTime(t, s.at), cal)
		if err != nil {
			t.Fatalf("%s: %v", s.a.Name(), err)
		}
		if d.Status != s.want || ev.From != prev.Status || ev.To != s.want || ev.Action != s.a.Name() || ev.Note == "" {
			t.Fatalf("%s: status %v event %+v", s.a.Name(), d.Status, ev)
		}
		if len(prev.History) == len(d.History) {
			t.Fatalf("%s: no history", s.a.Name())
		}
	}
	// Supplement requested Tue 3/3, brought Fri 6/3: 3 working days added to Thu 5/3 09:00.
	r := d.Supplements[0]
	if r.PrevAppointment.Format("01-02 15:04") != "03-05 09:00" || r.NewAppointment.Format("01-02 15:04") != "03-10 09:00" {
		t.Errorf("supplement round %v → %v", r.PrevAppointment, r.NewAppointment)
	}
	if late, ok := d.ResolvedLate(); !ok || late {
		t.Errorf("resolved late=%v ok=%v", late, ok)
	}
	if d.FeesTotal() != 8000 || len(d.FeesDue) != 0 || len(d.Components) != 3 {
		t.Errorf("fees %d due %v components %d", d.FeesTotal(), d.FeesDue, len(d.Components))
	}
	if len(d.History) != 8 || d.Return == nil || !d.Return.IDChecked {
		t.Errorf("history %d return %+v", len(d.History), d.Return)
	}
}

func TestSupplementRecompute(t *testing.T) {
	rules := DefaultRules()
	rules.Supplement = SupplementRecompute
	cal := NewCalendar(DefaultSchedule(), rules)
	d := receive(t, newDraft(t), "2026-03-02 09:32")
	d, _, _ = Apply(d, RequestSupplement{Officer: "x", Missing: []string{"a"}, Reason: "b"}, mustTime(t, "2026-03-03 10:00"), cal)
	d, _, err := Apply(d, Supplement{Officer: "x"}, mustTime(t, "2026-03-06 14:20"), cal)
	if err != nil {
		t.Fatal(err)
	}
	// 3 working days from Fri 6/3 14:20 → Wed 11/3 14:00.
	if s := d.AppointmentAt.Format("2006-01-02 15:04"); s != "2026-03-11 14:00" {
		t.Errorf("recomputed %s", s)
	}
}

func TestIllegalTransitions(t *testing.T) {
	cal := DefaultCalendar()
	draft := newDraft(t)
	received := receive(t, draft, "2026-03-02 09:32")
	returned := received
	for _, a := range []Action{StartProcessing{}, Resolve{}, Return{CollectedBy: "A", IDChecked: true}} {
		var err error
		if returned, _, err = Apply(returned, a, mustTime(t, "2026-03-03 09:00"), cal); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		d Dossier
		a Action
	}{
		{draft, Resolve{}},
		{draft, StartProcessing{}},
		{received, Supplement{}},
		{received, Return{CollectedBy: "A", IDChecked: true}},
		{received, FeesPaid{}},
		{received, Receive{Officer: "x"}},
		{returned, Withdraw{}},
		{returned, Refuse{Reason: "x"}},
		{returned, Apologise{NewDate: mustTime(t, "2026-04-01 09:00"), Reason: "x"}},
	}
	for _, tt := range tests {
		out, _, err := Apply(tt.d, tt.a, mustTime(t, "2026-03-04 09:00"), cal)
		var te *TransitionError
		if !errors.As(err, &te) || !errors.Is(err, ErrIllegalTransition) {
			t.Errorf("%s from %v: err %v", tt.a.Name(), tt.d.Status, err)
			continue
		}
		if te.From != tt.d.Status || te.Action != tt.a.Name() || !strings.Contains(te.Vietnamese(), tt.d.Status.Label()) {
			t.Errorf("error fields %+v / %s", te, te.Vietnamese())
		}
		if out.Status != tt.d.Status || len(out.History) != len(tt.d.History) {
			t.Errorf("dossier changed on error")
		}
	}
}

func TestInvalidActions(t *testing.T) {
	cal := DefaultCalendar()
	now := mustTime(t, "2026-03-04 09:00")
	draft := newDraft(t)
	received := receive(t, draft, "2026-03-02 09:32")
	resolved, _, _ := Apply(received, Resolve{}, now, cal)
	noCode := draft
	noCode.Code = "x"
	tests := []struct {
		name string
		d    Dossier
		a    Action
	}{
		{"bad code", noCode, Receive{Officer: "x", Components: []ComponentReceived{{Name: "a", Originals: 1}}}},
		{"no officer", draft, Receive{Components: []ComponentReceived{{Name: "a", Originals: 1}}}},
		{"no components", draft, Receive{Officer: "x"}},
		{"supplement without reason", received, RequestSupplement{Missing: []string{"a"}}},
		{"supplement past deadline", received, RequestSupplement{Missing: []string{"a"}, Reason: "b", Deadline: now.Add(-time.Hour)}},
		{"refuse without reason", received, Refuse{}},
		{"stop without reason", received, Stop{}},
		{"zero fee", received, RequestFees{Fees: []FeePaid{{Name: "x"}}}},
		{"return unchecked", resolved, Return{CollectedBy: "A"}},
		{"return nobody", resolved, Return{IDChecked: true}},
		{"apology in the past", received, Apologise{NewDate: now.Add(-time.Hour), Reason: "x"}},
		{"apology on a Sunday", received, Apologise{NewDate: mustTime(t, "2026-03-08 09:00"), Reason: "x"}},
		{"nil", received, nil},
	}
	for _, tt := range tests {
		if _, _, err := Apply(tt.d, tt.a, now, cal); !errors.Is(err, ErrInvalidAction) {
			t.Errorf("%s: err %v", tt.name, err)
		}
	}
}

func TestOtherEndings(t *testing.T) {
	cal := DefaultCalendar()
	now := mustTime(t, "2026-03-04 09:00")
	received := receive(t, newDraft(t), "2026-03-02 09:32")
	for _, tt := range []struct {
		a    Action
		want Status
	}{
		{Withdraw{Reason: "Không có nhu cầu"}, StatusWithdrawn},
		{Stop{Reason: "Quá hạn bổ sung"}, StatusStopped},
		{Refuse{Reason: "Không thuộc thẩm quyền"}, StatusRefused},
	} {
		d, _, err := Apply(received, tt.a, now, cal)
		if err != nil || d.Status != tt.want || !d.Status.Final() {
			t.Errorf("%s: %v %v", tt.a.Name(), d.Status, err)
		}
	}
	// Refused at the counter, straight from the draft.
	if d, _, err := Apply(newDraft(t), Refuse{Reason: "Thiếu giấy tờ"}, now, cal); err != nil || d.RefusalReason == "" {
		t.Errorf("refuse draft: %v", err)
	}
}

func TestLateAndApology(t *testing.T) {
	cal := DefaultCalendar()
	d := receive(t, newDraft(t), "2026-03-02 09:32") // due Thu 5/3 09:00
	if d.Late(mustTime(t, "2026-03-05 08:59")) || !d.Late(mustTime(t, "2026-03-05 09:01")) {
		t.Error("late boundary")
	}
	d, ev, err := Apply(d, Apologise{Officer: "x", NewDate: mustTime(t, "2026-03-09 15:00"), Reason: "Chờ xác minh"}, mustTime(t, "2026-03-05 10:00"), cal)
	if err != nil || ev.From != ev.To || len(d.Apologies) != 1 || d.Late(mustTime(t, "2026-03-06 10:00")) {
		t.Fatalf("apology: %v %+v", err, d.Apologies)
	}
	d, _, _ = Apply(d, Resolve{}, mustTime(t, "2026-03-10 09:00"), cal)
	if late, ok := d.ResolvedLate(); !ok || !late {
		t.Error("resolved after the new date is late")
	}
}

func TestApplyDoesNotAlias(t *testing.T) {
	cal := DefaultCalendar()
	d := receive(t, newDraft(t), "2026-03-02 09:32")
	d, _, _ = Apply(d, RequestSupplement{Officer: "x", Missing: []string{"a"}, Reason: "b"}, mustTime(t, "2026-03-03 10:00"), cal)
	before := d.Supplements[0]
	if _, _, err := Apply(d, Supplement{Officer: "y"}, mustTime(t, "2026-03-04 10:00"), cal); err != nil {
		t.Fatal(err)
	}
	if !d.Supplements[0].SupplementedAt.Equal(before.SupplementedAt) || !d.Supplements[0].NewAppointment.IsZero() || d.Status != StatusSupplementRequired {
		t.Error("Apply mutated its input")
	}
}

func TestStatusTexts(t *testing.T) {
	for s := Status(1); s <= 10; s++ {
		if !s.Valid() || s.Label() == "" || s.Explain() == "" || s.English() == "" {
			t.Errorf("status %d incomplete", s)
		}
	}
	if Status(11).Valid() || Draft.Valid() {
		t.Error("invalid statuses valid")
	}
	if StatusSupplementRequired.Label() != "Yêu cầu bổ sung giấy tờ" || StatusReturned.Label() != "Đã trả kết quả" {
		t.Error("QCVN labels")
	}
	if FormatVND(1234567) != "1.234.567 đồng" || FormatVND(0) != "0 đồng" || FormatVND(100) != "100 đồng" {
		t.Error(FormatVND(1234567))
	}
}

// The appointment records the holiday-schedule version that produced it; a dossier stored
// before the field existed still decodes (with an empty version).
func TestAppointmentRecordsScheduleVersion(t *testing.T) {
	cal := DefaultCalendar()
	d := receive(t, newDraft(t), "2026-03-02 09:32")
	if want := cal.YearVersion(2026); d.AppointmentSchedule != want {
		t.Fatalf("version %q, want %q", d.AppointmentSchedule, want)
	}
	// Received in late December, due in the computed year 2027: both years are named.
	late := receive(t, newDraft(t), "2026-12-30 09:00")
	if !strings.Contains(late.AppointmentSchedule, "2027:computed:") || !strings.HasPrefix(late.AppointmentSchedule, "2026:schedule:") {
		t.Errorf("across years: %q", late.AppointmentSchedule)
	}
	old := `{"code":"000.00.06.H56-230302-0001","procedure":{},"applicant":{"kind":1,"name":"A"},"channel":1,
		"components":[],"fees":[],"received_at":"2023-03-02T09:32:00+07:00","appointment_at":"2023-03-07T09:00:00+07:00",
		"return_method":0,"status":2,"supplements":[],"apologies":[],"fees_due":[],"history":[]}`
	var od Dossier
	if err := json.Unmarshal([]byte(old), &od); err != nil {
		t.Fatal(err)
	}
	if od.AppointmentSchedule != "" || od.AppointmentAt.IsZero() {
		t.Errorf("old dossier: %+v", od)
	}
	b, _ := json.Marshal(od)
	if strings.Contains(string(b), "appointment_schedule") {
		t.Error("an empty version is written out")
	}
}
