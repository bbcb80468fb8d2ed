package dossier

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Clock is a time of day in minutes after midnight.
type Clock int

// ParseClock parses "HH:MM".
func ParseClock(s string) (Clock, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("clock %q: want HH:MM", s)
	}
	return Clock(t.Hour()*60 + t.Minute()), nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText and UnmarshalText let configuration files use "07:30".
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

func clockOf(t time.Time) Clock { t = t.In(Loc); return Clock(t.Hour()*60 + t.Minute()) }

func at(day time.Time, c Clock) time.Time {
	day = day.In(Loc)
	return time.Date(day.Year(), day.Month(), day.Day(), int(c)/60, int(c)%60, 0, 0, Loc)
}

// Session is one working session of a day, [Start, End).
type Session struct {
	Start Clock `json:"start" toml:"start"`
	End   Clock `json:"end" toml:"end"`
}

// Rounding of a computed appointment time.
type Rounding string

const (
	// RoundDownHour: 09:32 → 09:00 (the provincial system's "Sau 9 giờ 00 phút"): never later
	// than the legal limit; never before the start of the session it falls in.
	RoundDownHour Rounding = "down_hour"
	// RoundNone keeps the minutes.
	RoundNone Rounding = "none"
	// RoundUpHour: 09:32 → 10:00; lunch moves to the afternoon start, after closing clamps to closing.
	RoundUpHour Rounding = "up_hour"
)

// SupplementPolicy says how a supplement moves the appointment.
type SupplementPolicy string

const (
	// SupplementExtend adds the working days the citizen took (default).
	SupplementExtend SupplementPolicy = "extend"
	// SupplementRecompute counts the full processing time again from the re-receipt ("theo Nghị định").
	SupplementRecompute SupplementPolicy = "recompute"
)

// AppointmentRules is our rule for turning a legal processing time into an appointment
// (docs/CALENDAR.md). The law leaves these open, so all of it is configuration.
type AppointmentRules struct {
	Sessions      []Session        `json:"sessions" toml:"sessions"`
	Weekend       []time.Weekday   `json:"weekend" toml:"weekend"`
	SameDayCutoff Clock            `json:"same_day_cutoff" toml:"same_day_cutoff"` // Decree 23/2015 Art. 7: 15:00
	Rounding      Rounding         `json:"rounding" toml:"rounding"`
	Supplement    SupplementPolicy `json:"supplement" toml:"supplement"`
}

// DefaultRules: sessions 07:30–11:30 and 13:00–17:00 (a working day is the legal 8 hours),
// Saturday and Sunday off, same-day cut-off 15:00, round down to the hour, supplements extend
// the appointment.
func DefaultRules() AppointmentRules {
	return AppointmentRules{
		Sessions:      []Session{{7*60 + 30, 11*60 + 30}, {13 * 60, 17 * 60}},
		Weekend:       []time.Weekday{time.Saturday, time.Sunday},
		SameDayCutoff: 15 * 60,
		Rounding:      RoundDownHour,
		Supplement:    SupplementExtend,
	}
}

// ErrRules is wrapped by invalid appointment rules.
var ErrRules = errors.New("appointment: invalid rules")

// Validate checks the sessions are ordered, non-empty and non-overlapping.
func (r AppointmentRules) Validate() error {
	if len(r.Sessions) == 0 {
		return fmt.Errorf("%w: no sessions", ErrRules)
	}
	prev := Clock(-1)
	for _, s := range r.Sessions {
		if s.Start < 0 || s.End > 24*60 || s.Start >= s.End || s.Start < prev {
			return fmt.Errorf("%w: session %s–%s", ErrRules, s.Start, s.End)
		}
		prev = s.End
	}
	if len(r.Weekend) >= 7 {
		return fmt.Errorf("%w: no working weekday", ErrRules)
	}
	switch r.Rounding {
	case RoundDownHour, RoundNone, RoundUpHour:
	default:
		return fmt.Errorf("%w: rounding %q", ErrRules, r.Rounding)
	}
	switch r.Supplement {
	case SupplementExtend, SupplementRecompute:
	default:
		return fmt.Errorf("%w: supplement policy %q", ErrRules, r.Supplement)
	}
	return nil
}

// WorkingDayMinutes is the length of a working day: the sum of the sessions.
func (r AppointmentRules) WorkingDayMinutes() int {
	n := 0
	for _, s := range r.Sessions {
		n += int(s.End - s.Start)
	}
	return n
}

func (r AppointmentRules) isWeekend(d time.Weekday) bool { return slices.Contains(r.Weekend, d) }

func (r AppointmentRules) first() Clock { return r.Sessions[0].Start }
func (r AppointmentRules) last() Clock  { return r.Sessions[len(r.Sessions)-1].End }

// TimeUnit is the unit of a legal processing time.
type TimeUnit string

const (
	UnitWorkingDays  TimeUnit = "working_days"  // Ngày làm việc
	UnitWorkingHours TimeUnit = "working_hours" // Giờ làm việc
	UnitCalendarDays TimeUnit = "calendar_days" // Ngày (calendar days)
	UnitSameDay      TimeUnit = "same_day"      // Trong ngày (15:00 cut-off)
)

