// Package queue holds the rules of the hall queue: services, counters,
// tickets, priorities, numbering and the next-ticket policy. Pure Go: no
// SQL, no HTTP, no UI.
package queue

import (
	"fmt"
	"os"
	"regexp"
	"time"

	"github.com/BurntSushi/toml"
)

// Sector groups services (lĩnh vực).
type Sector struct {
	ID   string `toml:"id" json:"id"`
	Name string `toml:"name" json:"name"`
	// NameEN is the sector's English name for the English screens
	// (kiosk, booking pages); without it they show Name.
	NameEN string `toml:"name_en" json:"name_en,omitempty"`
	// LinhVuc are the codes of the procedure catalogue's lĩnh vực
	// (dossier.Sector.Code, MaLinhVuc, e.g. "TP-HT") whose dossiers this
	// sector's counters receive: the officer inbox shows an online
	// submission to the officers whose counter serves a service of a sector
	// listing its procedure's lĩnh vực (docs/SECURITY.md, inbox by field).
	LinhVuc []string `toml:"linh_vuc" json:"linh_vuc,omitempty"`
}

// Service is what a citizen picks at the kiosk. Tickets of one prefix share
// one number sequence per day.
type Service struct {
	ID          string `toml:"id" json:"id"`
	Name        string `toml:"name" json:"name"`
	NameEN      string `toml:"name_en" json:"name_en,omitempty"`
	Sector      string `toml:"sector" json:"sector"`
	Description string `toml:"description" json:"description,omitempty"`
	// DescriptionEN is shown by the kiosk in English mode.
	DescriptionEN string `toml:"description_en" json:"description_en,omitempty"`
	// Prefix is the letter block ("A" → A001) or, with numeric tickets, the
	// first number of the block ("1001" → 1001…1999).
	Prefix string `toml:"prefix" json:"prefix"`
	// DailyCap refuses tickets past this many a day; 0 means no cap.
	DailyCap int `toml:"daily_cap" json:"daily_cap,omitempty"`
	// TargetWaitMin is the service-level target shown to supervisors.
	TargetWaitMin int `toml:"target_wait_min" json:"target_wait_min,omitempty"`
}

// Counter is a desk (quầy). Services maps a service id to its weight: a
// higher weight makes that service's tickets come sooner at this counter.
type Counter struct {
	ID     string `toml:"id" json:"id"`
	Number int    `toml:"number" json:"number"`
	Name   string `toml:"name" json:"name"`
	// NameEN is the counter's English name for the English boards and
	// apps; without it they say "Counter N".
	NameEN   string         `toml:"name_en" json:"name_en,omitempty"`
	Services map[string]int `toml:"services" json:"services"`
}

// ServiceIDs lists the services the counter serves, in config order of the
// centre's services.
func (c Counter) Serves(service string) bool {
	_, ok := c.Services[service]
	return ok
}

// PriorityCategory is a group served first (người cao tuổi, ...).
type PriorityCategory struct {
	ID     string `toml:"id" json:"id"`
	Name   string `toml:"name" json:"name"`
	NameEN string `toml:"name_en" json:"name_en,omitempty"`
}

// Policy tunes the next-ticket chain.
type Policy struct {
	// InterleaveK: after K consecutive priority calls at a counter, a waiting
	// normal ticket goes next.
	InterleaveK int `toml:"interleave_k" json:"interleave_k"`
	// AgingMin: a normal ticket waiting longer than this beats priority.
	AgingMin int `toml:"aging_min" json:"aging_min"`
	// AppointmentEarlyMin: an appointment ticket counts as due this many
	// minutes before its slot.
	AppointmentEarlyMin int `toml:"appointment_early_min" json:"appointment_early_min"`
	// MaxRecalls: after this many recalls the ticket becomes a no-show.
	MaxRecalls int `toml:"max_recalls" json:"max_recalls"`
	// DefaultServiceMin is the assumed service time before any is measured.
	DefaultServiceMin int `toml:"default_service_min" json:"default_service_min"`
	// OutOfOrderOfficers may call a named ticket out of turn; supervisors
	// and admins always may.
	OutOfOrderOfficers []string `toml:"out_of_order_officers" json:"out_of_order_officers,omitempty"`
}

// MayCallOutOfOrder reports whether an officer with that username and role
// may call a named ticket out of turn.
func (p Policy) MayCallOutOfOrder(username, role string) bool {
	if role == "supervisor" || role == "admin" {
		return true
	}
	for _, u := range p.OutOfOrderOfficers {
		if u == username {
			return true
		}
	}
	return false
}

