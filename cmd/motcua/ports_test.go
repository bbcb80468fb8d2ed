package main

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Ports for the motcua processes the tests start. A port found free by
// listening on ":0" and closing was drawn from the kernel's ephemeral range
// (net.ipv4.ip_local_port_range), which every outgoing connection and
// every other ":0" listener of the machine draws from too: until the
// process bound it, anyone could take it. Under load, with the end-to-end
// tests in parallel, two centres of TestLienThongEndToEnd were given the
// same port; the second one's `serve` failed to bind, and the test's
// requests for centre B reached centre A (session 10). Ports now come from
// below the ephemeral range, which the kernel never hands out by itself,
// and each at most once per test binary.
var ports struct {
	sync.Mutex
	used       map[int]bool
	next       int
	base, high int // [base, high)
}

// portsBase is the lowest port handed out: above the well-known and the
// usual registered services (PostgreSQL 5432, 8080, …).
const portsBase = 10000

// ephemeralLow is the first port of the kernel's ephemeral range (Linux;
// 49152, the IANA range's start, elsewhere or when unreadable).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 49152
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 49152
	}
	lo, err := strconv.Atoi(f[0])
	if err != nil {
		return 49152
	}
	return lo
}

// freeAddr is a loopback address with a port nobody listens on, below the
// ephemeral range, not handed out before by this test binary. Where that
// range leaves no room (fewer than 1,000 ports under it) it falls back to
// a port of the kernel's choosing.
func freeAddr(t *testing.T) string {
	t.Helper()
	ports.Lock()
	defer ports.Unlock()
	if ports.used == nil {
		ports.used = map[int]bool{}
		ports.base, ports.high = portsBase, ephemeralLow()
		if ports.high-ports.base >= 1000 {
			ports.next = ports.base + rand.IntN(ports.high-ports.base)
		}
	}
	if ports.high-ports.base >= 1000 {
		for range ports.high - ports.base {
			p := ports.next
			if ports.next++; ports.next >= ports.high {
				ports.next = ports.base
			}
			if ports.used[p] {
				continue
			}
			ports.used[p] = true
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
			if err != nil {
				continue // taken by someone else
			}
			l.Close()
			return l.Addr().String()
		}
	}
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !ports.used[p] {
			ports.used[p] = true
			return l.Addr().String()
		}
	}
}

// Every address handed out is new, below the ephemeral range, and free.
func TestFreeAddrDistinctBelowEphemeral(t *testing.T) {
	lo := ephemeralLow()
	seen := map[string]bool{}
	for range 300 {
		a := freeAddr(t)
		if seen[a] {
			t.Fatalf("%s handed out twice", a)
		}
		seen[a] = true
		_, ps, _ := net.SplitHostPort(a)
		p, _ := strconv.Atoi(ps)
		if lo-portsBase >= 1000 && (p < portsBase || p >= lo) {
			t.Fatalf("%s: port outside [%d, %d)", a, portsBase, lo)
		}
		l, err := net.Listen("tcp", a)
		if err != nil {
			t.Fatalf("%s is not free: %v", a, err)
		}
		l.Close()
	}
}
