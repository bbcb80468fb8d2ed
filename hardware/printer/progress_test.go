package printer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
)

// longJob is a job of at least n bytes: a ticket whose text lines repeat
// until it is that long, then cut.
func longJob(n int) []byte {
	d := escpos.NewDoc(escpos.Default).Title("SỐ THỨ TỰ")
	for len(d.Bytes()) < n {
		for range 50 {
			d.Text(strings.Repeat("Thủ tục hành chính một cửa ", 2))
		}
	}
	return d.Cut().Bytes()
}

// A job longer than every timeout is still printing, not failed: the
// printer at 38400 baud takes ~5 s for 20 KB while the caller's deadline
// is 500 ms and the stall allowance 1 s. Print waits for it and reports
// it printed, and the whole page arrives (issue 20).
func TestLongJobAtLowBaudIsNotATimeout(t *testing.T) {
	const baud = 38400
	sp, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(t.TempDir(), "printer0"), Profile: escpos.Default, Baud: baud, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sp.Close() })
	p, _ := open(t, nil, func(c *Config) {
		c.Port = serialport.Config{Path: sp.Path(), Baud: baud}
		c.WriteTimeout = time.Second
		c.FailFast = true
	})
	job := longJob(20 << 10)
	// The job takes at least its bytes' line time: longer than both limits.
	if line := time.Duration(len(job)) * 10 * time.Second / baud; line < 4*time.Second {
		t.Fatalf("job of %d bytes is only %v at %d baud", len(job), line, baud)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if err := p.Print(ctx, job); err != nil {
		t.Fatalf("a long job still printing was reported as: %v", err)
	}
	waitPages(t, sp, 1)
	if probs := sp.Problems(); len(probs) > 0 {
		t.Errorf("printer problems: %v", probs)
	}
}

// A printer that stops taking data mid-job is noticed after the stall
// allowance without progress, not after the job's length: Print fails
// with ErrTimeout (FailFast), and once the printer lets go the next job
// prints.
func TestStalledPrinterTimesOut(t *testing.T) {
	sp := newSim(t, escpos.Default)
	p, _ := open(t, sp, func(c *Config) {
		c.WriteTimeout = 300 * time.Millisecond
		c.FailFast = true
	})
	if err := p.Print(ctxT(t), ticket(escpos.Default, "warm")); err != nil {
		t.Fatal(err)
	}
	sp.Hold(true)
	// Larger than the pty's buffer, so the writes block once it is full.
	err := p.Print(ctxT(t), longJob(256<<10))
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("stalled printer: err = %v, want ErrTimeout", err)
	}
	sp.Hold(false)
	ok := false
	for i := 0; i < 50 && !ok; i++ {
		ok = p.Print(ctxT(t), ticket(escpos.Default, "after")) == nil
		if !ok {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !ok {
		t.Fatal("the printer did not print again after it let go")
	}
}

func waitPages(t *testing.T, sp *sim.Printer, n int) {
	t.Helper()
	ctx := ctxT(t)
	for len(sp.Pages()) < n {
		select {
		case <-ctx.Done():
			t.Fatalf("%d page(s) printed, want %d", len(sp.Pages()), n)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
