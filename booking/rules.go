// Package booking is online appointments (issue 17): slots cut from the
// opening hours, a share of each slot kept for walk-ins, caps per person,
// unguessable booking codes, and check-in at the kiosk that turns a booking
// into an appointment ticket of the queue. This file holds the rules, pure
// Go; store.go the SQL, http.go the JSON API and the /dat-lich page.
package booking

import (
	"crypto/rand"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/queue"
)

// Config is the [booking] section of the centre's TOML file.
type Config struct {
	// Enabled turns the public booking pages and API on.
	Enabled bool `toml:"enabled"`
	// SlotMin is the length of a slot in minutes (default 30).
	SlotMin int `toml:"slot_min"`
	// Capacity is how many citizens one service takes per slot (default 4);
	// ServiceCapacity overrides it per service id.
	Capacity        int            `toml:"capacity"`
	ServiceCapacity map[string]int `toml:"service_capacity"`
	// WalkInShare is the fraction of each slot kept for walk-ins (default 0.5;
	// 0 < share < 1, or -1 for none kept).
	WalkInShare float64 `toml:"walk_in_share"`
	// DaysAhead is how far ahead one may book (default 14 days).
	DaysAhead int `toml:"days_ahead"`
	// MinLeadMin: a slot can be booked until this many minutes before it starts (default 30).
	MinLeadMin int `toml:"min_lead_min"`
	// MaxPerDay and MaxPerSector cap the bookings of one phone or CCCD per day
	// in all, and per sector (default 2 and 1, Hanoi's iHanoi rule as the
	// press reported it: docs/CONFIG.md).
	MaxPerDay    int `toml:"max_per_day"`
	MaxPerSector int `toml:"max_per_sector"`
	// CheckInEarlyMin and CheckInLateMin are the check-in window around the
	// slot start (default 15 before, 10 after); later the same day the
	// booking becomes an ordinary ticket.
	CheckInEarlyMin int `toml:"checkin_early_min"`
	CheckInLateMin  int `toml:"checkin_late_min"`
	// Services that may be booked (ids); empty = every service.
	Services []string `toml:"services"`
	// RatePerMin bounds the public requests per client address per minute
	// (default 60); BookingsPerPhonePerHour bounds booking attempts per phone (default 10).
	RatePerMin              int `toml:"rate_per_min"`
	BookingsPerPhonePerHour int `toml:"bookings_per_phone_per_hour"`
	// BookingsPerAddrPerHour bounds the bookings made from one client address
	// per hour (default 20): without it one machine could fill every slot
	// with invented phone numbers. Phones behind one carrier NAT share it.
	BookingsPerAddrPerHour int `toml:"bookings_per_addr_per_hour"`
	// Remote is the [booking.remote] table: numbers taken from a phone (/lay-so).
	Remote RemoteConfig `toml:"remote"`
	// VerifyPhone: "auto" (default) asks for a one-time code sent to the
	// phone before a booking or a remote number whenever the notifier has a
	// channel that reaches phones (sms, zalo, the demo's sim); "always"
	// (the server refuses to start without such a channel); "never".
	VerifyPhone string `toml:"verify_phone"`
	// CodeSendsPerPhonePerHour, CodeSendsPerAddrPerHour and CodeSendsPerHour
	// bound the one-time codes sent (each costs the centre an SMS) per phone,
	// per client address and for the whole centre (defaults 5, 10, 300).
	CodeSendsPerPhonePerHour int `toml:"code_sends_per_phone_per_hour"`
	CodeSendsPerAddrPerHour  int `toml:"code_sends_per_addr_per_hour"`
	CodeSendsPerHour         int `toml:"code_sends_per_hour"`
}

// RemoteConfig is how numbers are taken without being in the hall (/lay-so).
// They share the caps per person with the bookings (MaxPerDay, MaxPerSector).
type RemoteConfig struct {
	// Disabled turns /lay-so and its API off (on by default with bookings).
	Disabled bool `toml:"disabled" json:"disabled"`
	// GraceMin: a remote ticket called and marked absent may come back to
	// the queue, in its place, within this many minutes of the no-show (the
	// citizen presses "Tôi đã đến" on the phone page, once). Default 15; -1: no grace.
	GraceMin int `toml:"grace_min" json:"grace_min"`
	// StopBeforeCloseMin: no remote numbers in the last minutes of a session
	// (default 30), so nobody sets off for a number the centre cannot serve;
	// -1: until closing.
	StopBeforeCloseMin int `toml:"stop_before_close_min" json:"stop_before_close_min"`
	// PerAddrPerHour bounds the remote numbers taken from one client address per hour (default 10).
	PerAddrPerHour int `toml:"per_addr_per_hour" json:"per_addr_per_hour"`
}

