package printer

import (
	"context"
	"errors"
	"image"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newSim(t *testing.T, p escpos.Profile) *sim.Printer {
	t.Helper()
	sp, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(t.TempDir(), "printer0"), Profile: p, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sp.Close() })
	return sp
}

func open(t *testing.T, sp *sim.Printer, mod func(*Config)) (*Printer, <-chan State) {
	t.Helper()
	states := make(chan State, 100)
	cfg := Config{
		StatusTimeout: 300 * time.Millisecond, RetryInterval: 20 * time.Millisecond, PollInterval: -1,
		Log: quiet,
		OnState: func(s State) {
			select {
			case states <- s:
			default:
			}
		},
	}
	if sp != nil {
		cfg.Port = serialport.Config{Path: sp.Path(), Baud: 115200}
	}
	if mod != nil {
		mod(&cfg)
	}
	p := Open(context.Background(), cfg)
	t.Cleanup(func() { p.Close() })
	return p, states
}

// ctxT bounds a test's waits: generous, for correctness only (beside
// stress-ng --cpu 6, a 20 KB job through the simulated 38400-baud printer
// under -race took longer than the 20 s this was).
func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func qrText(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode QR: %v", err)
	}
	return res.GetText()
}

func ticket(p escpos.Profile, id string) []byte {
	return escpos.NewDoc(p).Title("SỐ THỨ TỰ").Center().Text("Lĩnh vực: Đất đai").QR("https://motcua.example.vn/t/" + id).Cut().Bytes()
}

// waitState waits for a published state matching ok.
func waitState(t *testing.T, states <-chan State, ok func(State) bool) State {
	t.Helper()
	ctx := ctxT(t)
	for {
		select {
		case s := <-states:
			if ok(s) {
				return s
			}
		case <-ctx.Done():
			t.Fatal("state never reached")
		}
	}
}

// Encoder → pty → go.bug.st/serial → simulator → PNG → QR decoder.
func TestRoundTrip(t *testing.T) {
	for _, name := range []string{"generic-80", "generic-58", "epson-tm-t20"} {
		t.Run(name, func(t *testing.T) {
			prof := escpos.Profiles[name]
			sp := newSim(t, prof)
			p, _ := open(t, sp, nil)
			ctx := ctxT(t)
			for _, id := range []string{"T1", "T2"} {
				if err := p.Print(ctx, ticket(prof, id)); err != nil {
					t.Fatal(err)
				}
			}
			pages, err := sp.WaitPages(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			for i, id := range []string{"T1", "T2"} {
				if got := qrText(t, pages[i].Image); got != "https://motcua.example.vn/t/"+id {
					t.Errorf("page %d QR %q", i, got)
				}
			}
			if pr := sp.Problems(); len(pr) > 0 {
				t.Errorf("simulator problems: %v", pr)
			}
			if s := p.State(); !s.Ready() {
				t.Errorf("state %v not ready", s)
			}
		})
	}
}

func TestNotReadyFailFast(t *testing.T) {
	tests := []struct {
		status escpos.Status
		want   error
	}{
		{escpos.Status{PaperOut: true}, ErrPaperOut},
		{escpos.Status{CoverOpen: true}, ErrCoverOpen},
		{escpos.Status{Online: false}, ErrOffline},
		{escpos.Status{Error: true}, ErrOffline},
	}
	for _, tc := range tests {
		t.Run(tc.want.Error(), func(t *testing.T) {
			sp := newSim(t, escpos.Default)
			sp.SetStatus(tc.status)
			p, _ := open(t, sp, func(c *Config) { c.FailFast = true })
			err := p.Print(ctxT(t), ticket(escpos.Default, "X"))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if Message(err) == "Lỗi máy in." {
				t.Errorf("no specific message for %v", err)
			}
			if n := len(sp.Pages()); n != 0 {
				t.Errorf("%d pages printed while not ready", n)
			}
			if pr := sp.Problems(); len(pr) > 0 {
				t.Errorf("data sent while not ready: %v", pr)
			}
		})
	}
}

// A job waits out a paper change and prints once paper is back.
func TestPaperOutThenRefill(t *testing.T) {
	sp := newSim(t, escpos.Default)
	sp.SetStatus(escpos.Status{PaperOut: true})
	p, states := open(t, sp, nil)
	res := make(chan error, 1)
	go func() { res <- p.Print(ctxT(t), ticket(escpos.Default, "A")) }()
	waitState(t, states, func(s State) bool { return errors.Is(s.Err, ErrPaperOut) })
	sp.SetStatus(escpos.Status{Online: true, PaperNearEnd: true})
	if err := <-res; err != nil {
		t.Fatal(err)
	}
	if _, err := sp.WaitPages(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	if pr := sp.Problems(); len(pr) > 0 {
		t.Errorf("problems: %v", pr)
	}
}

// The caller's deadline ends the wait with both reasons visible.
func TestDeadlineKeepsReason(t *testing.T) {
	sp := newSim(t, escpos.Default)
	sp.SetStatus(escpos.Status{CoverOpen: true})
	p, states := open(t, sp, nil)
	ctx, cancel := context.WithCancel(ctxT(t))
	res := make(chan error, 1)
	go func() { res <- p.Print(ctx, ticket(escpos.Default, "A")) }()
	waitState(t, states, func(s State) bool { return errors.Is(s.Err, ErrCoverOpen) })
	cancel()
	err := <-res
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrCoverOpen) {
		t.Fatalf("err = %v, want cover open + canceled", err)
	}
	// closing the cover later must not print the abandoned job
	sp.SetStatus(escpos.Status{Online: true})
	if err := p.Print(ctxT(t), ticket(escpos.Default, "B")); err != nil {
		t.Fatal(err)
	}
	pages, _ := sp.WaitPages(ctxT(t), 1)
	if len(pages) != 1 || qrText(t, pages[0].Image) != "https://motcua.example.vn/t/B" {
		t.Fatalf("pages %d; the abandoned job must not print", len(pages))
	}
}

// A job whose caller gave up before the worker tried it is finished by
// the worker with the printer's current trouble as its reason, as Print
// does when it wins the race (TestDeadlineKeepsReason failed once under
// load: "job not printed: context canceled", the cover-open reason lost).
// The worker's side of that race, driven directly.
func TestCancelledBeforeTryKeepsReason(t *testing.T) {
	sp := newSim(t, escpos.Default)
	sp.SetStatus(escpos.Status{CoverOpen: true})
	p, states := open(t, sp, nil)
	waitState(t, states, func(s State) bool { return errors.Is(s.Err, ErrCoverOpen) })
	ctx, cancel := context.WithCancel(ctxT(t))
	cancel()
	j := &job{ctx: ctx, data: ticket(escpos.Default, "A"), done: make(chan error, 1)}
	p.pending.Add(1)
	p.handle(ctxT(t), j)
	err := <-j.done
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrCoverOpen) {
		t.Fatalf("err = %v, want cover open + canceled", err)
	}
	if len(sp.Pages()) != 0 {
		t.Fatal("a cancelled job printed")
	}
}

