package dossier

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DayOffKind says why a day is off.
type DayOffKind string

const (
	KindHoliday      DayOffKind = "holiday"      // a public holiday (Labor Code 2019 Art. 112)
	KindCompensatory DayOffKind = "compensatory" // nghỉ bù for a holiday on a weekend
	KindExtra        DayOffKind = "extra"        // extra day off granted by the government's yearly schedule
)

// DayOff is one day without service.
type DayOff struct {
	Date time.Time // midnight in Loc
	Name string    // Vietnamese, e.g. "Tết Nguyên Đán (mùng 1)"
	Kind DayOffKind
}

// Source says where a year's days off come from.
type Source string

const (
	SourceSchedule Source = "schedule" // the government's yearly schedule, from the data file
	SourceComputed Source = "computed" // computed defaults (law + lunar calendar)
)

// Schedule is the yearly schedule data file (docs/CALENDAR.md). A year present here
// replaces the computed defaults for that whole year.
type Schedule struct {
	Version int                     `json:"version"`
	Years   map[string]ScheduleYear `json:"years"`
}

// ScheduleYear is the government's schedule for one year.
type ScheduleYear struct {
	Source string `json:"source"` // where the days come from (official notice, or "computed")
	// Notice is the short number of the government's notice(s), e.g. "6150/TB-BLĐTBXH".
	Notice string `json:"notice,omitempty"`
	Note   string `json:"note,omitempty"`
	// DaysOff lists every day without service that is not an ordinary Saturday/Sunday;
	// weekend days may be listed too, to name them.
	DaysOff []ScheduleDay `json:"days_off"`
	// WorkingDays lists Saturdays/Sundays that are working days (swapped days).
	WorkingDays []ScheduleDay `json:"working_days"`
}

// ScheduleDay is one dated entry of the schedule file.
type ScheduleDay struct {
	Date string     `json:"date"` // YYYY-MM-DD
	Name string     `json:"name"`
	Kind DayOffKind `json:"kind,omitempty"` // holiday (default), compensatory, extra
	Note string     `json:"note,omitempty"`
}

// ErrSchedule is wrapped by every schedule-file validation error.
var ErrSchedule = errors.New("calendar: invalid schedule")

//go:embed schedule_default.json
var defaultScheduleJSON []byte

// DefaultSchedule is the embedded schedule: the government's published schedules 2023–2026
// (docs/DOMAIN.md lists the notices). Years without a notice use ComputedDaysOff.
func DefaultSchedule() *Schedule {
	s, err := ParseSchedule(bytes.NewReader(defaultScheduleJSON))
	if err != nil {
		panic("dossier: embedded schedule: " + err.Error())
	}
	return s
}

// LoadScheduleFile reads and validates a schedule file.
func LoadScheduleFile(path string) (*Schedule, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	defer f.Close()
	s, err := ParseSchedule(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ParseSchedule decodes and validates a schedule (unknown fields are rejected so a typo is not ignored).
func ParseSchedule(r io.Reader) (*Schedule, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var s Schedule
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSchedule, err)
	}
	if s.Version != 1 {
		return nil, fmt.Errorf("%w: version %d, want 1", ErrSchedule, s.Version)
	}
	for ys, y := range s.Years {
		year, err := strconv.Atoi(ys)
		if err != nil || year < 1900 || year > 2200 {
			return nil, fmt.Errorf("%w: year key %q", ErrSchedule, ys)
		}
		seen := map[string]bool{}
		for _, d := range y.DaysOff {
			t, err := parseScheduleDate(d.Date, year)
			if err != nil {
				return nil, err
			}
			if d.Name == "" {
				return nil, fmt.Errorf("%w: %s: day off without a name", ErrSchedule, d.Date)
			}
			switch d.Kind {
			case "", KindHoliday, KindCompensatory, KindExtra:
			default:
				return nil, fmt.Errorf("%w: %s: unknown kind %q", ErrSchedule, d.Date, d.Kind)
			}
			if seen[d.Date] {
				return nil, fmt.Errorf("%w: %s listed twice", ErrSchedule, d.Date)
			}
			seen[d.Date] = true
			_ = t
		}
		for _, d := range y.WorkingDays {
			t, err := parseScheduleDate(d.Date, year)
			if err != nil {
				return nil, err
			}
			if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return nil, fmt.Errorf("%w: working day %s is not a Saturday or Sunday", ErrSchedule, d.Date)
			}
			if seen[d.Date] {
				return nil, fmt.Errorf("%w: %s is both a day off and a working day", ErrSchedule, d.Date)
			}
			seen[d.Date] = true
		}
	}
	return &s, nil
}