// Defaults fills the zero fields.
func (c Config) Defaults() Config {
	def := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	def(&c.SlotMin, 30)
	def(&c.Capacity, 4)
	def(&c.DaysAhead, 14)
	def(&c.MinLeadMin, 30)
	def(&c.MaxPerDay, 2)
	def(&c.MaxPerSector, 1)
	def(&c.CheckInEarlyMin, 15)
	def(&c.CheckInLateMin, 10)
	def(&c.RatePerMin, 60)
	def(&c.BookingsPerPhonePerHour, 10)
	def(&c.BookingsPerAddrPerHour, 20)
	def(&c.Remote.GraceMin, 15)
	def(&c.Remote.StopBeforeCloseMin, 30)
	def(&c.Remote.PerAddrPerHour, 10)
	def(&c.CodeSendsPerPhonePerHour, 5)
	def(&c.CodeSendsPerAddrPerHour, 10)
	def(&c.CodeSendsPerHour, 300)
	if c.VerifyPhone == "" {
		c.VerifyPhone = VerifyAuto
	}
	if c.WalkInShare == 0 {
		c.WalkInShare = 0.5
	}
	return c
}

// Validate names the offending key.
func (c Config) Validate(q *queue.Config) error {
	switch {
	case c.SlotMin < 5 || c.SlotMin > 240:
		return fmt.Errorf("booking.slot_min: %d is not between 5 and 240", c.SlotMin)
	case c.Capacity < 1:
		return fmt.Errorf("booking.capacity: must be at least 1")
	case c.WalkInShare != -1 && (c.WalkInShare <= 0 || c.WalkInShare >= 1):
		return fmt.Errorf("booking.walk_in_share: %v is not in (0, 1) or -1", c.WalkInShare)
	case c.DaysAhead < 1 || c.DaysAhead > 92:
		return fmt.Errorf("booking.days_ahead: %d is not between 1 and 92", c.DaysAhead)
	case c.MaxPerDay < 1 || c.MaxPerSector < 1:
		return fmt.Errorf("booking.max_per_day and max_per_sector must be at least 1")
	case c.CheckInEarlyMin < 0 || c.CheckInLateMin < 0:
		return fmt.Errorf("booking.checkin_early_min/checkin_late_min must not be negative")
	case c.CheckInEarlyMin > 240 || c.CheckInLateMin > 240:
		return fmt.Errorf("booking.checkin_early_min/checkin_late_min: at most 240 minutes")
	case c.MaxPerDay > 20 || c.MaxPerSector > 20:
		return fmt.Errorf("booking.max_per_day and max_per_sector: at most 20")
	case c.MaxPerSector > c.MaxPerDay:
		return fmt.Errorf("booking.max_per_sector: %d is more than max_per_day %d", c.MaxPerSector, c.MaxPerDay)
	case c.Capacity > 1000:
		return fmt.Errorf("booking.capacity: at most 1000")
	case c.Remote.GraceMin < -1 || c.Remote.GraceMin > 240:
		return fmt.Errorf("booking.remote.grace_min: %d is not between 1 and 240 (or -1)", c.Remote.GraceMin)
	case c.Remote.StopBeforeCloseMin < -1 || c.Remote.StopBeforeCloseMin > 240:
		return fmt.Errorf("booking.remote.stop_before_close_min: %d is not between 1 and 240 (or -1)", c.Remote.StopBeforeCloseMin)
	case c.Remote.PerAddrPerHour < 1:
		return fmt.Errorf("booking.remote.per_addr_per_hour must be at least 1")
	case c.VerifyPhone != VerifyAuto && c.VerifyPhone != VerifyAlways && c.VerifyPhone != VerifyNever:
		return fmt.Errorf("booking.verify_phone: %q is not auto, always or never", c.VerifyPhone)
	case c.CodeSendsPerPhonePerHour < 1 || c.CodeSendsPerPhonePerHour > 20:
		return fmt.Errorf("booking.code_sends_per_phone_per_hour: %d is not between 1 and 20", c.CodeSendsPerPhonePerHour)
	case c.CodeSendsPerAddrPerHour < 1 || c.CodeSendsPerAddrPerHour > 1000:
		return fmt.Errorf("booking.code_sends_per_addr_per_hour: %d is not between 1 and 1000", c.CodeSendsPerAddrPerHour)
	case c.CodeSendsPerHour < 1 || c.CodeSendsPerHour > 100000:
		return fmt.Errorf("booking.code_sends_per_hour: %d is not between 1 and 100000", c.CodeSendsPerHour)
	}
	for id, n := range c.ServiceCapacity {
		if _, ok := q.Service(id); !ok {
			return fmt.Errorf("booking.service_capacity: unknown service %q", id)
		}
		if n < 1 || n > 1000 {
			return fmt.Errorf("booking.service_capacity.%s: must be between 1 and 1000", id)
		}
	}
	for _, id := range c.Services {
		if _, ok := q.Service(id); !ok {
			return fmt.Errorf("booking.services: unknown service %q", id)
		}
	}
	return nil
}

