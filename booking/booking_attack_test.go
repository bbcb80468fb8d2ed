package booking_test

// Attacks on the public booking and remote-number surfaces (session 5
// review, docs/SECURITY.md): races on one claim, existence oracles,
// authentication before the body, hostile bodies.

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
)

type tally struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *tally) add(k string) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[k]++
	c.mu.Unlock()
}

func (e *env) raw(method, path, token string, body []byte) (int, string) {
	req, err := http.NewRequest(method, e.ts.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Errorf("%s %s: %v", method, path, err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// One booking, 60 hostile requests at once: check-in by its code from two
// kiosks, check-in by its CCCD, and the holder's cancel. Exactly one of
// them wins: either one ticket and a checked-in booking (no cancel
// accepted), or a cancelled booking and no ticket.
func TestAttackCheckInCancelRace(t *testing.T) {
	for round := range 3 {
		e := newEnv(t, booking.Config{RatePerMin: 1000}, at("2026-09-07 07:00"))
		kiosk2 := e.ts.Token("dev-kiosk")
		a, code, body := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "001099012345")
		if code != 201 {
			t.Fatalf("book: %d %s", code, body)
		}
		e.set(at("2026-09-07 08:55"))
		var wg sync.WaitGroup
		var got tally
		for i := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var c int
				switch i % 4 {
				case 0:
					c, _ = e.raw("POST", "/api/v1/bookings/"+a.Code+"/check-in", e.kiosk, nil)
					got.add(fmt.Sprint("code ", c))
				case 1:
					c, _ = e.raw("POST", "/api/v1/bookings/"+a.Code+"/check-in", kiosk2, nil)
					got.add(fmt.Sprint("code ", c))
				case 2:
					c, _ = e.raw("POST", "/api/v1/bookings/check-in-by-cccd", e.kiosk, []byte(`{"cccd":"001099012345"}`))
					got.add(fmt.Sprint("cccd ", c))
				default:
					c, _ = e.raw("POST", "/api/v1/bookings/"+a.Code+"/cancel", "", nil)
					got.add(fmt.Sprint("cancel ", c))
				}
			}()
		}
		wg.Wait()
		var tickets int
		var status string
		e.db.Read().QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&tickets)
		e.db.Read().QueryRow(`SELECT status FROM bookings`).Scan(&status)
		checkedIn := got.n["code 201"] + got.n["cccd 201"]
		switch {
		case got.n["cancel 200"] > 0:
			if checkedIn != 0 || tickets != 0 || status != booking.StatusCancelled {
				t.Fatalf("round %d: cancel accepted and %d check-ins, %d tickets, status %s (%v)", round, checkedIn, tickets, status, got.n)
			}
		default:
			if checkedIn != 1 || tickets != 1 || status != booking.StatusCheckedIn {
				t.Fatalf("round %d: %d check-ins, %d tickets, status %s (%v)", round, checkedIn, tickets, status, got.n)
			}
		}
		for k := range got.n {
			if strings.HasSuffix(k, " 500") || strings.HasSuffix(k, " 0") {
				t.Fatalf("round %d: %v", round, got.n)
			}
		}
	}
}

