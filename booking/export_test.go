package booking

import (
	"time"

	"github.com/motcua/motcua/internal/ratelimit"
)

// SetCodeAddrKeys makes the per-address code limiter hold at most n keys
// (10 000 in service), so a test can fill it with a few hundred requests.
// Call before any request.
func SetCodeAddrKeys(s *Service, n int) {
	s.codeByAddr = ratelimit.New(s.conf().CodeSendsPerAddrPerHour, time.Hour, n)
}

// SetPublicAddrKeys makes the per-address limiter of the public routes hold
// at most n keys (10 000 in service). Call before any request.
func SetPublicAddrKeys(s *Service, n int) {
	s.public.Addr = ratelimit.New(s.conf().RatePerMin, time.Minute, n)
}

// SetCodePhoneKeys makes the per-phone code limiter hold at most n keys
// (10 000 in service). Call before any request.
func SetCodePhoneKeys(s *Service, n int) {
	s.codeByPhone = ratelimit.New(s.conf().CodeSendsPerPhonePerHour, time.Hour, n)
}

// SetBookPhoneKeys makes the per-phone booking-attempt limiter hold at most
// n keys (10 000 in service). Call before any request.
func SetBookPhoneKeys(s *Service, n int) {
	s.byCode = ratelimit.New(s.conf().BookingsPerPhonePerHour, time.Hour, n)
}
