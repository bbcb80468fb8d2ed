package centre_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// Issue 13 item 5: every ticket operation checks that an officer acts on a
// ticket of their own counter or service; supervisors act anywhere. In the
// demo config q1 serves hotich and chungthuc, q4 only datdai; the acting
// officer and supervisor are at q1. "own" tickets are hotich (at q1 when
// at a counter), "other" tickets are datdai (at q4 when at a counter).
func TestOperationsCheckOfficerService(t *testing.T) {
	type opCase struct {
		op    string
		state string // waiting, called, parked, noshow, cancelled
		body  func(own bool) string
		// officerOwn is the status an officer gets on their own ticket:
		// 200, except moving a waiting ticket ahead of a queue.
		officerOwn int
	}
	redirect := func(own bool) string {
		if own {
			return `{"counter":"q2"}`
		}
		return `{"counter":"q5"}`
	}
	transfer := func(own bool) string {
		if own {
			return `{"service":"chungthuc"}`
		}
		return `{"service":"congan"}`
	}
	none := func(bool) string { return "" }
	cases := []opCase{
		{"recall", "called", none, 200},
		{"start", "called", none, 200},
		{"finish", "called", none, 200},
		{"no-show", "called", none, 200},
		{"park", "called", none, 200},
		{"cancel", "called", none, 200},
		{"cancel", "waiting", none, 200},
		{"cancel", "parked", none, 200},
		{"transfer", "called", transfer, 200},
		{"transfer", "waiting", transfer, 200},
		{"redirect", "called", redirect, 200},
		{"redirect", "waiting", redirect, http.StatusForbidden}, // out of order: see TestRedirectToSelfIsOutOfOrder
		{"resume", "parked", none, 200},
		{"reactivate", "noshow", none, 200},
		{"reactivate", "cancelled", none, 200},
	}
	for _, c := range cases {
		for _, own := range []bool{true, false} {
			for _, role := range []string{"officer", "supervisor"} {
				name := fmt.Sprintf("%s-%s/own=%v/%s", c.op, c.state, own, role)
				t.Run(name, func(t *testing.T) {
					e := newEnv(t, nil)
					actor := "canbo1"
					if role == "supervisor" {
						actor = "giamsat"
					}
					tok := e.login(actor, "q1")
					// Redirect targets must be open.
					e.login("canbo2", "q2")
					e.addOfficer("canbo5", "officer")
					e.login("canbo5", "q5")
					service, counter := "hotich", "q1"
					if !own {
						service, counter = "datdai", "q4"
					}
					id := e.ticketIn(c.state, service, counter)
					want := 200
					switch {
					case role == "officer" && own:
						want = c.officerOwn
					case role == "officer":
						want = http.StatusForbidden
					}
					status, body := e.do("POST", "/api/v1/tickets/"+id+"/"+c.op, tok, c.body(own), nil)
					if status != want {
						t.Fatalf("%s by %s: %d %s, want %d", name, role, status, body, want)
					}
					if status == http.StatusForbidden && errorCode(t, body) != "forbidden" {
						t.Fatalf("refusal is not a forbidden error: %s", body)
					}
				})
			}
		}
	}
}

// ticketIn makes a ticket of service in state; at a counter states it is
// put there by a supervisor session at counter.
func (e *env) ticketIn(state, service, counter string) string {
	e.t.Helper()
	tk := e.issue(service)
	if state == "waiting" {
		return tk.ID
	}
	sup := e.login("giamsat", counter)
	act := func(op string) {
		e.t.Helper()
		if status, body := e.do("POST", "/api/v1/tickets/"+tk.ID+"/"+op, sup, "", nil); status != 200 {
			e.t.Fatalf("setup %s: %d %s", op, status, body)
		}
	}
	if state == "cancelled" {
		act("cancel")
		return tk.ID
	}
	if v, ok := e.callNext(sup, counter); !ok || v.ID != tk.ID {
		e.t.Fatalf("setup call at %s: %+v %v", counter, v, ok)
	}
	switch state {
	case "parked":
		act("park")
	case "noshow":
		act("no-show")
	}
	return tk.ID
}

// A redirect to one's own counter followed by "next" would call a ticket
// out of turn: it is refused like a named call to an officer without the
// permission, and "next" still calls the oldest ticket.
func TestRedirectToSelfIsOutOfOrder(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.login("canbo1", "q1")
	first, second := e.issue("hotich"), e.issue("hotich")
	status, body := e.do("POST", "/api/v1/counters/q1/call", tok, fmt.Sprintf(`{"ticket_id":%q}`, second.ID), nil)
	if status != http.StatusForbidden {
		t.Fatalf("named call without permission: %d %s", status, body)
	}
	status, body = e.do("POST", "/api/v1/tickets/"+second.ID+"/redirect", tok, `{"counter":"q1"}`, nil)
	if status != http.StatusForbidden || errorCode(t, body) != "forbidden" {
		t.Fatalf("redirect of a waiting ticket to self: %d %s", status, body)
	}
	if v, ok := e.callNext(tok, "q1"); !ok || v.ID != first.ID {
		t.Fatalf("next called %s, want the oldest %s", v.Number, first.Number)
	}
	// An officer the policy allows may do both.
	cfg := queue.DemoConfig()
	cfg.Policy.OutOfOrderOfficers = []string{"canbo1"}
	e2 := newEnv(t, cfg)
	tok2 := e2.login("canbo1", "q1")
	e2.issue("hotich")
	late := e2.issue("hotich")
	if status, body := e2.do("POST", "/api/v1/tickets/"+late.ID+"/redirect", tok2, `{"counter":"q1"}`, nil); status != 200 {
		t.Fatalf("allowed officer's redirect to self: %d %s", status, body)
	}
	if v, ok := e2.callNext(tok2, "q1"); !ok || v.ID != late.ID {
		t.Fatalf("next after redirect called %s, want %s", v.Number, late.Number)
	}
}

