package console

import (
	"context"
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

// SupervisorAction wraps a JSON endpoint (typically a POST) of such a page:
// the console session, the supervisor or admin role and, on POST, the
// X-CSRF-Token header, exactly as the console's own endpoints. nil when no
// console is mounted on srv. SessionUser then tells who is calling and
// Audit records what they did.
func SupervisorAction(srv *centre.Server, fn http.HandlerFunc) http.HandlerFunc {
	v, ok := consoles.Load(srv)
	if !ok {
		return nil
	}
	c := v.(*Console)
	return c.api([]string{centre.RoleSupervisor, centre.RoleAdmin}, func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		fn(w, r.WithContext(context.WithValue(r.Context(), consoleKey{}, c)))
	})
}

type consoleKey struct{}

// SessionUser is the console user of a request that went through
// SupervisorPage or SupervisorAction (empty strings otherwise).
func SessionUser(r *http.Request) (username, fullName, role string) {
	u := current(r)
	return u.Username, u.FullName, u.Role
}

// Audit writes an entry in the console's audit log (tab "Nhật ký") for the
// user of r, a request that went through SupervisorAction.
func Audit(r *http.Request, action, target string, detail any) {
	if c, ok := r.Context().Value(consoleKey{}).(*Console); ok {
		c.record(r.Context(), current(r), action, target, detail)
	}
}

// NavLink adds a link to the console's navigation bar (label in Vietnamese
// and English) pointing at a page added with SupervisorPage. No-op when no
// console is mounted on srv.
func NavLink(srv *centre.Server, path, vi, en string) {
	v, ok := consoles.Load(srv)
	if !ok {
		return
	}
	c := v.(*Console)
	c.linksMu.Lock()
	defer c.linksMu.Unlock()
	for _, l := range c.links {
		if l.Path == path {
			return
		}
	}
	c.links = append(c.links, navLink{Path: path, VI: vi, EN: en})
}

type navLink struct {
	Path string `json:"path"`
	VI   string `json:"vi"`
	EN   string `json:"en"`
}

func (c *Console) navLinks() []navLink {
	c.linksMu.Lock()
	defer c.linksMu.Unlock()
	return append([]navLink{}, c.links...)
}
