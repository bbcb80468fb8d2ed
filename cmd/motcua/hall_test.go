package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/queue"
)

// hall is a centre and the portal run as the real programs (`motcua serve`,
// `motcua portal serve`, `motcua sync`) on free loopback addresses, for the
// end-to-end tests. Provision the databases (run "admin ...") before serve.
type hall struct {
	dir, centreDB, portalDB string
	// portalPass is the environment of `motcua sync`: the centre's password
	// on the portal.
	portalPass []string
	// base and portalURL are the centre's and the portal's base URLs (after serve).
	base, portalURL string
}

// newHall makes the databases' directory and registers the centre on the
// portal as "hoankiem", for the agency of cfg.
func newHall(t *testing.T, cfg *queue.Config) *hall {
	t.Helper()
	dir := t.TempDir()
	h := &hall{dir: dir, centreDB: filepath.Join(dir, "centre.db"), portalDB: filepath.Join(dir, "portal.db"),
		portalPass: []string{"MOTCUA_PORTAL_PASSWORD=mat-khau-trung-tam"}}
	run(t, h.portalPass, "portal", "centre", "add", "--db", h.portalDB, "--username", "hoankiem", "--agency", cfg.AgencyCode)
	return h
}

// officer adds an officer to the centre's database with `motcua admin
// officer add` (password matkhau123; role "" is the command's default).
func (h *hall) officer(t *testing.T, username, role, name string) {
	t.Helper()
	args := []string{"admin", "officer", "add", "--db", h.centreDB, "--username", username, "--password", "matkhau123", "--name", name}
	if role != "" {
		args = append(args, "--role", role)
	}
	run(t, nil, args...)
}

// device enrols a device with `motcua admin device add` and returns its token.
func (h *hall) device(t *testing.T, role, name string) string {
	t.Helper()
	return lastLine(run(t, nil, "admin", "device", "add", "--db", h.centreDB, "--role", role, "--name", name))
}

// serve starts the portal and the centre and waits until both answer /healthz.
func (h *hall) serve(t *testing.T) {
	t.Helper()
	centreAddr, portalAddr := freeAddr(t), freeAddr(t)
	h.base, h.portalURL = "http://"+centreAddr, "http://"+portalAddr
	start(t, h.dir, nil, "portal", "serve", "--db", h.portalDB, "--addr", portalAddr)
	start(t, h.dir, nil, "serve", "--db", h.centreDB, "--addr", centreAddr)
	eventually(t, "servers up", healthy(h.base, h.portalURL))
}

// sync starts the sync agent between them, polling fast, with extra flags.
func (h *hall) sync(t *testing.T, extra ...string) {
	t.Helper()
	start(t, h.dir, h.portalPass, append([]string{"sync", "--db", h.centreDB, "--portal", h.portalURL, "--username", "hoankiem",
		"--metrics-addr", "", "--catalogue-every", "0", "--stats-every", "0", "--poll", "100ms"}, extra...)...)
}

// healthy holds when every server answers 200 on /healthz.
func healthy(urls ...string) func() (bool, error) {
	return func() (bool, error) {
		for _, u := range urls {
			resp, err := http.Get(u + "/healthz")
			if err != nil {
				return false, err
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				return false, fmt.Errorf("%s: %s", u, resp.Status)
			}
		}
		return true, nil
	}
}

// apiCall sends body (JSON) to url with the bearer token, when given, and
// decodes a successful answer into out, when given.
func apiCall(t *testing.T, method, url, token, body string, out any) (int, string) {
	t.Helper()
	return centretest.Call(t, method, url, token, body, out)
}