func parseScheduleDate(s string, year int) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, Loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: date %q: want YYYY-MM-DD", ErrSchedule, s)
	}
	if t.Year() != year {
		return time.Time{}, fmt.Errorf("%w: date %s listed under year %d", ErrSchedule, s, year)
	}
	return t, nil
}

// Calendar answers working-day questions in Asia/Ho_Chi_Minh and computes appointments.
// It is safe for concurrent use.
type Calendar struct {
	Rules AppointmentRules

	sched *Schedule
	mu    sync.Mutex
	years map[int]*yearDays
}

type yearDays struct {
	source  Source
	version string
	list    []DayOff         // sorted
	off     map[int]DayOff   // by yday
	work    map[int]struct{} // weekend days that are working days, by yday
}

// NewCalendar builds a calendar from a schedule (nil: computed defaults only) and rules.
func NewCalendar(s *Schedule, rules AppointmentRules) *Calendar {
	return &Calendar{Rules: rules, sched: s, years: map[int]*yearDays{}}
}

// DefaultCalendar is the embedded schedule with DefaultRules.
func DefaultCalendar() *Calendar { return NewCalendar(DefaultSchedule(), DefaultRules()) }

func (c *Calendar) year(y int) *yearDays {
	c.mu.Lock()
	defer c.mu.Unlock()
	if yd, ok := c.years[y]; ok {
		return yd
	}
	yd := &yearDays{off: map[int]DayOff{}, work: map[int]struct{}{}}
	if sy, ok := c.sched.lookup(y); ok {
		yd.source = SourceSchedule
		yd.version = scheduleYearVersion(y, sy)
		for _, d := range sy.DaysOff {
			t, _ := time.ParseInLocation(time.DateOnly, d.Date, Loc)
			k := d.Kind
			if k == "" {
				k = KindHoliday
			}
			yd.list = append(yd.list, DayOff{Date: t, Name: d.Name, Kind: k})
		}
		for _, d := range sy.WorkingDays {
			t, _ := time.ParseInLocation(time.DateOnly, d.Date, Loc)
			yd.work[t.YearDay()] = struct{}{}
		}
	} else {
		yd.source = SourceComputed
		yd.version = fmt.Sprintf("%d:computed:%s", y, ComputedRuleVersion)
		yd.list = ComputedDaysOff(y)
	}
	sort.Slice(yd.list, func(i, j int) bool { return yd.list[i].Date.Before(yd.list[j].Date) })
	for _, d := range yd.list {
		yd.off[d.Date.YearDay()] = d
	}
	c.years[y] = yd
	return yd
}

// ComputedRuleVersion names the rule of ComputedDaysOff; change it when the rule changes so
// that dates computed under the old rule stay recognisable.
const ComputedRuleVersion = "v1"

// scheduleYearVersion is "2025:schedule:<first 8 hex of the SHA-256 of the year's entry>": the
// same entry gives the same version on every centre, any edit gives another.
func scheduleYearVersion(y int, sy ScheduleYear) string {
	b, _ := json.Marshal(sy) // a struct: field order is fixed, so the bytes are canonical
	sum := sha256.Sum256(b)
	return fmt.Sprintf("%d:schedule:%x", y, sum[:4])
}

// YearVersion names the days-off data the calendar uses for year y.
func (c *Calendar) YearVersion(y int) string { return c.year(y).version }

// Version names the days-off data behind a date computed over [from, to]: the versions of
// every year involved, joined by "+" ("2026:schedule:1a2b3c4d+2027:computed:v1").
// An appointment records it (Dossier.AppointmentSchedule) so a later change of the schedule
// can tell which dates it affects.
func (c *Calendar) Version(from, to time.Time) string {
	a, b := from.In(Loc).Year(), to.In(Loc).Year()
	if b < a {
		a, b = b, a
	}
	var parts []string
	for y := a; y <= b && len(parts) < 5; y++ {
		parts = append(parts, c.YearVersion(y))
	}
	return strings.Join(parts, "+")
}

func (s *Schedule) lookup(y int) (ScheduleYear, bool) {
	if s == nil {
		return ScheduleYear{}, false
	}
	sy, ok := s.Years[strconv.Itoa(y)]
	return sy, ok
}

// DaysOff lists the year's named days off (holidays, compensatory and extra days; ordinary
// weekends are not listed) and where they come from.
func (c *Calendar) DaysOff(year int) ([]DayOff, Source) {
	yd := c.year(year)
	return append([]DayOff(nil), yd.list...), yd.source
}

