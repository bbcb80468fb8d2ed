package portal_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/thongke/tally"
)

// The province of the rollup tests: portaltest's centres c1 (agencies 06
// and 09) and c2 (07) arranged as a ward centre (06), the provincial
// centre (07) and its branch (09).
const (
	ward, provCentre, branch = "000.00.06.H56", "000.00.07.H56", "000.00.09.H56"
	hierarchyH56             = `{"tinh":{"ma":"H56","ten":"Tỉnh Khánh Hòa"},
 "trung_tam":[{"ma":"000.00.07.H56","ten":"Trung tâm Phục vụ hành chính công tỉnh","loai":"trung_tam_tinh"},
  {"ma":"000.00.09.H56","ten":"Trung tâm Phục vụ hành chính công tỉnh – Chi nhánh số 1","loai":"chi_nhanh","thuoc":"000.00.07.H56"},
  {"ma":"000.00.06.H56","ten":"Trung tâm Phục vụ hành chính công phường Nha Trang","loai":"trung_tam_xa"}]}`
)

func day(m time.Month, d int) qcvn120.Time { return vn(2023, m, d, 9) }

// seeded is one dossier of the data set.
type seeded struct {
	code            string
	status          qcvn120.TrangThaiHoSo
	recv, due, done qcvn120.Time
	channel         qcvn120.KenhThucHien
}

func (s seeded) packet() qcvn120.DongBoHoSoMC {
	h := hoso(s.code, s.status)
	h.NgayTiepNhan, h.NgayHenTra, h.KenhThucHien = s.recv, s.due, s.channel
	h.NgayKetThucXuLy, h.NgayTra = qcvn120.Time{}, qcvn120.Time{}
	if s.status.Done() {
		h.NgayKetThucXuLy = s.done
		if s.status == 10 {
			h.NgayTra = s.done
		}
	}
	if s.status == 3 {
		h.NgayHenTra, h.NgayTuChoi = qcvn120.Time{}, s.done
	}
	return h
}

// seedProvince ingests, through the portal's API as the centres send
// them, a month of dossiers (November 2023) with one carried over, one
// finished before, one refused, and one received at the ward and decided
// at the provincial centre (liên thông), plus ratings.
func seedProvince(t *testing.T, e *portaltest.Env) {
	t.Helper()
	ctx := context.Background()
	if _, err := portal.ImportHierarchy(ctx, e.Store, []byte(hierarchyH56)); err != nil {
		t.Fatal(err)
	}
	c1, c2 := client.New(e.URL, "c1", "secret1"), client.New(e.URL, "c2", "secret2")
	direct, online, post := qcvn120.KenhTrucTiep, qcvn120.KenhTrucTuyen, qcvn120.KenhBuuChinh
	fwd := ward + "-231106-0006"
	data := []struct {
		c *client.Client
		s seeded
	}{
		{c1, seeded{ward + "-231102-0001", 10, day(11, 2), day(11, 9), day(11, 8), direct}},      // on time
		{c1, seeded{ward + "-231103-0002", 9, day(11, 3), day(11, 10), day(11, 14), online}},     // late
		{c1, seeded{ward + "-231020-0003", 4, day(10, 20), day(10, 27), qcvn120.Time{}, direct}}, // carried, open, overdue
		{c1, seeded{ward + "-231120-0004", 4, day(11, 20), day(12, 5), qcvn120.Time{}, post}},    // open, in time
		{c1, seeded{ward + "-231105-0005", 3, day(11, 5), qcvn120.Time{}, day(11, 5), direct}},   // refused at receipt
		{c1, seeded{fwd, 2, day(11, 6), day(11, 20), qcvn120.Time{}, direct}},                    // forwarded to 07
		{c1, seeded{ward + "-231001-0007", 10, day(10, 1), day(10, 20), day(10, 15), direct}},    // finished in October
		{c2, seeded{provCentre + "-231110-0001", 10, day(11, 10), day(11, 30), day(11, 25), direct}},
		{c1, seeded{branch + "-231112-0001", 4, day(11, 12), day(11, 20), qcvn120.Time{}, online}},
	}
	for i, d := range data {
		res, err := d.c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{{ID: int64(i + 1), Key: d.s.code, Version: 1, Payload: raw(t, d.s.packet())}})
		if err != nil || res.Items[0].ErrorCode != qcvn120.ItemOK {
			t.Fatalf("dossier %s: %+v %v", d.s.code, res, err)
		}
	}
	// Liên thông: the ward forwards, the provincial centre processes and
	// resolves it (versions 2 and 3, under the ward's code).
	if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: provCentre, HoSo: raw(t, data[5].s.packet()), PhienBan: 1}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		v int64
		s seeded
	}{{2, seeded{fwd, 4, day(11, 6), day(11, 20), qcvn120.Time{}, direct}}, {3, seeded{fwd, 10, day(11, 6), day(11, 20), day(11, 18), direct}}} {
		res, err := c2.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{{ID: 100 + v.v, Key: fwd, Version: v.v, Payload: raw(t, v.s.packet())}})
		if err != nil || res.Items[0].ErrorCode != qcvn120.ItemOK || res.Items[0].Outcome != qcvn120.Applied {
			t.Fatalf("deciding centre's v%d: %+v %v", v.v, res, err)
		}
	}
	rating := func(c *client.Client, id, agency string, level int, at qcvn120.Time) {
		t.Helper()
		r := qcvn120.DongBoDanhGia{MaDanhGia: qcvn120.Str(id), MaDonVi: agency, MaHoSo: "STT-20231110-A001", MaCauHoi: "THAIDO",
			MucDanhGia: qcvn120.Int(level), ThoiGianDanhGia: at}
		res, err := c.SendItems(ctx, qcvn120.SvcDongBoDanhGia, []client.Item{{ID: 1, Key: id, Version: 1, Payload: raw(t, r)}})
		if err != nil || res.Items[0].ErrorCode != qcvn120.ItemOK {
			t.Fatalf("rating %s: %+v %v", id, res, err)
		}
	}
	rating(c1, "r1", ward, 1, day(11, 8))
	rating(c1, "r2", ward, 1, day(11, 9))
	rating(c1, "r3", ward, 2, day(11, 14))
	rating(c1, "r4", ward, 3, day(10, 14)) // October
	rating(c2, "r5", provCentre, 3, day(11, 25))
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v\n%s", url, err, b)
		}
	}
	return resp.StatusCode
}

