package portal

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"time"

	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/thongke/tally"
)

// Rollups across the province (issue 16 item 6): the figures of every
// centre of the hierarchy and of the province, for a month, a year or any
// period. They are computed from the dossiers the portal holds, where a
// forwarded dossier (liên thông) is one row under the code of the centre
// that received it: it counts once, there (docs/DOMAIN.md, "Statistics
// of forwarded dossiers"). The counting rules are thongke/tally's, the
// same the centres use for their DongBoThongKeHoSo.

// Channels counts the dossiers received in the period by KenhThucHien.
type Channels struct {
	Direct int64 `json:"truc_tiep"`
	Online int64 `json:"truc_tuyen"`
	Post   int64 `json:"buu_chinh"`
}

// Figures are one unit's numbers for a period.
type Figures struct {
	tally.Counts
	OnTimeShare qcvn120.Percent `json:"phan_tram_dung_han"` // of those resolved
	ByChannel   Channels        `json:"theo_kenh"`
	// ForwardedOut: received here in the period for an agency another
	// centre decides (counted here). ForwardedIn: received elsewhere in
	// the period for an agency of this unit (counted where received).
	ForwardedOut int64 `json:"lien_thong_di"`
	ForwardedIn  int64 `json:"lien_thong_den"`
	// Ratings: level → count of ratings given in the period (anonymous).
	Ratings      map[int]int64 `json:"danh_gia"`
	RatingsTotal int64         `json:"so_danh_gia"`
}

func (f Figures) plus(o Figures) Figures {
	r := Figures{Counts: f.Counts.Plus(o.Counts), ForwardedOut: f.ForwardedOut + o.ForwardedOut, ForwardedIn: f.ForwardedIn + o.ForwardedIn,
		ByChannel:    Channels{f.ByChannel.Direct + o.ByChannel.Direct, f.ByChannel.Online + o.ByChannel.Online, f.ByChannel.Post + o.ByChannel.Post},
		RatingsTotal: f.RatingsTotal + o.RatingsTotal, Ratings: map[int]int64{}}
	for _, m := range []map[int]int64{f.Ratings, o.Ratings} {
		for l, n := range m {
			r.Ratings[l] += n
		}
	}
	r.OnTimeShare = qcvn120.Ratio(r.OnTime, r.Resolved)
	return r
}

// RollupUnit is one row of a rollup: a unit and its figures (its own
// dossiers and those of every unit under it).
type RollupUnit struct {
	Code     string `json:"ma"`
	Name     string `json:"ten"`
	Kind     string `json:"loai"`
	KindName string `json:"loai_ten"`
	HasChild bool   `json:"co_don_vi_con"`
	Figures
}

// PeriodRow is the figures of one calendar month of the period.
type PeriodRow struct {
	Month string `json:"thang"` // YYYY-MM
	tally.Counts
	OnTimeShare qcvn120.Percent `json:"phan_tram_dung_han"`
}

// SectorRow is the figures of one sector (lĩnh vực) of a centre.
type SectorRow struct {
	Sector string `json:"linh_vuc"`
	tally.Counts
	OnTimeShare qcvn120.Percent `json:"phan_tram_dung_han"`
}

// Rollup is the answer for one unit (the province by default): its
// figures, the path from the province down to it, the units right under
// it (drill-down), each month of the period when it spans more than one,
// and, for a centre, its sectors. A dossier under an agency code that no
// unit lists is shown under the province as "Chưa khai báo", so the rows
// always add up to the total.
type Rollup struct {
	From    string       `json:"tu"`
	To      string       `json:"den"`
	Unit    RollupUnit   `json:"don_vi"`
	Path    []RollupUnit `json:"duong_dan"`
	Rows    []RollupUnit `json:"don_vi_con"`
	Months  []PeriodRow  `json:"theo_thang"`
	Sectors []SectorRow  `json:"theo_linh_vuc"`
	// Reports: for a centre, the DongBoThongKeHoSo packets it sent beside
	// the portal's figures, month by month (reports_compare.go).
	Reports []ReportRow `json:"doi_chieu_bao_cao,omitempty"`
	Levels  []int       `json:"-"`
}

// errNoUnit: the unit asked for is not in the hierarchy.
var errNoUnit = errors.New("portal: no such unit")

// agencyFigures is what one pass over the dossiers gives per agency code.
type agencyFigures struct {
	f       Figures
	months  []tally.Counts
	sectors map[string]*tally.Counts
}

// rollupData is one pass over the stored dossiers and ratings for a period.
type rollupData struct {
	start, end time.Time
	months     []time.Time // first day of each calendar month touched
	by         map[string]*agencyFigures
}

func (d *rollupData) agency(a string) *agencyFigures {
	x := d.by[a]
	if x == nil {
		x = &agencyFigures{f: Figures{Ratings: map[int]int64{}}, months: make([]tally.Counts, len(d.months)), sectors: map[string]*tally.Counts{}}
		d.by[a] = x
	}
	return x
}

