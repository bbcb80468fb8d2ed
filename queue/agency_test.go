package queue

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Both demo centres are valid, name no district (there is none since 1/7/2025), list the
// agencies they receive for, and resolve each procedure level to a competent agency.
func TestDemoCentres(t *testing.T) {
	for name := range Demo {
		c, err := DemoByName(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := json.Marshal(c)
		for _, w := range []string{"quận", "Quận", "huyện", "Huyện", "thị xã", "Thị xã"} {
			if strings.Contains(string(b), w) {
				t.Errorf("%s demo mentions %q", name, w)
			}
		}
		if len(c.Agencies) < 3 || c.Province != "Hà Nội" {
			t.Errorf("%s: agencies %d", name, len(c.Agencies))
		}
		if a, ok := c.CompetentAgency(LevelCommune, "", "Ủy ban nhân dân xã, phường"); !ok || a.Level != LevelCommune {
			t.Errorf("%s: commune procedures: %+v %v", name, a, ok)
		}
		if a, ok := c.CompetentAgency(LevelProvince, "", "Sở Nội vụ"); !ok || !strings.HasPrefix(a.Name, "Sở Nội vụ") {
			t.Errorf("%s: Sở Nội vụ: %+v %v", name, a, ok)
		}
		if _, ok := c.CompetentAgency(LevelMinistry, "", "Bộ Ngoại giao"); ok {
			t.Errorf("%s: receives for a ministry it does not list", name)
		}
	}
	w, p := DemoConfig(), DemoProvinceConfig()
	if w.CentreLevel != LevelCommune || p.CentreLevel != LevelProvince || p.Branch == "" || w.AgencyCode == p.AgencyCode {
		t.Errorf("levels %s/%s branch %q codes %s/%s", w.CentreLevel, p.CentreLevel, p.Branch, w.AgencyCode, p.AgencyCode)
	}
	if w.CentreName != "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm" {
		t.Errorf("ward centre %q", w.CentreName)
	}
	// The ward police decide residence procedures received at the ward centre.
	if a, _ := w.CompetentAgency(LevelCommune, "", "Công an xã, phường"); a.Name != "Công an phường Hoàn Kiếm" {
		t.Errorf("police: %+v", a)
	}
	// An agency code named by the procedure wins.
	if a, _ := w.CompetentAgency(LevelProvince, "000.11.00.H26", "x"); a.Code != "000.11.00.H26" {
		t.Errorf("by code: %+v", a)
	}
	if _, err := DemoByName("district"); err == nil {
		t.Error("unknown demo accepted")
	}
}

func TestAgencyConfigErrors(t *testing.T) {
	base, err := os.ReadFile("testdata/letter.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tt := range []struct{ top, tail, want string }{
		{`centre_level = "district"` + "\n", "", "centre_level"},
		{`branch = "Chi nhánh 1"` + "\n", "", "branch"},
		{"", "\n[[agencies]]\nname = \"UBND phường X\"\nlevel = \"district\"\n", "agencies[0].level"},
		{"", "\n[[agencies]]\nname = \"\"\nlevel = \"commune\"\n", "agencies[0].name"},
		{"", "\n[[agencies]]\ncode = \"H26\"\nname = \"UBND phường X\"\nlevel = \"commune\"\n", "agencies[0].code"},
		{"", "\n[[agencies]]\ncode = \"000.01.06.H26\"\nname = \"A\"\nlevel = \"commune\"\n[[agencies]]\ncode = \"000.01.06.H26\"\nname = \"B\"\nlevel = \"commune\"\n", "agencies[1].code"},
	} {
		p := filepath.Join(dir, "c.toml")
		os.WriteFile(p, []byte(tt.top+string(base)+tt.tail), 0o600)
		if _, err := LoadConfig(p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q%q: err %v, want %s", tt.top, tt.tail, err, tt.want)
		}
	}
	p := filepath.Join(dir, "ok.toml")
	os.WriteFile(p, []byte("centre_level = \"province\"\nbranch = \"Chi nhánh số 2\"\n"+string(base)+
		"\n[[agencies]]\ncode = \"000.11.00.H26\"\nname = \"Sở Nội vụ\"\nlevel = \"province\"\nstands_for = [\"Sở Nội vụ\"]\n"), 0o600)
	c, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := c.CompetentAgency(LevelProvince, "", "Sở Nội vụ"); !ok || a.Code != "000.11.00.H26" {
		t.Errorf("%+v %v", a, ok)
	}
}

// motcua run/serve/sync --demo ward|province pick the demo centre; --config and --demo exclude
// each other.
func TestLoadCentre(t *testing.T) {
	for demo, want := range map[string]string{"": DemoConfig().CentreName, "ward": DemoConfig().CentreName, "province": DemoProvinceConfig().CentreName} {
		c, err := LoadCentre("", demo)
		if err != nil || c.CentreName != want {
			t.Errorf("demo %q: %v %v", demo, c, err)
		}
	}
	if _, err := LoadCentre("testdata/letter.toml", "ward"); err == nil {
		t.Error("--config with --demo accepted")
	}
	if c, err := LoadCentre("testdata/letter.toml", ""); err != nil || c.CentreName != "Trung tâm thử" {
		t.Errorf("file: %v %v", c, err)
	}
	if _, err := LoadCentre("", "district"); err == nil {
		t.Error("unknown demo accepted")
	}
}

// The example file of docs/examples is a valid, current (no district) centre.
func TestExampleConfig(t *testing.T) {
	c, err := LoadConfig("../docs/examples/centre.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c.CentreLevel != LevelCommune || len(c.Agencies) != 2 || len(c.Opening.Saturday) != 1 || c.Opening.AlwaysIssue {
		t.Errorf("%+v", c)
	}
	b, _ := os.ReadFile("../docs/examples/centre.toml")
	for _, w := range []string{"quận", "huyện", "thị xã"} {
		if strings.Contains(string(b), w) {
			t.Errorf("example mentions %q", w)
		}
	}
}
