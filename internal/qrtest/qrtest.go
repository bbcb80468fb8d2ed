// Package qrtest reads the codes on printed pages and screens in tests: the
// QR codes of tickets and receipts and the Code 128 barcode of receipts.
//
// Test support only: nothing in a shipped program imports it.
package qrtest

import (
	"image"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

var tryHarder = map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}

// Decode finds and decodes the QR code in img.
func Decode(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, tryHarder)
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// Must is Decode that fails the test when there is no readable QR code.
func Must(t testing.TB, img image.Image) string {
	t.Helper()
	s, err := Decode(img)
	if err != nil {
		t.Fatalf("decode QR: %v", err)
	}
	return s
}

// MustCode128 finds and decodes the Code 128 barcode in img, failing the
// test when there is none.
func MustCode128(t testing.TB, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := oned.NewCode128Reader().Decode(bmp, tryHarder)
	if err != nil {
		t.Fatalf("decode Code128: %v", err)
	}
	return res.GetText()
}
