package petition

import (
	"time"

	"github.com/motcua/motcua/internal/ratelimit"
)

// SetAddrLimit makes the web form's limit max per address (NetFactor × max
// per network) a window, in tables of at most n keys (ratelimit.DefaultKeys
// in service). Call before any request.
func SetAddrLimit(h *Handler, max, n int) {
	h.perAddr = ratelimit.NewPair(max, 10*time.Minute, n)
}