// "Tôi đã đến" pressed 50 times at once on a remote ticket marked absent
// puts it back once; the same ticket id at the same time on the other
// public routes changes nothing.
func TestAttackRemoteGraceClaimedOnce(t *testing.T) {
	e := newEnv(t, booking.Config{RatePerMin: 1000, Remote: booking.RemoteConfig{GraceMin: 10}}, at("2026-09-07 08:00"))
	off := e.officer()
	rt, code, body := e.remote("hotich", "0912345678", "")
	if code != 201 {
		t.Fatalf("remote: %d %s", code, body)
	}
	if tk, _, err := off.CallNext(e.ts.Ctx, "q1", ""); err != nil || tk.ID != rt.ID {
		t.Fatalf("call: %v", err)
	}
	if _, err := off.Act(e.ts.Ctx, rt.ID, "no-show", "", ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var got tally
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _ := e.raw("POST", "/api/v1/remote/tickets/"+rt.ID+"/back", "", nil)
			got.add(fmt.Sprint(c))
		}()
	}
	wg.Wait()
	var reactivated int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM events WHERE ticket = ? AND kind = 'ticket.reactivated'`, rt.ID).Scan(&reactivated)
	if got.n["200"] != 1 || got.n["409"] != 49 || reactivated != 1 {
		t.Fatalf("answers %v, %d reactivations", got.n, reactivated)
	}
}

// Whether an id is a remote ticket, a walk-in's ticket, unknown or
// malformed, the phone page's remote routes answer the same bytes.
func TestAttackRemoteIDOracle(t *testing.T) {
	e := newEnv(t, booking.Config{RatePerMin: 1000}, at("2026-09-07 08:00"))
	var walk centre.Issued
	if code, body := e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, &walk); code != 201 {
		t.Fatalf("walk-in: %d %s", code, body)
	}
	rt, code, body := e.remote("hotich", "0912345678", "")
	if code != 201 {
		t.Fatalf("remote: %d %s", code, body)
	}
	unknown := []byte(rt.ID)
	unknown[0] ^= 1
	var first string
	for _, id := range []string{walk.ID, string(unknown), "x", strings.Repeat("a", 20), strings.Repeat("a", 400), "%27%20OR%201%3D1--"} {
		for _, m := range []string{"GET /api/v1/remote/tickets/" + id, "POST /api/v1/remote/tickets/" + id + "/back"} {
			method, path, _ := strings.Cut(m, " ")
			code, body := e.raw(method, path, "", nil)
			a := fmt.Sprint(code, " ", body)
			if first == "" {
				first = a
			}
			if a != first || code != 404 {
				t.Fatalf("%s: %q, first answer %q", m, a, first)
			}
		}
	}
	// and the real one is there
	if code, body := e.raw("GET", "/api/v1/remote/tickets/"+rt.ID, "", nil); code != 200 {
		t.Fatalf("remote view: %d %s", code, body)
	}
	// Unknown, malformed and long booking codes: check-in (kiosk) and move
	// answer as GET does (TestUnknownCodeAnsweredAlike covers GET, cancel, qr).
	first = ""
	for _, c := range []string{booking.NewCode(), "ABCD", strings.Repeat("A", 300)} {
		for _, m := range []string{"POST /api/v1/bookings/" + c + "/check-in", "POST /api/v1/bookings/" + c + "/move", "GET /api/v1/bookings/" + c} {
			method, path, _ := strings.Cut(m, " ")
			code, body := e.raw(method, path, e.kiosk, []byte(`{"slot_start":"2026-09-07T10:00:00+07:00"}`))
			a := fmt.Sprint(code, " ", body)
			if first == "" {
				first = a
			}
			if a != first || code != 404 {
				t.Fatalf("%s: %q, first answer %q", m, a, first)
			}
		}
	}
}

// Hostile bodies on the public POSTs: too large (413), deeply nested,
// trailing data, wrong types (400); the server keeps answering.
func TestAttackPublicBodies(t *testing.T) {
	e := newEnv(t, booking.Config{RatePerMin: 1000}, at("2026-09-07 07:00"))
	a, code, body := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "")
	if code != 201 {
		t.Fatalf("book: %d %s", code, body)
	}
	huge := []byte(`{"service":"hotich","phone":"` + strings.Repeat("9", 1<<20) + `"}`)
	deep := []byte(`{"service":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`)
	deepObj := []byte(strings.Repeat(`{"a":`, 5000) + `1` + strings.Repeat("}", 5000))
	for _, path := range []string{"/api/v1/remote/tickets", "/api/v1/bookings", "/api/v1/bookings/" + a.Code + "/move"} {
		for name, c := range map[string]struct {
			body []byte
			want int
		}{
			"huge":     {huge, 413},
			"deep":     {deep, 400},
			"deep obj": {deepObj, 400},
			"trailing": {[]byte(`{"service":"hotich"} {"x":1}`), 400},
			"types":    {[]byte(`{"service":["hotich"],"phone":12}`), 400},
			"nul":      {[]byte("{\"service\":\"hot\x00ich\",\"phone\":\"0912345678\"}"), 400},
		} {
			code, body := e.raw("POST", path, "", c.body)
			if code != c.want && !(c.want == 400 && code == 413) {
				t.Errorf("%s %s: %d %.200s", path, name, code, body)
			}
		}
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM bookings`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d bookings after the hostile bodies", n)
	}
	if code, _ := e.raw("GET", "/api/v1/bookings/"+a.Code, "", nil); code != 200 {
		t.Fatalf("server after the hostile bodies: %d", code)
	}
}

// The kiosk routes refuse a caller without a valid token before reading a
// byte of its body: a 100 MB body announced and never sent is answered.
func TestAttackCheckInAuthBeforeBody(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	for _, path := range []string{"/api/v1/bookings/check-in-by-cccd", "/api/v1/bookings/ABCD-EFGH-JKMN-PQRS/check-in"} {
		for _, hdr := range []map[string]string{nil, {"Authorization": "Bearer forged"}} {
			if st := centretest.HeadersOnly(t, e.ts.URL, "POST", path, hdr, 100<<20); st != 401 {
				t.Fatalf("%s %v: %d", path, hdr, st)
			}
		}
	}
	// An officer's session is the wrong role for the kiosk's CCCD check-in:
	// refused before the body too.
	off := e.ts.Session("canbo1", "q1")
	if st := centretest.HeadersOnly(t, e.ts.URL, "POST", "/api/v1/bookings/check-in-by-cccd", map[string]string{"Authorization": "Bearer " + off}, 100<<20); st != 403 {
		t.Fatalf("officer: %d", st)
	}
}
