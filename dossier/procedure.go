package dossier

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Sector is a lĩnh vực.
type Sector struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Fee is a phí/lệ phí of a procedure.
type Fee struct {
	Name   string `json:"name"`
	Amount int64  `json:"amount"` // VND; 0 = free
	Note   string `json:"note,omitempty"`
}

// Component is a required thành phần hồ sơ.
type Component struct {
	Name      string `json:"name"`
	Originals int    `json:"originals"`
	Copies    int    `json:"copies"`
	Note      string `json:"note,omitempty"`
}

// Procedure is a thủ tục hành chính.
type Procedure struct {
	Code       string         `json:"code"`      // national short form D.NNNNNN (MaTTHC)
	LongCode   string         `json:"long_code"` // provincial long form, e.g. 1.001193.000.00.00.H56
	Name       string         `json:"name"`
	Sector     Sector         `json:"sector"`
	Level      int            `json:"level"`       // online service level 2, 3 or 4
	OnlineKind string         `json:"online_kind"` // "toàn trình", "một phần" or ""
	AdminLevel int            `json:"admin_level"` // CAPTHUCHIEN: 0 ministry, 1 province, 2 district (before 7/2025), 3 commune
	Time       ProcessingTime `json:"time"`
	Fees       []Fee          `json:"fees"`
	Components []Component    `json:"components"`
	Agency     string         `json:"agency"` // the competent (deciding) agency, by name
	Result     string         `json:"result,omitempty"`
	// CompetentLevel is the level of the competent agency (commune, province, ministry);
	// empty = derived from AdminLevel (Competence). Since 1/7/2025 a centre receives
	// procedures of other levels and agencies too (Decree 118/2025, reception regardless of
	// administrative boundary), so the receiving centre is often not the deciding agency.
	CompetentLevel AgencyLevel `json:"competent_level,omitempty"`
	// CompetentAgencyCode is the national agency code of the competent agency when the
	// procedure names one; empty = the centre's agency of CompetentLevel (queue config).
	CompetentAgencyCode string `json:"competent_agency_code,omitempty"`
}

// AgencyLevel is the administrative level of an agency in the two-level local government.
type AgencyLevel string

const (
	LevelCommune  AgencyLevel = "commune"  // xã, phường, đặc khu
	LevelProvince AgencyLevel = "province" // tỉnh, thành phố trực thuộc trung ương
	LevelMinistry AgencyLevel = "ministry" // bộ, cơ quan ngang bộ
)

// Vietnamese names the level for people ("cấp xã").
func (l AgencyLevel) Vietnamese() string {
	switch l {
	case LevelCommune:
		return "cấp xã"
	case LevelProvince:
		return "cấp tỉnh"
	case LevelMinistry:
		return "cấp bộ"
	}
	return ""
}

// Valid reports whether l is one of the three levels.
func (l AgencyLevel) Valid() bool {
	return l == LevelCommune || l == LevelProvince || l == LevelMinistry
}

// Competence is the level of the competent agency: CompetentLevel, or else CAPTHUCHIEN
// (0 ministry, 1 province, 3 commune). A district procedure (2, only in data from before
// 1/7/2025) has no level today: "".
func (p Procedure) Competence() AgencyLevel {
	if p.CompetentLevel != "" {
		return p.CompetentLevel
	}
	switch p.AdminLevel {
	case 0:
		return LevelMinistry
	case 1:
		return LevelProvince
	case 3:
		return LevelCommune
	}
	return ""
}

// ErrCatalogue is wrapped by catalogue validation errors.
var ErrCatalogue = errors.New("procedure catalogue: invalid")

var procCodeRe = regexp.MustCompile(`^\d\.\d{6}$`)

// ValidProcedureCode reports whether s is a national short code D.NNNNNN.
func ValidProcedureCode(s string) bool { return procCodeRe.MatchString(s) }

// Validate checks one procedure.
func (p Procedure) Validate() error {
	if !ValidProcedureCode(p.Code) {
		return fmt.Errorf("%w: code %q", ErrCatalogue, p.Code)
	}
	if p.LongCode != "" && !strings.HasPrefix(p.LongCode, p.Code+".") {
		return fmt.Errorf("%w: %s: long code %q does not start with the short code", ErrCatalogue, p.Code, p.LongCode)
	}
	if p.Name == "" || p.Sector.Name == "" || p.Agency == "" {
		return fmt.Errorf("%w: %s: name, sector and agency are required", ErrCatalogue, p.Code)
	}
	if p.Level < 2 || p.Level > 4 {
		return fmt.Errorf("%w: %s: level %d", ErrCatalogue, p.Code, p.Level)
	}
	switch p.Time.Unit {
	case UnitWorkingDays, UnitWorkingHours, UnitCalendarDays, UnitSameDay:
	default:
		return fmt.Errorf("%w: %s: time unit %q", ErrCatalogue, p.Code, p.Time.Unit)
	}
	if p.Time.Amount < 0 || (p.Time.Unit != UnitSameDay && p.Time.Amount == 0) {
		return fmt.Errorf("%w: %s: time amount %d", ErrCatalogue, p.Code, p.Time.Amount)
	}
	if len(p.Components) == 0 {
		return fmt.Errorf("%w: %s: no components", ErrCatalogue, p.Code)
	}
	if p.CompetentLevel != "" && !p.CompetentLevel.Valid() {
		return fmt.Errorf("%w: %s: competent_level %q (want commune, province or ministry)", ErrCatalogue, p.Code, p.CompetentLevel)
	}
	if p.CompetentAgencyCode != "" && !agencyRe.MatchString(p.CompetentAgencyCode) {
		return fmt.Errorf("%w: %s: competent_agency_code %q", ErrCatalogue, p.Code, p.CompetentAgencyCode)
	}
	return nil
}

