package dossier

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func swapCalendar(t *testing.T, rules AppointmentRules) *Calendar {
	t.Helper()
	s, err := LoadScheduleFile("testdata/schedule_swap.json")
	if err != nil {
		t.Fatal(err)
	}
	return NewCalendar(s, rules)
}

func TestIsWorkingDay(t *testing.T) {
	cal := DefaultCalendar()
	swap := swapCalendar(t, DefaultRules())
	tests := []struct {
		cal  *Calendar
		day  string
		want bool
	}{
		{cal, "2026-02-13", true},  // Friday before Tết
		{cal, "2026-02-16", false}, // 29 tháng Chạp
		{cal, "2026-02-20", false}, // mùng 4
		{cal, "2026-02-23", true},
		{cal, "2026-04-27", false}, // nghỉ bù Giỗ Tổ
		{cal, "2026-04-28", true},
		{cal, "2026-05-01", false},
		{cal, "2026-03-07", false}, // Saturday
		{cal, "2027-02-11", false}, // computed nghỉ bù Tết 2027
		{cal, "2027-02-12", true},
		{cal, "2027-04-16", false}, // Giỗ Tổ 2027
		{cal, "2027-05-03", false},
		{cal, "2028-01-26", false}, // computed year: Tết 2028
		{swap, "2025-02-08", true}, // swapped working Saturday
		{swap, "2025-01-27", false},
		{swap, "2025-02-15", false}, // an ordinary Saturday
	}
	for _, tt := range tests {
		if got := tt.cal.IsWorkingDay(mustTime(t, tt.day+" 10:00")); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v", tt.day, got)
		}
	}
}

