package console

import (
	"context"

	"github.com/motcua/motcua/centre"
)

// AlertFunc derives alerts from a package beside the console (inbox/: the
// sectors without lĩnh vực codes); it must be cheap (it runs with every
// monitor read) and return nothing when all is well.
type AlertFunc func(ctx context.Context) []Alert

// AddAlerts adds fn's alerts to the monitor of the console mounted on srv
// (the supervisors' and administrators' main page). No-op when no console
// is mounted on srv.
func AddAlerts(srv *centre.Server, fn AlertFunc) {
	v, ok := consoles.Load(srv)
	if !ok {
		return
	}
	c := v.(*Console)
	c.linksMu.Lock()
	defer c.linksMu.Unlock()
	c.alertFns = append(c.alertFns, fn)
}

// extraAlerts runs the added alert functions.
func (c *Console) extraAlerts(ctx context.Context) []Alert {
	c.linksMu.Lock()
	fns := append([]AlertFunc{}, c.alertFns...)
	c.linksMu.Unlock()
	var out []Alert
	for _, fn := range fns {
		out = append(out, fn(ctx)...)
	}
	return out
}
