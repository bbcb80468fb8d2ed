// Package consoletest drives the supervisor console (/console) as a
// browser does in tests: a cookie jar that does not follow redirects, the
// login form with its double-submit token, the session's CSRF token from
// /console/api/me, and JSON posts with the X-CSRF-Token header.
//
// Test support only: nothing in a shipped program imports it.
package consoletest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// LoginCookie holds the login form's double-submit token.
const LoginCookie = "motcua_console_login"

// NewClient is a browser-like client: a cookie jar, no redirects followed.
func NewClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// LoginToken fetches the login page of the console at base and returns the
// form's double-submit token from its cookie.
func LoginToken(t testing.TB, hc *http.Client, base string) string {
	t.Helper()
	resp, err := hc.Get(base + "/console/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u, _ := url.Parse(base + "/console/")
	tok := ""
	for _, ck := range hc.Jar.Cookies(u) {
		if ck.Name == LoginCookie {
			tok = ck.Value
		}
	}
	return tok
}

// FormLogin fetches the login page and posts the form, as a browser does;
// it returns the answer's status and body (303 when the login worked).
func FormLogin(t testing.TB, hc *http.Client, base, username, password string) (int, string) {
	t.Helper()
	tok := LoginToken(t, hc, base)
	resp, err := hc.PostForm(base+"/console/login", url.Values{"username": {username}, "password": {password}, "csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Me is what /console/api/me tells about the session.
type Me struct {
	CSRF  string `json:"csrf"`
	Role  string `json:"role"`
	Links []struct{ Path, VI, EN string }
}

// Login logs username in through the form (it must answer 303) and returns
// the session as /console/api/me describes it (its CSRF token).
func Login(t testing.TB, hc *http.Client, base, username, password string) Me {
	t.Helper()
	if st, body := FormLogin(t, hc, base, username, password); st != http.StatusSeeOther {
		t.Fatalf("console login %s: %d %s", username, st, body)
	}
	var me Me
	st, body, _ := Get(t, hc, base+"/console/api/me")
	if st != 200 || json.Unmarshal([]byte(body), &me) != nil {
		t.Fatalf("me: %d %s", st, body)
	}
	return me
}

// Get fetches u.
func Get(t testing.TB, hc *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	resp, err := hc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// Post sends in to u as JSON (a string or []byte as it is, nil as no body)
// with the CSRF token, when given.
func Post(t testing.TB, hc *http.Client, u, csrf string, in any) (int, string) {
	t.Helper()
	var body io.Reader = http.NoBody
	switch v := in.(type) {
	case nil:
	case string:
		body = strings.NewReader(v)
	case []byte:
		body = bytes.NewReader(v)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest("POST", u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Browser is a console session of one user.
type Browser struct {
	T    testing.TB
	Base string
	HC   *http.Client
	CSRF string
}

// NewBrowser is a browser with no session on the console at base.
func NewBrowser(t testing.TB, base string) *Browser {
	return &Browser{T: t, Base: base, HC: NewClient()}
}

// LoginBrowser is a browser logged in as username.
func LoginBrowser(t testing.TB, base, username, password string) *Browser {
	t.Helper()
	b := NewBrowser(t, base)
	b.CSRF = Login(t, b.HC, base, username, password).CSRF
	return b
}

// Get fetches path.
func (b *Browser) Get(path string) (int, string, http.Header) {
	b.T.Helper()
	return Get(b.T, b.HC, b.Base+path)
}

// Post sends in as JSON to path with the session's CSRF token.
func (b *Browser) Post(path string, in any) (int, string) {
	b.T.Helper()
	return Post(b.T, b.HC, b.Base+path, b.CSRF, in)
}
