package escpos

import (
	"bytes"
	"strings"
	"testing"
)

func TestTCVN3Mapping(t *testing.T) {
	epson := Profiles["epson-tm-t20"]
	tests := []struct {
		in   string
		want []tcvn3Run
	}{
		// Đ is 0xA7 in TCVN-3 (public tables wrongly hold Ð/Eth there).
		{"Đ", []tcvn3Run{{30, []byte{0xA7}}}},
		{"đ", []tcvn3Run{{30, []byte{0xAE}}}},
		{"Việt", []tcvn3Run{{30, []byte{'V', 'i', 0xD6, 't'}}}},
		// toned capitals switch to page 31, at the lower-case position
		{"HỘ", []tcvn3Run{{30, []byte{'H'}}, {31, []byte{0xE9}}}},
		{"ĐỨC", []tcvn3Run{{30, []byte{0xA7}}, {31, []byte{0xF8, 'C'}}}},
		// decomposed input (NFD) is composed first
		{"Vie\u0323\u0302t", []tcvn3Run{{30, []byte{'V', 'i', 0xD6, 't'}}}},
	}
	for _, tc := range tests {
		got, ok := encodeTCVN3(epson, tc.in)
		if !ok {
			t.Errorf("%q: not encodable", tc.in)
			continue
		}
		if len(got) != len(tc.want) {
			t.Errorf("%q: runs %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i].page != tc.want[i].page || !bytes.Equal(got[i].bytes, tc.want[i].bytes) {
				t.Errorf("%q: run %d = %d % x, want %d % x", tc.in, i, got[i].page, got[i].bytes, tc.want[i].page, tc.want[i].bytes)
			}
		}
	}
	if _, ok := encodeTCVN3(epson, "a – b"); ok {
		t.Error("en dash has no TCVN-3 form but was accepted")
	}
}

// Every one of the 134 Vietnamese letters must round-trip through TCVN-3.
func TestTCVN3AllLetters(t *testing.T) {
	const lower = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
	letters := lower + strings.ToUpper(lower)
	n := 0
	for _, r := range letters {
		if r >= 0x80 {
			n++
		}
		runs, ok := encodeTCVN3(Profiles["epson-tm-t20"], string(r))
		if !ok || len(runs) != 1 || len(runs[0].bytes) != 1 {
			t.Fatalf("%q: %v %v", r, runs, ok)
		}
		back, ok := TCVN3Decode(runs[0].page == 31, runs[0].bytes[0])
		if !ok || back != r {
			t.Errorf("%q → page %d %#02x → %q", r, runs[0].page, runs[0].bytes[0], back)
		}
	}
	if n != 134 {
		t.Errorf("%d non-ASCII letters, want 134", n)
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		p, o, r byte
		want    Status
		err     bool
	}{
		{0x12, 0x12, 0x12, Status{Online: true}, false},
		{0x1A, 0x16, 0x12, Status{CoverOpen: true}, false},
		{0x1A, 0x32, 0x72, Status{PaperOut: true}, false},
		{0x12, 0x12, 0x1E, Status{Online: true, PaperNearEnd: true}, false},
		{0x1A, 0x52, 0x12, Status{Error: true}, false},
		{0x00, 0x12, 0x12, Status{}, true}, // fixed bits wrong: not a status byte
		{0x12, 0x12, 0xFF, Status{}, true},
	}
	for _, tc := range tests {
		got, err := ParseStatus(tc.p, tc.o, tc.r)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseStatus(%#x,%#x,%#x) = %+v, %v; want %+v err=%v", tc.p, tc.o, tc.r, got, err, tc.want, tc.err)
		}
		if !tc.err {
			p, o, r := StatusBytes(got)
			if back, _ := ParseStatus(p, o, r); back != got {
				t.Errorf("StatusBytes round trip %+v → %+v", got, back)
			}
		}
	}
}

func TestCode128Data(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{"ABC", []byte("{BABC")},
		{"231027", []byte{'{', 'C', 23, 10, 27}},
		{"A{1", []byte("{BA{{1")},
		{"H56-231027-0361", append(append([]byte("{BH56-{C"), 23, 10, 27), append([]byte("{B-{C"), 3, 61)...)},
	}
	for _, tc := range tests {
		got, _, err := code128Data(tc.in)
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("code128Data(%q) = % x, %v; want % x", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "Việt", "a\x01"} {
		if _, _, err := code128Data(bad); err == nil {
			t.Errorf("code128Data(%q): no error", bad)
		}
	}
}