func TestDaysOffSource(t *testing.T) {
	cal := DefaultCalendar()
	d26, src := cal.DaysOff(2026)
	if src != SourceSchedule || len(d26) != 14 {
		t.Fatalf("2026: %s, %d days", src, len(d26))
	}
	if _, src := cal.DaysOff(2028); src != SourceComputed {
		t.Errorf("2028 source %s", src)
	}
	if d, ok := cal.DayOff(mustTime(t, "2026-02-17 09:00")); !ok || !strings.Contains(d.Name, "mùng 1") {
		t.Errorf("DayOff(Tết) = %+v %v", d, ok)
	}
	// A schedule year replaces the computed defaults entirely.
	empty, err := ParseSchedule(strings.NewReader(`{"version":1,"years":{"2026":{"source":"x","days_off":[],"working_days":[]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if NewCalendar(empty, DefaultRules()).IsWorkingDay(mustTime(t, "2026-02-17 09:00")) != true {
		t.Error("computed defaults leaked into a scheduled year")
	}
}

// The computed rule for 2/9 reproduces the government's real choices of recent years.
func TestComputedNationalDay(t *testing.T) {
	want := map[int][]string{
		2023: {"2023-09-01", "2023-09-02", "2023-09-04"}, // Sat → 1/9 Fri, nghỉ bù Mon 4/9
		2024: {"2024-09-02", "2024-09-03"},
		2025: {"2025-09-01", "2025-09-02"},
	}
	for y, days := range want {
		var got []string
		for _, d := range ComputedDaysOff(y) {
			if d.Date.Month() == time.September {
				got = append(got, d.Date.Format(time.DateOnly))
			}
		}
		if strings.Join(got, ",") != strings.Join(days, ",") {
			t.Errorf("%d: %v, want %v", y, got, days)
		}
	}
}

// TestOfficialSchedules checks the embedded schedule against each year's official notice for
// civil servants (docs/DOMAIN.md, section 1): every day the notice gives off is off, the weekdays
// just around each break are working days, and every swapped Saturday is a working day.
func TestOfficialSchedules(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		notice  string
		off     []string // weekdays off (weekends in the range are off anyway)
		working []string // the working days bounding each break, and swapped Saturdays
	}{
		{"Văn bản 8056/VPCP-KGVX 01/12/2022: Tết 2023 20/01–26/01",
			[]string{"2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26"},
			[]string{"2023-01-19", "2023-01-27"}},
		{"Bộ luật Lao động Art. 111(3): Tết Dương lịch 2023 on Sunday, nghỉ bù 02/01",
			[]string{"2023-01-02"}, []string{"2023-01-03"}},
		{"Giỗ Tổ 2023 (Sat 29/4) and 30/4 (Sun): nghỉ bù 02/5 and 03/5",
			[]string{"2023-05-01", "2023-05-02", "2023-05-03"}, []string{"2023-04-28", "2023-05-04"}},
		{"Văn bản 8056/VPCP-KGVX: Quốc khánh 2023 01/9–04/9",
			[]string{"2023-09-01", "2023-09-04"}, []string{"2023-08-31", "2023-09-05"}},
		{"Thông báo 5015/TB-LĐTBXH 22/11/2023: Tết 2024 08/02–14/02",
			[]string{"2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14"},
			[]string{"2024-02-07", "2024-02-15"}},
		{"Văn bản 2450/VPCP-KGVX 12/4/2024: 29/4/2024 off, Saturday 04/5/2024 worked",
			[]string{"2024-04-29", "2024-04-30", "2024-05-01"}, []string{"2024-04-26", "2024-05-02", "2024-05-04"}},
		{"Giỗ Tổ 2024 (10/3 Âm lịch = Thu 18/4)", []string{"2024-04-18"}, []string{"2024-04-19"}},
		{"Thông báo 5015/TB-LĐTBXH: Quốc khánh 2024 31/8–03/9",
			[]string{"2024-09-02", "2024-09-03"}, []string{"2024-08-30", "2024-09-04"}},
		{"Thông báo 6150/TB-BLĐTBXH (8726/VPCP-KGVX 26/11/2024): Tết 2025 25/01–02/02, Saturday 08/02 worked",
			[]string{"2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"},
			[]string{"2025-01-24", "2025-02-03", "2025-02-08"}},
		{"Thông báo 6150/TB-BLĐTBXH: 30/4–04/5/2025, 02/5 swapped for Saturday 26/4",
			[]string{"2025-04-30", "2025-05-01", "2025-05-02"}, []string{"2025-04-26", "2025-04-29", "2025-05-05"}},
		{"Giỗ Tổ 2025 (10/3 Âm lịch = Mon 07/4)", []string{"2025-04-07"}, []string{"2025-04-04", "2025-04-08"}},
		{"Thông báo 6150/TB-BLĐTBXH: Quốc khánh 2025 30/8–02/9",
			[]string{"2025-09-01", "2025-09-02"}, []string{"2025-08-29", "2025-09-03"}},
		{"Văn bản 12729/VPCP-KGVX 25/12/2025: Tết Dương lịch 2026 01/01–04/01, Saturday 10/01 worked",
			[]string{"2026-01-01", "2026-01-02"}, []string{"2025-12-31", "2026-01-05", "2026-01-10"}},
		{"VPCP 10/2025 (PM's approval): Tết 2026 14/02–22/02",
			[]string{"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"},
			[]string{"2026-02-13", "2026-02-23"}},
		{"Giỗ Tổ 2026 (Sun 26/4) nghỉ bù 27/4; 30/4–1/5",
			[]string{"2026-04-27", "2026-04-30", "2026-05-01"}, []string{"2026-04-24", "2026-04-28", "2026-04-29", "2026-05-04"}},
		{"VPCP 10/2025 (PM's approval): Quốc khánh 2026 29/8–02/9, 31/8 swapped for Saturday 22/8",
			[]string{"2026-08-31", "2026-09-01", "2026-09-02"}, []string{"2026-08-22", "2026-08-28", "2026-09-03"}},
	}
	for _, tt := range tests {
		for _, d := range tt.off {
			if cal.IsWorkingDay(mustTime(t, d+" 10:00")) {
				t.Errorf("%s: %s is a working day, want off", tt.notice, d)
			}
		}
		for _, d := range tt.working {
			if !cal.IsWorkingDay(mustTime(t, d+" 10:00")) {
				t.Errorf("%s: %s is off, want a working day", tt.notice, d)
			}
		}
	}
	for _, y := range []int{2023, 2024, 2025, 2026} {
		if _, src := cal.DaysOff(y); src != SourceSchedule {
			t.Errorf("%d: source %s, want the official schedule", y, src)
		}
	}
	// No notice for 2027 was found (docs/DOMAIN.md): the computed rule fills it.
	if _, src := cal.DaysOff(2027); src != SourceComputed {
		t.Errorf("2027: source %s, want computed", src)
	}
}

// The official schedules differ from the computed rule exactly where the government swapped days.
func TestOfficialDiffersFromComputed(t *testing.T) {
	cal := DefaultCalendar()
	comp := NewCalendar(nil, DefaultRules())
	for _, d := range []string{"2025-01-27", "2025-05-02", "2026-01-02", "2026-08-31", "2024-04-29"} {
		if cal.IsWorkingDay(mustTime(t, d+" 10:00")) || !comp.IsWorkingDay(mustTime(t, d+" 10:00")) {
			t.Errorf("%s: official off / computed working expected", d)
		}
	}
	for _, d := range []string{"2025-02-08", "2025-04-26", "2026-01-10", "2026-08-22", "2024-05-04"} {
		if !cal.IsWorkingDay(mustTime(t, d+" 10:00")) || comp.IsWorkingDay(mustTime(t, d+" 10:00")) {
			t.Errorf("%s: official working Saturday expected", d)
		}
	}
}

func TestScheduleVersion(t *testing.T) {
	cal := DefaultCalendar()
	v26 := cal.YearVersion(2026)
	if !strings.HasPrefix(v26, "2026:schedule:") || len(v26) != len("2026:schedule:")+8 {
		t.Fatalf("2026 version %q", v26)
	}
	if v := cal.YearVersion(2027); v != "2027:computed:"+ComputedRuleVersion {
		t.Errorf("2027 version %q", v)
	}
	if v := cal.Version(mustTime(t, "2026-12-28 09:00"), mustTime(t, "2027-01-05 09:00")); v != v26+"+2027:computed:v1" {
		t.Errorf("across years: %q", v)
	}
	// Same content, same version on another centre; one edited day, another version.
	if v := DefaultCalendar().YearVersion(2026); v != v26 {
		t.Errorf("not stable: %q vs %q", v, v26)
	}
	s := DefaultSchedule()
	y := s.Years["2026"]
	y.DaysOff = append([]ScheduleDay(nil), y.DaysOff...)
	y.DaysOff[0].Name += " (sửa)"
	s.Years["2026"] = y
	if v := NewCalendar(s, DefaultRules()).YearVersion(2026); v == v26 {
		t.Error("an edited year kept its version")
	}
}

func TestParseScheduleErrors(t *testing.T) {
	for name, js := range map[string]string{
		"bad json":      `{`,
		"version":       `{"version":2,"years":{}}`,
		"unknown field": `{"version":1,"years":{},"extra":1}`,
		"bad year":      `{"version":1,"years":{"20x6":{"days_off":[]}}}`,
		"bad date":      `{"version":1,"years":{"2026":{"days_off":[{"date":"2026-02-30","name":"x"}]}}}`,
		"wrong year":    `{"version":1,"years":{"2026":{"days_off":[{"date":"2027-01-01","name":"x"}]}}}`,
		"no name":       `{"version":1,"years":{"2026":{"days_off":[{"date":"2026-01-01"}]}}}`,
		"duplicate":     `{"version":1,"years":{"2026":{"days_off":[{"date":"2026-01-01","name":"x"},{"date":"2026-01-01","name":"y"}]}}}`,
		"weekday work":  `{"version":1,"years":{"2026":{"working_days":[{"date":"2026-03-02","name":"x"}]}}}`,
		"kind":          `{"version":1,"years":{"2026":{"days_off":[{"date":"2026-01-01","name":"x","kind":"party"}]}}}`,
		"off and work":  `{"version":1,"years":{"2026":{"days_off":[{"date":"2026-03-07","name":"x"}],"working_days":[{"date":"2026-03-07","name":"y"}]}}}`,
	} {
		if _, err := ParseSchedule(strings.NewReader(js)); !errors.Is(err, ErrSchedule) {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if _, err := LoadScheduleFile("testdata/missing.json"); err == nil {
		t.Error("missing file accepted")
	}
}

func TestDue(t *testing.T) {
	def := DefaultRules()
	none := DefaultRules()
	none.Rounding = RoundNone
	up := DefaultRules()
	up.Rounding = RoundUpHour
	seven := DefaultRules()
	seven.Sessions[0].Start = 7 * 60
	wd := func(n int) ProcessingTime { return ProcessingTime{n, UnitWorkingDays} }
	wh := func(n int) ProcessingTime { return ProcessingTime{n, UnitWorkingHours} }
	tests := []struct {
		name     string
		rules    AppointmentRules
		swap     bool
		received string
		p        ProcessingTime
		want     string
	}{
		{"DOMAIN worked example, round down", def, false, "2023-10-27 09:32", wd(5), "2023-11-03 09:00"},
		{"worked example, minutes kept", none, false, "2023-10-27 09:32", wd(5), "2023-11-03 09:32"},
		{"worked example, round up", up, false, "2023-10-27 09:32", wd(5), "2023-11-03 10:00"},
		{"worked example, 07:00 sessions", seven, false, "2023-10-27 09:32", wd(5), "2023-11-03 09:00"},
		{"across Tết 2026", def, false, "2026-02-13 10:15", wd(3), "2026-02-25 10:00"},
		{"received on Tết 2026", none, false, "2026-02-17 09:00", wd(1), "2026-02-24 07:30"},
		{"across Tết 2027 (computed)", def, false, "2027-02-04 14:10", wd(2), "2027-02-15 14:00"},
		{"Giỗ Tổ 2026 nghỉ bù", def, false, "2026-04-24 08:15", wd(2), "2026-04-29 08:00"},
		{"Giỗ Tổ and 30/4–1/5", def, false, "2026-04-24 08:15", wd(3), "2026-05-04 08:00"},
		{"swapped Saturday counts", def, true, "2025-02-07 09:00", wd(1), "2025-02-08 09:00"},
		{"swap day off skipped", def, true, "2025-01-24 09:00", wd(1), "2025-02-03 09:00"},
		{"after the afternoon session", def, false, "2026-03-02 17:05", wd(1), "2026-03-04 07:30"},
		{"exactly at closing", none, false, "2026-03-02 17:00", wd(1), "2026-03-04 07:30"},
		{"before opening", none, false, "2026-03-02 06:45", wd(1), "2026-03-03 07:30"},
		{"lunch", def, false, "2026-03-03 12:10", wd(1), "2026-03-04 13:00"},
		{"lunch, 11:30 is lunch", none, false, "2026-03-03 11:30", wd(1), "2026-03-04 13:00"},
		{"Friday evening", none, false, "2026-03-06 18:00", wd(2), "2026-03-11 07:30"},
		{"Saturday online", none, false, "2026-03-07 10:00", wd(1), "2026-03-10 07:30"},
		{"8 working hours = one working day", none, false, "2026-03-03 10:00", wh(8), "2026-03-04 10:00"},
		{"hours after closing", none, false, "2026-03-03 17:30", wh(4), "2026-03-04 11:30"},
		{"hours over a weekend", none, false, "2026-03-06 15:00", wh(4), "2026-03-09 09:30"},
		{"hours rounded down", def, false, "2026-03-03 10:00", wh(8), "2026-03-04 10:00"},
		{"calendar days onto Saturday", def, false, "2026-03-02 09:00", ProcessingTime{5, UnitCalendarDays}, "2026-03-09 09:00"},
		{"calendar days onto Tết", def, false, "2026-02-09 09:40", ProcessingTime{8, UnitCalendarDays}, "2026-02-23 09:00"},
		{"calendar days, working day", def, false, "2026-03-02 09:00", ProcessingTime{30, UnitCalendarDays}, "2026-04-01 09:00"},
		{"same day before 15:00", def, false, "2026-03-03 14:59", ProcessingTime{0, UnitSameDay}, "2026-03-03 17:00"},
		{"same day at 15:00", def, false, "2026-03-03 15:00", ProcessingTime{0, UnitSameDay}, "2026-03-04 17:00"},
		{"same day Friday late", def, false, "2026-03-06 16:00", ProcessingTime{0, UnitSameDay}, "2026-03-09 17:00"},
		{"same day early morning", def, false, "2026-03-03 06:30", ProcessingTime{0, UnitSameDay}, "2026-03-03 17:00"},
		{"same day on Saturday", def, false, "2026-03-07 09:00", ProcessingTime{0, UnitSameDay}, "2026-03-09 17:00"},
		{"zero working days", none, false, "2026-03-03 12:00", wd(0), "2026-03-03 13:00"},
		{"round up into lunch", up, false, "2026-03-03 11:10", wd(1), "2026-03-04 13:00"},
		{"round up near closing", up, false, "2026-03-03 16:40", wd(1), "2026-03-04 17:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := NewCalendar(DefaultSchedule(), tt.rules)
			if tt.swap {
				cal = swapCalendar(t, tt.rules)
			}
			got, err := cal.Due(mustTime(t, tt.received), tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if s := got.Format("2006-01-02 15:04"); s != tt.want {
				t.Errorf("Due(%s, %+v) = %s, want %s", tt.received, tt.p, s, tt.want)
			}
		})
	}
}

// scaleMinutes lets a table row express 2.5 hours: Amount is read as minutes/60 by AddWorkingMinutes.
func (p ProcessingTime) scaleMinutes() ProcessingTime {
	return ProcessingTime{Amount: -p.Amount, Unit: p.Unit}
}

func TestDueErrors(t *testing.T) {
	cal := DefaultCalendar()
	if _, err := cal.Due(time.Now(), ProcessingTime{1, "weeks"}); !errors.Is(err, ErrProcessingTime) {
		t.Errorf("unit: %v", err)
	}
	if _, err := cal.Due(time.Now(), ProcessingTime{-1, UnitWorkingDays}); !errors.Is(err, ErrProcessingTime) {
		t.Errorf("negative: %v", err)
	}
}

func TestRulesValidate(t *testing.T) {
	if err := DefaultRules().Validate(); err != nil {
		t.Fatal(err)
	}
	if DefaultRules().WorkingDayMinutes() != 480 {
		t.Errorf("working day %d min", DefaultRules().WorkingDayMinutes())
	}
	bad := []func(*AppointmentRules){
		func(r *AppointmentRules) { r.Sessions = nil },
		func(r *AppointmentRules) { r.Sessions[1].Start = 11 * 60 },
		func(r *AppointmentRules) { r.Sessions[0].End = r.Sessions[0].Start },
		func(r *AppointmentRules) { r.Rounding = "nearest" },
		func(r *AppointmentRules) { r.Supplement = "" },
		func(r *AppointmentRules) {
			r.Weekend = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
		},
	}
	for i, f := range bad {
		r := DefaultRules()
		r.Sessions = append([]Session(nil), r.Sessions...)
		f(&r)
		if err := r.Validate(); !errors.Is(err, ErrRules) {
			t.Errorf("case %d: %v", i, err)
		}
	}
}

func TestExtendForSupplement(t *testing.T) {
	cal := DefaultCalendar()
	appt := mustTime(t, "2026-02-12 09:00")
	// Requested Wed 11/2, supplemented Tue 24/2: Thu 12, Fri 13, Mon 23, Tue 24 = 4 working days,
	// added after 12/2: Fri 13, Mon 23, Tue 24, Wed 25.
	got := cal.ExtendForSupplement(appt, mustTime(t, "2026-02-11 10:00"), mustTime(t, "2026-02-24 08:00"))
	if s := got.Format("2006-01-02 15:04"); s != "2026-02-25 09:00" {
		t.Errorf("got %s", s)
	}
	if got := cal.ExtendForSupplement(appt, mustTime(t, "2026-02-11 10:00"), mustTime(t, "2026-02-11 15:00")); !got.Equal(appt) {
		t.Errorf("same-day supplement moved the appointment to %v", got)
	}
}

func TestFormatAppointment(t *testing.T) {
	if s := FormatAppointment(time.Date(2023, 11, 3, 2, 0, 0, 0, time.UTC)); s != "09 giờ 00 phút, ngày 03/11/2023" {
		t.Errorf("%q", s)
	}
	if s := (ProcessingTime{5, UnitWorkingDays}).Vietnamese(); s != "05 ngày làm việc" {
		t.Errorf("%q", s)
	}
}

func TestClockText(t *testing.T) {
	var c Clock
	if err := c.UnmarshalText([]byte("07:00")); err != nil || c != 420 || c.String() != "07:00" {
		t.Fatalf("%v %v", c, err)
	}
	if err := c.UnmarshalText([]byte("7h")); err == nil {
		t.Error("accepted 7h")
	}
}

// A later layer replaces whole years of the earlier ones and leaves the other years alone.
func TestMergeSchedules(t *testing.T) {
	portal, err := ParseSchedule(strings.NewReader(`{"version":1,"years":{"2027":{"source":"Thông báo 2027 (thử)","days_off":[{"date":"2027-02-05","name":"Tết"}],"working_days":[]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	local, err := ParseSchedule(strings.NewReader(`{"version":1,"years":{"2026":{"source":"local","days_off":[],"working_days":[]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	m := MergeSchedules(DefaultSchedule(), portal, nil, local)
	cal := NewCalendar(m, DefaultRules())
	if _, src := cal.DaysOff(2025); src != SourceSchedule {
		t.Error("embedded 2025 lost")
	}
	if !cal.IsWorkingDay(mustTime(t, "2026-02-17 09:00")) {
		t.Error("local override of 2026 not applied")
	}
	if cal.IsWorkingDay(mustTime(t, "2027-02-05 09:00")) || !cal.IsWorkingDay(mustTime(t, "2027-02-10 09:00")) {
		t.Error("portal's 2027 not applied")
	}
	if len(DefaultSchedule().Years) != 4 {
		t.Error("merge changed its input")
	}
}
