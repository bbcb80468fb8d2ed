// Package qrtest reads the codes on printed pages and screens in tests: the
// QR codes of tickets and receipts and the Code 128 barcode of receipts.
//
// Test support only: nothing in a shipped program imports it.
package qrtest

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

var tryHarder = map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}

// Decode finds and decodes the QR code in img. gozxing misreads a few
// valid symbols (7 of 3,000 random receipt payloads: "Error locator degree
// does not match number of roots", while zbar and a phone read them, and
// gozxing itself does with PURE_BARCODE on the symbol alone); a failure is
// therefore checked with zbar's zbarimg (Debian zbar-tools, installed by
// `make deps-test`) before it is reported.
func Decode(img image.Image) (string, error) {
	s, err := decodeZXing(img)
	if err == nil {
		return s, nil
	}
	if z, zerr := decodeZbar(img); zerr == nil {
		return z, nil
	}
	return "", err
}

func decodeZXing(img image.Image) (string, error) {
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

// decodeZbar reads the one QR code in img with zbarimg.
func decodeZbar(img image.Image) (string, error) {
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp("", "qrtest-*.png")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	out, err := exec.Command(bin, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", f.Name()).Output()
	if err != nil {
		return "", fmt.Errorf("zbarimg: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 1 || lines[0] == "" {
		return "", fmt.Errorf("zbarimg: %d codes", len(lines))
	}
	return lines[0], nil
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