// fig is the expected figures of one unit.
type fig struct {
	recv, carried, done, onTime, late, open, openOK, openLate int64
	direct, online, post, out, in                             int64
	ratings                                                   map[int]int64
}

func checkFigures(t *testing.T, what string, got portal.Figures, want fig) {
	t.Helper()
	c := got.Counts
	for _, f := range []struct {
		name      string
		got, want int64
	}{
		{"so_nhan_trong_ky", c.Received, want.recv}, {"so_ton_ky_truoc", c.Carried, want.carried},
		{"tong_da_xu_ly", c.Resolved, want.done}, {"dung_han", c.OnTime, want.onTime}, {"tre_han", c.Late, want.late},
		{"chua_xu_ly", c.Open, want.open}, {"chua_xu_ly_trong_han", c.OpenOnTime, want.openOK}, {"chua_xu_ly_tre_han", c.OpenLate, want.openLate},
		{"truc_tiep", got.ByChannel.Direct, want.direct}, {"truc_tuyen", got.ByChannel.Online, want.online}, {"buu_chinh", got.ByChannel.Post, want.post},
		{"lien_thong_di", got.ForwardedOut, want.out}, {"lien_thong_den", got.ForwardedIn, want.in},
	} {
		if f.got != f.want {
			t.Errorf("%s: %s = %d, want %d", what, f.name, f.got, f.want)
		}
	}
	if share := qcvn120.Ratio(want.onTime, want.done); got.OnTimeShare != share {
		t.Errorf("%s: phan_tram_dung_han = %s, want %s", what, got.OnTimeShare, share)
	}
	var total int64
	for l, n := range want.ratings {
		total += n
		if got.Ratings[l] != n {
			t.Errorf("%s: ratings level %d = %d, want %d", what, l, got.Ratings[l], n)
		}
	}
	if len(got.Ratings) != len(want.ratings) || got.RatingsTotal != total {
		t.Errorf("%s: ratings %v (total %d), want %v", what, got.Ratings, got.RatingsTotal, want.ratings)
	}
}

var (
	wantWard   = fig{5, 1, 3, 2, 1, 2, 1, 1, 3, 1, 1, 1, 0, map[int]int64{1: 2, 2: 1}}
	wantOwn07  = fig{1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, map[int]int64{3: 1}}
	wantBranch = fig{1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, map[int]int64{}}
	want07     = fig{2, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, map[int]int64{3: 1}}
	// The forwarded dossier counts once: 5 + 1 + 1 received, not 8.
	wantProvince = fig{7, 1, 4, 3, 1, 3, 1, 2, 4, 2, 1, 1, 1, map[int]int64{1: 2, 2: 1, 3: 1}}
)

