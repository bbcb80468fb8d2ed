package procmem

import (
	"os"
	"runtime"
	"testing"
)

// The resident memory of this test process is read (Linux /proc here;
// the Windows build runs under Wine in cmd/motcua's TestWinePackageTests),
// and grows when memory is touched.
func TestReadRSSOfSelf(t *testing.T) {
	rss, hwm := ReadRSS(os.Getpid())
	if rss <= 0 || hwm < rss {
		t.Fatalf("ReadRSS(self) = %d, %d kB", rss, hwm)
	}
	buf := make([]byte, 64<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	rss2, hwm2 := ReadRSS(os.Getpid())
	runtime.KeepAlive(buf)
	if rss2 < rss+32<<10 || hwm2 < rss2 {
		t.Fatalf("after touching 64 MiB: rss %d → %d kB, peak %d", rss, rss2, hwm2)
	}
	if r, h := ReadRSS(1 << 30); r != 0 || h != 0 {
		t.Errorf("no such process: %d, %d, want zeros", r, h)
	}
}
