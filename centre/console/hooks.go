package console

import (
	"net/http"
	"sync"

	"github.com/motcua/motcua/centre"
)

// Hooks for packages that add a console page beside it (inbox/), so their
// pages share the console's session, roles and headers without living here.

var consoles sync.Map // *centre.Server → *Console (set by Mount)

// SupervisorPage wraps a GET page for supervisors and admins signed in to
// the console mounted on srv (without a session the browser is sent to the
// login page); nil when no console is mounted on srv.
func SupervisorPage(srv *centre.Server, fn http.HandlerFunc) http.HandlerFunc {
	v, ok := consoles.Load(srv)
	if !ok {
		return nil
	}
	c := v.(*Console)
	return c.page([]string{centre.RoleSupervisor, centre.RoleAdmin}, func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		fn(w, r)
	})
}
