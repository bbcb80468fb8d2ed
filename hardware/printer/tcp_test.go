package printer

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
)

// newLANSim starts the simulator as a LAN printer on a loopback port.
func newLANSim(t *testing.T) *sim.Printer {
	t.Helper()
	sp, err := sim.NewPrinter(sim.PrinterConfig{Listen: "127.0.0.1:0", Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sp.Close() })
	return sp
}

func openAddr(t *testing.T, addr string, mod func(*Config)) (*Printer, <-chan State) {
	t.Helper()
	return open(t, nil, func(c *Config) {
		c.Address = addr
		if mod != nil {
			mod(c)
		}
	})
}

// Encoder → TCP → simulator → PNG → QR decoder, one connection per job,
// status asked on the same socket.
func TestTCPRoundTrip(t *testing.T) {
	sp := newLANSim(t)
	p, _ := openAddr(t, sp.Path(), nil)
	ctx := ctxT(t)
	for _, id := range []string{"L1", "L2"} {
		if err := p.Print(ctx, ticket(escpos.Default, id)); err != nil {
			t.Fatal(err)
		}
	}
	pages, err := sp.WaitPages(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"L1", "L2"} {
		if got := qrText(t, pages[i].Image); got != "https://motcua.example.vn/t/"+id {
			t.Errorf("page %d QR %q", i, got)
		}
	}
	if pr := sp.Problems(); len(pr) > 0 {
		t.Errorf("simulator problems: %v", pr)
	}
	if s := p.State(); !s.Ready() || !s.Known {
		t.Errorf("state %v, want ready with a known status", s)
	}
	// the start-up check and two jobs: three connections, none left open
	if n := sp.Connections(); n != 3 {
		t.Errorf("%d connections, want 3 (one per job)", n)
	}
	if n := sp.StatusRequests(); n < 2*4 {
		t.Errorf("%d status requests, want DLE EOT 1, 2, 4 and a confirmation per job", n)
	}
}

func TestTCPNotReady(t *testing.T) {
	tests := []struct {
		status escpos.Status
		want   error
	}{
		{escpos.Status{PaperOut: true}, ErrPaperOut},
		{escpos.Status{CoverOpen: true}, ErrCoverOpen},
		{escpos.Status{}, ErrOffline},
	}
	for _, tc := range tests {
		t.Run(tc.want.Error(), func(t *testing.T) {
			sp := newLANSim(t)
			sp.SetStatus(tc.status)
			p, _ := openAddr(t, sp.Path(), func(c *Config) { c.FailFast = true })
			err := p.Print(ctxT(t), ticket(escpos.Default, "X"))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if len(sp.Pages()) != 0 || len(sp.Problems()) != 0 {
				t.Errorf("data sent to a printer that is not ready: %v", sp.Problems())
			}
			sp.SetStatus(escpos.Status{Online: true})
			if err := p.Print(ctxT(t), ticket(escpos.Default, "Y")); err != nil {
				t.Fatalf("after recovery: %v", err)
			}
			pages, err := sp.WaitPages(ctxT(t), 1)
			if err != nil {
				t.Fatal(err)
			}
			if got := qrText(t, pages[0].Image); got != "https://motcua.example.vn/t/Y" {
				t.Errorf("QR %q", got)
			}
		})
	}
}

// The printer loses power in the middle of a ticket and comes back: the
// job is sent again on a new connection and printed whole.
func TestTCPPowerCycleMidJob(t *testing.T) {
	sp := newLANSim(t)
	p, states := openAddr(t, sp.Path(), nil)
	ctx := ctxT(t)
	job := ticket(escpos.Default, "P1")
	sp.PowerCycleAfter(len(job)/3, 300*time.Millisecond)
	if err := p.Print(ctx, job); err != nil {
		t.Fatal(err)
	}
	pages, err := sp.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := qrText(t, pages[0].Image); got != "https://motcua.example.vn/t/P1" {
		t.Errorf("QR %q", got)
	}
	if n := len(sp.Pages()); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	// the outage was noticed (not silently papered over)
	waitState(t, states, func(s State) bool { return errors.Is(s.Err, ErrUnplugged) })
}

