package sim

import (
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
)

func BenchmarkRenderTicket(b *testing.B) {
	job := escpos.SampleTicket(escpos.Default).Bytes()
	for b.Loop() {
		Render(job)
	}
}
