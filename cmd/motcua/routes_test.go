package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// principals in the order the route table of docs/SECURITY.md names them.
var principals = []string{"kiosk", "display", "counter", "ratingpad", "officer", "supervisor", "admin", "console:supervisor", "console:admin"}

// TestRouteTableDocumented walks the centre server's route table (every
// part mounted, as `motcua serve` builds it), calls every route as every
// principal, and checks docs/SECURITY.md's table "Centre: every route"
// lists each route with exactly the principals the code lets through: a
// new route, a removed one or a changed role check fails here. The
// expected rows are printed on failure.
func TestRouteTableDocumented(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	srv, db, err := openCentre(ctx, queue.DemoConfig(), filepath.Join(dir, "centre.db"), slog.New(slog.DiscardHandler), centreOpts{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	creds := map[string]cred{}
	hash, _ := bcrypt.GenerateFromPassword([]byte("matkhau123"), bcrypt.MinCost)
	err = db.Write(ctx, func(tx *store.Tx) error {
		for _, role := range []string{"kiosk", "display", "counter", "ratingpad"} {
			tok := centre.NewToken()
			creds[role] = cred{bearer: tok}
			if err := tx.PutDevice(store.Device{ID: "dev-" + role, Name: role, Role: role}, store.HashToken(tok)); err != nil {
				return err
			}
		}
		for _, role := range []string{"officer", "supervisor", "admin"} {
			if err := tx.PutOfficer(store.Officer{Username: "u" + role, FullName: role, PasswordHash: string(hash), Role: role}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Bearer sessions (an officer at q1) and console cookie sessions.
	loginAll := func() {
		for _, role := range []string{"officer", "supervisor", "admin"} {
			counter := ""
			if role == "officer" {
				counter = "q1"
			}
			body := fmt.Sprintf(`{"username":"u%s","password":"matkhau123","counter":%q}`, role, counter)
			resp, err := http.Post(ts.URL+"/api/v1/login", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			var out struct{ Token string }
			json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			if out.Token == "" {
				t.Fatalf("login %s: %d", role, resp.StatusCode)
			}
			creds[role] = cred{bearer: out.Token}
		}
		for _, role := range []string{"supervisor", "admin"} {
			creds["console:"+role] = consoleLogin(t, ts.URL, "u"+role)
		}
	}
	loginAll()

	routes := srv.Routes()
	// Logouts end the session they are called with: probe them last.
	sort.SliceStable(routes, func(i, j int) bool {
		return !strings.Contains(routes[i], "logout") && strings.Contains(routes[j], "logout")
	})
	got := map[string]string{}
	for _, pattern := range routes {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok {
			method, path = "GET", pattern
		}
		target := instantiate(path)
		if probe(t, ts.URL, method, target, cred{}) {
			got[pattern] = "anyone"
			continue
		}
		var who []string
		for _, p := range principals {
			if probe(t, ts.URL, method, target, creds[p]) {
				who = append(who, p)
			}
			if strings.Contains(pattern, "logout") {
				loginAll()
			}
		}
		if len(who) == 0 {
			who = []string{"nobody"}
		}
		got[pattern] = strings.Join(who, ", ")
	}

	doc := documentedRoutes(t)
	var missing []string
	for _, pattern := range routes {
		row, ok := doc[pattern]
		switch {
		case !ok:
			missing = append(missing, fmt.Sprintf("| `%s` | %s | … | … |", pattern, got[pattern]))
		case row.who != got[pattern]:
			t.Errorf("%s: docs/SECURITY.md says %q, the code lets %q through", pattern, row.who, got[pattern])
		}
		if ok && row.test == "" {
			t.Errorf("%s: no test named in docs/SECURITY.md", pattern)
		}
		for _, name := range testNames.FindAllString(row.test, -1) {
			if !testExists(t, name) {
				t.Errorf("%s: docs/SECURITY.md names %s, which no _test.go file defines", pattern, name)
			}
		}
	}
	for pattern := range doc {
		if !slices.Contains(routes, pattern) {
			t.Errorf("docs/SECURITY.md lists %s, which the server does not register", pattern)
		}
	}
	if len(missing) > 0 {
		t.Errorf("routes missing from docs/SECURITY.md (## Centre: login, sessions, sockets):\n%s", strings.Join(missing, "\n"))
	}
}

type cred struct {
	bearer string
	jar    http.CookieJar
	csrf   string
}

// instantiate fills a pattern's wildcards with a value no handler finds.
func instantiate(path string) string {
	path = strings.ReplaceAll(path, "{$}", "")
	return regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(path, "zz0")
}

// probe reports whether c gets past the route's authentication and role
// check. Refusals are 401 (JSON or a redirect to the console login) and
// 403 from the role checks (need, the console's session); anything else
// (400 on the deliberately broken body, 404 on the made-up id, 200...)
// means the handler ran.
func probe(t *testing.T, base, method, target string, c cred) bool {
	t.Helper()
	var body io.Reader
	if method == "POST" {
		body = strings.NewReader("{")
	}
	req, _ := http.NewRequest(method, base+target, body)
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	hc := &http.Client{Jar: c.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode == 401:
		return false
	case resp.StatusCode == http.StatusSeeOther && resp.Header.Get("Location") == "/console/login":
		return false
	case resp.StatusCode == 403:
		var eb struct {
			Error struct {
				MessageEN string `json:"message_en"`
			} `json:"error"`
		}
		json.Unmarshal(b, &eb)
		en := eb.Error.MessageEN
		return !strings.Contains(en, "may not call") && en != "role not allowed"
	}
	return true
}

// consoleLogin logs in through the console's form and returns the cookie
// session with its CSRF token.
func consoleLogin(t *testing.T, base, username string) cred {
	t.Helper()
	hc := consoletest.NewClient()
	me := consoletest.Login(t, hc, base, username, "matkhau123")
	return cred{jar: hc.Jar, csrf: me.CSRF}
}

type docRow struct{ who, test string }

var (
	docRowRe  = regexp.MustCompile("^\\| `((?:GET|POST|PUT|DELETE) [^`]+)` \\| ([^|]+) \\|.*\\| ([^|]*) \\|$")
	testNames = regexp.MustCompile(`\b(?:Test|Fuzz)[A-Za-z0-9_]+`)
)

// documentedRoutes reads the route table of docs/SECURITY.md.
func documentedRoutes(t *testing.T) map[string]docRow {
	t.Helper()
	b, err := os.ReadFile("../../docs/SECURITY.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "### Centre: every route")
	if !ok {
		t.Fatal(`docs/SECURITY.md has no "### Centre: every route" table`)
	}
	section, _, _ = strings.Cut(section, "\n#")
	out := map[string]docRow{}
	for _, line := range strings.Split(section, "\n") {
		m := docRowRe.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		if _, dup := out[m[1]]; dup {
			t.Errorf("docs/SECURITY.md lists %s twice", m[1])
		}
		out[m[1]] = docRow{who: strings.TrimSpace(m[2]), test: strings.TrimSpace(m[3])}
	}
	return out
}

var testFuncs map[string]bool

// testExists reports whether some _test.go file of the repository defines name.
func testExists(t *testing.T, name string) bool {
	if testFuncs == nil {
		testFuncs = map[string]bool{}
		re := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)[A-Za-z0-9_]+)\(`)
		filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, "_test.go") {
				return nil
			}
			b, _ := os.ReadFile(p)
			for _, m := range re.FindAllSubmatch(b, -1) {
				testFuncs[string(m[1])] = true
			}
			return nil
		})
	}
	return testFuncs[name]
}
