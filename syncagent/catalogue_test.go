package syncagent_test

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/syncagent"
)

func loadLayThuTuc(t *testing.T) qcvn120.LayThuTuc {
	t.Helper()
	b, err := os.ReadFile("testdata/laythutuc.json")
	must(t, err)
	var p qcvn120.LayThuTuc
	must(t, json.Unmarshal(b, &p))
	return p
}

// withTime sets the in-person channel's processing time.
func withTime(p qcvn120.LayThuTuc, amount, unit string) qcvn120.LayThuTuc {
	p.CACHTHUCTHUCHIEN = append(qcvn120.List[qcvn120.CachThucThucHien](nil), p.CACHTHUCTHUCHIEN...)
	for i, c := range p.CACHTHUCTHUCHIEN {
		if c.KENH == 1 {
			tg := append(qcvn120.List[qcvn120.ThoiGian](nil), c.THOIGIAN...)
			tg[0].THOIGIANGIAIQUYET, tg[0].DONVITINH = qcvn120.Str(amount), unit
			p.CACHTHUCTHUCHIEN[i].THOIGIAN = tg
		}
	}
	return p
}

func TestFromLayThuTucFullMapping(t *testing.T) {
	got, err := syncagent.FromLayThuTuc(loadLayThuTuc(t))
	must(t, err)
	want := dossier.Procedure{
		Code: "1.001193", Name: "Thủ tục đăng ký khai sinh", Sector: dossier.Sector{Code: "HT", Name: "Hộ tịch"}, Level: 2,
		AdminLevel: 3, Time: dossier.ProcessingTime{Amount: 3, Unit: dossier.UnitWorkingDays},
		// Only the in-person channel's fees; a fee without a description gets a generic name.
		Fees:       []dossier.Fee{{Name: "Lệ phí đăng ký khai sinh", Amount: 8000}, {Name: "Phí, lệ phí", Amount: 2000}},
		Components: []dossier.Component{{Name: "Tờ khai đăng ký khai sinh", Originals: 1}, {Name: "Giấy chứng sinh", Originals: 1, Copies: 1}},
		Agency:     "UBND phường Hàng Trống", Result: "Giấy khai sinh",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}

func TestFromLayThuTucUnits(t *testing.T) {
	base := loadLayThuTuc(t)
	for _, tc := range []struct {
		amount, unit string
		want         dossier.ProcessingTime
		err          string
	}{
		{"3", "Ngày làm việc", dossier.ProcessingTime{Amount: 3, Unit: dossier.UnitWorkingDays}, ""},
		{" 15 ", "ngày làm việc", dossier.ProcessingTime{Amount: 15, Unit: dossier.UnitWorkingDays}, ""},
		{"1,5", "Ngày làm việc", dossier.ProcessingTime{Amount: 2, Unit: dossier.UnitWorkingDays}, ""},
		{"10", "Ngày", dossier.ProcessingTime{Amount: 10, Unit: dossier.UnitCalendarDays}, ""},
		{"30", "NGÀY", dossier.ProcessingTime{Amount: 30, Unit: dossier.UnitCalendarDays}, ""},
		{"4", "Giờ", dossier.ProcessingTime{Amount: 4, Unit: dossier.UnitWorkingHours}, ""},
		{"8", "Giờ làm việc", dossier.ProcessingTime{Amount: 8, Unit: dossier.UnitWorkingHours}, ""},
		{"0.5", "Giờ", dossier.ProcessingTime{Amount: 1, Unit: dossier.UnitWorkingHours}, ""},
		{"1", "Trong ngày", dossier.ProcessingTime{Unit: dossier.UnitSameDay}, ""},
		{"0", "Trong ngày", dossier.ProcessingTime{Unit: dossier.UnitSameDay}, ""},
		{"0", "Ngày", dossier.ProcessingTime{Unit: dossier.UnitSameDay}, ""},
		{"", "Ngày làm việc", dossier.ProcessingTime{}, "not a number"},
		{"ba", "Ngày", dossier.ProcessingTime{}, "not a number"},
		{"-1", "Ngày", dossier.ProcessingTime{}, "not a number"},
		{"2", "Tuần", dossier.ProcessingTime{}, "unknown time unit"},
	} {
		t.Run(tc.amount+" "+tc.unit, func(t *testing.T) {
			got, err := syncagent.FromLayThuTuc(withTime(base, tc.amount, tc.unit))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			must(t, err)
			if got.Time != tc.want {
				t.Fatalf("time %+v, want %+v", got.Time, tc.want)
			}
		})
	}
}

func TestFromLayThuTucRefusesIncomplete(t *testing.T) {
	online := loadLayThuTuc(t)
	online.CACHTHUCTHUCHIEN = online.CACHTHUCTHUCHIEN[:1] // only KENH 2
	noParts := loadLayThuTuc(t)
	noParts.THANHPHANHOSO = nil
	badCode := loadLayThuTuc(t)
	badCode.MATTHC = "2.0004"
	for name, p := range map[string]qcvn120.LayThuTuc{"no in-person channel": online, "no components": noParts, "bad code": badCode} {
		if _, err := syncagent.FromLayThuTuc(p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// PullCatalogue through a real portal: convertible entries are stored at
// the centre, the others come back as reasons.
func TestPullCatalogueFromPortal(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	good := loadLayThuTuc(t)
	good.MATTHC = "1.001193"
	other := withTime(loadLayThuTuc(t), "2", "Tuần")
	other.MATTHC = "2.000488"
	data, _ := json.Marshal([]qcvn120.LayThuTuc{good, other})
	if n, err := portal.ImportCatalogue(ctx, p.st, data); err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	c := newCentre(t, nil)
	stored, skipped, err := syncagent.PullCatalogue(ctx, c.db, p.client(""))
	must(t, err)
	if stored != 1 || len(skipped) != 1 || !strings.Contains(skipped[0].Error(), "2.000488") {
		t.Fatalf("stored %d, skipped %v", stored, skipped)
	}
	procs, err := c.db.Procedures(ctx)
	must(t, err)
	var got dossier.Procedure
	must(t, json.Unmarshal(procs["1.001193"], &got))
	if len(procs) != 1 || got.Time != (dossier.ProcessingTime{Amount: 3, Unit: dossier.UnitWorkingDays}) {
		t.Fatalf("stored procedures %v", procs)
	}
}
