package centre_test

// Red team 3 (docs/SECURITY.md, "Session 7 review"): the officer → counters
// assignment under races. A login reads the officer's row (assignment,
// password hash) before bcrypt runs and writes its session after; an admin
// who narrows the assignment or resets the password in between ends the
// officer's sessions — and must not leave the login that was in flight
// with a fresh one.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/store"
)

// TestAttackAssignmentChangedDuringLogin: a login at counter q2 has read
// the officer's row and checked the password, and waits for the database
// writer to store its session, while an admin's write removes q2 from the
// officer's counters, or resets the officer's password (the old one
// leaked), and commits first. The login must not end with a session at q2 /
// with the old password. Failed before the fix (the login answered 200 and
// the token worked at q2 for 12 h).
func TestAttackAssignmentChangedDuringLogin(t *testing.T) {
	e := newEnvOpts(t, nil, centre.Options{})
	newHash := fastHash(t, "mat-khau-moi-2026")
	for _, c := range []struct {
		name   string
		change func(*store.Tx) error
		want   int
	}{
		{"assignment narrowed", func(tx *store.Tx) error { return tx.SetOfficerCounters("canbo1", []string{"q1"}) }, 403},
		{"password reset", func(tx *store.Tx) error {
			return tx.UpdateOfficer("canbo1", "Nguyễn Văn An", "officer", false, newHash)
		}, 401},
	} {
		t.Run(c.name, func(t *testing.T) {
			e.write(func(tx *store.Tx) error {
				return tx.UpdateOfficer("canbo1", "Nguyễn Văn An", "officer", false, fastHash(t, testPassword))
			})
			e.assign("canbo1", "q1", "q2")
			e.srv.ForgetTokens()
			// The admin's write holds the writer until the login is past
			// its password check.
			holding, release, written := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			go func() {
				written <- e.db.Write(context.Background(), func(tx *store.Tx) error {
					close(holding)
					<-release
					return c.change(tx)
				})
			}()
			<-holding
			var once sync.Once
			free := func() { once.Do(func() { close(release) }) }
			defer free() // never leave the writer held
			type answer struct {
				st   int
				body string
			}
			done := make(chan answer, 1)
			go func() {
				st, body := e.loginAnswer("canbo1", testPassword, "q2")
				done <- answer{st, body}
			}()
			// The login reads the row (a read connection: not blocked by the
			// writer), checks the password (a cheap hash here) and waits for
			// the writer. (Were it slower than this, it would read the
			// changed row and the test would pass without the fix — never
			// fail with it.)
			time.Sleep(500 * time.Millisecond)
			free()
			if err := <-written; err != nil {
				t.Fatal(err)
			}
			e.srv.ForgetTokens() // what the console does after the change
			a := <-done
			var out struct {
				Token string `json:"token"`
			}
			if a.st == 200 {
				_ = json.Unmarshal([]byte(a.body), &out)
				st, me := e.do("GET", "/api/v1/me", out.Token, "", nil)
				t.Fatalf("login in flight during the change: %d; the session then answers %d %s", a.st, st, me)
			}
			if a.st != c.want {
				t.Fatalf("login in flight during the change: %d %s, want %d", a.st, a.body, c.want)
			}
			if n := e.sessionsAt("canbo1", "q2"); n != 0 {
				t.Fatalf("%d sessions at q2", n)
			}
		})
	}
}

