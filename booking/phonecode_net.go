package booking

// The centre's hourly budget of phone codes shared between networks
// (docs/SECURITY.md, "Phone codes: the budget kept for citizens"). One
// network — an IPv4 /24 or an IPv6 /48 (a tunnel account, one customer's
// allocation: every /56 and /64 inside it) — may spend at most a share of
// code_sends_per_hour in an hour, so spending the budget takes several
// networks, not one address block. The last quarter of the budget is a
// reserve that gives one code an hour to each network: once the open
// part is spent, a citizen on a network that has not taken from the
// reserve still gets a code, and spending the reserve too takes as many
// networks as it holds codes.

import (
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/internal/ratelimit"
)

// CodeNetShareDiv: one network may spend at most 1/CodeNetShareDiv of the
// centre's hourly budget (never less than the per-address limit).
const CodeNetShareDiv = 4

// codeNetShare is the sends one network may make in an hour under c.
func codeNetShare(c Config) int {
	return max(c.CodeSendsPerAddrPerHour, c.CodeSendsPerHour/CodeNetShareDiv, 1)
}

// CodeReserveDiv: 1/CodeReserveDiv of the budget is the reserve, one code
// per network an hour.
const CodeReserveDiv = 4

var netLimiters, openLimiters, reserveLimiters sync.Map // *Service → *ratelimit.Limiter

// limiter is s's limiter in m, made on first use with max per hour for at
// most keys keys; its max follows the configuration in force.
func (s *Service) limiter(m *sync.Map, max, keys int) *ratelimit.Limiter {
	v, ok := m.Load(s)
	if !ok {
		v, _ = m.LoadOrStore(s, ratelimit.New(max, time.Hour, keys))
	}
	l := v.(*ratelimit.Limiter)
	l.SetMax(max)
	return l
}

// takeBudget counts one send from network against the centre's budget and
// says whether it may go: from the open part (budget − reserve), else one
// per network from the reserve; the whole budget (codeAll, which also
// counts the texts of hooks_notify.go) bounds both.
func (s *Service) takeBudget(network string) bool {
	c := s.conf()
	reserve := c.CodeSendsPerHour / CodeReserveDiv
	if !s.limiter(&openLimiters, c.CodeSendsPerHour-reserve, 1).Allow("") {
		if reserve == 0 || !s.limiter(&reserveLimiters, 1, ratelimit.DefaultKeys).Allow(network) {
			return false
		}
	}
	return s.codeAll.Allow("")
}

// codeByNet is the per-network limiter of s, its limit following the
// configuration in force.
func (s *Service) codeByNet() *ratelimit.Limiter {
	return s.limiter(&netLimiters, codeNetShare(s.conf()), ratelimit.DefaultKeys)
}

// ClientNetwork is the network a request comes from, for the budget's
// shares: centre.ClientNetwork (IPv4 /24, IPv6 /48).
func ClientNetwork(r *http.Request) string { return centre.ClientNetwork(r) }

// When the budget is spent, the answer sends the citizen to the kiosk:
// taking a number in person never needs a code. The booking and remote
// pages show the message as it is. Bookings are not made unverified then,
// even with verify_phone = "auto": spending the budget would otherwise
// switch verification off, which is what an attacker with invented numbers
// wants.
const (
	errBudgetSpentVI = "Trung tâm tạm thời không gửi thêm được mã xác nhận. Quý khách vui lòng thử lại sau ít phút, hoặc đến trung tâm lấy số thứ tự tại máy lấy số (không cần mã)."
	errBudgetSpentEN = "The centre cannot send more codes just now. Please try again in a few minutes, or come to the centre and take a number at the kiosk (no code needed)."
)
