package qrtest_test

import (
	"image"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

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
