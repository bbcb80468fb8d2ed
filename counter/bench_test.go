package counter_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
)

// BenchmarkSaveToPrinter measures the officer's wait after F9: from Save
// (POST to a real loopback server, SQLite write with the outbox) to the
// receipt's bytes written to the printer's pty and cut by the virtual
// printer. Layout and the status poll before the job are included.
//
//	LANG=C.UTF-8 go test -run '^$' -bench SaveToPrinter -benchtime 30x ./counter/
func BenchmarkSaveToPrinter(b *testing.B) {
	ctx := context.Background()
	r := start(b, true)
	r.login(b)
	r.h.Do(func(p *counter.Presenter) { p.ScanText(countertest.CCCD) })
	n := 0
	for b.Loop() {
		b.StopTimer()
		fill(b, r.h, "1.004873")
		b.StartTimer()
		r.h.Do(func(p *counter.Presenter) { p.Save() })
		n++
		if _, err := r.dev.SimPrinter.WaitPages(ctx, n); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		r.h.Wait(b, "printed", func(v counter.View) bool { return v.Paper != nil && v.Paper.Printed })
		r.h.Do(func(p *counter.Presenter) { p.ScanText(countertest.CCCD) })
		b.StartTimer()
	}
}

// BenchmarkReceiptLayout is the layout alone (bitmap Vietnamese, raster QR).
func BenchmarkReceiptLayout(b *testing.B) {
	rc := sampleReceipt()
	for b.Loop() {
		if _, err := counter.ReceiptJob(escpos.Default, rc); err != nil {
			b.Fatal(err)
		}
	}
}
