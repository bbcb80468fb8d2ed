package qcvn120

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

func TestGoldenRoundTrip(t *testing.T) {
	for _, p := range []Packet{sampleHoSo(), sampleTienDo(), sampleDanhGia(), sampleThongKe(), sampleThuTuc(), sampleHoiDap(),
		DongBoHoSoMC{}} {
		name := p.Service()
		if h, ok := p.(DongBoHoSoMC); ok && h.MaHoSo == "" {
			name = "DongBoHoSoMC_empty" // every key present, every array [] — no null
		}
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bytes.TrimSpace(want), got) {
				t.Fatalf("marshal differs from %s:\n%s", golden, got)
			}
			if bytes.Contains(got, []byte("null")) {
				t.Fatalf("null on the wire:\n%s", got)
			}
			assertAllScalarsStrings(t, got)
			if strings.HasSuffix(name, "_empty") {
				return
			}
			back, err := Decode(p.Service(), want)
			if err != nil {
				t.Fatalf("decode golden: %v", err)
			}
			again, _ := json.MarshalIndent(back, "", "  ")
			if !bytes.Equal(again, got) {
				t.Fatalf("round trip differs:\n%s", again)
			}
		})
	}
}

// assertAllScalarsStrings walks decoded JSON: every leaf must be a string.
func assertAllScalarsStrings(t *testing.T, b []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range x {
				walk(path+"[]", e)
			}
		case string:
		default:
			t.Errorf("%s is %T, not a string", path, v)
		}
	}
	walk("", v)
}

func TestTimeCodec(t *testing.T) {
	utc := time.Date(2023, 10, 27, 2, 32, 5, 0, time.UTC) // 09:32:05 in Ha Noi
	b, _ := json.Marshal(At(utc))
	if string(b) != `"20231027093205"` {
		t.Fatalf("got %s", b)
	}
	b, _ = json.Marshal(Time{})
	if string(b) != `""` {
		t.Fatalf("zero: got %s", b)
	}
	var tm Time
	if err := json.Unmarshal([]byte(`"20231027093205"`), &tm); err != nil || !tm.Equal(utc) {
		t.Fatalf("parse: %v %v", tm, err)
	}
	for _, bad := range []string{`"2023-10-27"`, `"20231327093205"`, `"2023102709320"`, `{}`} {
		if err := json.Unmarshal([]byte(bad), &tm); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestIntLenient(t *testing.T) {
	for in, want := range map[string]Int{`"12"`: 12, `12`: 12, `""`: 0, `null`: 0} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err != nil || n != want {
			t.Errorf("%s: %d %v", in, n, err)
		}
	}
	var n Int
	if err := json.Unmarshal([]byte(`"x1"`), &n); err == nil {
		t.Error("x1 accepted")
	}
}

func TestNilSliceIsEmptyArray(t *testing.T) {
	b, _ := json.Marshal(struct{ A List[int] }{})
	if string(b) != `{"A":[]}` {
		t.Fatal(string(b))
	}
	b, _ = json.Marshal(Envelope{Service: SvcDongBoHoSo})
	if !strings.Contains(string(b), `"data":[]`) || strings.Contains(string(b), "motcua") {
		t.Fatal(string(b))
	}
}

func TestLabels(t *testing.T) {
	if DaTraKetQua.Label() != "Đã trả kết quả" || TrangThaiHoSo(11).Valid() || !YeuCauBoSung.Valid() {
		t.Fatal("status labels")
	}
	if KenhBuuChinh.Label() != "Bưu chính công ích" || LoaiDoiTuong(5).Valid() || !NhanBuuChinh.Valid() {
		t.Fatal("labels")
	}
}

// mutate decodes golden into a map, applies set (nil value deletes), re-encodes.
func mutate(t *testing.T, golden string, set map[string]any) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", golden+".golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	out, _ := json.Marshal(m)
	return out
}