func TestDocPaths(t *testing.T) {
	generic, epson, raster := Default, Profiles["epson-tm-t20"], Profiles["raster-80"]
	tests := []struct {
		name       string
		p          Profile
		build      func(*Doc)
		raster     bool
		tcvn3      bool
		contains   []byte
		notContain []byte
	}{
		{"ascii is text", generic, func(d *Doc) { d.Text("A001 09:32") }, false, false, []byte("A001 09:32\n"), []byte{GS, 'v', '0'}},
		{"vietnamese on raster-80 is raster", raster, func(d *Doc) { d.Text("Đăng ký") }, true, false, []byte{GS, 'v', '0'}, []byte{ESC, 't'}},
		{"vietnamese on generic is user-defined characters", generic, func(d *Doc) { d.Text("Đăng ký") }, false, false, []byte{ESC, '%', 1}, []byte{GS, 'v', '0'}},
		{"raster QR centred by ESC a", generic, func(d *Doc) { d.Center().QR("x") }, false, false, []byte{ESC, 'a', 1, GS, 'v', '0', 0, 11, 0, 84, 0}, nil},
		{"vietnamese on epson is TCVN-3", epson, func(d *Doc) { d.Text("Đăng ký") }, false, true, []byte{ESC, 't', 30, 0xA7}, []byte{GS, 'v', '0'}},
		{"native QR only when opted in", epson, func(d *Doc) { d.QR("x") }, false, false, []byte{GS, '(', 'k', 4, 0, 49, 65, 50, 0}, []byte{GS, 'v', '0'}},
		{"raster QR by default", generic, func(d *Doc) { d.QR("x") }, false, false, []byte{GS, 'v', '0'}, []byte{GS, '(', 'k'}},
		{"init leaves double-byte mode", generic, func(d *Doc) {}, false, false, []byte{ESC, '@', FS, '.'}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDoc(tc.p)
			tc.build(d)
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			b, st := d.Bytes(), d.Stats()
			if (st.RasterTextBytes > 0) != tc.raster || (st.TCVN3Bytes > 0) != tc.tcvn3 {
				t.Errorf("stats %+v: raster=%v tcvn3=%v", st, tc.raster, tc.tcvn3)
			}
			if !bytes.Contains(b, tc.contains) {
				t.Errorf("output lacks % x", tc.contains)
			}
			if tc.notContain != nil && bytes.Contains(b, tc.notContain) {
				t.Errorf("output contains % x", tc.notContain)
			}
		})
	}
}

func TestRasterQRWholeDots(t *testing.T) {
	for module := 1; module <= 6; module++ {
		r, err := RasterQR("https://motcua.example.vn/t/01HF3Q8Z2K7T", module, 576, AlignCenter)
		if err != nil {
			t.Fatal(err)
		}
		if r.Height%module != 0 {
			t.Errorf("module %d: height %d not a multiple", module, r.Height)
		}
		// every module is a solid module×module square: the top-left finder
		// pattern's first row is 7 black modules
		x0 := 0
		for !r.Dot(x0, 0) {
			x0++
		}
		for x := x0; x < x0+7*module; x++ {
			if !r.Dot(x, 0) || !r.Dot(x, module-1) {
				t.Fatalf("module %d: dot (%d,0) of the finder pattern is white", module, x)
			}
		}
		if r.Dot(x0+7*module, 0) {
			t.Errorf("module %d: finder pattern wider than 7 modules", module)
		}
	}
}

func TestBandedRaster(t *testing.T) {
	r := newRaster(16, 300)
	b := r.GSv0(128)
	if n := bytes.Count(b, []byte{GS, 'v', '0', 0}); n != 3 {
		t.Errorf("%d bands, want 3", n)
	}
	if len(b) != 3*8+2*300 {
		t.Errorf("len %d", len(b))
	}
}

func TestWrap(t *testing.T) {
	d := NewDoc(Profiles["generic-58"])
	long := strings.Repeat("Thủ tục hành chính ", 10)
	for _, line := range d.wrap(long) {
		f, _ := d.face()
		if w := f.measure(line); w > d.p.WidthDots {
			t.Errorf("wrapped line %q is %d dots > %d", line, w, d.p.WidthDots)
		}
	}
	ascii := strings.Repeat("word ", 20)
	for _, line := range d.wrap(ascii) {
		if len(line) > 32 {
			t.Errorf("ascii line %q longer than 32", line)
		}
	}
}

func BenchmarkTicketBytes(b *testing.B) {
	for _, name := range ProfileNames() {
		b.Run(name, func(b *testing.B) {
			p := Profiles[name]
			var n int
			for b.Loop() {
				n = len(SampleTicket(p).Bytes())
			}
			b.ReportMetric(float64(n), "bytes/ticket")
			b.ReportMetric(float64(n)*10/9600, "s@9600")
		})
	}
}

func BenchmarkReceiptBytes(b *testing.B) {
	for _, name := range ProfileNames() {
		b.Run(name, func(b *testing.B) {
			p := Profiles[name]
			var n int
			for b.Loop() {
				n = len(SampleReceipt(p).Bytes())
			}
			b.ReportMetric(float64(n), "bytes/receipt")
			b.ReportMetric(float64(n)*10/9600, "s@9600")
		})
	}
}