// Catalogue is a searchable set of procedures. Build it with NewCatalogue; it is read-only
// afterwards and safe for concurrent use.
type Catalogue struct {
	procs  []Procedure
	folded []string // FoldVietnamese(name), same index
	padded []string // " " + folded + " ", for whole-word matches without allocating
	byCode map[string]int
}

//go:embed catalogue.json
var catalogueJSON []byte

// DefaultCatalogue is the embedded seed catalogue (replaced later by the portal's LayThuTuc pull).
func DefaultCatalogue() *Catalogue {
	c, err := LoadCatalogue(bytes.NewReader(catalogueJSON))
	if err != nil {
		panic("dossier: embedded catalogue: " + err.Error())
	}
	return c
}

// LoadCatalogue reads a JSON array of procedures.
func LoadCatalogue(r io.Reader) (*Catalogue, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var ps []Procedure
	if err := dec.Decode(&ps); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCatalogue, err)
	}
	return NewCatalogue(ps)
}

// NewCatalogue validates ps and indexes them.
func NewCatalogue(ps []Procedure) (*Catalogue, error) {
	c := &Catalogue{byCode: map[string]int{}}
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		if _, dup := c.byCode[p.Code]; dup {
			return nil, fmt.Errorf("%w: duplicate code %s", ErrCatalogue, p.Code)
		}
		c.byCode[p.Code] = len(c.procs)
		if p.LongCode != "" {
			c.byCode[p.LongCode] = len(c.procs)
		}
		c.procs = append(c.procs, p)
		f := FoldVietnamese(p.Name)
		c.folded = append(c.folded, f)
		c.padded = append(c.padded, " "+f+" ")
	}
	return c, nil
}

// All returns the procedures in catalogue order.
func (c *Catalogue) All() []Procedure { return append([]Procedure(nil), c.procs...) }

// Len is the number of procedures.
func (c *Catalogue) Len() int { return len(c.procs) }

// Get looks a procedure up by its short or long code.
func (c *Catalogue) Get(code string) (Procedure, bool) {
	i, ok := c.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Procedure{}, false
	}
	return c.procs[i], true
}

// Sectors lists the distinct sectors, by name.
func (c *Catalogue) Sectors() []Sector {
	seen := map[string]Sector{}
	for _, p := range c.procs {
		seen[p.Sector.Code] = p.Sector
	}
	out := make([]Sector, 0, len(seen))
	for _, s := range seen {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Search finds procedures by name or code, ignoring diacritics (đ→d included), case and extra
// spaces: "dang ky khai sinh" finds "Đăng ký khai sinh". Ranking: exact code, code prefix,
// name prefix, whole words in order, then all words anywhere. limit ≤ 0 means no limit.
func (c *Catalogue) Search(query string, limit int) []Procedure {
	q := FoldVietnamese(query)
	if q == "" {
		return nil
	}
	words := strings.Fields(q)
	pq := " " + q + " "
	type hit struct{ rank, idx int }
	var hits []hit
	for i, p := range c.procs {
		r := -1
		name := c.folded[i]
		switch {
		case p.Code == q || strings.EqualFold(p.LongCode, q):
			r = 0
		case strings.HasPrefix(p.Code, q) || hasPrefixFold(p.LongCode, q):
			r = 1
		case strings.HasPrefix(name, q):
			r = 2
		case strings.Contains(c.padded[i], pq):
			r = 3
		case strings.Contains(name, q):
			r = 4
		default:
			all := true
			for _, w := range words {
				if !strings.Contains(name, w) {
					all = false
					break
				}
			}
			if all {
				r = 5
			}
		}
		if r >= 0 {
			hits = append(hits, hit{r, i})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool {
		if hits[a].rank != hits[b].rank {
			return hits[a].rank < hits[b].rank
		}
		return len(c.folded[hits[a].idx]) < len(c.folded[hits[b].idx])
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]Procedure, len(hits))
	for i, h := range hits {
		out[i] = c.procs[h.idx]
	}
	return out
}

// hasPrefixFold is strings.HasPrefix ignoring ASCII case, without allocating.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// FoldVietnamese lower-cases s, removes diacritics (đ → d), turns punctuation other than
// '.' into spaces and collapses spaces, for diacritic-insensitive matching.
func FoldVietnamese(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.':
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}