// WorkingWeekendDays lists the year's Saturdays/Sundays that are working days.
func (c *Calendar) WorkingWeekendDays(year int) []time.Time {
	yd := c.year(year)
	var out []time.Time
	for yday := range yd.work {
		out = append(out, dateIn(year, 1, yday))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// DayOff reports the named day off on t's date, if any.
func (c *Calendar) DayOff(t time.Time) (DayOff, bool) {
	t = t.In(Loc)
	d, ok := c.year(t.Year()).off[t.YearDay()]
	return d, ok
}

// IsWorkingDay reports whether t's date (in Loc) is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(Loc)
	yd := c.year(t.Year())
	if _, ok := yd.work[t.YearDay()]; ok {
		return true
	}
	if _, ok := yd.off[t.YearDay()]; ok {
		return false
	}
	return !c.Rules.isWeekend(t.Weekday())
}

// NextWorkingDay is midnight of the first working day strictly after t's date.
func (c *Calendar) NextWorkingDay(t time.Time) time.Time {
	d := midnight(t)
	for i := 0; i < 400; i++ {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			return d
		}
	}
	panic("dossier: no working day within 400 days")
}

// AddWorkingDays moves t forward by n working days, keeping its clock time.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	t = t.In(Loc)
	for ; n > 0; n-- {
		next := c.NextWorkingDay(t)
		t = time.Date(next.Year(), next.Month(), next.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), Loc)
	}
	return t
}

// WorkingDaysBetween counts working days d with from's date < d ≤ to's date.
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	n := 0
	for d := midnight(from).AddDate(0, 0, 1); !d.After(midnight(to)); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

func midnight(t time.Time) time.Time {
	t = t.In(Loc)
	return dateIn(t.Year(), t.Month(), t.Day())
}

// ComputedDaysOff is our default for a year the schedule does not cover: the Labor Code's
// holidays (Tết = the last day of the lunar year and mùng 1–4; 2/9 plus 1/9, or 3/9 when 2/9
// is a Monday or Thursday so the break joins the weekend) and, for each holiday on a Saturday
// or Sunday, a compensatory day on the next working day after the holiday.
func ComputedDaysOff(y int) []DayOff {
	var hol []DayOff
	add := func(t time.Time, name string) { hol = append(hol, DayOff{Date: t, Name: name, Kind: KindHoliday}) }
	add(dateIn(y, 1, 1), "Tết Dương lịch")
	tet := LunarNewYear(y)
	eve := tet.AddDate(0, 0, -1)
	add(eve, fmt.Sprintf("Tết Nguyên Đán (%d tháng Chạp)", SolarToLunar(eve).Day))
	for i := 0; i < 4; i++ {
		add(tet.AddDate(0, 0, i), fmt.Sprintf("Tết Nguyên Đán (mùng %d Tết)", i+1))
	}
	if hk, ok := LunarToSolar(LunarDate{Day: 10, Month: 3, Year: y}); ok {
		add(hk, "Giỗ Tổ Hùng Vương (10/3 Âm lịch)")
	}
	add(dateIn(y, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước")
	add(dateIn(y, 5, 1), "Ngày Quốc tế Lao động")
	qk := dateIn(y, 9, 2)
	add(qk, "Quốc khánh")
	switch qk.Weekday() {
	case time.Monday, time.Thursday:
		add(dateIn(y, 9, 3), "Quốc khánh (ngày liền sau)")
	default:
		add(dateIn(y, 9, 1), "Quốc khánh (ngày liền trước)")
	}
	sort.Slice(hol, func(i, j int) bool { return hol[i].Date.Before(hol[j].Date) })
	off := map[time.Time]bool{}
	for _, h := range hol {
		off[h.Date] = true
	}
	out := append([]DayOff(nil), hol...)
	for _, h := range hol {
		if wd := h.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
			continue
		}
		d := h.Date
		for {
			d = d.AddDate(0, 0, 1)
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !off[d] {
				break
			}
		}
		off[d] = true
		out = append(out, DayOff{Date: d, Name: "Nghỉ bù " + h.Name, Kind: KindCompensatory})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// MergeSchedules layers schedules: a year present in a later one replaces that year of the
// earlier ones (nil layers are skipped). The centre composes the embedded or file schedule,
// the one the provincial portal publishes, and the console's local override, in that order.
func MergeSchedules(layers ...*Schedule) *Schedule {
	out := &Schedule{Version: 1, Years: map[string]ScheduleYear{}}
	for _, s := range layers {
		if s == nil {
			continue
		}
		for y, v := range s.Years {
			out.Years[y] = v
		}
	}
	return out
}
