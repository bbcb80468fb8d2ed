package qrtest_test

import (
	"image"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/internal/qrtest"
)

func TestDecode(t *testing.T) {
	want := "https://motcua.example.vn/t/01HF3Q8Z2K7T?r=abc"
	q, err := qrcode.New(want, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	if got := qrtest.Must(t, q.Image(256)); got != want {
		t.Fatalf("decoded %q, want %q", got, want)
	}
	blank := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range blank.Pix {
		blank.Pix[i] = 0xFF
	}
	if s, err := qrtest.Decode(blank); err == nil {
		t.Fatalf("a blank page decoded as %q", s)
	}
}

// A receipt payload gozxing misreads (found in 3,000 random ones); zbar
// reads it, so Decode does.
func TestDecodeFallsBackToZbar(t *testing.T) {
	want := "000.00.06.H26-231027-0137?r=naa3spo2vbhpr27a"
	r, err := escpos.RasterQR(want, 4, 576, escpos.AlignCenter)
	if err != nil {
		t.Fatal(err)
	}
	const pad = 40
	img := image.NewGray(image.Rect(0, 0, r.WidthBytes*8+2*pad, r.Height+2*pad))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 0; y < r.Height; y++ {
		for x := 0; x < r.WidthBytes*8; x++ {
			if r.Dot(x, y) {
				img.Pix[(y+pad)*img.Stride+x+pad] = 0
			}
		}
	}
	if got, err := qrtest.Decode(img); err != nil || got != want {
		t.Fatalf("Decode = %q, %v; want %q", got, err, want)
	}
}
