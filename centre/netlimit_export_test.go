package centre

import (
	"time"

	"github.com/motcua/motcua/internal/ratelimit"
)

// SetLookupAddrKeys makes the network and address tables of srv's dossier
// lookups hold at most n keys (ratelimit.DefaultKeys in service), so a
// test can fill them with a few hundred requests. Call before any lookup.
func SetLookupAddrKeys(srv *Server, max, n int) {
	v, _ := dossierServices.Load(srv)
	v.(*dossierService).limitNet = ratelimit.NewPair(max, time.Minute, n)
}

// SetConnectLimit makes srv's WebSocket connects max per address a minute
// (NetFactor × max per network), in tables of at most n keys. Call before
// any connection.
func SetConnectLimit(srv *Server, max, n int) {
	h := srv.hub
	h.mu.Lock()
	h.connects = ratelimit.NewPair(max, time.Minute, n)
	h.mu.Unlock()
}
