package countertest

import (
	"context"
	"image"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/internal/qrtest"
)

// Harness runs a presenter with one lock standing in for the UI goroutine
// and lets the test wait for rendered views.
type Harness struct {
	UI sync.Mutex // held while the presenter runs
	P  *counter.Presenter

	mu   sync.Mutex
	cond *sync.Cond
	last counter.View
}

// NewHarness makes the presenter; also, when set, is called with each view
// (the Fyne view in UI tests), under the UI lock.
func NewHarness(ctx context.Context, o counter.Options, also func(counter.View)) *Harness {
	h := &Harness{}
	h.cond = sync.NewCond(&h.mu)
	o.Dispatch = func(f func()) { h.UI.Lock(); defer h.UI.Unlock(); f() }
	o.Render = func(v counter.View) {
		// The presenter renders only on the "UI goroutine": here, under the
		// UI lock. A render without it is the bug that froze the counter
		// window in the field (a Fyne call off the UI goroutine).
		if h.UI.TryLock() {
			h.UI.Unlock()
			panic("counter: render outside Dispatch (off the UI goroutine)")
		}
		if also != nil {
			also(v)
		}
		h.mu.Lock()
		h.last = v
		h.cond.Broadcast()
		h.mu.Unlock()
	}
	if o.Log == nil {
		o.Log = Quiet
	}
	h.P = counter.New(ctx, o)
	h.Do(func(p *counter.Presenter) { p.Start() })
	return h
}

// Do runs f on the "UI goroutine".
func (h *Harness) Do(f func(p *counter.Presenter)) {
	h.UI.Lock()
	defer h.UI.Unlock()
	f(h.P)
}

// Forward passes the serial scanner's scans to the presenter, as the app does.
func (h *Harness) Forward(ctx context.Context, sc *scanner.Scanner) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case s, ok := <-sc.Scans():
				if !ok {
					return
				}
				h.Do(func(p *counter.Presenter) { p.Scanned(s) })
			}
		}
	}()
}

// ForwardDevices passes the devices' scans and printer states to the
// presenter, as the app does.
func (h *Harness) ForwardDevices(ctx context.Context, d *Devices) {
	h.Forward(ctx, d.Scanner)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case s := <-d.States:
				h.Do(func(p *counter.Presenter) { p.PrinterState(s) })
			}
		}
	}()
}

// Last is the view rendered last.
func (h *Harness) Last() counter.View {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

// Wait blocks until a rendered view satisfies cond. The 20 s limit only
// guards against a hang; no timing is asserted.
func (h *Harness) Wait(t testing.TB, what string, cond func(counter.View) bool) counter.View {
	t.Helper()
	const limit = 20 * time.Second
	timer := time.AfterFunc(limit, func() { h.mu.Lock(); h.cond.Broadcast(); h.mu.Unlock() })
	defer timer.Stop()
	start := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	for !cond(h.last) {
		if time.Since(start) >= limit {
			t.Fatalf("never saw %s; last view: screen=%s tab=%s busy=%v error=%q info=%q", what, h.last.Screen, h.last.Tab, h.last.Busy, h.last.Error, h.last.Info)
		}
		h.cond.Wait()
	}
	return h.last
}

// Idle waits until no request is in flight.
func (h *Harness) Idle(t testing.TB) counter.View {
	t.Helper()
	return h.Wait(t, "no request in flight", func(v counter.View) bool { return !v.Busy })
}

// DecodeQR finds and decodes the QR code in img.
func DecodeQR(t testing.TB, img image.Image) string {
	t.Helper()
	return qrtest.Must(t, img)
}