// With FailFast (the kiosk), a printer that dies mid-job gives a typed
// error, never a silent success; the next job reconnects by itself.
func TestTCPPowerCycleFailFast(t *testing.T) {
	sp := newLANSim(t)
	p, _ := openAddr(t, sp.Path(), func(c *Config) { c.FailFast = true })
	ctx := ctxT(t)
	job := ticket(escpos.Default, "F1")
	sp.PowerCycleAfter(len(job)/3, 500*time.Millisecond)
	err := p.Print(ctx, job)
	if !errors.Is(err, ErrUnplugged) {
		t.Fatalf("err = %v, want ErrUnplugged", err)
	}
	if n := len(sp.Pages()); n != 0 {
		t.Fatalf("%d pages printed by a printer that lost power", n)
	}
	var last error
	for range 100 {
		if last = p.Print(ctx, ticket(escpos.Default, "F2")); last == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if last != nil {
		t.Fatalf("after the printer came back: %v", last)
	}
	pages, err := sp.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := qrText(t, pages[0].Image); got != "https://motcua.example.vn/t/F2" {
		t.Errorf("QR %q", got)
	}
}

// Switched off: connects are refused, the state says so, queued jobs wait
// and print once it is back on.
func TestTCPPrinterOffThenOn(t *testing.T) {
	sp := newLANSim(t)
	p, states := openAddr(t, sp.Path(), func(c *Config) { c.PollInterval = 50 * time.Millisecond })
	waitState(t, states, func(s State) bool { return s.Ready() })
	sp.Unplug()
	waitState(t, states, func(s State) bool { return errors.Is(s.Err, ErrUnplugged) })
	res := make(chan error, 1)
	go func() { res <- p.Print(ctxT(t), ticket(escpos.Default, "O1")) }()
	time.Sleep(200 * time.Millisecond)
	if err := sp.Replug(); err != nil {
		t.Fatal(err)
	}
	if err := <-res; err != nil {
		t.Fatal(err)
	}
	pages, err := sp.WaitPages(ctxT(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := qrText(t, pages[0].Image); got != "https://motcua.example.vn/t/O1" {
		t.Errorf("QR %q", got)
	}
}

// A LAN printer that does not answer status requests: printed, state
// unknown (not "ok").
func TestTCPSilent(t *testing.T) {
	sp := newLANSim(t)
	sp.SetSilent(true)
	p, _ := openAddr(t, sp.Path(), nil)
	if err := p.Print(ctxT(t), ticket(escpos.Default, "S1")); err != nil {
		t.Fatal(err)
	}
	if _, err := sp.WaitPages(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	if s := p.State(); s.Known || !errors.Is(s.Err, ErrTimeout) || s.Ready() {
		t.Errorf("state %+v, want unknown", s)
	}
}

// A printer that accepts the connection and answers status but stops
// taking data (buffer full, jammed): the write times out with a typed
// error instead of hanging the worker.
func TestTCPWriteTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				// answer the three status requests, then read nothing more
				buf := make([]byte, 3)
				for range 3 {
					if _, err := io.ReadFull(c, buf); err != nil {
						return
					}
					c.Write([]byte{0x12})
				}
				time.Sleep(10 * time.Second)
			}()
		}
	}()
	p, _ := openAddr(t, "tcp://"+ln.Addr().String(), func(c *Config) {
		c.FailFast, c.WriteTimeout, c.ChunkSize = true, 300*time.Millisecond, 1<<20
	})
	big := bytes.Repeat([]byte{0x0a}, 64<<20) // more than any socket buffer holds
	err = p.Print(ctxT(t), big)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
}
