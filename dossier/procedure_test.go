package dossier

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDefaultCatalogue(t *testing.T) {
	c := DefaultCatalogue()
	if c.Len() < 40 {
		t.Fatalf("%d procedures", c.Len())
	}
	if len(c.Sectors()) < 8 {
		t.Errorf("%d sectors", len(c.Sectors()))
	}
	units := map[TimeUnit]bool{}
	for _, p := range c.All() {
		units[p.Time.Unit] = true
		if _, err := DefaultCalendar().Due(mustTime(t, "2026-03-02 09:00"), p.Time); err != nil {
			t.Errorf("%s: %v", p.Code, err)
		}
	}
	if len(units) < 3 {
		t.Errorf("units %v", units)
	}
	if p, ok := c.Get("1.001193.000.00.00.H56"); !ok || p.Code != "1.001193" {
		t.Error("long code lookup")
	}
}

func TestSearch(t *testing.T) {
	c := DefaultCatalogue()
	tests := []struct{ q, first string }{
		{"dang ky khai sinh", "1.001193"},
		{"  ĐĂNG   KÝ  khai-sinh ", "1.001193"},
		{"Đăng ký khai sinh", "1.001193"},
		{"1.001193", "1.001193"},
		{"1.00119", "1.001193"},
		{"khai tu", "1.000656"},
		{"chung thuc chu ky trong cac giay to", "2.000884"},
		{"tam tru", "1.004194"},
		{"giay phep xay dung gia han", "1.013227"},
		{"ho kinh doanh cham dut", "1.001266"},
		{"dat dai", "1.012789"},
	}
	for _, tt := range tests {
		got := c.Search(tt.q, 5)
		if len(got) == 0 || got[0].Code != tt.first {
			var codes []string
			for _, p := range got {
				codes = append(codes, p.Code+" "+p.Name)
			}
			t.Errorf("Search(%q) = %v, want first %s", tt.q, codes, tt.first)
		}
	}
	if got := c.Search("khai sinh", 0); len(got) < 4 {
		t.Errorf("khai sinh: %d hits", len(got))
	}
	if got := c.Search("xyzzy", 0); len(got) != 0 {
		t.Errorf("nonsense found %d", len(got))
	}
	if got := c.Search("   ", 0); got != nil {
		t.Error("blank query")
	}
	if got := c.Search("khai sinh", 2); len(got) != 2 {
		t.Error("limit")
	}
}

func TestFoldVietnamese(t *testing.T) {
	for in, want := range map[string]string{
		"Đăng ký khai sinh":    "dang ky khai sinh",
		"ĐỒNG  Tháp – Đắk Lắk": "dong thap dak lak",
		"Nghị định 61/2018":    "nghi dinh 61 2018",
		"1.001193":             "1.001193",
		"Ưu tiên Ơn":           "uu tien on",
	} {
		if got := FoldVietnamese(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCatalogueValidation(t *testing.T) {
	good := DefaultCatalogue().All()[0]
	for name, mut := range map[string]func(*Procedure){
		"code":      func(p *Procedure) { p.Code = "1001193" },
		"long code": func(p *Procedure) { p.LongCode = "2.000000.000.00.00.H56" },
		"level":     func(p *Procedure) { p.Level = 5 },
		"unit":      func(p *Procedure) { p.Time.Unit = "weeks" },
		"amount":    func(p *Procedure) { p.Time = ProcessingTime{0, UnitWorkingDays} },
		"no comps":  func(p *Procedure) { p.Components = nil },
		"no agency": func(p *Procedure) { p.Agency = "" },
	} {
		p := good
		mut(&p)
		if _, err := NewCatalogue([]Procedure{p}); !errors.Is(err, ErrCatalogue) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := NewCatalogue([]Procedure{good, good}); !errors.Is(err, ErrCatalogue) {
		t.Error("duplicate accepted")
	}
	if _, err := LoadCatalogue(strings.NewReader(`[{"code":"1.000001","bogus":1}]`)); !errors.Is(err, ErrCatalogue) {
		t.Error("unknown field accepted")
	}
}

// bigCatalogue generates n procedures from the seed, with varied names and codes.
func bigCatalogue(b *testing.B, n int) *Catalogue {
	seed := DefaultCatalogue().All()
	verbs := []string{"Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thu hồi", "Xác nhận", "Đăng ký"}
	ps := make([]Procedure, 0, n)
	for i := 0; i < n; i++ {
		p := seed[i%len(seed)]
		p.Code = fmt.Sprintf("%d.%06d", 1+i%3, 100000+i)
		p.LongCode = p.Code + ".000.00.00.H56"
		p.Name = verbs[i%len(verbs)] + " " + strings.ToLower(p.Name[:1]) + p.Name[1:] + fmt.Sprintf(" (trường hợp %d)", i)
		ps = append(ps, p)
	}
	c, err := NewCatalogue(ps)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkSearch2000(b *testing.B) {
	c := bigCatalogue(b, 2000)
	for _, q := range []string{"dang ky khai sinh", "1.1012", "giay phep xay dung", "xyzzy"} {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				c.Search(q, 20)
			}
		})
	}
}

// Since 1/7/2025 there is no district level: every procedure of the demo catalogue names a
// commune or provincial competent agency, and the split is realistic (mostly commune).
func TestCatalogueCompetence(t *testing.T) {
	n := map[AgencyLevel]int{}
	for _, p := range DefaultCatalogue().All() {
		lv := p.Competence()
		n[lv]++
		if lv == "" || p.AdminLevel == 2 {
			t.Errorf("%s: no level today (admin_level %d)", p.Code, p.AdminLevel)
		}
		for _, w := range []string{"quận", "huyện", "thị xã", "Phòng Tài chính", "Phòng Giáo dục"} {
			if strings.Contains(p.Agency, w) {
				t.Errorf("%s: agency %q names a district", p.Code, p.Agency)
			}
		}
	}
	if n[LevelCommune] < 30 || n[LevelProvince] < 5 {
		t.Errorf("split %v", n)
	}
	// Civil status with a foreign element is decided by the commune since 1/7/2025
	// (Decree 120/2025/NĐ-CP Art. 4).
	if p, _ := DefaultCatalogue().Get("2.000806"); p.Competence() != LevelCommune {
		t.Errorf("2.000806: %s", p.Competence())
	}
	if p, _ := DefaultCatalogue().Get("1.014199"); p.Competence() != LevelProvince || p.Agency != "Sở Nội vụ" {
		t.Errorf("1.014199: %s %s", p.Competence(), p.Agency)
	}
	// Derived from CAPTHUCHIEN when the level is not given; a district code has none.
	for al, want := range map[int]AgencyLevel{0: LevelMinistry, 1: LevelProvince, 2: "", 3: LevelCommune} {
		if got := (Procedure{AdminLevel: al}).Competence(); got != want {
			t.Errorf("admin_level %d: %q", al, got)
		}
	}
	p, _ := DefaultCatalogue().Get("1.001193")
	p.CompetentLevel = "district"
	if err := p.Validate(); !errors.Is(err, ErrCatalogue) {
		t.Errorf("district level accepted: %v", err)
	}
	p.CompetentLevel, p.CompetentAgencyCode = LevelCommune, "UBND"
	if err := p.Validate(); !errors.Is(err, ErrCatalogue) {
		t.Errorf("bad agency code accepted: %v", err)
	}
}
