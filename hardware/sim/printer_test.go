package sim

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
)

// printOne sends one small receipt to the printer's device path and waits
// until it is cut.
func printOne(t *testing.T, p *Printer, text string, n int) Page {
	t.Helper()
	f, err := os.OpenFile(p.Path(), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data := append([]byte{escpos.ESC, '@'}, []byte(text+"\n\n\n")...)
	if _, err := f.Write(append(data, escpos.Cut(true)...)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	pages, err := p.WaitPages(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	return pages[n-1]
}

// TestReceiptFilesContinueAfterRestart: a restarted printer (make run a
// second time) numbers on after the receipts already in the folder and
// never overwrites one.
func TestReceiptFilesContinueAfterRestart(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "receipts")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// Earlier receipts, one of them a gap in the numbering, and a stranger.
	for _, name := range []string{"receipt-0001.png", "receipt-0003.png", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(out, name), []byte("earlier"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "printer0")
	p, err := NewPrinter(PrinterConfig{Link: link, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	pg := printOne(t, p, "A001", 1)
	if want := filepath.Join(out, "receipt-0004.png"); pg.Path != want {
		t.Errorf("first receipt after restart at %s, want %s", pg.Path, want)
	}
	p.Close()

	// Another restart; meanwhile someone took the next name.
	if err := os.WriteFile(filepath.Join(out, "receipt-0005.png"), []byte("earlier"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = NewPrinter(PrinterConfig{Link: link, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pg = printOne(t, p, "A002", 1)
	if want := filepath.Join(out, "receipt-0006.png"); pg.Path != want {
		t.Errorf("second restart wrote %s, want %s", pg.Path, want)
	}
	for _, name := range []string{"receipt-0001.png", "receipt-0003.png", "receipt-0005.png"} {
		if b, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(b) != "earlier" {
			t.Errorf("%s overwritten or lost (%d bytes, %v)", name, len(b), err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(out, "receipt-0004.png")); err != nil || len(b) < 8 || string(b[1:4]) != "PNG" {
		t.Errorf("receipt-0004.png is not the PNG printed before the restart: %v", err)
	}
}
