package dossier

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

const exampleQR = "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021"

func TestParseCCCDExample(t *testing.T) {
	c, err := ParseCCCD(exampleQR + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	want := CCCD{
		ID: "001099012345", OldID: "123456789", FullName: "Nguyễn Văn An", Gender: "Nam",
		DOB: dateIn(1999, 8, 15), IssueDate: dateIn(2021, 5, 10),
		Address: "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", Raw: exampleQR + "\r\n",
	}
	if c.ID != want.ID || c.OldID != want.OldID || c.FullName != want.FullName || c.Gender != want.Gender ||
		!c.DOB.Equal(want.DOB) || !c.IssueDate.Equal(want.IssueDate) || c.Address != want.Address || c.Raw != want.Raw || c.Extra != nil {
		t.Fatalf("got %+v\nwant %+v", c, want)
	}
	if c.ProvinceCode() != "001" {
		t.Errorf("province %q", c.ProvinceCode())
	}
}

func TestParseCCCDVariants(t *testing.T) {
	tests := []struct {
		name, in string
		fullName string
		gender   string
		oldID    string
		extra    []string
		dobYear  int
	}{
		{"empty CMND", "001099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", "Nguyễn Văn An", "Nam", "", nil, 1999},
		{"female 2000s", "079305000123||Trần Thị Bích Ngọc|01022005|Nữ|Quận 1, TP. Hồ Chí Minh|20032021", "Trần Thị Bích Ngọc", "Nữ", "", nil, 2005},
		{"female 1900s", "038185000001|172000111|Lê Thị Hoa|31121985|Nữ|Thanh Hóa|01012016", "Lê Thị Hoa", "Nữ", "172000111", nil, 1985},
		{"male 2000s", "001212000999||Phạm Minh Đức|29022012|Nam|Hà Nội|01072024", "Phạm Minh Đức", "Nam", "", nil, 2012},
		{"NFD name and gender, extra spaces", "001099012345||" + norm.NFD.String("  Nguyễn   Văn  An ") + "|15081999|" + norm.NFD.String("Nam") + "|Hà Nội|10052021", "Nguyễn Văn An", "Nam", "", nil, 1999},
		{"căn cước extra fields", "001099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10072024|Nguyễn Văn Bố|Trần Thị Mẹ|", "Nguyễn Văn An", "Nam", "", []string{"Nguyễn Văn Bố", "Trần Thị Mẹ", ""}, 1999},
		{"12-digit old CMND", "001099012345|001099000001|Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", "Nguyễn Văn An", "Nam", "001099000001", nil, 1999},
		{"ethnic minority name", "066195000321||H'Hen Niê|05061995|Nữ|Buôn Ma Thuột, Đắk Lắk|10052021", "H'Hen Niê", "Nữ", "", nil, 1995},
		{"lower-case gender", "001099012345||Nguyễn Văn An|15081999|nam|Hà Nội|10052021", "Nguyễn Văn An", "Nam", "", nil, 1999},
		{"BOM", "\ufeff001099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", "Nguyễn Văn An", "Nam", "", nil, 1999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCCCD(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if c.FullName != tt.fullName || c.Gender != tt.gender || c.OldID != tt.oldID || c.DOB.Year() != tt.dobYear || !slices.Equal(c.Extra, tt.extra) {
				t.Fatalf("got %+v", c)
			}
			if c.Raw != tt.in {
				t.Error("raw not kept")
			}
		})
	}
}

func TestParseCCCDErrors(t *testing.T) {
	tests := []struct {
		name, in string
		field    string
		kind     error
	}{
		{"empty", "", FieldAll, ErrCCCDFormat},
		{"not a CCCD", "https://example.com/qr", FieldAll, ErrCCCDFormat},
		{"too few fields", "001099012345||Nguyễn Văn An|15081999|Nam|Hà Nội", FieldAll, ErrCCCDFormat},
		{"short id", "00109901234||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", FieldID, ErrCCCDFormat},
		{"letter in id", "00109901234A||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", FieldID, ErrCCCDFormat},
		{"province 000", "000099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", FieldID, ErrCCCDFormat},
		{"bad old id", "001099012345|12345|Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", FieldOldID, ErrCCCDFormat},
		{"empty name", "001099012345|| |15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDFormat},
		{"symbol in name", "001099012345||Nguyễn Văn @n|15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDFormat},
		{"bad dob", "001099012345||Nguyễn Văn An|31021999|Nam|Hà Nội|10052021", FieldDOB, ErrCCCDFormat},
		{"dob with slashes", "001099012345||Nguyễn Văn An|15/08/1999|Nam|Hà Nội|10052021", FieldDOB, ErrCCCDFormat},
		{"bad gender", "001099012345||Nguyễn Văn An|15081999|Male|Hà Nội|10052021", FieldGender, ErrCCCDFormat},
		{"empty address", "001099012345||Nguyễn Văn An|15081999|Nam||10052021", FieldAddress, ErrCCCDFormat},
		{"bad issue date", "001099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|2021-05-10", FieldIssueDate, ErrCCCDFormat},
		{"gender digit mismatch", "001199012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", FieldGender, ErrCCCDMismatch},
		{"century mismatch", "001299012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", FieldDOB, ErrCCCDMismatch},
		{"year digits mismatch", "001098012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021", FieldDOB, ErrCCCDMismatch},
		{"issued before birth", "001099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10051998", FieldIssueDate, ErrCCCDMismatch},
		{"invalid utf-8", "001099012345||Nguy\xffn Văn An|15081999|Nam|Hà Nội|10052021", FieldAll, ErrCCCDIME},
		{"telex name", "001099012345||Nguyeenx Vawn An|15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDIME},
		{"telex dd", "001099012345||Phạm Minh ddức|15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDIME},
		{"telex tone key left", "001099012345||Nguyễnx Văn An|15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDIME},
		{"vni name", "001099012345||Nguye64n Va8n An|15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDIME},
		{"mojibake name", "001099012345||Nguyá»…n VÄƒn An|15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDIME},
		{"two tones", "001099012345||Nguyễń Văn An|15081999|Nam|Hà Nội|10052021", FieldName, ErrCCCDIME},
		{"telex gender", "001099012345||Nguyễn Thị An|15081999|Nuwx|Hà Nội|10052021", FieldGender, ErrCCCDIME},
		{"stripped gender", "001199012345||Nguyễn Thị An|15081999|Nu|Hà Nội|10052021", FieldGender, ErrCCCDIME},
		{"vni address", "001099012345||Nguyễn Văn An|15081999|Nam|Ha2 No65i|10052021", FieldAddress, ErrCCCDIME},
		{"mojibake address", "001099012345||Nguyễn Văn An|15081999|Nam|HÃ  Ná»™i|10052021", FieldAddress, ErrCCCDIME},
		{"mojibake address nbsp", "001099012345||Nguyễn Văn An|15081999|Nam|HÃ\u00a0 Ná»™i|10052021", FieldAddress, ErrCCCDIME},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCCCD(tt.in)
			var ce *CCCDError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *CCCDError", err)
			}
			if ce.Field != tt.field || !errors.Is(err, tt.kind) {
				t.Fatalf("got field %s kind %v (%v), want %s %v", ce.Field, ce.Kind, err, tt.field, tt.kind)
			}
			if vi := ce.Vietnamese(); vi == "" || !strings.ContainsAny(vi, "ạảãàáâậầấẩẫăắằặẳẵêệếềểễôốồổỗộơớờởỡợưứừửữựđ") {
				t.Errorf("Vietnamese message %q", vi)
			}
			// Errors are logged: they must never carry the card data.
			for _, secret := range []string{"001099012345", "Nguy", "Hà Nội"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q leaks %q", err, secret)
				}
			}
		})
	}
}

func TestParseCCCDAddressesAccepted(t *testing.T) {
	// Real-looking addresses with house numbers, English building names and dashes.
	for _, addr := range []string{
		"Số 12A, ngõ 3, P. Láng Hạ, Q. Đống Đa, Hà Nội",
		"Căn hộ B2-1503, Vinhomes Green Bay, Tower G3, Nam Từ Liêm, Hà Nội",
		"Thôn 5 – xã Ea Kao – Buôn Ma Thuột",
		"Tổ 1, Phường 3, Quận 10, TP Hồ Chí Minh",
	} {
		if _, err := ParseCCCD("001099012345||Nguyễn Văn An|15081999|Nam|" + addr + "|10052021"); err != nil {
			t.Errorf("%q: %v", addr, err)
		}
	}
}

func TestIMEHintsAcceptRealNames(t *testing.T) {
	for _, n := range []string{
		"Nguyễn Thị Thu Hường", "Phạm Quốc Khánh", "Đỗ Thị Ngọc Ánh", "Hoàng Thị Quỳnh", "Lò Văn Páo",
		"Ksor H'Bia", "Y Moan Êban", "Nguyễn Thị Thùy Dương", "Trương Gia Bình", "Âu Dương Phong",
		"Ngô Bảo Châu", "Huỳnh Tấn Phát", "Quách Thị Hồng Nhung", "Lê Ánh Tuyết",
	} {
		if h := IMEHints(n); len(h) != 0 {
			t.Errorf("%q flagged: %v", n, h)
		}
	}
}

func FuzzParseCCCD(f *testing.F) {
	f.Add(exampleQR)
	f.Add("079305000123||Trần Thị Bích Ngọc|01022005|Nữ|Quận 1, TP. Hồ Chí Minh|20032021|x|y")
	f.Add("001099012345||Nguyeenx|15081999|Nam|Hà Nội|10052021")
	f.Add("|||||||")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCCCD(s)
		if err != nil {
			var ce *CCCDError
			if !errors.As(err, &ce) || ce.Vietnamese() == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// Invariants of an accepted card.
		if len(c.ID) != 12 || !allDigits(c.ID) || (c.Gender != "Nam" && c.Gender != "Nữ") || c.Raw != s {
			t.Fatalf("accepted bad card %+v", c)
		}
		if !norm.NFC.IsNormalString(c.FullName) || strings.Contains(c.FullName, "  ") || c.FullName != strings.TrimSpace(c.FullName) {
			t.Fatalf("name not normalised: %q", c.FullName)
		}
		if c.DOB.After(c.IssueDate) || c.DOB.Location() != Loc {
			t.Fatalf("dates %v %v", c.DOB, c.IssueDate)
		}
		if c.DOB.Hour() != 0 || c.IssueDate.Sub(c.DOB) < 0 || c.DOB.Year()%100 != int(c.ID[4]-'0')*10+int(c.ID[5]-'0') {
			t.Fatalf("dob %v vs id", c.DOB)
		}
		_ = time.Time{}
	})
}

// The first three digits are the province of birth registration: the 63 codes of Thông tư
// 07/2016/TT-BCA Phụ lục I (kept by Thông tư 59/2021/TT-BCA) are accepted, every other code
// is refused. The 2025 merger renumbered nobody.
func TestCCCDProvinceCodes(t *testing.T) {
	if len(birthProvinces) != 63 {
		t.Fatalf("%d province codes, want 63", len(birthProvinces))
	}
	tests := []struct {
		code string
		name string // "" = unassigned
	}{
		{"001", "Hà Nội"}, {"002", "Hà Giang"}, {"004", "Cao Bằng"}, {"031", "Hải Phòng"}, {"046", "Thừa Thiên Huế"},
		{"048", "Đà Nẵng"}, {"079", "Hồ Chí Minh"}, {"092", "Cần Thơ"}, {"096", "Cà Mau"},
		{"000", ""}, {"003", ""}, {"005", ""}, {"016", ""}, {"039", ""}, {"041", ""}, {"097", ""}, {"099", ""}, {"100", ""}, {"999", ""},
	}
	for _, tt := range tests {
		name, ok := BirthProvince(tt.code + "099012345")
		if ok != (tt.name != "") || name != tt.name {
			t.Errorf("BirthProvince(%s) = %q %v, want %q", tt.code, name, ok, tt.name)
		}
		_, err := ParseCCCD(tt.code + "099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|10052021")
		var ce *CCCDError
		switch {
		case tt.name != "" && err != nil:
			t.Errorf("%s refused: %v", tt.code, err)
		case tt.name == "" && (!errors.As(err, &ce) || ce.Field != FieldID || !errors.Is(err, ErrCCCDFormat)):
			t.Errorf("%s accepted or wrong error: %v", tt.code, err)
		}
	}
	// Every assigned code is in 001..096 and gaps are real (no 003, 005, ...).
	for code := range birthProvinces {
		if code < "001" || code > "096" {
			t.Errorf("code %s out of range", code)
		}
	}
}

// Telex/VNI keystrokes leaked into the address are caught with the name's detectors, while
// real addresses (house numbers, English building names) pass.
func TestCCCDAddressIME(t *testing.T) {
	const pre = "001099012345||Nguyễn Văn An|15081999|Nam|"
	tests := []struct {
		addr string
		bad  bool
	}{
		{"Soos 1 Traafng Tieefn, phuwowngf Hoafn Kieesm, Haf Nooji", true}, // Telex left raw
		{"Số 1 Tràng Tiền, phường Hoàn Kiếm, Haf Nooji", true},             // tone key word
		{"Thôn Ddoong, xã Yên Bình", true},                                 // dd = đ
		{"Số 5 phố Hueej, Hà Nội", true},                                   // Telex ê, no tone
		{"Xom Ddinhf, Nghệ An", true},
		{"Nguyễnx Trãi, Thanh Xuân", true},      // tone key after a marked word
		{"Ha2 No65i", true},                     // VNI
		{"So61 1 Tra2ng Tie62n", true},          // VNI inside words
		{"Số 1 Tra2ng Tiền, Hà Nội", true},      // VNI digit at the end of a word
		{"Room 1503, Town Plaza, Hà Nội", true}, // two weak Telex words: suspicious
		{"Số 1 Tràng Tiền, phường Hoàn Kiếm, Hà Nội", false},
		{"Căn hộ B2-1503, Vinhomes Green Bay, Tower G3, Hà Nội", false},
		{"Room 1503, Keangnam Landmark, Hà Nội", false}, // one weak word only
		{"Phòng 12, tầng 3, toà nhà Moon Plaza", false},
		{"Ngõ 5a, phố Huế, Hà Nội", false},
		{"Số 12A, ngõ 3, P3, Hà Nội", false},
		{"Tổ 1, Phường 3, TP Hồ Chí Minh", false},
		{"Buôn Ea Kao, Đắk Lắk", false},
		{"Bản Nà Sang, Điện Biên", false},
		{"Khu đô thị Ecopark, Hưng Yên", false},
		{"123 Nguyen Trai, Ha Noi", false}, // no diacritics at all: not corrupted, just plain
		{"Sun Grand City, Ancora Residence", false},
	}
	for _, tt := range tests {
		_, err := ParseCCCD(pre + tt.addr + "|10052021")
		var ce *CCCDError
		isIME := errors.As(err, &ce) && ce.Field == FieldAddress && errors.Is(err, ErrCCCDIME)
		if isIME != tt.bad {
			t.Errorf("%q: err %v, want IME error %v", tt.addr, err, tt.bad)
		}
		if !tt.bad && err != nil {
			t.Errorf("%q refused: %v", tt.addr, err)
		}
	}
}