// LoadConfig reads the [booking] section of the centre's TOML file; an empty
// path (a built-in demo centre) gives the defaults, enabled.
func LoadConfig(path string, q *queue.Config) (Config, error) {
	var c Config
	if path == "" {
		c.Enabled = true
	} else if err := queue.LoadSection(path, "booking", &c); err != nil {
		return c, err
	}
	c = c.Defaults()
	if err := c.Validate(q); err != nil {
		if path == "" {
			return c, err
		}
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Bookable reports whether a service may be booked online.
func (c Config) Bookable(service string) bool {
	if len(c.Services) == 0 {
		return true
	}
	for _, s := range c.Services {
		if s == service {
			return true
		}
	}
	return false
}

// Online is how many places of a slot of the service may be booked: the
// capacity less the walk-in share (rounded so walk-ins keep at least their share).
func (c Config) Online(service string) int {
	capacity := c.Capacity
	if n, ok := c.ServiceCapacity[service]; ok {
		capacity = n
	}
	if c.WalkInShare == -1 {
		return capacity
	}
	return int(math.Floor(float64(capacity) * (1 - c.WalkInShare)))
}

// Slot is one bookable period of a day.
type Slot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Slots cuts the day's opening sessions into slots of c.SlotMin (a
// remainder shorter than a slot is left out). A day off has no slots and its
// name is returned.
func (c Config) Slots(day time.Time, o queue.Opening, days queue.DayInfo) ([]Slot, string) {
	d := day.In(queue.Loc)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, queue.Loc)
	spans, off := o.Sessions(d, days)
	if off != "" {
		return nil, off
	}
	var out []Slot
	for _, s := range spans {
		a, b, err := s.Minutes()
		if err != nil {
			continue
		}
		for m := a; m+c.SlotMin <= b; m += c.SlotMin {
			st := d.Add(time.Duration(m) * time.Minute)
			out = append(out, Slot{Start: st, End: st.Add(time.Duration(c.SlotMin) * time.Minute)})
		}
	}
	return out, ""
}

// FindSlot is the slot of the day starting exactly at start.
func (c Config) FindSlot(start time.Time, o queue.Opening, days queue.DayInfo) (Slot, bool) {
	slots, _ := c.Slots(start, o, days)
	for _, s := range slots {
		if s.Start.Equal(start) {
			return s, true
		}
	}
	return Slot{}, false
}

// Open reports whether a slot may still be booked at now: not past its lead
// time, not beyond DaysAhead.
func (c Config) Open(s Slot, now time.Time) bool {
	if s.Start.Before(now.Add(time.Duration(c.MinLeadMin) * time.Minute)) {
		return false
	}
	n := now.In(queue.Loc)
	last := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, queue.Loc).AddDate(0, 0, c.DaysAhead+1)
	return s.Start.Before(last)
}

// Window is where a check-in at now falls for a slot starting at start.
type Window int

const (
	TooEarly Window = iota // before the early window: come back later
	OnTime                 // an appointment ticket, served first when due
	Late                   // after the late window, the same day: an ordinary ticket
	Expired                // a later day: the booking is a no-show
)

