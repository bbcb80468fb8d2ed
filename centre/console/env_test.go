package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/store"
)

const testPassword = centretest.Password

// env is a real centre server with the console mounted, on a loopback
// listener with a real SQLite file.
type env struct {
	t   testing.TB
	db  *store.DB
	srv *centre.Server
	con *console.Console
	ts  *centretest.Env
	// tokens of enrolled devices
	kiosk, board string
}

func newEnv(t testing.TB) *env { return newEnvWith(t, console.Options{}) }

func newEnvWith(t testing.TB, o console.Options) *env {
	t.Helper()
	e := &env{t: t}
	e.ts = centretest.Start(t, centretest.Options{
		Officers: []centretest.Officer{
			{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"},
			{Username: "canbo2", FullName: "Trần Thị Bình", Role: "officer"},
			{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"},
			{Username: "quantri", FullName: "Phạm Thị Dung", Role: "admin"},
		},
		Devices: []centretest.Device{{ID: "dev-kiosk-1", Name: "Kiosk sảnh", Role: "kiosk"}, {ID: "dev-board-1", Name: "Bảng gọi số", Role: "display"}},
		Mount: func(m centretest.Mount) error {
			e.db = m.DB
			var err error
			e.con, err = console.Mount(m.Server, m.DB, o)
			return err
		},
	})
	e.srv = e.ts.Server
	e.kiosk, e.board = e.ts.Token("dev-kiosk-1"), e.ts.Token("dev-board-1")
	return e
}

func (e *env) write(fn func(*store.Tx) error) {
	e.t.Helper()
	if err := e.db.Write(context.Background(), fn); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) device(id, name, role string) string {
	tok := centre.NewToken()
	e.write(func(tx *store.Tx) error {
		return tx.PutDevice(store.Device{ID: id, Name: name, Role: role}, store.HashToken(tok))
	})
	return tok
}

// client is a browser-like HTTP client with a cookie jar.
type client struct {
	e    *env
	hc   *http.Client
	csrf string
}

func (e *env) anon() *client {
	return &client{e: e, hc: consoletest.NewClient()}
}

// login logs in through the form, as a browser does.
func (e *env) login(username string) *client {
	e.t.Helper()
	c := e.anon()
	status, body := c.formLogin(username, testPassword)
	if status != http.StatusSeeOther {
		e.t.Fatalf("login %s: %d %s", username, status, body)
	}
	var me struct {
		CSRF string `json:"csrf"`
		Role string `json:"role"`
	}
	if st, b := c.get("/console/api/me", &me); st != 200 {
		e.t.Fatalf("me: %d %s", st, b)
	}
	c.csrf = me.CSRF
	return c
}

// formLogin fetches the login page (for its double-submit token) and posts the form.
func (c *client) formLogin(username, password string) (int, string) {
	c.e.t.Helper()
	return consoletest.FormLogin(c.e.t, c.hc, c.e.ts.URL, username, password)
}

func (c *client) get(path string, out any) (int, string) {
	c.e.t.Helper()
	st, b, _ := consoletest.Get(c.e.t, c.hc, c.e.ts.URL+path)
	if out != nil && st == 200 {
		if err := json.Unmarshal([]byte(b), out); err != nil {
			c.e.t.Fatalf("GET %s: %v: %s", path, err, b)
		}
	}
	return st, b
}

// post sends JSON with the session's CSRF token.
func (c *client) post(path string, in any, out any) (int, string) {
	c.e.t.Helper()
	st, b := consoletest.Post(c.e.t, c.hc, c.e.ts.URL+path, c.csrf, in)
	if out != nil && st/100 == 2 && len(b) > 0 {
		if err := json.Unmarshal([]byte(b), out); err != nil {
			c.e.t.Fatalf("POST %s: %v: %s", path, err, b)
		}
	}
	return st, b
}

// api calls the centre's JSON API with a bearer token.
func (e *env) api(method, path, token string, in any) (int, string) {
	e.t.Helper()
	var body io.Reader = http.NoBody
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// issue takes a ticket at the kiosk.
func (e *env) issue(service string) centre.Issued {
	e.t.Helper()
	t, err := e.srv.Engine().Issue(context.Background(), centre.IssueRequest{Service: service}, "dev-kiosk-1")
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}
