//go:build windows

package printer

import (
	"errors"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
)

// A spooler queue that does not exist is an unplugged printer (typed),
// the job is not silently dropped.
func TestWinspoolNoSuchPrinter(t *testing.T) {
	p, _ := openAddr(t, "winspool:motcua no such printer", func(c *Config) { c.FailFast = true })
	err := p.Print(ctxT(t), ticket(escpos.Default, "W"))
	if !errors.Is(err, ErrUnplugged) {
		t.Fatalf("err = %v, want ErrUnplugged", err)
	}
	if s := p.State(); s.Connected || s.Ready() {
		t.Errorf("state %+v", s)
	}
}
