package console_test

// Red team 3 (docs/SECURITY.md, "Session 7 review"): a supervisor's move of
// an officer racing an admin's change of the officer's counters.

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/store"
)

// TestAttackMoveRacesAssignment: a supervisor moves canbo1 to q2 while an
// admin's write removing q2 from canbo1's counters is committing (the
// database writer is held by that write when the move arrives). The move
// checked the assignment before it waited for the writer; it must not bind
// canbo1's counter session to q2 afterwards. Failed before the fix (204,
// and canbo1's session acted at q2).
func TestAttackMoveRacesAssignment(t *testing.T) {
	e := newEnv(t)
	adm, sup := e.login("quantri"), e.login("giamsat")
	upd := map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q1", "q2"}}
	if st, b := adm.post("/console/api/officers/canbo1", upd, nil); st != 204 {
		t.Fatalf("assign: %d %s", st, b)
	}
	tok := e.ts.Session("canbo1", "q1")

	holding, release, written := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		written <- e.db.Write(context.Background(), func(tx *store.Tx) error {
			close(holding)
			<-release
			return tx.SetOfficerCounters("canbo1", []string{"q1"})
		})
	}()
	<-holding
	type answer struct {
		st   int
		body string
	}
	moved := make(chan answer, 1)
	go func() {
		st, b := sup.post("/console/api/officers/canbo1/move", map[string]string{"counter": "q2"}, nil)
		moved <- answer{st, b}
	}()
	time.Sleep(300 * time.Millisecond) // the move has read canbo1's counters and waits for the writer
	close(release)
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	e.srv.ForgetTokens() // what the console does after the change
	a := <-moved
	if st, b := e.api("GET", "/api/v1/me", tok, nil); st == 200 && strings.Contains(b, `"counter":"q2"`) {
		t.Fatalf("move answered %d %s; canbo1's session is now at q2, which is no longer assigned: %s", a.st, a.body, b)
	}
	if a.st != 403 || !strings.Contains(a.body, "chưa được phân công tại Quầy 2") {
		t.Fatalf("move during the change: %d %s", a.st, a.body)
	}
	if st, b := e.api("GET", "/api/v1/me", tok, nil); st != 200 || !strings.Contains(b, `"counter":"q1"`) {
		t.Fatalf("canbo1's session at q1 after the refused move: %d %s", st, b)
	}
	if k := counterOfficer(e, "q2"); k == "canbo1" {
		t.Fatalf("q2 left open for canbo1")
	}
}

// TestAttackDemotionKeepsNoUnassignedSession: a supervisor with counters on
// record (q1) signed in at q4 — supervisors may use any counter — is made an
// officer by an update that does not repeat the counters (the API allows
// it: "unchanged"). The q4 session must end: as an officer, q4 is not
// assigned. Failed before the fix (the session acted at q4 as an officer).
func TestAttackDemotionKeepsNoUnassignedSession(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	e.write(func(tx *store.Tx) error { return tx.SetOfficerCounters("giamsat", []string{"q1"}) })
	at4 := e.ts.Session("giamsat", "q4")
	at1 := e.ts.Session("giamsat", "q1")
	if st, b := adm.post("/console/api/officers/giamsat", map[string]any{"full_name": "Lê Văn Cường", "role": "officer"}, nil); st != 204 {
		t.Fatalf("demote: %d %s", st, b)
	}
	if st, b := e.api("GET", "/api/v1/me", at4, nil); st != 401 {
		t.Fatalf("the demoted supervisor's session at q4 (not assigned): %d %s", st, b)
	}
	if st, b := e.api("GET", "/api/v1/me", at1, nil); st != 200 || !strings.Contains(b, `"role":"officer"`) {
		t.Fatalf("the session at the assigned q1: %d %s", st, b)
	}
}

