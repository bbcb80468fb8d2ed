package console_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/store"
)

// The hooks other packages (inbox, petition) use to add pages: the same
// session, role and CSRF checks as the console's own endpoints, the caller
// known, actions audited, links in the navigation.
func TestHooksForAddedPages(t *testing.T) {
	e := newEnv(t)
	var calls atomic.Int32
	page := console.SupervisorPage(e.srv, func(w http.ResponseWriter, r *http.Request) {
		u, name, role := console.SessionUser(r)
		w.Write([]byte("page:" + u + "|" + name + "|" + role))
	})
	act := console.SupervisorAction(e.srv, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		u, name, role := console.SessionUser(r)
		console.Audit(r, "test_action", "muc-1", map[string]string{"k": "v"})
		w.Write([]byte("act:" + u + "|" + name + "|" + role))
	})
	if page == nil || act == nil {
		t.Fatal("hooks nil with a console mounted")
	}
	e.srv.Handle("GET /console/thu-nghiem", page)
	e.srv.Handle("POST /console/thu-nghiem", act)
	console.NavLink(e.srv, "/console/thu-nghiem", "Thử nghiệm", "Test page")
	console.NavLink(e.srv, "/console/thu-nghiem", "Thử nghiệm", "Test page") // once only

	anon := e.anon()
	if st, _ := anon.get("/console/thu-nghiem", nil); st != http.StatusSeeOther {
		t.Fatalf("anonymous page: %d", st)
	}
	if st, _ := anon.post("/console/thu-nghiem", map[string]string{}, nil); st != http.StatusUnauthorized {
		t.Fatalf("anonymous action: %d", st)
	}
	c := e.login("giamsat")
	var me struct {
		Links []struct{ Path, VI, EN string }
	}
	if st, b := c.get("/console/api/me", &me); st != 200 || len(me.Links) != 1 || me.Links[0].VI != "Thử nghiệm" || me.Links[0].EN != "Test page" {
		t.Fatalf("me links: %d %s", st, b)
	}
	if st, b := c.get("/console/thu-nghiem", nil); st != 200 || b != "page:giamsat|Lê Văn Cường|supervisor" {
		t.Fatalf("page: %d %s", st, b)
	}
	csrf := c.csrf
	c.csrf = ""
	if st, _ := c.post("/console/thu-nghiem", map[string]string{}, nil); st != http.StatusForbidden {
		t.Fatalf("action without CSRF: %d", st)
	}
	c.csrf = strings.Repeat("0", len(csrf))
	if st, _ := c.post("/console/thu-nghiem", map[string]string{}, nil); st != http.StatusForbidden {
		t.Fatalf("action with a wrong CSRF token: %d", st)
	}
	if calls.Load() != 0 {
		t.Fatal("the handler ran for a refused request")
	}
	c.csrf = csrf
	if st, b := c.post("/console/thu-nghiem", map[string]string{}, nil); st != 200 || b != "act:giamsat|Lê Văn Cường|supervisor" {
		t.Fatalf("action: %d %s", st, b)
	}
	var audit []store.AuditEntry
	c.get("/console/api/audit", &audit)
	found := false
	for _, a := range audit {
		found = found || (a.Action == "test_action" && a.Target == "muc-1" && a.Actor == "giamsat" && a.Role == "supervisor" && a.Detail == `{"k":"v"}`)
	}
	if !found {
		t.Fatalf("audit: %+v", audit)
	}
	if st, b := e.login("quantri").get("/console/thu-nghiem", nil); st != 200 || !strings.HasSuffix(b, "|admin") {
		t.Fatalf("admin page: %d %s", st, b)
	}
}

// Without a console on the server the hooks give nothing to mount.
func TestHooksWithoutConsole(t *testing.T) {
	srv := centretest.Start(t, centretest.Options{}).Server
	if console.SupervisorPage(srv, func(http.ResponseWriter, *http.Request) {}) != nil ||
		console.SupervisorAction(srv, func(http.ResponseWriter, *http.Request) {}) != nil {
		t.Fatal("hooks returned a handler without a console")
	}
	console.NavLink(srv, "/console/x", "x", "x") // no panic
}