func TestSilentPrinter(t *testing.T) {
	t.Run("default prints and reports unknown", func(t *testing.T) {
		sp := newSim(t, escpos.Default)
		sp.SetSilent(true)
		p, _ := open(t, sp, nil)
		if err := p.Print(ctxT(t), ticket(escpos.Default, "A")); err != nil {
			t.Fatal(err)
		}
		if s := p.State(); s.Known || !errors.Is(s.Err, ErrTimeout) || s.Ready() {
			t.Errorf("state %+v, want unknown", s)
		}
		if _, err := sp.WaitPages(ctxT(t), 1); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("BlockOnUnknown refuses", func(t *testing.T) {
		sp := newSim(t, escpos.Default)
		sp.SetSilent(true)
		p, _ := open(t, sp, func(c *Config) { c.BlockOnUnknown, c.FailFast = true, true })
		if err := p.Print(ctxT(t), ticket(escpos.Default, "A")); !errors.Is(err, ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		if len(sp.Pages()) != 0 {
			t.Error("printed although state unknown")
		}
	})
}

// Unplug and replug: queued jobs wait and print after the replug, none lost.
func TestUnplugReplug(t *testing.T) {
	sp := newSim(t, escpos.Default)
	p, states := open(t, sp, nil)
	ctx := ctxT(t)
	if err := p.Print(ctx, ticket(escpos.Default, "1")); err != nil {
		t.Fatal(err)
	}
	// Print returns once the bytes are written; wait until it is on paper
	// before pulling the cable (bytes still in the OS buffer die with it).
	if _, err := sp.WaitPages(ctx, 1); err != nil {
		t.Fatal(err)
	}
	sp.Unplug()
	res := make(chan error, 3)
	for _, id := range []string{"2", "3", "4"} {
		go func() { res <- p.Print(ctx, ticket(escpos.Default, id)) }()
	}
	waitState(t, states, func(s State) bool { return errors.Is(s.Err, ErrUnplugged) })
	if err := sp.Replug(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := <-res; err != nil {
			t.Fatal(err)
		}
	}
	pages, err := sp.WaitPages(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, pg := range pages {
		seen[qrText(t, pg.Image)] = true
	}
	for _, id := range []string{"1", "2", "3", "4"} {
		if !seen["https://motcua.example.vn/t/"+id] {
			t.Errorf("job %s lost; pages %d", id, len(pages))
		}
	}
}

func TestClosedPrinter(t *testing.T) {
	sp := newSim(t, escpos.Default)
	p, _ := open(t, sp, nil)
	p.Close()
	if err := p.Print(ctxT(t), []byte("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("err = %v", err)
	}
}