// Redirects go only to open counters that serve the ticket's service, for
// supervisors too: the citizen would otherwise wait at a counter that never
// calls them.
func TestRedirectTargetOpenAndServing(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.login("canbo1", "q1")
	sup := e.login("giamsat", "q10")
	tk := e.issue("hotich")
	if v, ok := e.callNext(tok, "q1"); !ok || v.ID != tk.ID {
		t.Fatal("call")
	}
	for _, c := range []struct {
		token, counter string
		status         int
		code           string
	}{
		{tok, "q2", http.StatusConflict, "counter_paused"}, // closed: nobody logged in
		{sup, "q2", http.StatusConflict, "counter_paused"},
		{tok, "q4", http.StatusBadRequest, "invalid"}, // does not serve hotich
		{sup, "q4", http.StatusBadRequest, "invalid"},
	} {
		status, body := e.do("POST", "/api/v1/tickets/"+tk.ID+"/redirect", c.token, fmt.Sprintf(`{"counter":%q}`, c.counter), nil)
		if status != c.status || errorCode(t, body) != c.code {
			t.Fatalf("redirect to %s: %d %s", c.counter, status, body)
		}
	}
	// Paused is not open either.
	tok2 := e.login("canbo2", "q2")
	if status, body := e.do("POST", "/api/v1/counters/q2/pause", tok2, `{"reason":"Nghỉ giải lao"}`, nil); status != 204 {
		t.Fatalf("pause: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/tickets/"+tk.ID+"/redirect", tok, `{"counter":"q2"}`, nil); status != http.StatusConflict {
		t.Fatalf("redirect to a paused counter: %d %s", status, body)
	}
	e.do("POST", "/api/v1/counters/q2/resume", tok2, "", nil)
	var v centre.TicketView
	if status, body := e.do("POST", "/api/v1/tickets/"+tk.ID+"/redirect", tok, `{"counter":"q2"}`, &v); status != 200 || v.TargetCounter != "q2" {
		t.Fatalf("redirect to an open counter: %d %s", status, body)
	}
}

// A named call is of a ticket this counter serves, never one of another
// service or redirected to another counter, even for an officer allowed to
// call out of order.
func TestNamedCallChecksService(t *testing.T) {
	cfg := queue.DemoConfig()
	cfg.Policy.OutOfOrderOfficers = []string{"canbo1"}
	e := newEnv(t, cfg)
	tok := e.login("canbo1", "q1")
	land := e.issue("datdai")
	status, body := e.do("POST", "/api/v1/counters/q1/call", tok, fmt.Sprintf(`{"ticket_id":%q}`, land.ID), nil)
	if status != http.StatusForbidden {
		t.Fatalf("named call of another service: %d %s", status, body)
	}
	sup := e.login("giamsat", "q2")
	mine := e.issue("hotich")
	if status, body := e.do("POST", "/api/v1/tickets/"+mine.ID+"/redirect", sup, `{"counter":"q2"}`, nil); status != 200 {
		t.Fatalf("supervisor redirect: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/counters/q1/call", tok, fmt.Sprintf(`{"ticket_id":%q}`, mine.ID), nil); status != http.StatusForbidden {
		t.Fatalf("named call of a ticket redirected to q2: %d %s", status, body)
	}
	own := e.issue("hotich")
	if status, body := e.do("POST", "/api/v1/counters/q1/call", tok, fmt.Sprintf(`{"ticket_id":%q}`, own.ID), nil); status != 200 {
		t.Fatalf("named call of own service: %d %s", status, body)
	}
}

// A due appointment is called ahead of everyone: a kiosk (or a stolen
// kiosk token) may not issue one; an officer may.
func TestKioskCannotIssueAppointments(t *testing.T) {
	e := newEnv(t, nil)
	body := fmt.Sprintf(`{"service":"hotich","appointment_at":%q}`, time.Now().Format(time.RFC3339))
	if status, resp := e.do("POST", "/api/v1/tickets", e.kiosk, body, nil); status != http.StatusForbidden {
		t.Fatalf("kiosk appointment: %d %s", status, resp)
	}
	off := e.login("canbo1", "q1")
	if status, resp := e.do("POST", "/api/v1/tickets", off, body, nil); status != http.StatusCreated {
		t.Fatalf("officer appointment: %d %s", status, resp)
	}
}

// The tokenless phone page's JSON names no officer.
func TestPublicTicketViewHasNoOfficer(t *testing.T) {
	e := newEnv(t, nil)
	off := e.login("canbo1", "q1")
	tk := e.issue("hotich")
	e.callNext(off, "q1")
	status, body := e.do("GET", "/api/v1/public/tickets/"+tk.ID, "", "", nil)
	if status != 200 || strings.Contains(body, "canbo1") || !strings.Contains(body, tk.Number) {
		t.Fatalf("public ticket: %d %s", status, body)
	}
	// Nor does the devices' ticket view; officers still see it.
	if status, body := e.do("GET", "/api/v1/tickets/"+tk.ID, e.kiosk, "", nil); status != 200 || strings.Contains(body, "canbo1") {
		t.Fatalf("kiosk's ticket view: %d %s", status, body)
	}
	if status, body := e.do("GET", "/api/v1/tickets/"+tk.ID, off, "", nil); status != 200 || !strings.Contains(body, `"officer":"canbo1"`) {
		t.Fatalf("officer's ticket view: %d %s", status, body)
	}
}
