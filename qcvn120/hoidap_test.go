package qcvn120

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The 11 fields of DongBoHoiDap, as listed in docs/QCVN120.md.
var hoiDapFields = []string{"HOIDAPID", "MaLinhVuc", "NOIDUNG", "MADONVI", "TENDONVI", "TRALOIID",
	"NOIDUNGTRALOI", "NGUOITRALOI", "CHUCVUNGUOITRALOI", "NGAYTRALOI", "TRANGTHAI"}

func TestHoiDapHasEveryFieldOnTheWire(t *testing.T) {
	for _, p := range []DongBoHoiDap{sampleHoiDap(), {}} {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var got []string
		for k, v := range m {
			got = append(got, k)
			if _, ok := v.(string); !ok {
				t.Errorf("%s is %T on the wire, want a string", k, v)
			}
		}
		want := append([]string(nil), hoiDapFields...)
		sort.Strings(got)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("keys %v, want %v", got, want)
		}
	}
}

func TestHoiDapRoundTripEveryField(t *testing.T) {
	in := sampleHoiDap()
	b, _ := json.Marshal(in)
	p, err := Decode(SvcDongBoHoiDap, b)
	if err != nil {
		t.Fatal(err)
	}
	out := p.(DongBoHoiDap)
	if !out.NGAYTRALOI.Equal(in.NGAYTRALOI.Time) {
		t.Fatalf("NGAYTRALOI %v, want %v", out.NGAYTRALOI, in.NGAYTRALOI)
	}
	out.NGAYTRALOI, in.NGAYTRALOI = Time{}, Time{}
	if out != in {
		t.Fatalf("round trip\n got %+v\nwant %+v", out, in)
	}
	if !out.Public() {
		t.Fatal("an answered public Q&A is Public()")
	}
}

// OpenCPS (syncFAQToDVCQG) sends HOIDAPID as a JSON number and only the
// five question fields: accepted, and not publishable (no TRANGTHAI).
func TestHoiDapAcceptsOpenCPSShape(t *testing.T) {
	item := `{"HOIDAPID": 40213, "MaLinhVuc": "HT", "NOIDUNG": "Hỏi về khai sinh", "MADONVI": "000.00.06.H56", "TENDONVI": "UBND"}`
	p, err := Decode(SvcDongBoHoiDap, []byte(item))
	if err != nil {
		t.Fatal(err)
	}
	q := p.(DongBoHoiDap)
	if q.HOIDAPID != "40213" || q.TRANGTHAI != "" || q.Public() {
		t.Fatalf("got %+v", q)
	}
}

func TestHoiDapValidation(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*DongBoHoiDap)
		field  string
		reason string
	}{
		{"no id", func(q *DongBoHoiDap) { q.HOIDAPID = "" }, "HOIDAPID", ReasonRequired},
		{"no question", func(q *DongBoHoiDap) { q.NOIDUNG = " " }, "NOIDUNG", ReasonRequired},
		{"question too long", func(q *DongBoHoiDap) { q.NOIDUNG = strings.Repeat("ạ", MaxHoiDapText+1) }, "NOIDUNG", ReasonTooLong},
		{"bad agency", func(q *DongBoHoiDap) { q.MADONVI = "H56" }, "MADONVI", ReasonFormat},
		{"unknown status", func(q *DongBoHoiDap) { q.TRANGTHAI = "2" }, "TRANGTHAI", ReasonCode},
		{"answer without text", func(q *DongBoHoiDap) { q.NOIDUNGTRALOI = "" }, "NOIDUNGTRALOI", ReasonRequired},
		{"answer without id", func(q *DongBoHoiDap) { q.TRALOIID = "" }, "TRALOIID", ReasonRequired},
		{"answer without author", func(q *DongBoHoiDap) { q.NGUOITRALOI = "" }, "NGUOITRALOI", ReasonRequired},
		{"answer without date", func(q *DongBoHoiDap) { q.NGAYTRALOI = Time{} }, "NGAYTRALOI", ReasonRequired},
		{"answer too long", func(q *DongBoHoiDap) { q.NOIDUNGTRALOI = strings.Repeat("a", MaxHoiDapText+1) }, "NOIDUNGTRALOI", ReasonTooLong},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := sampleHoiDap()
			c.edit(&q)
			b, _ := json.Marshal(q)
			_, err := Decode(SvcDongBoHoiDap, b)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("want FieldError, got %v", err)
			}
			if fe.Field != c.field || !strings.HasPrefix(fe.Reason, c.reason) {
				t.Fatalf("got %+v, want %s %s", fe, c.field, c.reason)
			}
		})
	}
	// A question alone (no answer fields at all) is valid.
	q := sampleHoiDap()
	q.TRALOIID, q.NOIDUNGTRALOI, q.NGUOITRALOI, q.CHUCVUNGUOITRALOI, q.NGAYTRALOI = "", "", "", "", Time{}
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	if q.Public() {
		t.Fatal("an unanswered question is not Public()")
	}
}