// TestAttackCounterSessionStaysAtItsCounter: canbo1, assigned q1 only and
// signed in there, aims every counter-scoped route at q4 (land, canbo2's)
// and at the land ticket canbo2 called there: call-next, call, pause,
// resume at q4 by path; every ticket operation on q4's ticket, with the
// body naming q4 as the counter; a dossier received on that ticket. All
// refused; q4's ticket and state unchanged.
func TestAttackCounterSessionStaysAtItsCounter(t *testing.T) {
	e := newDossierEnv(t, time.Now())
	e.assign("canbo1", "q1")
	e.assign("canbo2", "q4")
	mine := e.login("canbo1", "q1")
	land := e.login("canbo2", "q4")
	e.issue("datdai")
	e.issue("datdai")
	called, ok := e.callNext(land, "q4")
	if !ok {
		t.Fatal("nothing called at q4")
	}
	refused := func(what string, st int, body string) {
		t.Helper()
		if st/100 == 2 || st == 0 {
			t.Errorf("%s: %d %s", what, st, body)
		}
	}
	for _, op := range []string{"call-next", "pause", "resume"} {
		st, body := e.do("POST", "/api/v1/counters/q4/"+op, mine, `{"counter":"q1"}`, nil)
		if op == "call-next" {
			st, body = e.do("POST", "/api/v1/counters/q4/"+op, mine, `{}`, nil)
		}
		refused(op+" at q4", st, body)
	}
	st, body := e.do("POST", "/api/v1/counters/q4/call", mine, fmt.Sprintf(`{"ticket_id":%q}`, called.ID), nil)
	refused("call at q4", st, body)
	st, body = e.do("POST", "/api/v1/counters/q1/call", mine, fmt.Sprintf(`{"ticket_id":%q}`, called.ID), nil)
	refused("call q4's ticket to q1", st, body)
	for _, op := range []string{"recall", "start", "finish", "no_show", "cancel", "transfer", "redirect", "park", "resume", "reactivate"} {
		st, body := e.do("POST", "/api/v1/tickets/"+called.ID+"/"+op, mine, `{"counter":"q4","service":"datdai"}`, nil)
		refused(op+" on q4's ticket", st, body)
		st, body = e.do("POST", "/api/v1/tickets/"+called.ID+"/"+op, mine, `{"counter":"q1","service":"hotich"}`, nil)
		refused(op+" on q4's ticket, to q1", st, body)
	}
	st, body = e.do("POST", "/api/v1/dossiers", mine, fmt.Sprintf(receiveBody, called.ID), nil)
	if st != 403 || !strings.Contains(body, "không được phục vụ tại quầy") {
		t.Errorf("dossier on q4's ticket: %d %s", st, body)
	}
	var v struct {
		Status  string `json:"status"`
		Counter string `json:"counter"`
	}
	if st, body := e.do("GET", "/api/v1/tickets/"+called.ID, land, "", &v); st != 200 || v.Counter != "q4" || v.Status != "called" {
		t.Fatalf("q4's ticket after the attempts: %d %s", st, body)
	}
	// canbo1's own counter still works.
	e.issue("hotich")
	own, ok := e.callNext(mine, "q1")
	if !ok {
		t.Fatal("canbo1 cannot call at q1")
	}
	if st, body := e.do("POST", "/api/v1/dossiers", mine, fmt.Sprintf(receiveBody, own.ID), nil); st != 201 {
		t.Fatalf("dossier on canbo1's own ticket: %d %s", st, body)
	}
}

// TestAttackAssignmentClosesSocket: the counter app's event socket of a
// session at q2 is closed (1008) when an admin removes q2 from the
// officer's counters; the socket of the session at q1 stays open.
func TestAttackAssignmentClosesSocket(t *testing.T) {
	e := newEnv(t, nil)
	e.assign("canbo1", "q1", "q2")
	at1, at2 := e.login("canbo1", "q1"), e.login("canbo1", "q2")
	dial := func(tok string) *websocket.Conn {
		h := http.Header{}
		h.Set("Authorization", "Bearer "+tok)
		c, _, err := websocket.DefaultDialer.Dial(e.wsURL(""), h)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		readMsg(t, c) // the snapshot
		return c
	}
	ws1, ws2 := dial(at1), dial(at2)
	e.assign("canbo1", "q1")
	e.srv.ForgetTokens()
	ws2.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		_, _, err := ws2.ReadMessage()
		if err == nil {
			continue // events before the close
		}
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation {
			t.Fatalf("the socket at q2 after the assignment: %v", err)
		}
		break
	}
	// q1's socket still receives: a ticket issued now reaches it.
	e.issue("hotich")
	ws1.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, _, err := ws1.ReadMessage(); err != nil {
		t.Fatalf("the socket at q1: %v", err)
	}
}