// Config is one centre's queue set-up.
type Config struct {
	CentreName string `toml:"centre_name" json:"centre_name"`
	// AgencyCode is the centre's own agency code (prefix of its dossier codes).
	AgencyCode string `toml:"agency_code" json:"agency_code"`
	// AgencyName is the authority the centre belongs to, printed above its name
	// ("UBND phường Hoàn Kiếm", "UBND thành phố Hà Nội").
	AgencyName string `toml:"agency_name" json:"agency_name"`
	// CentreLevel is "commune" (Trung tâm Phục vụ hành chính công xã/phường) or "province"
	// (the provincial centre or one of its branches); Branch names the branch.
	CentreLevel string `toml:"centre_level" json:"centre_level,omitempty"`
	Branch      string `toml:"branch" json:"branch,omitempty"`
	Province    string `toml:"province" json:"province,omitempty"`
	// Agencies are those the centre receives for (docs/DOMAIN.md).
	Agencies []Agency `toml:"agencies" json:"agencies,omitempty"`
	// TicketFormat is "letter" (A001) or "numeric" (1001).
	TicketFormat string `toml:"ticket_format" json:"ticket_format"`
	Digits       int    `toml:"digits" json:"digits"`
	Notice       string `toml:"notice" json:"notice"`
	// NoticeEN is the notice for boards in English; without it they show
	// no notice line (not the Vietnamese one).
	NoticeEN string `toml:"notice_en" json:"notice_en,omitempty"`
	// HolidaySchedule is the yearly schedule file of days off and swapped
	// working days (dossier appointments); empty = the embedded one.
	HolidaySchedule string `toml:"holiday_schedule" json:"-"`
	// Opening is when the public may take numbers (default 07:30–11:30, 13:00–17:00,
	// Monday–Friday); kiosks are refused outside it unless opening.always_issue.
	Opening    Opening            `toml:"opening" json:"opening"`
	Policy     Policy             `toml:"policy" json:"policy"`
	Sectors    []Sector           `toml:"sectors" json:"sectors"`
	Services   []Service          `toml:"services" json:"services"`
	Counters   []Counter          `toml:"counters" json:"counters"`
	Priorities []PriorityCategory `toml:"priorities" json:"priorities"`
	// Source is the file the config was read from ("" for a demo centre): other
	// packages read their own sections from it ([booking]).
	Source string `toml:"-" json:"-"`
}

// LoadCentre is the centre's configuration from a file, or else the named demo centre
// ("ward", the default, or "province"); a file and a demo name together are an error.
func LoadCentre(path, demo string) (*Config, error) {
	if path != "" && demo != "" {
		return nil, fmt.Errorf("--config and --demo exclude each other")
	}
	if path == "" && demo != "" {
		return DemoByName(demo)
	}
	return LoadConfig(path)
}

// LoadConfig reads a TOML file; an empty path gives the demo centre.
func LoadConfig(path string) (*Config, error) {
	if path == "" {
		return DemoConfig(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	var c Config
	if err := toml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse config %s: %w", path, err)
	}
	c.applyDefaults()
	c.CleanTexts() // config_text.go
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c.Source = path
	return &c, nil
}

// LoadSection decodes the table [name] of the centre's TOML file at path
// into v (left as it is when the file has no such table): the sections of
// the capabilities mounted from cmd/ ([booking], [notify], [webhooks]).
func LoadSection(path, name string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config: %w", err)
	}
	var f map[string]toml.Primitive
	md, err := toml.Decode(string(b), &f)
	if err == nil {
		if p, ok := f[name]; ok {
			err = md.PrimitiveDecode(p, v)
		}
	}
	if err != nil {
		return fmt.Errorf("parse config %s: %w", path, err)
	}
	return nil
}

func (c *Config) applyDefaults() {
	if c.TicketFormat == "" {
		c.TicketFormat = "letter"
	}
	if c.Digits == 0 {
		c.Digits = 3
	}
	if len(c.Opening.Weekdays) == 0 {
		c.Opening.Weekdays = DefaultOpening().Weekdays
	}
	p := &c.Policy
	if p.InterleaveK == 0 {
		p.InterleaveK = 2
	}
	if p.AgingMin == 0 {
		p.AgingMin = 30
	}
	if p.AppointmentEarlyMin == 0 {
		p.AppointmentEarlyMin = 10
	}
	if p.MaxRecalls == 0 {
		p.MaxRecalls = 3
	}
	if p.DefaultServiceMin == 0 {
		p.DefaultServiceMin = 8
	}
}