// TestProvinceRollup checks every figure of every unit against the seeded
// data set, on both stores: the province, its drill-down to the
// provincial centre and its branch, the ward, a year by month, and
// DongBoThongKeHoSo for any period at the portal.
func TestProvinceRollup(t *testing.T) {
	for _, dsn := range []string{"", "postgres"} {
		name := map[string]string{"": "sqlite", "postgres": "postgres"}[dsn]
		t.Run(name, func(t *testing.T) {
			if dsn != "" {
				dsn = pgtest.URL(t)
			}
			now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
			e := portaltest.Start(t, dsn, portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
			seedProvince(t, e)

			var p portal.Rollup
			if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop?thang=2023-11", &p); st != http.StatusOK {
				t.Fatalf("province: %d", st)
			}
			if p.From != "2023-11-01" || p.To != "2023-11-30" || p.Unit.Code != "H56" || p.Unit.Kind != portal.KindProvince || len(p.Path) != 1 {
				t.Fatalf("province: %+v", p)
			}
			checkFigures(t, "province", p.Unit.Figures, wantProvince)
			if len(p.Rows) != 2 || p.Rows[0].Code != provCentre || p.Rows[1].Code != ward || !p.Rows[0].HasChild || p.Rows[1].HasChild {
				t.Fatalf("province rows: %+v", p.Rows)
			}
			checkFigures(t, "provincial centre (with branch)", p.Rows[0].Figures, want07)
			checkFigures(t, "ward", p.Rows[1].Figures, wantWard)
			if len(p.Months) != 0 {
				t.Errorf("one month has no month table: %+v", p.Months)
			}

			var c portal.Rollup
			if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop/"+provCentre+"?thang=2023-11", &c); st != http.StatusOK {
				t.Fatalf("drill-down: %d", st)
			}
			if len(c.Path) != 2 || c.Path[0].Code != "H56" || c.Path[1].Code != provCentre || len(c.Rows) != 2 ||
				c.Rows[0].Code != provCentre || c.Rows[1].Code != branch || c.Rows[1].Kind != portal.KindBranch {
				t.Fatalf("provincial centre: %+v", c)
			}
			checkFigures(t, "provincial centre", c.Unit.Figures, want07)
			checkFigures(t, "provincial centre's own", c.Rows[0].Figures, wantOwn07)
			checkFigures(t, "branch", c.Rows[1].Figures, wantBranch)
			if len(c.Sectors) != 1 || c.Sectors[0].Sector != "Hộ tịch" || c.Sectors[0].Counts != want07.counts() {
				t.Errorf("sectors: %+v", c.Sectors)
			}

			var y portal.Rollup
			if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop/"+ward+"?nam=2023", &y); st != http.StatusOK {
				t.Fatalf("year: %d", st)
			}
			if len(y.Months) != 12 || y.Months[9].Month != "2023-10" || y.Months[10].Month != "2023-11" {
				t.Fatalf("months: %+v", y.Months)
			}
			// October at the ward: 0003 (open, overdue at the end of the
			// month) and 0007 (resolved on time) received.
			if oct := y.Months[9].Counts; oct != (tally.Counts{Received: 2, Resolved: 1, OnTime: 1, Open: 1, OpenLate: 1}) {
				t.Errorf("October: %+v", oct)
			}
			if nov := y.Months[10].Counts; nov != wantWard.counts() {
				t.Errorf("November: %+v, want %+v", nov, wantWard.counts())
			}
			// The year: seven received, 0004 overdue by 31 December.
			checkFigures(t, "ward, 2023", y.Unit.Figures, fig{7, 0, 4, 3, 1, 2, 0, 2, 5, 1, 1, 1, 0, map[int]int64{1: 2, 2: 1, 3: 1}})

			// DongBoThongKeHoSo for any period (the national portal's pull).
			var a tally.Answer
			if st := getJSON(t, e.URL+"/api/v1/thong-ke-ho-so?ma_don_vi="+ward+"&thang=2023-11", &a); st != http.StatusOK {
				t.Fatalf("DongBoThongKeHoSo: %d", st)
			}
			want := wantWard.counts().Packet(ward, "Trung tâm Phục vụ hành chính công phường Nha Trang", time.Date(2023, 11, 1, 0, 0, 0, 0, qcvn120.Location))
			if a.MaDonVi != ward || a.Tu != "2023-11-01" || a.Den != "2023-11-30" || a.TongHop != want || len(a.TheoThang) != 1 || a.TheoThang[0] != want {
				t.Fatalf("DongBoThongKeHoSo:\n got %+v\nwant %+v", a, want)
			}
			if err := a.TongHop.Validate(); err != nil {
				t.Errorf("the packet does not validate: %v", err)
			}
			if a.TongHop.PhanTramXuLyDungHan != "66.67" || a.TongHop.TongSoXuLy != 6 {
				t.Errorf("packet: %+v", a.TongHop)
			}
			var pa tally.Answer
			if st := getJSON(t, e.URL+"/api/v1/thong-ke-ho-so?ma_don_vi=H56&tu=2023-10-15&den=2023-11-30", &pa); st != http.StatusOK {
				t.Fatalf("province, a period: %d", st)
			}
			// From 15 October: 0007 (received 1/10, resolved 15/10 at 9:00)
			// is carried over and resolved in it; 0003 (20/10) and the seven
			// of November are received in it.
			wp := tally.Counts{Received: 8, Carried: 1, Resolved: 5, OnTime: 4, Late: 1, Open: 3, OpenOnTime: 1, OpenLate: 2}
			if pa.TongHop != wp.Packet("H56", "Tỉnh Khánh Hòa", time.Date(2023, 10, 15, 0, 0, 0, 0, qcvn120.Location)) || len(pa.TheoThang) != 2 ||
				pa.TheoThang[0].Thang != 10 || pa.TheoThang[0].SoNhanTrongKy != 2 || pa.TheoThang[1].SoNhanTrongKy != 7 {
				t.Errorf("province 15/10–30/11: %+v", pa)
			}
			for _, bad := range []string{"?ma_don_vi=x&thang=2023-11", "?ma_don_vi=H56&thang=2023-13", "?ma_don_vi=H56&tu=2023-01-01&den=2024-12-31"} {
				if st := getJSON(t, e.URL+"/api/v1/thong-ke-ho-so"+bad, &a); st != http.StatusBadRequest {
					t.Errorf("%s: %d", bad, st)
				}
			}
			if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop/000.00.99.H56?thang=2023-11", &p); st != http.StatusNotFound {
				t.Errorf("unknown unit: %d", st)
			}
		})
	}
}