// ProcessingTime is a legal processing time, e.g. 5 working days.
type ProcessingTime struct {
	Amount int      `json:"amount"`
	Unit   TimeUnit `json:"unit"`
}

// Vietnamese is the text shown to citizens, e.g. "05 ngày làm việc".
func (p ProcessingTime) Vietnamese() string {
	switch p.Unit {
	case UnitWorkingDays:
		return fmt.Sprintf("%02d ngày làm việc", p.Amount)
	case UnitWorkingHours:
		return fmt.Sprintf("%02d giờ làm việc", p.Amount)
	case UnitCalendarDays:
		return fmt.Sprintf("%02d ngày", p.Amount)
	case UnitSameDay:
		return "Trong ngày (nhận trước 15 giờ trả trong ngày)"
	}
	return string(p.Unit)
}

// ErrProcessingTime is returned for an unknown unit or a negative amount.
var ErrProcessingTime = errors.New("appointment: invalid processing time")

// CountStart is when the processing clock starts for something received at t: t itself
// inside a session; the next session's start before opening or at lunch; the first
// session of the next working day after closing or on a day off.
func (c *Calendar) CountStart(t time.Time) time.Time {
	t = t.In(Loc).Truncate(time.Minute)
	if !c.IsWorkingDay(t) {
		return at(c.NextWorkingDay(t), c.Rules.first())
	}
	cl := clockOf(t)
	for _, s := range c.Rules.Sessions {
		if cl < s.Start {
			return at(t, s.Start)
		}
		if cl < s.End {
			return t
		}
	}
	return at(c.NextWorkingDay(t), c.Rules.first())
}

// Due is the appointment for a dossier received at received with processing time p.
func (c *Calendar) Due(received time.Time, p ProcessingTime) (time.Time, error) {
	if p.Amount < 0 {
		return time.Time{}, fmt.Errorf("%w: amount %d", ErrProcessingTime, p.Amount)
	}
	start := c.CountStart(received)
	switch p.Unit {
	case UnitWorkingDays:
		return c.round(c.clamp(c.AddWorkingDays(start, p.Amount))), nil
	case UnitWorkingHours:
		return c.round(c.AddWorkingMinutes(start, p.Amount*60)), nil
	case UnitCalendarDays:
		d := start.AddDate(0, 0, p.Amount)
		if !c.IsWorkingDay(d) {
			n := c.NextWorkingDay(d)
			d = at(n, clockOf(d))
		}
		return c.round(c.clamp(d)), nil
	case UnitSameDay:
		day := start
		if clockOf(start) >= c.Rules.SameDayCutoff {
			day = c.NextWorkingDay(start)
		}
		return at(day, c.Rules.last()), nil
	}
	return time.Time{}, fmt.Errorf("%w: unit %q", ErrProcessingTime, p.Unit)
}

// AddWorkingMinutes counts n minutes of session time from t (which should be a CountStart).
// A result exactly at a session's end stays there rather than jumping to the next session.
func (c *Calendar) AddWorkingMinutes(t time.Time, n int) time.Time {
	t = c.CountStart(t)
	for {
		cl := clockOf(t)
		for _, s := range c.Rules.Sessions {
			if cl >= s.End {
				continue
			}
			if cl < s.Start {
				cl = s.Start
			}
			if rem := int(s.End - cl); n <= rem {
				return at(t, cl+Clock(n))
			} else {
				n -= rem
			}
			cl = s.End
		}
		t = at(c.NextWorkingDay(t), c.Rules.first())
	}
}

// clamp moves a time outside the sessions to the next session start (same day) or, after
// closing, to closing time.
func (c *Calendar) clamp(t time.Time) time.Time {
	cl := clockOf(t)
	for _, s := range c.Rules.Sessions {
		if cl < s.Start {
			return at(t, s.Start)
		}
		if cl <= s.End {
			return t
		}
	}
	return at(t, c.Rules.last())
}

func (c *Calendar) round(t time.Time) time.Time {
	t = t.Truncate(time.Minute)
	cl := clockOf(t)
	switch c.Rules.Rounding {
	case RoundDownHour:
		down := cl - cl%60
		for _, s := range c.Rules.Sessions {
			if cl >= s.Start && cl <= s.End {
				return at(t, max(down, s.Start))
			}
		}
	case RoundUpHour:
		if cl%60 == 0 {
			return t
		}
		return c.clamp(at(t, cl-cl%60+60))
	}
	return t
}

// ExtendForSupplement moves an appointment by the working days between the supplement
// request and the supplement (the days the citizen held the dossier).
func (c *Calendar) ExtendForSupplement(appointment, requested, supplemented time.Time) time.Time {
	return c.AddWorkingDays(appointment, c.WorkingDaysBetween(requested, supplemented))
}

// FormatAppointment renders t as on the receipt: "09 giờ 00 phút, ngày 03/11/2023".
func FormatAppointment(t time.Time) string {
	t = t.In(Loc)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), t.Format("02/01/2006"))
}

// WeekdayVI is the Vietnamese name of a weekday ("Thứ Hai" … "Chủ nhật").
func WeekdayVI(d time.Weekday) string {
	return [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}[d]
}
