package queue

import (
	"fmt"
	"strings"
	"time"
)

// Span is one opening session of a day, [Start, End), as "HH:MM".
type Span struct {
	Start string `toml:"start" json:"start"`
	End   string `toml:"end" json:"end"`
}

func (s Span) minutes() (int, int, error) {
	a, err := parseHM(s.Start)
	if err != nil {
		return 0, 0, err
	}
	b, err := parseHM(s.End)
	if err != nil {
		return 0, 0, err
	}
	if a >= b {
		return 0, 0, fmt.Errorf("%s–%s ends before it starts", s.Start, s.End)
	}
	return a, b, nil
}

func parseHM(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// Opening is when the public may take a number (giờ tiếp công dân). It is not the
// working time that counts toward a dossier's deadline (dossier.AppointmentRules): a
// centre may open on Saturday morning although Saturday is not a working day.
type Opening struct {
	// Weekdays are the sessions Monday to Friday, and on a Saturday or Sunday the
	// holiday schedule makes a working day (a swapped day). Empty = DefaultOpening's
	// (a configuration stored before opening hours existed).
	Weekdays []Span `toml:"weekdays" json:"weekdays"`
	// Saturday and Sunday sessions; empty = closed.
	Saturday []Span `toml:"saturday" json:"saturday,omitempty"`
	Sunday   []Span `toml:"sunday" json:"sunday,omitempty"`
	// AlwaysIssue lets kiosks and remote channels issue numbers at any hour (demo, tests,
	// a centre that wants it); the hours are still shown.
	AlwaysIssue bool `toml:"always_issue" json:"always_issue,omitempty"`
}

// DefaultOpening is 07:30–11:30 and 13:00–17:00, Monday to Friday: the legal 8-hour day.
func DefaultOpening() Opening {
	return Opening{Weekdays: []Span{{"07:30", "11:30"}, {"13:00", "17:00"}}}
}

// DayInfo tells the opening hours about the holiday schedule: off is the name of a day
// off (holiday, nghỉ bù, swapped day; "" on an ordinary day) and working reports a
// Saturday or Sunday that is a working day. Nil means no schedule: weekdays only.
type DayInfo func(t time.Time) (off string, working bool)

// Validate checks every span, naming the offending key.
func (o Opening) Validate() error {
	for name, spans := range map[string][]Span{"weekdays": o.Weekdays, "saturday": o.Saturday, "sunday": o.Sunday} {
		prev := -1
		for i, s := range spans {
			a, b, err := s.minutes()
			if err != nil {
				return fmt.Errorf("opening.%s[%d]: %v", name, i, err)
			}
			if a < prev {
				return fmt.Errorf("opening.%s[%d]: overlaps or is out of order", name, i)
			}
			prev = b
		}
	}
	return nil
}

// spans is the day's sessions and, when closed all day, the reason.
func (o Opening) spans(t time.Time, days DayInfo) ([]Span, string) {
	t = t.In(Loc)
	wd := t.Weekday()
	weekend := wd == time.Saturday || wd == time.Sunday
	if days != nil {
		off, working := days(t)
		if off != "" {
			return nil, off
		}
		if weekend && working {
			return o.weekdays(), ""
		}
	}
	switch wd {
	case time.Saturday:
		return o.Saturday, ""
	case time.Sunday:
		return o.Sunday, ""
	}
	return o.weekdays(), ""
}

func (o Opening) weekdays() []Span {
	if len(o.Weekdays) == 0 {
		return DefaultOpening().Weekdays
	}
	return o.Weekdays
}

// IsOpen reports whether the public may take a number at t.
func (o Opening) IsOpen(t time.Time, days DayInfo) bool {
	spans, _ := o.spans(t, days)
	t = t.In(Loc)
	m := t.Hour()*60 + t.Minute()
	for _, s := range spans {
		if a, b, err := s.minutes(); err == nil && m >= a && m < b {
			return true
		}
	}
	return false
}

// NextOpen is the start of the first session after t (within two weeks; zero if none).
func (o Opening) NextOpen(t time.Time, days DayInfo) time.Time {
	t = t.In(Loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Loc)
	for i := 0; i < 15; i++ {
		d := day.AddDate(0, 0, i)
		spans, _ := o.spans(d, days)
		for _, s := range spans {
			a, _, err := s.minutes()
			if err != nil {
				continue
			}
			if start := d.Add(time.Duration(a) * time.Minute); start.After(t) {
				return start
			}
		}
	}
	return time.Time{}
}

// CheckIssue is nil when a number may be issued at t, and otherwise the typed error the
// kiosk shows: why it is closed, the opening hours and when to come back.
func (o Opening) CheckIssue(t time.Time, days DayInfo) error {
	if o.AlwaysIssue || o.IsOpen(t, days) {
		return nil
	}
	t = t.In(Loc)
	var why string
	if _, off := o.spans(t, days); off != "" {
		why = "Hôm nay là ngày nghỉ (" + off + "), trung tâm không cấp số thứ tự."
	} else {
		why = "Hiện ngoài giờ tiếp công dân, trung tâm chưa cấp số thứ tự."
	}
	msg := why + " Giờ tiếp công dân: " + o.Vietnamese() + "."
	en := "Numbers are issued only during opening hours (" + o.English() + ")."
	if next := o.NextOpen(t, days); !next.IsZero() {
		msg += " Mời quý khách quay lại từ " + next.Format("15:04") + " " + weekdayVI(next.Weekday()) + ", ngày " + next.Format("02/01/2006") + "."
		en += " Please come back at " + next.Format("15:04") + " on " + next.Format("Monday 02/01/2006") + "."
	}
	return &Error{Code: CodeClosed, Message: msg, MessageEN: en}
}

// Vietnamese describes the hours for citizens: "sáng 07:30–11:30, chiều 13:00–17:00 từ thứ
// Hai đến thứ Sáu; sáng thứ Bảy 07:30–11:30".
func (o Opening) Vietnamese() string {
	parts := []string{spansVI(o.weekdays()) + " từ thứ Hai đến thứ Sáu"}
	if len(o.Saturday) > 0 {
		parts = append(parts, spansVI(o.Saturday)+" thứ Bảy")
	}
	if len(o.Sunday) > 0 {
		parts = append(parts, spansVI(o.Sunday)+" Chủ nhật")
	}
	return strings.Join(parts, "; ")
}

// English describes the hours for the English kiosk screens.
func (o Opening) English() string {
	parts := []string{spansEN(o.weekdays()) + " Monday to Friday"}
	if len(o.Saturday) > 0 {
		parts = append(parts, spansEN(o.Saturday)+" Saturday")
	}
	if len(o.Sunday) > 0 {
		parts = append(parts, spansEN(o.Sunday)+" Sunday")
	}
	return strings.Join(parts, "; ")
}

func spansEN(spans []Span) string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Start+"–"+s.End)
	}
	return strings.Join(out, ", ")
}

func spansVI(spans []Span) string {
	var out []string
	for _, s := range spans {
		a, b, err := s.minutes()
		if err != nil {
			continue
		}
		label := "sáng"
		switch {
		case a >= 18*60:
			label = "tối"
		case a >= 12*60:
			label = "chiều"
		case b > 13*60:
			label = "từ"
		}
		out = append(out, label+" "+s.Start+"–"+s.End)
	}
	return strings.Join(out, ", ")
}

func weekdayVI(d time.Weekday) string {
	return [...]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}[d]
}
