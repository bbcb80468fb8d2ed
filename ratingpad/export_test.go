package ratingpad

import (
	"time"

	"github.com/motcua/motcua/internal/ratelimit"
)

// SetAddrLimit makes the ratings' limit max per address a minute (NetFactor
// × max per network), in tables of at most n keys (ratelimit.DefaultKeys in
// service). Call before any request.
func SetAddrLimit(s *Service, max, n int) {
	s.byAddr = ratelimit.NewPair(max, time.Minute, n)
}