// collect reads the period once: every dossier's counts at its agency
// (the receiving centre), per month and per sector, and the ratings.
func collect(ctx context.Context, rs RollupStore, start, end, now time.Time) (*rollupData, error) {
	end = tally.Clamp(end, now)
	d := &rollupData{start: start, end: end, by: map[string]*agencyFigures{}}
	_ = tally.Months(start, end, now, func(m, _ time.Time) error { d.months = append(d.months, m); return nil })
	// The months are whole (as the centres' monthly packets), so the read
	// covers them all; Add keeps each count to its own period.
	from, to := start, end
	if len(d.months) > 0 {
		from, to = minTime(from, d.months[0]), maxTime(to, tally.Clamp(d.months[len(d.months)-1].AddDate(0, 1, 0), now))
	}
	err := rs.EachStatDossier(ctx, from, to, func(x StatDossier) error {
		a := d.agency(x.Agency)
		for i, m := range d.months {
			a.months[i].Add(x.Case, m, tally.Clamp(m.AddDate(0, 1, 0), now))
		}
		in, received := a.f.Add(x.Case, start, end)
		if !in {
			return nil
		}
		if received {
			switch qcvn120.KenhThucHien(x.Channel) {
			case qcvn120.KenhTrucTuyen:
				a.f.ByChannel.Online++
			case qcvn120.KenhBuuChinh:
				a.f.ByChannel.Post++
			default: // 1, or unset (0): in person
				a.f.ByChannel.Direct++
			}
			if x.ForwardedTo != "" {
				a.f.ForwardedOut++
				d.agency(x.ForwardedTo).f.ForwardedIn++
			}
		}
		sec := a.sectors[x.Sector]
		if sec == nil {
			sec = &tally.Counts{}
			a.sectors[x.Sector] = sec
		}
		sec.Add(x.Case, start, end)
		return nil
	})
	if err != nil {
		return nil, err
	}
	rc, err := rs.RatingCounts(ctx, start, end)
	if err != nil {
		return nil, err
	}
	for _, c := range rc {
		a := d.agency(c.Agency)
		a.f.Ratings[c.Level] += c.N
		a.f.RatingsTotal += c.N
	}
	return d, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// tree is the hierarchy with the agencies no unit lists added under the
// root, each as its own row.
type tree struct {
	root     string
	units    map[string]Unit
	children map[string][]string
	owner    map[string]string // agency code → unit code
}

func buildTree(units []Unit, d *rollupData) tree {
	t := tree{units: map[string]Unit{}, children: map[string][]string{}, owner: map[string]string{}}
	if len(units) == 0 {
		units = []Unit{{Code: "", Name: "Tất cả các đơn vị", Kind: KindProvince}}
	}
	t.root = units[0].Code
	for _, u := range units {
		t.units[u.Code] = u
		if u.Kind != KindProvince {
			t.children[u.Parent] = append(t.children[u.Parent], u.Code)
			t.owner[u.Code] = u.Code
			for _, a := range u.Agencies {
				t.owner[a] = u.Code
			}
		}
	}
	var stray []string
	for a := range d.by {
		if _, ok := t.owner[a]; !ok {
			stray = append(stray, a)
		}
	}
	sort.Strings(stray)
	for _, a := range stray {
		t.units[a] = Unit{Code: a, Name: "Đơn vị chưa khai báo (" + a + ")", Parent: t.root}
		t.children[t.root] = append(t.children[t.root], a)
		t.owner[a] = a
	}
	return t
}

// agenciesOf lists the agency codes of a unit and of every unit under it.
func (t tree) agenciesOf(code string) []string {
	var out []string
	for a, o := range t.owner {
		if o == code {
			out = append(out, a)
		}
	}
	for _, c := range t.children[code] {
		out = append(out, t.agenciesOf(c)...)
	}
	return out
}

func (t tree) row(code string, d *rollupData) RollupUnit {
	u := t.units[code]
	r := RollupUnit{Code: u.Code, Name: u.Name, Kind: u.Kind, KindName: KindName(u.Kind), HasChild: len(t.children[code]) > 0,
		Figures: Figures{Ratings: map[int]int64{}, OnTimeShare: "0.00"}}
	for _, a := range t.agenciesOf(code) {
		if x := d.by[a]; x != nil {
			r.Figures = r.Figures.plus(x.f)
		}
	}
	return r
}

// rollup computes the answer for unit code ("" = the province).
func (s *Server) rollup(ctx context.Context, rs RollupStore, code string, start, end time.Time) (Rollup, error) {
	units, err := rs.Units(ctx)
	if err != nil {
		return Rollup{}, err
	}
	d, err := collect(ctx, rs, start, end, s.o.Now())
	if err != nil {
		return Rollup{}, err
	}
	t := buildTree(units, d)
	if code == "" {
		code = t.root
	}
	if _, ok := t.units[code]; !ok {
		return Rollup{}, errNoUnit
	}
	r := tally.NewAnswer("", start, end)
	out := Rollup{From: r.Tu, To: r.Den, Unit: t.row(code, d), Rows: []RollupUnit{}, Months: []PeriodRow{}, Sectors: []SectorRow{}}
	for c := code; ; c = t.units[c].Parent {
		out.Path = append([]RollupUnit{{Code: c, Name: t.units[c].Name, Kind: t.units[c].Kind, KindName: KindName(t.units[c].Kind)}}, out.Path...)
		if c == t.root || len(out.Path) > 4 {
			break
		}
	}
	own := t.units[code]
	if len(t.children[code]) > 0 && own.Kind != KindProvince {
		// A provincial centre's own dossiers, beside its branches'.
		self := t.row(code, d)
		self.Figures = Figures{Ratings: map[int]int64{}, OnTimeShare: "0.00"}
		for a, o := range t.owner {
			if x := d.by[a]; o == code && x != nil {
				self.Figures = self.Figures.plus(x.f)
			}
		}
		self.Name, self.HasChild = own.Name+" (trụ sở)", false
		out.Rows = append(out.Rows, self)
	}
	for _, c := range t.children[code] {
		out.Rows = append(out.Rows, t.row(c, d))
	}
	agencies := t.agenciesOf(code)
	for i, m := range d.months {
		if len(d.months) < 2 {
			break // the period is within one month: its figures are the unit's
		}
		var n tally.Counts
		for _, a := range agencies {
			if x := d.by[a]; x != nil {
				n = n.Plus(x.months[i])
			}
		}
		out.Months = append(out.Months, PeriodRow{Month: m.Format("2006-01"), Counts: n, OnTimeShare: qcvn120.Ratio(n.OnTime, n.Resolved)})
	}
	if own.Kind != KindProvince {
		secs := map[string]tally.Counts{}
		for _, a := range agencies {
			if x := d.by[a]; x != nil {
				for name, n := range x.sectors {
					secs[name] = secs[name].Plus(*n)
				}
			}
		}
		for name, n := range secs {
			if name == "" {
				name = "(chưa ghi lĩnh vực)"
			}
			out.Sectors = append(out.Sectors, SectorRow{Sector: name, Counts: n, OnTimeShare: qcvn120.Ratio(n.OnTime, n.Resolved)})
		}
		sort.Slice(out.Sectors, func(i, j int) bool { return out.Sectors[i].Sector < out.Sectors[j].Sector })
		var mine []string // this centre's own agency codes (its branches send their own)
		for a, o := range t.owner {
			if o == code {
				mine = append(mine, a)
			}
		}
		sort.Strings(mine)
		if out.Reports, err = s.compareReports(ctx, mine, d); err != nil {
			return Rollup{}, err
		}
	}
	levels := map[int]bool{}
	for l := range out.Unit.Ratings {
		levels[l] = true
	}
	for l := range levels {
		out.Levels = append(out.Levels, l)
	}
	sort.Ints(out.Levels)
	return out, nil
}

// periodOf reads the period of a statistics request; none given is the
// current month.
func (s *Server) periodOf(q url.Values) (time.Time, time.Time, error) {
	if q.Get("thang") == "" && q.Get("nam") == "" && q.Get("tu") == "" && q.Get("den") == "" {
		q = url.Values{"thang": {s.o.Now().In(qcvn120.Location).Format("2006-01")}}
	}
	return tally.ParsePeriod(q)
}

// periodStats is DongBoThongKeHoSo for any period at the portal (the
// national portal's pull): for an agency code, its own dossiers, as that
// centre computes them; for the province's code, the whole province.
func (s *Server) periodStats(ctx context.Context, rs RollupStore, code string, start, end time.Time) (tally.Answer, error) {
	units, err := rs.Units(ctx)
	if err != nil {
		return tally.Answer{}, err
	}
	name := ""
	province := len(units) > 0 && units[0].Code == code
	for _, u := range units {
		if u.Code == code {
			name = u.Name
		}
	}
	d, err := collect(ctx, rs, start, end, s.o.Now())
	if err != nil {
		return tally.Answer{}, err
	}
	var total tally.Counts
	months := make([]tally.Counts, len(d.months))
	for a, x := range d.by {
		if a != code && !province {
			continue
		}
		total = total.Plus(x.f.Counts)
		for i := range d.months {
			months[i] = months[i].Plus(x.months[i])
		}
	}
	ans := tally.NewAnswer(code, start, end)
	ans.TongHop = total.Packet(code, name, start)
	for i, m := range d.months {
		ans.TheoThang = append(ans.TheoThang, months[i].Packet(code, name, m))
	}
	return ans, nil
}