func (f fig) counts() tally.Counts {
	return tally.Counts{Received: f.recv, Carried: f.carried, Resolved: f.done, OnTime: f.onTime, Late: f.late, Open: f.open, OpenOnTime: f.openOK, OpenLate: f.openLate}
}

// TestHierarchyFile: the checks on the hierarchy file.
func TestHierarchyFile(t *testing.T) {
	units, err := portal.ParseHierarchy([]byte(hierarchyH56))
	if err != nil || len(units) != 4 || units[0].Kind != portal.KindProvince || units[3].Parent != "H56" || units[2].Parent != provCentre {
		t.Fatalf("%+v %v", units, err)
	}
	for name, f := range map[string]string{
		"bad province code":   `{"tinh":{"ma":"56","ten":"X"},"trung_tam":[{"ma":"000.00.06.H56","ten":"A","loai":"trung_tam_xa"}]}`,
		"centre of another":   `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[{"ma":"000.00.06.H26","ten":"A","loai":"trung_tam_xa"}]}`,
		"unknown kind":        `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[{"ma":"000.00.06.H56","ten":"A","loai":"huyen"}]}`,
		"branch of a ward":    `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[{"ma":"000.00.06.H56","ten":"A","loai":"trung_tam_xa"},{"ma":"000.00.07.H56","ten":"B","loai":"chi_nhanh","thuoc":"000.00.06.H56"}]}`,
		"agency twice":        `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[{"ma":"000.00.06.H56","ten":"A","loai":"trung_tam_xa"},{"ma":"000.00.07.H56","ten":"B","loai":"trung_tam_tinh","co_quan":["000.00.06.H56"]}]}`,
		"no name":             `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[{"ma":"000.00.06.H56","ten":" ","loai":"trung_tam_xa"}]}`,
		"unknown field":       `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[{"ma":"000.00.06.H56","ten":"A","loai":"trung_tam_xa","x":1}]}`,
		"ward under a centre": `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[{"ma":"000.00.07.H56","ten":"B","loai":"trung_tam_tinh"},{"ma":"000.00.06.H56","ten":"A","loai":"trung_tam_xa","thuoc":"000.00.07.H56"}]}`,
		"no centre":           `{"tinh":{"ma":"H56","ten":"X"},"trung_tam":[]}`,
	} {
		if _, err := portal.ParseHierarchy([]byte(f)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if units, err := portal.ParseHierarchy(portal.DemoHierarchy); err != nil || len(units) != 6 || units[2].Code != "000.00.01.H26" || units[4].Code != "000.00.06.H26" {
		t.Fatalf("demo hierarchy: %+v %v", units, err)
	}
}

// The page shows the same figures, in Vietnamese, with drill-down links.
func TestRollupPage(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	seedProvince(t, e)
	resp, err := http.Get(e.URL + "/thong-ke/tong-hop?thang=2023-11")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	for _, s := range []string{"Tổng hợp tình hình giải quyết hồ sơ – Tỉnh Khánh Hòa", "từ 01/11/2023 đến 30/11/2023",
		`href="/thong-ke/tong-hop/000.00.07.H56?thang=2023-11"`, "Trung tâm Phục vụ hành chính công phường Nha Trang", "Liên thông",
		"<td>Tổng cộng</td><td>7</td><td>1</td><td>4</td><td>3</td>"} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("status %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	resp, err = http.Get(e.URL + "/thong-ke/tong-hop?thang=2023-99")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "Tháng không hợp lệ") {
		t.Errorf("bad month: %d", resp.StatusCode)
	}
}

// `motcua run` puts the demo hierarchy in an empty portal, never over one
// an administrator imported.
func TestEnsureHierarchy(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	if done, err := portal.EnsureHierarchy(ctx, e.Store, []byte(hierarchyH56)); !done || err != nil {
		t.Fatalf("empty store: %v %v", done, err)
	}
	if done, err := portal.EnsureHierarchy(ctx, e.Store, portal.DemoHierarchy); done || err != nil {
		t.Fatalf("second: %v %v", done, err)
	}
	units, err := e.Store.(portal.RollupStore).Units(ctx)
	if err != nil || len(units) != 4 || units[0].Code != "H56" {
		t.Fatalf("kept: %+v %v", units, err)
	}
}

// A centre missing from the hierarchy still adds up (its own row under the
// province); the rollups share the public statistics' budget per client
// address, and the agency code of the DongBoThongKeHoSo pull is checked.
func TestRollupStrayAgencyAndLimits(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	seedProvince(t, e)
	noBranch := `{"tinh":{"ma":"H56","ten":"Tỉnh Khánh Hòa"},"trung_tam":[{"ma":"000.00.07.H56","ten":"Trung tâm tỉnh","loai":"trung_tam_tinh"},
	 {"ma":"000.00.06.H56","ten":"Trung tâm phường","loai":"trung_tam_xa"}]}`
	if _, err := portal.ImportHierarchy(context.Background(), e.Store, []byte(noBranch)); err != nil {
		t.Fatal(err)
	}
	var p portal.Rollup
	if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop?thang=2023-11", &p); st != http.StatusOK {
		t.Fatalf("%d", st)
	}
	checkFigures(t, "province", p.Unit.Figures, wantProvince)
	if len(p.Rows) != 3 || p.Rows[2].Code != branch || p.Rows[2].Kind != "" || p.Rows[2].Name != "Đơn vị chưa khai báo (000.00.09.H56)" {
		t.Fatalf("rows: %+v", p.Rows)
	}
	checkFigures(t, "undeclared", p.Rows[2].Figures, wantBranch)
	checkFigures(t, "provincial centre without its branch", p.Rows[0].Figures, wantOwn07)

	// At most MaxRollups computed at once: the others are told to come back, none fails.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(e.URL + "/api/v1/thong-ke/tong-hop?nam=2023")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusTooManyRequests {
				t.Errorf("concurrent: %d", resp.StatusCode)
			}
		}()
	}
	wg.Wait()

	limited := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1, LookupBurst: 2})
	codes := []int{}
	for _, u := range []string{"/api/v1/thong-ke/tong-hop?thang=2023-11", "/thong-ke/tong-hop?thang=2023-11", "/api/v1/thong-ke-ho-so?ma_don_vi=H56&thang=2023-11"} {
		resp, err := http.Get(limited.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != http.StatusTooManyRequests {
		t.Errorf("budget of 2: %v", codes)
	}
}
