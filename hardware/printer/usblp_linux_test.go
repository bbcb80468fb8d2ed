//go:build linux

package printer

import (
	"bytes"
	"errors"
	"image"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
)

// A plain file stands in for /dev/usb/lp0: the job's bytes land in it
// unchanged, and since a file answers no status request the state is
// "unknown" — shown as such, never as ready.
func TestUSBLPFile(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(dev, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	p, _ := openAddr(t, "usblp:"+dev, func(c *Config) { c.FailFast = true })
	jobs := [][]byte{ticket(escpos.Default, "U1"), ticket(escpos.Default, "U2")}
	for _, j := range jobs {
		if err := p.Print(ctxT(t), j); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(dev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bytes.Join(jobs, nil)) {
		t.Fatalf("device got %d bytes, want the two jobs (%d bytes)", len(got), len(jobs[0])+len(jobs[1]))
	}
	pages, probs := sim.RenderProfile(escpos.Default, got)
	if len(probs) > 0 || len(pages) != 2 {
		t.Fatalf("%d pages, problems %v", len(pages), probs)
	}
	if q := qrText(t, pages[1]); q != "https://motcua.example.vn/t/U2" {
		t.Errorf("QR %q", q)
	}
	s := p.State()
	if s.Ready() || s.Known || !s.Connected || !errors.Is(s.Err, ErrStatusUnknown) {
		t.Errorf("state %+v, want connected with status unknown", s)
	}
	if m := Message(s.Err); m != Message(ErrStatusUnknown) || m == Message(nil) {
		t.Errorf("message %q", m)
	}
}

// A FIFO stands in for the device with a reader that renders what it gets.
func TestUSBLPFIFO(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "lp0")
	if err := syscall.Mkfifo(dev, 0o600); err != nil {
		t.Fatal(err)
	}
	// no reader: like an unplugged printer (ENXIO), a typed error
	p, _ := openAddr(t, "usblp:"+dev, func(c *Config) { c.FailFast = true })
	if err := p.Print(ctxT(t), ticket(escpos.Default, "N")); !errors.Is(err, ErrUnplugged) {
		t.Fatalf("no reader: err = %v, want ErrUnplugged", err)
	}

	pages := make(chan image.Image, 4)
	rd := startReader(t, dev, pages)
	if err := p.Print(ctxT(t), ticket(escpos.Default, "F1")); err != nil {
		t.Fatal(err)
	}
	select {
	case img := <-pages:
		if q := qrText(t, img); q != "https://motcua.example.vn/t/F1" {
			t.Errorf("QR %q", q)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no page rendered")
	}

	// the reader goes away (unplug): the next job fails typed, then
	// prints once a reader is back
	rd.Close()
	time.Sleep(50 * time.Millisecond)
	err := p.Print(ctxT(t), ticket(escpos.Default, "F2"))
	if !errors.Is(err, ErrUnplugged) {
		t.Fatalf("reader gone: err = %v, want ErrUnplugged", err)
	}
	startReader(t, dev, pages)
	if err := p.Print(ctxT(t), ticket(escpos.Default, "F3")); err != nil {
		t.Fatal(err)
	}
	select {
	case img := <-pages:
		if q := qrText(t, img); q != "https://motcua.example.vn/t/F3" {
			t.Errorf("QR %q", q)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no page after replug")
	}
}

// A device that stops taking data: the write times out, typed.
func TestUSBLPWriteTimeout(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "lp0")
	if err := syscall.Mkfifo(dev, 0o600); err != nil {
		t.Fatal(err)
	}
	// a reader that never reads (the pipe buffer fills)
	r, err := os.OpenFile(dev, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	p, _ := openAddr(t, "usblp:"+dev, func(c *Config) { c.FailFast, c.WriteTimeout = true, 300*time.Millisecond })
	err = p.Print(ctxT(t), bytes.Repeat([]byte{0x0a}, 4<<20))
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
}

// startReader opens the FIFO for reading and renders what arrives. It
// opens read-write so that it does not see end-of-file between jobs.
func startReader(t *testing.T, dev string, pages chan<- image.Image) io.Closer {
	t.Helper()
	f, err := os.OpenFile(dev, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r := sim.NewRenderer(escpos.Default)
	r.OnCut = func(img image.Image) { pages <- img }
	go io.Copy(r, f)
	return f
}