// TestAttackAssignmentRouteForged: the route that sets an officer's
// counters (POST /console/api/officers/{u}) without the session's CSRF
// header, with another session's token, with the token in the URL, with an
// admin's bearer token instead of the cookie, from a supervisor, and with
// hostile counters lists and bodies: nothing changes.
func TestAttackAssignmentRouteForged(t *testing.T) {
	e := newEnv(t)
	adm, sup := e.login("quantri"), e.login("giamsat")
	adm2 := e.login("quantri") // another console session of the same admin
	upd := map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q1"}}
	if st, b := adm.post("/console/api/officers/canbo1", upd, nil); st != 204 {
		t.Fatalf("assign: %d %s", st, b)
	}
	widen := map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q1", "q4"}}
	u := e.ts.URL + "/console/api/officers/canbo1"
	bearer := e.ts.Session("quantri", "")
	raw := func(url, csrf, bearerTok, ctype string, body string) int {
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		if bearerTok != "" {
			req.Header.Set("Authorization", "Bearer "+bearerTok)
		}
		hc := adm.hc
		if bearerTok != "" {
			hc = http.DefaultClient
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	wb, _ := json.Marshal(widen)
	big := `{"full_name":"x","role":"officer","counters":[` + strings.Repeat(`"q1",`, 300000) + `"q1"]}`
	many := make([]string, 201)
	for i := range many {
		many[i] = "q1"
	}
	for name, st := range map[string]int{
		"no CSRF header":             raw(u, "", "", "application/json", string(wb)),
		"another session's CSRF":     raw(u, adm2.csrf+"x", "", "application/json", string(wb)),
		"supervisor's CSRF":          raw(u, sup.csrf, "", "application/json", string(wb)),
		"CSRF in the query":          raw(u+"?csrf="+adm.csrf+"&X-CSRF-Token="+adm.csrf, "", "", "application/json", string(wb)),
		"form post (simple request)": raw(u, "", "", "application/x-www-form-urlencoded", "counters=q4"),
		"admin bearer, no cookie":    raw(u, adm.csrf, bearer, "application/json", string(wb)),
		"2 MB counters list":         raw(u, adm.csrf, "", "application/json", big),
	} {
		if st/100 == 2 {
			t.Errorf("%s: %d", name, st)
		}
	}
	for name, body := range map[string]any{
		"supervisor":       nil,
		"201 counters":     map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": many},
		"unknown counter":  map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q1", "q4 "}},
		"bidi in the id":   map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q1", "q\u202e4"}},
		"number for an id": `{"full_name":"Nguyễn Văn An","role":"officer","counters":["q1",4]}`,
		"trailing data":    `{"full_name":"Nguyễn Văn An","role":"officer","counters":["q1","q4"]} {}`,
		"unknown field":    `{"full_name":"Nguyễn Văn An","role":"officer","counters":["q1","q4"],"assigned":true}`,
	} {
		c := adm
		if name == "supervisor" {
			c, body = sup, widen
		}
		if st, b := c.post("/console/api/officers/canbo1", body, nil); st/100 == 2 {
			t.Errorf("%s: %d %s", name, st, b)
		}
	}
	if o := officerRow(t, adm, "canbo1"); !o.Assigned || !slices.Equal(o.Counters, []string{"q1"}) {
		t.Fatalf("canbo1's counters changed: %+v", o)
	}
	var audits int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM console_audit WHERE action='officer.update' AND target='canbo1'`).Scan(&audits)
	if audits != 1 {
		t.Fatalf("%d audit rows, want 1", audits)
	}
}

// TestAttackConsoleLoginDuringPasswordReset: an admin's password leaked; an
// attacker's console login with it has checked the password and waits for
// the database writer, held by the write that resets the password. The
// login must not end with a console session. Failed before the fix (303
// and a working admin cookie).
func TestAttackConsoleLoginDuringPasswordReset(t *testing.T) {
	e := newEnv(t)
	attacker := consoletest.NewClient()
	tok := consoletest.LoginToken(t, attacker, e.ts.URL)
	holding, release, written := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	newHash, _ := bcrypt.GenerateFromPassword([]byte("mat-khau-moi-cua-quan-tri"), bcrypt.MinCost)
	go func() {
		written <- e.db.Write(context.Background(), func(tx *store.Tx) error {
			close(holding)
			<-release
			return tx.UpdateOfficer("quantri", "Phạm Thị Dung", "admin", false, string(newHash))
		})
	}()
	<-holding
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	defer free()
	type answer struct {
		st   int
		body string
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := attacker.PostForm(e.ts.URL+"/console/login", url.Values{"username": {"quantri"}, "password": {testPassword}, "csrf": {tok}})
		if err != nil {
			done <- answer{0, err.Error()}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		done <- answer{resp.StatusCode, string(b)}
	}()
	// The login reads the admin's row, checks the password and waits for
	// the writer (were it slower, the test would pass without the fix,
	// never fail with it).
	time.Sleep(500 * time.Millisecond)
	free()
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	e.srv.ForgetTokens()
	a := <-done
	if st, body, _ := consoletest.Get(t, attacker, e.ts.URL+"/console/api/me"); st == 200 {
		t.Fatalf("console login in flight during the password reset: %d; the cookie then works: %s", a.st, body)
	}
	if a.st != 401 {
		t.Fatalf("console login in flight during the password reset: %d %.300s", a.st, a.body)
	}
}