func TestValidationRefusals(t *testing.T) {
	long := strings.Repeat("ệ", 1001)
	cases := []struct {
		service string
		set     map[string]any
		field   string
		reason  string
	}{
		{SvcDongBoHoSo, map[string]any{"MaHoSo": "H56-231027-0361"}, "MaHoSo", ReasonFormat},
		{SvcDongBoHoSo, map[string]any{"MaHoSo": nil}, "MaHoSo", ReasonRequired},
		{SvcDongBoHoSo, map[string]any{"MaTTHC": "1.003560.000.00.00.H56"}, "MaTTHC", ReasonFormat},
		{SvcDongBoHoSo, map[string]any{"TrichYeuHoSo": ""}, "TrichYeuHoSo", ReasonRequired},
		{SvcDongBoHoSo, map[string]any{"TrichYeuHoSo": long}, "TrichYeuHoSo", ReasonTooLong},
		{SvcDongBoHoSo, map[string]any{"TrangThaiHoSo": "11"}, "TrangThaiHoSo", ReasonCode},
		{SvcDongBoHoSo, map[string]any{"TrangThaiHoSo": "abc"}, "TrangThaiHoSo", ReasonFormat},
		{SvcDongBoHoSo, map[string]any{"NgayTiepNhan": "27/10/2023"}, "NgayTiepNhan", ReasonDate},
		{SvcDongBoHoSo, map[string]any{"NgayTiepNhan": ""}, "NgayTiepNhan", ReasonRequired},
		{SvcDongBoHoSo, map[string]any{"NgayHenTra": "20231020090000"}, "NgayHenTra", ReasonOrder},
		{SvcDongBoHoSo, map[string]any{"TrangThaiHoSo": "10"}, "NgayTra", ReasonRequired},
		{SvcDongBoHoSo, map[string]any{"LoaiDoiTuong": "9"}, "LoaiDoiTuong", ReasonCode},
		{SvcDongBoHoSo, map[string]any{"HinhThuc": "2"}, "HinhThuc", ReasonCode},
		{SvcDongBoHoSo, map[string]any{"KenhThucHien": "4"}, "KenhThucHien", ReasonCode},
		{SvcDongBoHoSo, map[string]any{"DinhDanhCHS": []any{map[string]any{"LoaiDinhDanh": "1", "SoDinhDanh": "12345"}}}, "DinhDanhCHS[0].SoDinhDanh", ReasonFormat},
		{SvcDongBoHoSo, map[string]any{"DinhDanhCHS": []any{map[string]any{"LoaiDinhDanh": "x"}}}, "DinhDanhCHS.LoaiDinhDanh", ReasonFormat},
		{SvcCapNhatTienDo, map[string]any{"NguoiXuLy": strings.Repeat("a", 51)}, "NguoiXuLy", ReasonTooLong},
		{SvcCapNhatTienDo, map[string]any{"ThoiDiemXuLy": "2023102709"}, "ThoiDiemXuLy", ReasonDate},
		{SvcCapNhatTienDo, map[string]any{"TrangThai": "0"}, "TrangThai", ReasonCode},
		{SvcCapNhatTienDo, map[string]any{"NoiDungXuLy": ""}, "NoiDungXuLy", ReasonRequired},
		{SvcDongBoDanhGia, map[string]any{"MucDanhGia": "6"}, "MucDanhGia", ReasonRange},
		{SvcDongBoDanhGia, map[string]any{"MaDonVi": "H56"}, "MaDonVi", ReasonFormat},
		{SvcDongBoDanhGia, map[string]any{"MaHoSo": "abc"}, "MaHoSo", ReasonFormat},
		{SvcDongBoDanhGia, map[string]any{"MaHoSo": "", "MaTTHC": "2.0004"}, "MaTTHC", ReasonFormat},
		{SvcDongBoDanhGia, map[string]any{"MaDanhGia": ""}, "MaDanhGia", ReasonRequired},
		{SvcDongBoThongKe, map[string]any{"PhanTramXuLyDungHan": "94.567"}, "PhanTramXuLyDungHan", ReasonFormat},
		{SvcDongBoThongKe, map[string]any{"PhanTramXuLyDungHan": "-1"}, "PhanTramXuLyDungHan", ReasonFormat},
		{SvcDongBoThongKe, map[string]any{"PhanTramXuLyDungHan": ""}, "PhanTramXuLyDungHan", ReasonFormat},
		{SvcDongBoThongKe, map[string]any{"PhanTramXuLyTreHan": "100.01"}, "PhanTramXuLyTreHan", ReasonRange},
		{SvcDongBoThongKe, map[string]any{"Thang": "13"}, "Thang", ReasonRange},
		{SvcDongBoThongKe, map[string]any{"TongDaXuLy": "-1"}, "TongDaXuLy", ReasonRange},
		{SvcLayThuTuc, map[string]any{"MATTHC": "1003560"}, "MATTHC", ReasonFormat},
		{SvcDongBoHoiDap, map[string]any{"NOIDUNG": ""}, "NOIDUNG", ReasonRequired},
	}
	for _, c := range cases {
		t.Run(c.service+"/"+c.field, func(t *testing.T) {
			_, err := Decode(c.service, mutate(t, c.service, c.set))
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("want FieldError, got %v", err)
			}
			if fe.Field != c.field || !strings.HasPrefix(fe.Reason, c.reason) || fe.Packet != c.service {
				t.Fatalf("got %+v (%v)", fe, err)
			}
			if !strings.Contains(err.Error(), c.field) {
				t.Fatalf("message lacks field: %v", err)
			}
		})
	}
}

