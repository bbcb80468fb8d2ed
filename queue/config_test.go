package queue

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadConfigFiles(t *testing.T) {
	c, err := LoadConfig(filepath.Join("testdata", "numeric.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TicketFormat != "numeric" || c.Digits != 3 {
		t.Errorf("format %q digits %d", c.TicketFormat, c.Digits)
	}
	// Defaults fill what the file leaves out.
	want := Policy{InterleaveK: 2, AgingMin: 30, AppointmentEarlyMin: 10, MaxRecalls: 3, DefaultServiceMin: 8}
	if !reflect.DeepEqual(c.Policy, want) {
		t.Errorf("policy defaults %+v, want %+v", c.Policy, want)
	}
	if s, ok := c.Service("chungthuc"); !ok || s.DailyCap != 50 || s.Prefix != "2001" {
		t.Errorf("service chungthuc = %+v, %v", s, ok)
	}
	if k, ok := c.Counter("q1"); !ok || k.Services["chungthuc"] != 2 || !k.Serves("hotich") || k.Serves("datdai") {
		t.Errorf("counter q1 = %+v, %v", k, ok)
	}

	c, err = LoadConfig(filepath.Join("testdata", "letter.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TicketFormat != "letter" || c.Digits != 4 || c.Policy.InterleaveK != 3 || c.Policy.AgingMin != 20 || c.Policy.MaxRecalls != 3 {
		t.Errorf("letter config %+v", c)
	}
	if _, ok := c.Priority("caotuoi"); !ok {
		t.Error("priority caotuoi missing")
	}
	// a counter's optional English name (issue 18)
	if len(c.Counters) != 1 || c.Counters[0].NameEN != "Counter 4 – Land" {
		t.Errorf("counters %+v", c.Counters)
	}
	if got := CounterNameEN(CounterLive{Number: 4, NameEN: c.Counters[0].NameEN}); got != "Counter 4 – Land" {
		t.Errorf("CounterNameEN = %q", got)
	}
	if got := CounterNameEN(CounterLive{Number: 7, Name: "Quầy 7 – Thuế"}); got != "Counter 7" {
		t.Errorf("CounterNameEN without name_en = %q", got)
	}
	if _, ok := c.Priority("nope"); ok {
		t.Error("unknown priority found")
	}
}

func TestLoadConfigErrors(t *testing.T) {
	if _, err := LoadConfig(filepath.Join("testdata", "missing.toml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := LoadConfig(filepath.Join("testdata", "broken.toml")); err == nil || !strings.Contains(err.Error(), "parse config") {
		t.Errorf("broken file: %v", err)
	}
}

func TestDemoConfigValid(t *testing.T) {
	c, err := LoadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("demo config invalid: %v", err)
	}
	if len(c.Counters) != 10 || len(c.Services) != 7 {
		t.Errorf("demo has %d counters, %d services", len(c.Counters), len(c.Services))
	}
	// Each service is served by at least one counter, or its tickets would wait forever.
	for _, s := range c.Services {
		served := false
		for _, k := range c.Counters {
			served = served || k.Serves(s.ID)
		}
		if !served {
			t.Errorf("service %s served by no counter", s.ID)
		}
	}
}

// Every rule of Validate names the key at fault.
func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Config)
		want   string // substring of the error; "" means valid
	}{
		{"demo", func(c *Config) {}, ""},
		{"no centre name", func(c *Config) { c.CentreName = "" }, "centre_name"},
		{"bad format", func(c *Config) { c.TicketFormat = "roman" }, "ticket_format"},
		{"digits low", func(c *Config) { c.Digits = 1 }, "digits"},
		{"digits high", func(c *Config) { c.Digits = 5 }, "digits"},
		{"bad sector id", func(c *Config) { c.Sectors[0].ID = "Tư pháp" }, "sectors[0]"},
		{"sector without name", func(c *Config) { c.Sectors[1].Name = "" }, "sectors[1]"},
		{"bad service id", func(c *Config) { c.Services[0].ID = "-x" }, "services[0].id"},
		{"duplicate service", func(c *Config) { c.Services[1].ID = c.Services[0].ID }, "services[1].id: duplicate"},
		{"service without name", func(c *Config) { c.Services[2].Name = "" }, "services[2].name"},
		{"unknown sector", func(c *Config) { c.Services[0].Sector = "nope" }, "services[0].sector"},
		{"letter prefix digits", func(c *Config) { c.Services[0].Prefix = "1" }, "services[0].prefix"},
		{"letter prefix lower", func(c *Config) { c.Services[0].Prefix = "a" }, "services[0].prefix"},
		{"letter prefix long", func(c *Config) { c.Services[0].Prefix = "ABC" }, "services[0].prefix"},
		{"letter prefix two", func(c *Config) { c.Services[0].Prefix = "AB" }, ""},
		{"numeric prefix letter", func(c *Config) {
			c.TicketFormat = "numeric"
			for i := range c.Services {
				c.Services[i].Prefix = "1001"
			}
			c.Services[3].Prefix = "A"
		}, "services[3].prefix"},
		{"numeric prefix zero start", func(c *Config) {
			c.TicketFormat = "numeric"
			for i := range c.Services {
				c.Services[i].Prefix = "0001"
			}
		}, "services[0].prefix"},
		{"numeric ok", func(c *Config) {
			c.TicketFormat = "numeric"
			for i := range c.Services {
				c.Services[i].Prefix = "1001"
			}
		}, ""},
		{"negative cap", func(c *Config) { c.Services[0].DailyCap = -1 }, "daily_cap"},
		{"no services", func(c *Config) { c.Services = nil; c.Counters = nil }, "services"},
		{"duplicate counter", func(c *Config) { c.Counters[1].ID = "q1" }, "counters[1].id"},
		{"counter number", func(c *Config) { c.Counters[0].Number = 0 }, "counters[0].number"},
		{"counter serves nothing", func(c *Config) { c.Counters[0].Services = nil }, "counters[0].services"},
		{"counter unknown service", func(c *Config) { c.Counters[0].Services = map[string]int{"nope": 1} }, "unknown service"},
		{"weight zero", func(c *Config) { c.Counters[0].Services = map[string]int{"hotich": 0} }, "weight 0"},
		{"weight high", func(c *Config) { c.Counters[0].Services = map[string]int{"hotich": 101} }, "weight 101"},
		{"bad priority", func(c *Config) { c.Priorities[0].Name = "" }, "priorities[0]"},
		{"interleave", func(c *Config) { c.Policy.InterleaveK = 0 }, "policy"},
		{"aging", func(c *Config) { c.Policy.AgingMin = 0 }, "policy"},
		{"recalls", func(c *Config) { c.Policy.MaxRecalls = 0 }, "policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DemoConfig()
			tt.mutate(c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one naming %q", err, tt.want)
			}
		})
	}
}

// LoadSection decodes one table of the centre's file into a capability's
// config, leaves it alone when the table is absent, and names the file in
// its errors.
func TestLoadSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.toml")
	body := "centre_name = \"Trung tâm\"\n\n[notify]\nretry_min = \"30s\"\nkeep_days = 7\n\n[webhooks]\nkeep_days = \"bảy\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	type notify struct {
		RetryMin string `toml:"retry_min"`
		KeepDays int    `toml:"keep_days"`
	}
	var n notify
	if err := LoadSection(path, "notify", &n); err != nil || n != (notify{"30s", 7}) {
		t.Fatalf("[notify]: %+v %v", n, err)
	}
	absent := notify{KeepDays: 3}
	if err := LoadSection(path, "booking", &absent); err != nil || absent != (notify{KeepDays: 3}) {
		t.Fatalf("no [booking]: %+v %v", absent, err)
	}
	var w struct {
		KeepDays int `toml:"keep_days"`
	}
	if err := LoadSection(path, "webhooks", &w); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("a string for an int: %v", err)
	}
	if err := LoadSection(filepath.Join(t.TempDir(), "none.toml"), "notify", &n); err == nil || !strings.Contains(err.Error(), "read config") {
		t.Fatalf("a missing file: %v", err)
	}
}
