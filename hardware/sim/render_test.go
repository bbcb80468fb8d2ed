package sim

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/internal/qrtest"
)

var update = flag.Bool("update", false, "rewrite golden PNGs in testdata/")

// decodeQR finds and decodes the QR code in img.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	return qrtest.Must(t, img)
}

func decodeCode128Img(t *testing.T, img image.Image) string {
	t.Helper()
	return qrtest.MustCode128(t, img)
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func checkGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	got := encodePNG(t, img)
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test -update)", path, err)
	}
	if !bytes.Equal(got, want) {
		out := filepath.Join(t.TempDir(), name)
		_ = os.WriteFile(out, got, 0o644)
		t.Errorf("%s differs from golden; got written to %s", name, out)
	}
}

func TestRenderSamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile string
		doc     func(escpos.Profile) *escpos.Doc
		qr      string
		barcode string
	}{
		{"ticket_generic-80.png", "generic-80", escpos.SampleTicket, "https://motcua.example.vn/t/01HF3Q8Z2K7T", ""},
		{"receipt_generic-80.png", "generic-80", escpos.SampleReceipt, "000.00.06.H56-231027-0361", "000.00.06.H56-231027-0361"},
		{"ticket_epson-tm-t20.png", "epson-tm-t20", escpos.SampleTicket, "https://motcua.example.vn/t/01HF3Q8Z2K7T", ""},
		{"receipt_generic-58.png", "generic-58", escpos.SampleReceipt, "000.00.06.H56-231027-0361", "000.00.06.H56-231027-0361"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := escpos.LookupProfile(tc.profile)
			if err != nil {
				t.Fatal(err)
			}
			d := tc.doc(p)
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			pages, probs := RenderProfile(p, d.Bytes())
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			if len(pages) != 1 {
				t.Fatalf("%d pages, want 1", len(pages))
			}
			if got := decodeQR(t, pages[0]); got != tc.qr {
				t.Errorf("QR = %q, want %q", got, tc.qr)
			}
			if tc.barcode != "" {
				if got := decodeCode128Img(t, pages[0]); got != tc.barcode {
					t.Errorf("barcode = %q, want %q", got, tc.barcode)
				}
			}
			checkGolden(t, tc.name, pages[0])
		})
	}
}

func TestRenderProblems(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"unknown ESC", []byte{0x1B, '@', 0x1C, '.', 0x1B, 'Z', 'x', 0x1D, 'V', 1}, "unknown command ESC"},
		{"no FS dot", []byte{0x1B, '@', 0x1B, 't', 0, 0xA7, '\n', 0x1D, 'V', 1}, "double-byte"},
		{"high byte on PC437", []byte{0x1B, '@', 0x1C, '.', 0xA7, '\n', 0x1D, 'V', 1}, "not a Vietnamese page"},
		{"native QR on generic", append(append([]byte{0x1B, '@', 0x1C, '.'}, mustQR(t)...), 0x1D, 'V', 1), "does not print it"},
		{"no cut", []byte{0x1B, '@', 0x1C, '.', 'a', '\n'}, "after the last cut"},
		{"truncated raster", []byte{0x1B, '@', 0x1C, '.', 0x1D, 'v', '0', 0, 1, 0, 10, 0, 1, 2}, "inside a command"},
		{"too wide raster", []byte{0x1D, 'v', '0', 0, 100, 0, 1, 0}, "wider than the paper"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, probs := Render(tc.data)
			for _, p := range probs {
				if bytes.Contains([]byte(p.Msg), []byte(tc.want)) {
					return
				}
			}
			t.Errorf("problems %v lack %q", probs, tc.want)
		})
	}
}

func mustQR(t *testing.T) []byte {
	b, err := escpos.NativeQR("abc", 4)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Byte-at-a-time delivery renders the same receipt as one write.
func TestRenderStreaming(t *testing.T) {
	job := escpos.SampleReceipt(escpos.Default).Bytes()
	whole, _ := Render(job)
	var pages []image.Image
	r := NewRenderer(escpos.Default)
	r.OnCut = func(img image.Image) { pages = append(pages, img) }
	for i := range job {
		r.Write(job[i : i+1])
	}
	r.Close()
	if len(pages) != 1 || len(r.Problems()) != 0 {
		t.Fatalf("%d pages, problems %v", len(pages), r.Problems())
	}
	if !bytes.Equal(encodePNG(t, pages[0]), encodePNG(t, whole[0])) {
		t.Error("streamed rendering differs")
	}
}

// Any string the apps lay out prints without problems and without "?".
func FuzzDocText(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An", "ĐỨC – Hà Nội", "A001", "Thủ tục hành chính công", "\x1b@\x1d", "😀 日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []escpos.Profile{escpos.Default, escpos.Profiles["epson-tm-t20"]} {
			d := escpos.NewDoc(p).Text(s).Line(s, "1").Cut()
			_, probs := RenderProfile(p, d.Bytes())
			if len(probs) > 0 {
				t.Fatalf("%s: %q: %v", p.Name, s, probs)
			}
		}
	})
}

// The parser never panics or hangs on arbitrary bytes.
func FuzzRender(f *testing.F) {
	// small seeds: the whole sample tickets (20 KB) make each run slow
	f.Add(escpos.NewDoc(escpos.Default).Bold(true).Text("Đ").QR("x").Cut().Bytes())
	f.Add(escpos.NewDoc(escpos.Profiles["epson-tm-t20"]).Big(true).Text("ĐỨC a").QR("x").Barcode("A-1234").Kick().CutFull().Bytes())
	f.Add([]byte{0x1D, 'v', '0', 0, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Add([]byte{0x1D, '(', 'k', 0xFF, 0xFF, 49})
	f.Add([]byte{0x1D, 'k', 73, 5, '{', 'C', 99, 100, '{'})
	f.Add([]byte{0x10, 0x04, 0x01, 0x1B, 'd', 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []escpos.Profile{escpos.Default, escpos.Profiles["epson-tm-t20"]} {
			r := NewRenderer(p)
			r.OnStatus = func(byte) byte { return 0x12 }
			// in two chunks, to exercise the incomplete-command path
			r.Write(data[:len(data)/2])
			r.Write(data[len(data)/2:])
			r.Close()
		}
	})
}
