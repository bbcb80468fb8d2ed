package centre

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/queue"
)

// The throttle's arithmetic on a fixed clock: Free attempts at once, then
// waits that double up to MaxDelay; a success clears the pair; another
// address is never affected; one address spraying usernames waits too.
func TestThrottleGrowingDelays(t *testing.T) {
	th := newThrottle(LoginLimits{Free: 3, Delay: time.Second, MaxDelay: 8 * time.Second, PerAddress: 10}, maxThrottleKeys)
	now := time.Unix(1_700_000_000, 0)
	for i := 0; i < 3; i++ {
		if w := th.claim("canbo1", "10.0.0.9", now); w != 0 {
			t.Fatalf("attempt %d waits %v", i+1, w)
		}
	}
	// The third failure set a 1 s wait; later ones 2, 4, 8, 8 s.
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		if w := th.claim("canbo1", "10.0.0.9", now); w != want {
			t.Fatalf("wait %v, want %v", w, want)
		}
		now = now.Add(want)
		if w := th.claim("canbo1", "10.0.0.9", now); w != 0 {
			t.Fatalf("after waiting %v: still %v", want, w)
		}
	}
	if !th.waiting("canbo1", now) || th.waiting("canbo2", now) {
		t.Fatal("waiting() wrong")
	}
	// Another address is untouched.
	if w := th.claim("canbo1", "10.0.0.10", now); w != 0 {
		t.Fatalf("other address waits %v", w)
	}
	th.release("canbo1", "10.0.0.10", true, now)
	// A success clears the pair.
	now = now.Add(time.Minute)
	th.claim("canbo1", "10.0.0.9", now)
	th.release("canbo1", "10.0.0.9", true, now)
	for i := 0; i < 3; i++ {
		if w := th.claim("canbo1", "10.0.0.9", now); w != 0 {
			t.Fatalf("after success, attempt %d waits %v", i+1, w)
		}
	}
	// Spraying: PerAddress (10) failures over many usernames, then waits.
	sprayed := 0
	for i := 0; i < 50; i++ {
		if th.claim(fmt.Sprint("user", i), "10.0.0.66", now) == 0 {
			sprayed++
		}
	}
	if sprayed != 10 {
		t.Fatalf("one address checked %d passwords over 50 usernames, want 10", sprayed)
	}
}

// Keys stay bounded under a flood of usernames and addresses.
func TestThrottleBounded(t *testing.T) {
	th := newThrottle(LoginLimits{}, maxThrottleKeys)
	now := time.Unix(1_700_000_000, 0)
	for i := 0; i < 3*maxThrottleKeys; i++ {
		th.claim(fmt.Sprint("u", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), now)
		now = now.Add(time.Millisecond)
	}
	if len(th.m) > maxThrottleKeys {
		t.Fatalf("%d keys", len(th.m))
	}
}

func TestClientAddr(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.2:5000":                "127.0.0.2",
		"[::1]:80":                      "::1",
		"[2001:db8:1:2:3:4:5:6]:443":    "2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff:4:5:6]:443": "2001:db8:1:2::/64",
		"[::ffff:192.168.1.9]:1":        "192.168.1.9",
		"garbage":                       "garbage",
		// A link-local peer's zone (red team 4): one /64 whatever the address.
		"[fe80::1%eth0]:5000":               "fe80::/64",
		"[fe80::dead:beef:1:2%25eth0]:5000": "fe80::/64",
	} {
		if got := ClientAddr(&http.Request{RemoteAddr: in}); got != want {
			t.Errorf("ClientAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

// The dossier rate limits key a client by ClientAddr, as the login
// throttle does: hosts of one IPv6 /64 (one household, one LAN segment,
// one machine with privacy addresses) share one budget, so rotating the
// low 64 bits gets no fresh budget; another /64 has its own.
func TestRateLimitKeysIPv6By64(t *testing.T) {
	d := &dossierService{log: slog.New(slog.DiscardHandler)}
	l := ratelimit.New(2, time.Minute, 100)
	p := ratelimit.NewPair(2, time.Minute, 100)
	req := func(addr, device string) *http.Request {
		r := httptest.NewRequest("GET", "/api/v1/lookup/dossiers/x", nil)
		r.RemoteAddr = addr
		return r.WithContext(context.WithValue(r.Context(), ctxKey{}, Principal{DeviceID: device, Role: RoleKiosk}))
	}
	refusal := queue.Errf(queue.CodeRateLimited, "Quá nhiều yêu cầu", "rate limited")
	limited := func(addr, device string) bool {
		return d.rateLimited(l, p, httptest.NewRecorder(), req(addr, device), refusal)
	}
	if limited("[2001:db8:1:2::10]:5000", "k1") || limited("[2001:db8:1:2::11]:5000", "k2") {
		t.Fatal("refused within the limit")
	}
	if !limited("[2001:db8:1:2:ffff:aaaa:bbbb:cccc]:5000", "k3") {
		t.Fatal("a third address of the same /64 was not refused: the limit is keyed per address, not per /64")
	}
	if limited("[2001:db8:1:3::10]:5000", "k4") {
		t.Fatal("another /64 was refused")
	}
}
