package queue

import (
	"fmt"
	"regexp"
)

// Levels of agencies and centres in the two-level local government (since 1/7/2025 there is
// no district level; docs/DOMAIN.md). The same strings as dossier.AgencyLevel.
const (
	LevelCommune  = "commune"  // xã, phường, đặc khu
	LevelProvince = "province" // tỉnh, thành phố trực thuộc trung ương
	LevelMinistry = "ministry" // bộ, cơ quan ngang bộ
)

// Agency is an agency whose procedures the centre receives: its own commune or province,
// a specialised department, a vertical-sector agency (police, tax...), or — at a provincial
// centre — the communes of the province (reception regardless of administrative boundary,
// Decree 118/2025/NĐ-CP).
type Agency struct {
	Code  string `toml:"code" json:"code,omitempty"` // national agency code; may be empty for "every commune"
	Name  string `toml:"name" json:"name"`
	Level string `toml:"level" json:"level"` // commune, province or ministry
	// StandsFor lists the generic agency names of the procedure catalogue this agency is for
	// here ("Công an xã, phường" → "Công an phường Hoàn Kiếm").
	StandsFor []string `toml:"stands_for" json:"stands_for,omitempty"`
	// Forward: another centre on the portal decides for this agency; dossiers received here
	// for it are forwarded there (liên thông, docs/SYNC.md). Needs Code.
	Forward bool `toml:"forward" json:"forward,omitempty"`
}

var agencyCodeRe = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`)

func validLevel(l string) bool { return l == LevelCommune || l == LevelProvince || l == LevelMinistry }

// LevelVI names a level for people.
func LevelVI(l string) string {
	return map[string]string{LevelCommune: "cấp xã", LevelProvince: "cấp tỉnh", LevelMinistry: "cấp bộ"}[l]
}

func (c *Config) validateAgencies() error {
	if c.CentreLevel != "" && c.CentreLevel != LevelCommune && c.CentreLevel != LevelProvince {
		return fmt.Errorf("centre_level: %q is not commune or province", c.CentreLevel)
	}
	if c.Branch != "" && c.CentreLevel != LevelProvince {
		return fmt.Errorf("branch: only a provincial centre has branches")
	}
	seen := map[string]bool{}
	for i, a := range c.Agencies {
		if a.Name == "" {
			return fmt.Errorf("agencies[%d].name: required", i)
		}
		if !validLevel(a.Level) {
			return fmt.Errorf("agencies[%d].level: %q is not commune, province or ministry", i, a.Level)
		}
		if a.Code != "" {
			if !agencyCodeRe.MatchString(a.Code) {
				return fmt.Errorf("agencies[%d].code: %q is not an agency code such as 000.00.06.H26", i, a.Code)
			}
			if seen[a.Code] {
				return fmt.Errorf("agencies[%d].code: duplicate %q", i, a.Code)
			}
			seen[a.Code] = true
		}
	}
	return nil
}

// CompetentAgency is the agency that decides a procedure received here, from the
// procedure's level, agency code and (generic) agency name: the agency with that code, else
// the one that stands for that name, else the centre's first agency of that level. ok is
// false when the centre does not receive for the procedure.
func (c *Config) CompetentAgency(level, code, name string) (Agency, bool) {
	if code != "" {
		for _, a := range c.Agencies {
			if a.Code == code {
				return a, true
			}
		}
	}
	for _, a := range c.Agencies {
		for _, n := range a.StandsFor {
			if n == name && (level == "" || a.Level == level) {
				return a, true
			}
		}
	}
	for _, a := range c.Agencies {
		if a.Level == level {
			return a, true
		}
	}
	return Agency{}, false
}
