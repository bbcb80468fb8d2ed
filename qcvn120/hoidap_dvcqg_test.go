package qcvn120

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// wireKeys marshals v and returns its keys, checking every value is a string.
func wireKeys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k, x := range m {
		keys = append(keys, k)
		if _, ok := x.(string); !ok {
			t.Errorf("%s is %T on the wire, want a string", k, x)
		}
	}
	sort.Strings(keys)
	return keys
}

func sameKeys(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	w := append([]string(nil), want...)
	sort.Strings(w)
	if !reflect.DeepEqual(got, w) {
		t.Fatalf("%s keys %v, want %v", what, got, w)
	}
}

func fieldOf(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// The list answer as OpenCPS's extractFAQResult reads it: ids and status
// as JSON numbers, all 13 fields.
const openCPSHoiDapItem = `{"HOIDAPID": 40213, "MALINHVUC": "HT", "TENDONVI": "UBND phường Hoàn Kiếm",
 "NOIDUNG": "Làm lại giấy khai sinh bị mất cần gì?", "MADONVI": "000.00.06.H26",
 "NOIDUNGTRALOI": "Mang tờ khai và giấy tờ tùy thân.", "TRALOIID": 5521, "HOVATEN": "Trần Thị Chi",
 "THUDIENTU": "chi@example.vn", "DIACHI": "12 Hàng Bạc", "SODIENTHOAI": "0987654321",
 "MATTHCDP": "1.001193", "TRANGTHAI": 1}`

func TestHoiDapDVCQGEveryField(t *testing.T) {
	var q HoiDapDVCQG
	if err := json.Unmarshal([]byte(openCPSHoiDapItem), &q); err != nil {
		t.Fatal(err)
	}
	want := HoiDapDVCQG{HOIDAPID: "40213", MALINHVUC: "HT", TENDONVI: "UBND phường Hoàn Kiếm",
		NOIDUNG: "Làm lại giấy khai sinh bị mất cần gì?", MADONVI: "000.00.06.H26",
		NOIDUNGTRALOI: "Mang tờ khai và giấy tờ tùy thân.", TRALOIID: "5521", HOVATEN: "Trần Thị Chi",
		THUDIENTU: "chi@example.vn", DIACHI: "12 Hàng Bạc", SODIENTHOAI: "0987654321", MATTHCDP: "1.001193", TRANGTHAI: "1"}
	if q != want {
		t.Fatalf("decoded\n got %+v\nwant %+v", q, want)
	}
	if err := q.Validate(); err != nil || !q.Answered() {
		t.Fatalf("valid answered item: %v %v", err, q.Answered())
	}
	sameKeys(t, "LayDanhSachHoiDap item", wireKeys(t, q), "HOIDAPID", "MALINHVUC", "TENDONVI", "NOIDUNG", "MADONVI",
		"NOIDUNGTRALOI", "TRALOIID", "HOVATEN", "THUDIENTU", "DIACHI", "SODIENTHOAI", "MATTHCDP", "TRANGTHAI")
	// Round trip keeps every field.
	b, _ := json.Marshal(q)
	var back HoiDapDVCQG
	if err := json.Unmarshal(b, &back); err != nil || back != q {
		t.Fatalf("round trip %+v %v", back, err)
	}
	// The public view has no identity or contact of the asker.
	p := q.Public()
	if p.HOVATEN != "" || p.THUDIENTU != "" || p.DIACHI != "" || p.SODIENTHOAI != "" || p.NOIDUNG != q.NOIDUNG || p.NOIDUNGTRALOI != q.NOIDUNGTRALOI {
		t.Fatalf("public view %+v", p)
	}
	// Unanswered: TRALOIID 0.
	var u HoiDapDVCQG
	json.Unmarshal([]byte(`{"HOIDAPID": 7, "NOIDUNG": "Hỏi", "TRALOIID": 0}`), &u)
	if u.Answered() || u.Validate() != nil {
		t.Fatalf("unanswered %+v", u)
	}
	for _, c := range []struct {
		edit  func(*HoiDapDVCQG)
		field string
	}{
		{func(q *HoiDapDVCQG) { q.HOIDAPID = "" }, "HOIDAPID"},
		{func(q *HoiDapDVCQG) { q.NOIDUNG = "" }, "NOIDUNG"},
		{func(q *HoiDapDVCQG) { q.NOIDUNG = strings.Repeat("a", MaxHoiDapText+1) }, "NOIDUNG"},
		{func(q *HoiDapDVCQG) { q.MADONVI = "H26" }, "MADONVI"},
		{func(q *HoiDapDVCQG) { q.TRANGTHAI = "2" }, "TRANGTHAI"},
		{func(q *HoiDapDVCQG) { q.NOIDUNGTRALOI = strings.Repeat("a", MaxHoiDapText+1) }, "NOIDUNGTRALOI"},
		{func(q *HoiDapDVCQG) { q.SODIENTHOAI = Str(strings.Repeat("9", 51)) }, "SODIENTHOAI"},
	} {
		x := want
		c.edit(&x)
		if f := fieldOf(x.Validate()); f != c.field {
			t.Errorf("want a refusal of %s, got %q", c.field, f)
		}
	}
}

func TestLayNoiDungTraLoiTheoCauHoi(t *testing.T) {
	req := LayNoiDungTraLoiTheoCauHoiRequest{CauHoiID: "40213"}
	sameKeys(t, "request", wireKeys(t, req), "cauhoiid")
	var r LayNoiDungTraLoiTheoCauHoiRequest
	if err := json.Unmarshal([]byte(`{"cauhoiid": 40213}`), &r); err != nil || r != req || r.Validate() != nil {
		t.Fatalf("OpenCPS request (a number): %+v %v", r, err)
	}
	if fieldOf(LayNoiDungTraLoiTheoCauHoiRequest{}.Validate()) != "cauhoiid" {
		t.Fatal("empty cauhoiid accepted")
	}
	var a TraLoiDVCQG
	if err := json.Unmarshal([]byte(`{"TRALOIID": 5521, "NOIDUNGTRALOI": "Mang tờ khai."}`), &a); err != nil {
		t.Fatal(err)
	}
	if a != (TraLoiDVCQG{TRALOIID: "5521", NOIDUNGTRALOI: "Mang tờ khai."}) || a.Validate() != nil {
		t.Fatalf("answer %+v", a)
	}
	sameKeys(t, "answer", wireKeys(t, a), "TRALOIID", "NOIDUNGTRALOI")
	if fieldOf(TraLoiDVCQG{TRALOIID: "1"}.Validate()) != "NOIDUNGTRALOI" {
		t.Fatal("empty answer accepted")
	}
}

func TestDongBoKetQuaHoiDapGuiTuDVCQG(t *testing.T) {
	// As OpenCPS builds it: HOIDAPID the portal's question id, the date as dd/MM/yyyy.
	in := `{"HOIDAPID": 40213, "MADONVI": "000.00.06.H26", "NGUOITRALOI": "Trần Thị Bình",
		"CHUCVUNGUOITRALOI": "cb", "NGAYTRALOI": "05/12/2026", "NOIDUNGTRALOI": "Mang tờ khai."}`
	var a DongBoKetQuaHoiDapGuiTuDVCQG
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	want := DongBoKetQuaHoiDapGuiTuDVCQG{HOIDAPID: "40213", MADONVI: "000.00.06.H26", NGUOITRALOI: "Trần Thị Bình",
		CHUCVUNGUOITRALOI: "cb", NGAYTRALOI: "05/12/2026", NOIDUNGTRALOI: "Mang tờ khai."}
	if a != want || a.Validate() != nil || a.Service() != SvcDongBoKetQuaHoiDapGuiTuDVCQG {
		t.Fatalf("decoded %+v (%v)", a, a.Validate())
	}
	sameKeys(t, "DongBoKetQuaHoiDapGuiTuDVCQG", wireKeys(t, a), "HOIDAPID", "MADONVI", "NGUOITRALOI", "CHUCVUNGUOITRALOI", "NGAYTRALOI", "NOIDUNGTRALOI")
	ok := want
	ok.NGAYTRALOI = "20261205101500"
	if err := ok.Validate(); err != nil {
		t.Fatalf("yyyyMMddHHmmss date: %v", err)
	}
	for _, c := range []struct {
		edit  func(*DongBoKetQuaHoiDapGuiTuDVCQG)
		field string
	}{
		{func(a *DongBoKetQuaHoiDapGuiTuDVCQG) { a.HOIDAPID = "" }, "HOIDAPID"},
		{func(a *DongBoKetQuaHoiDapGuiTuDVCQG) { a.MADONVI = "x" }, "MADONVI"},
		{func(a *DongBoKetQuaHoiDapGuiTuDVCQG) { a.NGUOITRALOI = "" }, "NGUOITRALOI"},
		{func(a *DongBoKetQuaHoiDapGuiTuDVCQG) { a.CHUCVUNGUOITRALOI = strings.Repeat("a", 101) }, "CHUCVUNGUOITRALOI"},
		{func(a *DongBoKetQuaHoiDapGuiTuDVCQG) { a.NGAYTRALOI = "2026-12-05" }, "NGAYTRALOI"},
		{func(a *DongBoKetQuaHoiDapGuiTuDVCQG) { a.NOIDUNGTRALOI = "" }, "NOIDUNGTRALOI"},
	} {
		x := want
		c.edit(&x)
		if f := fieldOf(x.Validate()); f != c.field {
			t.Errorf("want a refusal of %s, got %q", c.field, f)
		}
	}
}