// What real senders do and the standard allows: OpenCPS sends percentages
// as "0" and may leave ChuHoSo empty.
func TestInteropOpenCPSValues(t *testing.T) {
	s := sampleThongKe()
	for _, v := range []Percent{"0", "94.5", "100", "0.00", "100.00"} {
		s.PhanTramXuLyDungHan = v
		if err := s.Validate(); err != nil {
			t.Errorf("percentage %q refused: %v", v, err)
		}
	}
	s.PhanTramXuLyDungHan = "100.5"
	if err := s.Validate(); err == nil {
		t.Error("100.5 accepted")
	}
	h := sampleHoSo()
	h.ChuHoSo = ""
	if err := h.Validate(); err != nil {
		t.Errorf("empty ChuHoSo refused: %v", err)
	}
	// motcua itself still sends two decimals.
	if Ratio(0, 0) != "0.00" || Ratio(1, 3) != "33.33" {
		t.Errorf("Ratio %q %q", Ratio(0, 0), Ratio(1, 3))
	}
}

// The 28 top-level keys of LayThuTuc (docs/QCVN120.md), each on the wire
// and each round-tripped.
var thuTucFields = []string{"ID", "MATTHC", "TENTTHC", "LOAITTHC", "TRANGTHAI", "MACOQUANCONGBO", "IDQUYETDINHCONGBO",
	"YEUCAU", "MOTADOITUONGTHUCHIEN", "LINHVUCTHUCHIEN", "TRINHTUTHUCHIEN", "CACHTHUCTHUCHIEN", "DOITUONGTHUCHIEN",
	"KETQUATHUCHIEN", "CANCUPHAPLY", "COQUANTHUCHIEN", "CAPTHUCHIEN", "THANHPHANHOSO", "MOTACOQUANTHUCHIEN",
	"MOTACOQUANTHAMQUYEN", "DIACHITIEPNHAN", "TUKHOA", "MOTA", "COQUANCOTHAMQUYEN", "COQUANDUOCUYQUYEN",
	"COQUANPHOIHOP", "TTHCLIENQUAN", "TTHCLIENTHONG"}

func TestThuTucEveryField(t *testing.T) {
	if len(thuTucFields) != 28 {
		t.Fatalf("%d fields", len(thuTucFields))
	}
	in := sampleThuTuc()
	b, _ := json.Marshal(in)
	var m map[string]json.RawMessage
	json.Unmarshal(b, &m)
	var got []string
	for k := range m {
		got = append(got, k)
	}
	want := append([]string(nil), thuTucFields...)
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("keys %v\nwant %v", got, want)
	}
	p, err := Decode(SvcLayThuTuc, b)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(p)
	if string(out) != string(b) {
		t.Fatalf("round trip\n got %s\nwant %s", out, b)
	}
	// An empty procedure still sends every list as [].
	e, _ := json.Marshal(LayThuTuc{})
	for _, k := range []string{"COQUANCOTHAMQUYEN", "TTHCLIENQUAN", "TTHCLIENTHONG"} {
		if !strings.Contains(string(e), `"`+k+`":[]`) {
			t.Errorf("%s not [] in %s", k, e)
		}
	}
}

func TestDanhSachPAKNCongKhai(t *testing.T) {
	// The shape OpenCPS's petition page reads (phananhkiennghi/Landing.vue).
	answer := `{"DanhSachPAKNCongKhai":[{"Id":1021,"Ten":"Nguyễn V*** A","TieuDe":"Đèn đường hỏng","NgayGuiPAKN":"/Date(1700000000000)/",
		"NoiDungPAKN":"Đèn đường ngõ 5 hỏng đã lâu.","NoiDungTraLoi":"Đã sửa ngày 20/11.","TrangThai":"3","TongSo":"57"}]}`
	var l DanhSachPAKNCongKhai
	if err := json.Unmarshal([]byte(answer), &l); err != nil {
		t.Fatal(err)
	}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	p := l.DanhSachPAKNCongKhai[0]
	if p.Id != "1021" || p.TongSo != 57 || p.NoiDungTraLoi != "Đã sửa ngày 20/11." || p.NgayGuiPAKN != "/Date(1700000000000)/" {
		t.Fatalf("%+v", p)
	}
	b, _ := json.Marshal(l)
	var back DanhSachPAKNCongKhai
	json.Unmarshal(b, &back)
	if !reflect.DeepEqual(back, l) {
		t.Fatalf("round trip %s", b)
	}
	var m map[string][]map[string]any
	json.Unmarshal(b, &m)
	if n := len(m["DanhSachPAKNCongKhai"][0]); n != 8 {
		t.Fatalf("%d fields on the wire, want 8", n)
	}
	l.DanhSachPAKNCongKhai[0].NoiDungPAKN = ""
	var fe *FieldError
	if err := l.Validate(); !errors.As(err, &fe) || fe.Field != "DanhSachPAKNCongKhai[0].NoiDungPAKN" {
		t.Fatalf("empty NoiDungPAKN: %v", err)
	}
	for _, r := range []DanhSachPAKNCongKhaiRequest{{TrangHienTai: 0, SoBanGhiMoiTrang: 10}, {TrangHienTai: 1, SoBanGhiMoiTrang: 101}} {
		if r.Validate() == nil {
			t.Errorf("request %+v accepted", r)
		}
	}
	if err := (DanhSachPAKNCongKhaiRequest{TrangHienTai: 1, SoBanGhiMoiTrang: 10, Keyword: "đèn"}).Validate(); err != nil {
		t.Fatal(err)
	}
}