func TestGoodVariants(t *testing.T) {
	cases := []struct {
		service string
		set     map[string]any
	}{
		{SvcDongBoHoSo, map[string]any{"TrangThaiHoSo": "1", "NgayTiepNhan": "", "NgayHenTra": ""}},
		{SvcDongBoHoSo, map[string]any{"TrangThaiHoSo": "10", "NgayTra": "20231103100000"}},
		{SvcDongBoHoSo, map[string]any{"TrangThaiHoSo": 4, "LoaiDoiTuong": 2}}, // numbers from a proxy
		{SvcDongBoHoSo, map[string]any{"Email": "", "KenhThucHien": ""}},
		{SvcDongBoDanhGia, map[string]any{"MaHoSo": "STT-20231027-A001", "MaTTHC": "", "MucDanhGia": "3", "LyDo": "Chờ lâu"}},
		// A counter rating (no dossier) leaves MaHoSo and MaTTHC empty.
		{SvcDongBoDanhGia, map[string]any{"MaHoSo": "", "MaTTHC": "", "MucDanhGia": "1"}},
		{SvcDongBoThongKe, map[string]any{"PhanTramXuLyDungHan": "100.00"}},
	}
	for _, c := range cases {
		if _, err := Decode(c.service, mutate(t, c.service, c.set)); err != nil {
			t.Errorf("%s %v: %v", c.service, c.set, err)
		}
	}
}

func TestDecodeMisc(t *testing.T) {
	if _, err := Decode("Khac", []byte(`{}`)); !errors.Is(err, ErrUnknownService) {
		t.Fatal(err)
	}
	var fe *FieldError
	if _, err := Decode(SvcDongBoHoSo, []byte(`{"MaHoSo":`)); !errors.As(err, &fe) || !strings.HasPrefix(fe.Reason, ReasonJSON) {
		t.Fatal(err)
	}
	if AgencyOf("000.00.06.H56-231027-0361") != "000.00.06.H56" || AgencyOf("x-1") != "" {
		t.Fatal("AgencyOf")
	}
	fe = &FieldError{Packet: SvcCapNhatTienDo, Field: "NguoiXuLy", Reason: ReasonTooLong + ": 51 > 50 characters"}
	if got := fe.Error(); got != "CapNhatTienDoHoSoMC.NguoiXuLy: quá dài (51 > 50 characters) / too long: 51 > 50 characters" {
		t.Fatal(got)
	}
	if a, u, ok := sampleThuTuc().ThoiHan(KenhTrucTuyen); !ok || a != "1" || u != "Ngày làm việc" {
		t.Fatal(a, u, ok)
	}
}

// Scalars: the fast path for plain strings and the full decoder for
// escapes and broken UTF-8 give what encoding/json gives.
func TestScalarDecoding(t *testing.T) {
	for _, in := range []string{`"abc"`, `"Nguyễn Văn An"`, `""`, `"a\"b"`, `"\u0110\u1eb7ng"`, `"tab\there"`, "\"\xff\xfe\"", `12`, `null`, ` "x" `} {
		got, err := scalar([]byte(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		var want string
		if in != `12` && in != `null` {
			if err := json.Unmarshal([]byte(in), &want); err != nil {
				t.Fatalf("%q: %v", in, err)
			}
		} else if in == `12` {
			want = "12"
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{`{}`, `[]`, ``} {
		if _, err := scalar([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}