var (
	idRe          = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
	letterPrefix  = regexp.MustCompile(`^[A-Z]{1,2}$`)
	numericPrefix = regexp.MustCompile(`^[1-9][0-9]{3}$`)
)

// Validate checks references and formats, naming the offending key.
func (c *Config) Validate() error {
	if c.CentreName == "" {
		return fmt.Errorf("centre_name: required")
	}
	if c.TicketFormat != "letter" && c.TicketFormat != "numeric" {
		return fmt.Errorf("ticket_format: %q is not letter or numeric", c.TicketFormat)
	}
	if c.Digits < 2 || c.Digits > 4 {
		return fmt.Errorf("digits: %d out of range 2..4", c.Digits)
	}
	sectors := map[string]bool{}
	for i, s := range c.Sectors {
		if !idRe.MatchString(s.ID) || s.Name == "" {
			return fmt.Errorf("sectors[%d]: id %q must match %s and name is required", i, s.ID, idRe)
		}
		sectors[s.ID] = true
	}
	services := map[string]bool{}
	for i, s := range c.Services {
		if !idRe.MatchString(s.ID) {
			return fmt.Errorf("services[%d].id: %q must match %s", i, s.ID, idRe)
		}
		if services[s.ID] {
			return fmt.Errorf("services[%d].id: duplicate %q", i, s.ID)
		}
		services[s.ID] = true
		if s.Name == "" {
			return fmt.Errorf("services[%d].name: required", i)
		}
		if !sectors[s.Sector] {
			return fmt.Errorf("services[%d].sector: unknown sector %q", i, s.Sector)
		}
		if c.TicketFormat == "letter" && !letterPrefix.MatchString(s.Prefix) {
			return fmt.Errorf("services[%d].prefix: %q must be one or two capital letters", i, s.Prefix)
		}
		if c.TicketFormat == "numeric" && !numericPrefix.MatchString(s.Prefix) {
			return fmt.Errorf("services[%d].prefix: %q must be a 4-digit block start such as 1001", i, s.Prefix)
		}
		if s.DailyCap < 0 {
			return fmt.Errorf("services[%d].daily_cap: must not be negative", i)
		}
	}
	if len(c.Services) == 0 {
		return fmt.Errorf("services: at least one service is required")
	}
	counters := map[string]bool{}
	for i, k := range c.Counters {
		if !idRe.MatchString(k.ID) || counters[k.ID] {
			return fmt.Errorf("counters[%d].id: %q invalid or duplicate", i, k.ID)
		}
		counters[k.ID] = true
		if k.Number <= 0 {
			return fmt.Errorf("counters[%d].number: must be positive", i)
		}
		if len(k.Services) == 0 {
			return fmt.Errorf("counters[%d].services: serves nothing", i)
		}
		for s, w := range k.Services {
			if !services[s] {
				return fmt.Errorf("counters[%d].services: unknown service %q", i, s)
			}
			if w < 1 || w > 100 {
				return fmt.Errorf("counters[%d].services.%s: weight %d out of range 1..100", i, s, w)
			}
		}
	}
	for i, p := range c.Priorities {
		if !idRe.MatchString(p.ID) || p.Name == "" {
			return fmt.Errorf("priorities[%d]: id %q invalid or name missing", i, p.ID)
		}
	}
	if err := c.validateAgencies(); err != nil {
		return err
	}
	if err := c.Opening.Validate(); err != nil {
		return err
	}
	if c.Policy.InterleaveK < 1 || c.Policy.AgingMin < 1 || c.Policy.MaxRecalls < 1 {
		return fmt.Errorf("policy: interleave_k, aging_min and max_recalls must be at least 1")
	}
	return nil
}

// Service returns the service with that id.
func (c *Config) Service(id string) (Service, bool) {
	for _, s := range c.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

// Counter returns the counter with that id.
func (c *Config) Counter(id string) (Counter, bool) {
	for _, k := range c.Counters {
		if k.ID == id {
			return k, true
		}
	}
	return Counter{}, false
}

// Priority returns the priority category with that id.
func (c *Config) Priority(id string) (PriorityCategory, bool) {
	for _, p := range c.Priorities {
		if p.ID == id {
			return p, true
		}
	}
	return PriorityCategory{}, false
}

// Aging is the policy's aging guard as a duration.
func (p Policy) Aging() time.Duration { return time.Duration(p.AgingMin) * time.Minute }
