package sim

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/motcua/motcua/hardware/escpos"
)

var update = flag.Bool("update", false, "rewrite golden PNGs in testdata/")

// decodeQR finds and decodes the QR code in img.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("decode QR: %v", err)
	}
	return res.GetText()
}

func decodeCode128Img(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := oned.NewCode128Reader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("decode Code128: %v", err)
	}
	return res.GetText()
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