// CheckIn places now against the check-in window of a slot.
func (c Config) CheckIn(start, now time.Time) Window {
	switch {
	case now.Before(start.Add(-time.Duration(c.CheckInEarlyMin) * time.Minute)):
		return TooEarly
	case !now.After(start.Add(time.Duration(c.CheckInLateMin) * time.Minute)):
		return OnTime
	case queue.Day(now) == queue.Day(start):
		return Late
	}
	return Expired
}

// Held is what one person already holds on a day: bookings in all and per sector.
type Held struct {
	Day    int
	Sector map[string]int
}

// CheckCaps refuses a new booking in sector past the caps, in Vietnamese.
func (c Config) CheckCaps(h Held, sector, sectorName string) error {
	if h.Day >= c.MaxPerDay {
		return queue.Errf(queue.CodeCapReached,
			"Mỗi số điện thoại hoặc số CCCD chỉ được đặt tối đa %d lịch hẹn trong một ngày. Quý khách đã đủ số lịch hẹn của ngày này; có thể hủy một lịch hẹn cũ hoặc chọn ngày khác.",
			"at most %d bookings per person per day", c.MaxPerDay)
	}
	if h.Sector[sector] >= c.MaxPerSector {
		return queue.Errf(queue.CodeCapReached,
			"Mỗi số điện thoại hoặc số CCCD chỉ được đặt tối đa %d lịch hẹn cho lĩnh vực “%s” trong một ngày. Quý khách đã có lịch hẹn của lĩnh vực này trong ngày đã chọn.",
			"at most %d bookings per person per sector per day (sector %s)", c.MaxPerSector, sectorName)
	}
	return nil
}

// Codes: 16 characters of Crockford's base32 (no I, L, O, U), 80 bits,
// shown as XXXX-XXXX-XXXX-XXXX.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode makes an unguessable booking code (80 bits from crypto/rand).
func NewCode() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var sb strings.Builder
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(alphabet[v&31])
	}
	return sb.String()
}

// NormCode reads a typed code: case, spaces and dashes do not matter, and
// O, I and L are read as 0, 1 and 1. A scanned booking QR (the page's link,
// "…/dat-lich?ma=CODE") gives its code too. It returns the canonical form
// and false when the input cannot be a code.
func NormCode(s string) (string, bool) {
	if len(s) > 512 {
		return "", false
	}
	if _, q, ok := strings.Cut(s, "/dat-lich?"); ok {
		v, err := url.ParseQuery(q)
		if err != nil {
			return "", false
		}
		s = v.Get("ma")
	}
	if len(s) > 64 {
		return "", false
	}
	var raw []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || strings.IndexRune(alphabet, r) < 0 {
			return "", false
		}
		raw = append(raw, byte(r))
	}
	if len(raw) != 16 {
		return "", false
	}
	return string(raw[0:4]) + "-" + string(raw[4:8]) + "-" + string(raw[8:12]) + "-" + string(raw[12:16]), true
}

// NormPhone reads a Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx,
// spaces, dots and dashes ignored; the canonical form is 0 and nine digits,
// the first of which is a mobile prefix (3, 5, 7, 8 or 9 since the 2018
// change of 11-digit numbers; landlines are 02x with 11 digits): a number
// no phone can have is not texted (docs/SECURITY.md, "Session 7 review").
func NormPhone(s string) (string, bool) {
	if len(s) > 32 {
		return "", false
	}
	var d []byte
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r == ' ' || r == '.' || r == '-':
		case r == '+' && i == 0:
		default:
			return "", false
		}
	}
	p := string(d)
	if strings.HasPrefix(s, "+84") || (strings.HasPrefix(p, "84") && len(p) == 11) {
		p = "0" + p[2:]
	}
	if len(p) != 10 || p[0] != '0' || !strings.ContainsRune("35789", rune(p[1])) {
		return "", false
	}
	return p, true
}

// MaskPhone keeps the first three and last two digits: 091*****67.
func MaskPhone(p string) string {
	if len(p) < 6 {
		return "***"
	}
	return p[:3] + strings.Repeat("*", len(p)-5) + p[len(p)-2:]
}

// NormCCCD checks a citizen identity number: 12 digits.
func NormCCCD(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 12 {
		return "", false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return s, true
}
