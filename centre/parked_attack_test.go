package centre_test

// Red team 4 (docs/SECURITY.md, "Session 8 review"): the counter's list of
// held numbers, GET /api/v1/counters/{counter}/parked.

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/store"
)

// TestAttackParkedListReaders: only the counter's own officer (and a
// supervisor or admin) reads a counter's held numbers; an officer of
// another counter, the kiosk, the display board, the counter PC's device
// token, a signed-out officer's token and no token are refused, and the
// refusals name no number. The list carries no name or phone.
func TestAttackParkedListReaders(t *testing.T) {
	e := newEnv(t, nil)
	id := e.ticketIn("parked", "hotich", "q1")
	own := e.login("canbo1", "q1")
	var list []centre.TicketView
	if st, body := e.do("GET", "/api/v1/counters/q1/parked", own, "", &list); st != 200 || len(list) != 1 || list[0].ID != id {
		t.Fatalf("own counter: %d %s", st, body)
	}
	if st, body := e.do("GET", "/api/v1/counters/q1/parked", own, "", nil); strings.Contains(strings.ToLower(body), "phone") ||
		strings.Contains(body, "Nguyễn") || st != 200 {
		t.Fatalf("the list names a person: %s", body)
	}
	other := e.login("canbo2", "q2")
	gone := e.login("canbo1", "q1")
	if st, body := e.do("POST", "/api/v1/logout", gone, "", nil); st/100 != 2 {
		t.Fatalf("logout: %d %s", st, body)
	}
	for _, c := range []struct {
		name, token string
		want        int
	}{
		{"officer of another counter", other, http.StatusForbidden},
		{"kiosk", e.kiosk, http.StatusForbidden},
		{"display board", e.display, http.StatusForbidden},
		{"counter PC", e.counter, http.StatusForbidden},
		{"signed out", gone, http.StatusUnauthorized},
		{"no token", "", http.StatusUnauthorized},
		{"forged token", "x" + own[1:], http.StatusUnauthorized},
	} {
		st, body := e.do("GET", "/api/v1/counters/q1/parked", c.token, "", nil)
		if st != c.want || strings.Contains(body, id) || strings.Contains(body, list[0].Number) {
			t.Errorf("%s: %d %s, want %d without the number", c.name, st, body, c.want)
		}
	}
	// Encoded path tricks reach no other counter.
	for _, p := range []string{"/api/v1/counters/q1%2f..%2fq1/parked", "/api/v1/counters/Q1/parked", "/api/v1/counters/q1%00/parked"} {
		if st, body := e.do("GET", p, other, "", nil); st == 200 && strings.Contains(body, id) {
			t.Errorf("%s: %d %s", p, st, body)
		}
	}
}

// TestAttackParkedListNotCrowdedOut: the list read the day's parked
// numbers of the whole centre (at most 2 000, oldest first) and kept the
// counter's; 2 000 numbers parked earlier at other counters hid every
// number held at q1, and a counter with more than 50 held numbers never
// listed the one it had just parked. Now the counter's own rows are read,
// the newest 50. Failed before the fix (the list at q1 was empty).
func TestAttackParkedListNotCrowdedOut(t *testing.T) {
	e := newEnv(t, nil)
	id := e.ticketIn("parked", "hotich", "q1")
	// 2 000 numbers parked earlier today at q2, and 60 older ones at q1.
	e.write(func(tx *store.Tx) error {
		_, err := tx.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2060)
			INSERT INTO tickets (id, day, prefix, seq, number, service, status, issued_at, arrival_at, counter, officer)
			SELECT 'x' || i, t.day, 'Z', i, 'Z' || i, t.service, 'parked', t.issued_at - 100000 + i, t.arrival_at - 100000 + i,
				CASE WHEN i > 2000 THEN 'q1' ELSE 'q2' END, 'canbo2'
			FROM n, tickets t WHERE t.id = ?`, id)
		return err
	})
	own := e.login("canbo1", "q1")
	var list []centre.TicketView
	if st, body := e.do("GET", "/api/v1/counters/q1/parked", own, "", &list); st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	if len(list) != 50 {
		t.Fatalf("%d numbers listed, want the bound 50", len(list))
	}
	for i, v := range list {
		if v.Counter != "q1" {
			t.Fatalf("another counter's number listed: %+v", v)
		}
		if i > 0 && v.IssuedAt.Before(list[i-1].IssuedAt) {
			t.Fatalf("not oldest first at %d", i)
		}
	}
	if last := list[len(list)-1]; last.ID != id {
		t.Fatalf("the number just parked is not listed (last %s %s)", last.ID, last.Number)
	}
}
