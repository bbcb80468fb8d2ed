package centre_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/store/storetest"
	"golang.org/x/crypto/bcrypt"
)

// env is a real centre server on a loopback listener with a real SQLite
// file, enrolled devices and officers.
type env struct {
	t       testing.TB
	cfg     *queue.Config
	db      *store.DB
	srv     *centre.Server
	ts      *httptest.Server
	path    string
	kiosk   string // device tokens
	display string
	counter string
}

const testPassword = "matkhau123"

// fastHash hashes with bcrypt's minimum cost: the tests log in dozens of
// officers under the race detector, and the cost is read from the hash.
func fastHash(t testing.TB, pw string) string {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

func newEnv(t testing.TB, cfg *queue.Config) *env {
	t.Helper()
	return newEnvOpts(t, cfg, centre.Options{})
}

// newEnvOpts is newEnv with server options (Config, DB and Logger are set here).
func newEnvOpts(t testing.TB, cfg *queue.Config, o centre.Options) *env {
	t.Helper()
	if cfg == nil {
		cfg = queue.DemoConfig()
	}
	ctx, cancel := context.WithCancel(context.Background())
	path := filepath.Join(t.TempDir(), "centre.db")
	if err := storetest.Seed(path); err != nil { // migrated once per test binary
		t.Fatal(err)
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	o.Config, o.DB, o.Logger = cfg, db, slog.New(slog.DiscardHandler)
	srv, err := centre.New(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, cfg: cfg, db: db, srv: srv, ts: httptest.NewServer(srv), path: path}
	t.Cleanup(func() {
		e.ts.CloseClientConnections()
		e.ts.Close()
		cancel()
		db.Close()
	})
	e.kiosk = e.device("kiosk-1", "kiosk")
	e.display = e.device("board-1", "display")
	e.counter = e.device("counter-pc-1", "counter")
	hash := fastHash(t, testPassword)
	e.write(func(tx *store.Tx) error {
		for _, o := range []store.Officer{
			{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"},
			{Username: "canbo2", FullName: "Trần Thị Bình", Role: "officer"},
			{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"},
		} {
			o.PasswordHash = hash
			if err := tx.PutOfficer(o); err != nil {
				return err
			}
		}
		return nil
	})
	return e
}

func (e *env) write(fn func(*store.Tx) error) {
	e.t.Helper()
	if err := e.db.Write(context.Background(), fn); err != nil {
		e.t.Fatal(err)
	}
}

// device enrols a device and returns its token.
func (e *env) device(name, role string) string {
	tok := centre.NewToken()
	e.write(func(tx *store.Tx) error {
		return tx.PutDevice(store.Device{ID: "dev-" + name, Name: name, Role: role}, store.HashToken(tok))
	})
	return tok
}

// devices enrols n devices named prefix-NN in one write and returns their tokens.
func (e *env) devices(prefix, role string, n int) []string {
	toks := make([]string, n)
	e.write(func(tx *store.Tx) error {
		for i := range toks {
			toks[i] = centre.NewToken()
			name := fmt.Sprintf("%s-%02d", prefix, i)
			if err := tx.PutDevice(store.Device{ID: "dev-" + name, Name: name, Role: role}, store.HashToken(toks[i])); err != nil {
				return err
			}
		}
		return nil
	})
	return toks
}

// addOfficer creates an officer with the test password.
func (e *env) addOfficer(username, role string) {
	hash := fastHash(e.t, testPassword)
	e.write(func(tx *store.Tx) error {
		return tx.PutOfficer(store.Officer{Username: username, FullName: username, PasswordHash: hash, Role: role})
	})
}

// login logs an officer in at counter and returns the session token.
func (e *env) login(username, counter string) string {
	e.t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	status, body := e.do("POST", "/api/v1/login", "", fmt.Sprintf(`{"username":%q,"password":%q,"counter":%q}`, username, testPassword, counter), &out)
	if status != 200 || out.Token == "" {
		e.t.Fatalf("login %s at %s: %d %s", username, counter, status, body)
	}
	return out.Token
}

// do sends a request with a raw body and decodes a JSON answer into out
// (if not nil). It returns the status and the raw body.
func (e *env) do(method, path, token, body string, out any) (int, string) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode, string(b)
}

// issue takes a ticket for service through the API.
func (e *env) issue(service string) centre.Issued {
	e.t.Helper()
	var out centre.Issued
	status, body := e.do("POST", "/api/v1/tickets", e.kiosk, fmt.Sprintf(`{"service":%q}`, service), &out)
	if status != http.StatusCreated {
		e.t.Fatalf("issue %s: %d %s", service, status, body)
	}
	return out
}

// callNext calls at counter; ok is false on 204.
func (e *env) callNext(token, counter string) (centre.TicketView, bool) {
	e.t.Helper()
	var out centre.TicketView
	status, body := e.do("POST", "/api/v1/counters/"+counter+"/call-next", token, "", &out)
	switch status {
	case 200:
		return out, true
	case 204:
		return out, false
	}
	e.t.Fatalf("call-next %s: %d %s", counter, status, body)
	return out, false
}

// errorBody checks that body is the JSON error shape and returns its code.
func errorCode(t testing.TB, body string) string {
	t.Helper()
	var eb struct {
		Error struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			MessageEN string `json:"message_en"`
		} `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&eb); err != nil || eb.Error.Code == "" || eb.Error.Message == "" || eb.Error.MessageEN == "" {
		t.Fatalf("not a JSON error body (%v): %q", err, body)
	}
	return eb.Error.Code
}

// wsURL is the WebSocket address with a query.
func (e *env) wsURL(query string) string {
	return "ws" + strings.TrimPrefix(e.ts.URL, "http") + "/ws" + query
}

// dialWS connects a board with the display token (Authorization header).
func (e *env) dialWS(query string) *websocket.Conn {
	e.t.Helper()
	h := http.Header{}
	h.Set("Authorization", "Bearer "+e.display)
	c, resp, err := websocket.DefaultDialer.Dial(e.wsURL(query), h)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		e.t.Fatalf("dial ws%s: %v (status %d)", query, err, status)
	}
	e.t.Cleanup(func() { c.Close() })
	return c
}

// readMsg reads one frame; it fails the test after a generous deadline (a
// liveness guard, not a timing assertion).
func readMsg(t *testing.T, c *websocket.Conn) queue.Message {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, data, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read ws: %v", err)
	}
	var m queue.Message
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("bad frame %q: %v", data, err)
	}
	return m
}

// bigConfig is the demo centre with n counters, the extra ones serving
// every service.
func bigConfig(n int) *queue.Config {
	c := queue.DemoConfig()
	all := map[string]int{}
	for _, s := range c.Services {
		all[s.ID] = 1
	}
	for i := len(c.Counters) + 1; i <= n; i++ {
		c.Counters = append(c.Counters, queue.Counter{ID: fmt.Sprintf("q%d", i), Number: i, Name: fmt.Sprintf("Quầy %d", i), Services: all})
	}
	if err := c.Validate(); err != nil {
		panic(err)
	}
	return c
}

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
