package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/thongke/tally"
)

// The kinds of unit in a province's hierarchy (issue 16 item 6): the
// province, its provincial public administration service centre, the
// centre's branches, and the commune/ward centres.
const (
	KindProvince       = "tinh"
	KindProvinceCentre = "trung_tam_tinh"
	KindBranch         = "chi_nhanh"
	KindCommuneCentre  = "trung_tam_xa"
)

// KindName is the Vietnamese name of a unit kind.
func KindName(kind string) string {
	switch kind {
	case KindProvince:
		return "Tỉnh, thành phố"
	case KindProvinceCentre:
		return "Trung tâm cấp tỉnh"
	case KindBranch:
		return "Chi nhánh"
	case KindCommuneCentre:
		return "Trung tâm cấp xã"
	}
	return "Chưa khai báo"
}

// MaxUnits bounds a hierarchy (a province has a few hundred communes at
// most; the country 3,321).
const MaxUnits = 5000

// Unit is one node of the hierarchy. A centre's Code is its agency code
// (the MaHoSo prefix of the dossiers it receives, MaDonVi of its
// packets); Agencies lists further agency codes that belong to it — the
// departments it decides for, whose forwarded dossiers (liên thông) it
// receives. The province's Code is its letter-and-digits code (H26).
type Unit struct {
	Code     string   `json:"ma"`
	Name     string   `json:"ten"`
	Kind     string   `json:"loai"`
	Parent   string   `json:"thuoc,omitempty"`
	Agencies []string `json:"co_quan,omitempty"`
}

// HierarchyFile is the file `motcua portal don-vi import` reads.
type HierarchyFile struct {
	Province Unit   `json:"tinh"`
	Centres  []Unit `json:"trung_tam"`
}

var reProvince = regexp.MustCompile(`^[A-Z]\d{2}$`)

// ParseHierarchy reads and checks a hierarchy file: one province; every
// centre a valid agency code of that province, named, of a centre kind;
// a branch under a provincial centre, any other centre under the
// province; no agency code twice. The units come back province first.
func ParseHierarchy(data []byte) ([]Unit, error) {
	var f HierarchyFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("hierarchy: %w", err)
	}
	p := f.Province
	if !reProvince.MatchString(p.Code) {
		return nil, fmt.Errorf("hierarchy: tinh.ma %q is not a province code such as H26", p.Code)
	}
	if err := checkName(p.Name); err != nil {
		return nil, fmt.Errorf("hierarchy: tinh.ten: %w", err)
	}
	if len(f.Centres) == 0 || len(f.Centres) >= MaxUnits {
		return nil, fmt.Errorf("hierarchy: %d centres (1 to %d)", len(f.Centres), MaxUnits-1)
	}
	p.Kind, p.Parent, p.Agencies = KindProvince, "", nil
	units := []Unit{p}
	owner := map[string]string{} // agency code → unit
	kind := map[string]string{}
	for i, c := range f.Centres {
		where := fmt.Sprintf("hierarchy: trung_tam[%d] (%s)", i, c.Code)
		if !qcvn120.ValidAgency(c.Code) || !strings.HasSuffix(c.Code, "."+p.Code) {
			return nil, fmt.Errorf("%s: ma must be an agency code of %s such as 000.00.06.%s", where, p.Code, p.Code)
		}
		if err := checkName(c.Name); err != nil {
			return nil, fmt.Errorf("%s: ten: %w", where, err)
		}
		switch c.Kind {
		case KindProvinceCentre, KindCommuneCentre, KindBranch:
		default:
			return nil, fmt.Errorf("%s: loai %q (one of %s, %s, %s)", where, c.Kind, KindProvinceCentre, KindBranch, KindCommuneCentre)
		}
		if len(c.Agencies) > 100 {
			return nil, fmt.Errorf("%s: co_quan: at most 100", where)
		}
		for _, a := range append([]string{c.Code}, c.Agencies...) {
			if !qcvn120.ValidAgency(a) {
				return nil, fmt.Errorf("%s: co_quan %q is not an agency code", where, a)
			}
			if o, dup := owner[a]; dup {
				return nil, fmt.Errorf("%s: agency %s already belongs to %s", where, a, o)
			}
			owner[a] = c.Code
		}
		kind[c.Code] = c.Kind
		if c.Parent == "" {
			c.Parent = p.Code
		}
		units = append(units, c)
	}
	for _, c := range units[1:] {
		switch {
		case c.Kind == KindBranch && kind[c.Parent] != KindProvinceCentre:
			return nil, fmt.Errorf("hierarchy: branch %s: thuoc must be a provincial centre of the file, not %q", c.Code, c.Parent)
		case c.Kind != KindBranch && c.Parent != p.Code:
			return nil, fmt.Errorf("hierarchy: centre %s: thuoc must be the province %s (only branches sit under a centre)", c.Code, p.Code)
		}
	}
	return units, nil
}

func checkName(s string) error {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 200 || !utf8.ValidString(s) {
		return fmt.Errorf("1 to 200 characters")
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("control character")
		}
	}
	return nil
}

// ImportHierarchy checks a hierarchy file and puts it in place of the
// stored one (the store must keep a hierarchy: RollupStore).
func ImportHierarchy(ctx context.Context, st Store, data []byte) ([]Unit, error) {
	rs, ok := st.(RollupStore)
	if !ok {
		return nil, fmt.Errorf("hierarchy: this store keeps none")
	}
	units, err := ParseHierarchy(data)
	if err != nil {
		return nil, err
	}
	return units, rs.PutUnits(ctx, units)
}

// StatDossier is what the rollups read of one dossier the portal holds.
type StatDossier struct {
	Agency      string // MaHoSo prefix: the receiving centre
	Case        tally.Case
	Channel     int    // KenhThucHien: 1 direct, 2 online, 3 post
	ForwardedTo string // the agency it was forwarded to (liên thông), "" if none
	Sector      string // TenLinhVuc
}

// RatingCount is the number of ratings of one level at one agency.
type RatingCount struct {
	Agency string
	Level  int
	N      int64
}

// RollupStore is the storage of the hierarchy and the rollups' reads
// (both stores in portal/store implement it).
type RollupStore interface {
	// PutUnits replaces the hierarchy.
	PutUnits(ctx context.Context, units []Unit) error
	// Units returns the hierarchy, province first ([] when none).
	Units(ctx context.Context) ([]Unit, error)
	// EachStatDossier calls fn, one row at a time, for every received
	// dossier received before end that was not finished before start.
	EachStatDossier(ctx context.Context, start, end time.Time, fn func(StatDossier) error) error
	// RatingCounts counts ratings given in [start, end) by agency and level.
	RatingCounts(ctx context.Context, start, end time.Time) ([]RatingCount, error)
}
