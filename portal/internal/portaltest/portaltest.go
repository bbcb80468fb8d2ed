// Package portaltest starts a whole portal on a real loopback server over a
// real store in a temporary directory, for tests.
package portaltest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/store"
)

// Env is a running portal.
type Env struct {
	URL    string
	Store  portal.Store
	Server *portal.Server
}

// Start runs a portal on SQLite (dsn "") or on the given DSN, with centre
// "c1" / "secret1" for agencies 000.00.06.H56 and 000.00.09.H56, and centre
// "c2" / "secret2" for 000.00.07.H56.
func Start(t testing.TB, dsn string, o portal.Options) *Env {
	t.Helper()
	ctx := context.Background()
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "portal.db")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, c := range []struct{ u, p, a string }{{"c1", "secret1", "000.00.06.H56,000.00.09.H56"}, {"c2", "secret2", "000.00.07.H56"}} {
		h, err := centreHash(c.p)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddCentre(ctx, portal.Centre{Username: c.u, Hash: h, Agencies: splitComma(c.a)}); err != nil {
			t.Fatal(err)
		}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := portal.New(ctx, st, o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &Env{URL: hs.URL, Store: st, Server: srv}
}

// hashes holds one portal.HashPassword per centre password, made on first
// use: an argon2id hash took ~0.3 s under the race detector and every
// Start needs two. The portal still checks them on every login.
var hashes sync.Map // password → func() (string, error)

func centreHash(password string) (string, error) {
	f, _ := hashes.LoadOrStore(password, sync.OnceValues(func() (string, error) { return portal.HashPassword(password) }))
	return f.(func() (string, error))()
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
