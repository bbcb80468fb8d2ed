package centre_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
)

// Issue 13 item 4: a kiosk or display token rated any ticket or dossier
// (ticket ids are on /ws, dossier codes are sequential), 404 vs 201 told
// which dossiers exist, and the real citizen then got 409. A rating now
// needs the token printed in the QR of the citizen's paper.
func TestRatingBoundToPaperToken(t *testing.T) {
	e := newDossierEnv(t, time.Now())
	off := e.login("canbo1", "q1")
	tk := e.issue("hotich")
	if tk.RatingToken == "" || tk.RatingToken != e.srv.RatingToken("ticket", tk.ID) {
		t.Fatalf("issued ticket has no rating token: %+v", tk)
	}
	e.callNext(off, "q1")
	var dv centre.DossierView
	if status, body := e.do("POST", "/api/v1/dossiers", off, fmt.Sprintf(receiveBody, ""), &dv); status != 201 {
		t.Fatalf("receive: %d %s", status, body)
	}
	code := dv.Dossier.Code
	if !strings.HasPrefix(dv.Receipt.QR, code+"?r=") || dv.Receipt.QR != e.srv.DossierQR(code) {
		t.Fatalf("receipt QR %q carries no token", dv.Receipt.QR)
	}
	token := strings.TrimPrefix(dv.Receipt.QR, code+"?r=")
	// What an attacker with a kiosk token tries: no token, a made-up token.
	forged := []string{
		fmt.Sprintf(`{"ticket_id":%q,"level":1}`, tk.ID),
		fmt.Sprintf(`{"dossier_code":%q,"level":1}`, code),
		fmt.Sprintf(`{"ticket_id":%q,"token":"aaaaaaaaaaaaaaaa","level":1}`, tk.ID),
		fmt.Sprintf(`{"dossier_code":%q,"token":%q,"level":1}`, code, tk.RatingToken),
		fmt.Sprintf(`{"dossier_code":%q,"token":"aaaaaaaaaaaaaaaa","level":1}`, code),
	}
	for _, b := range forged {
		if status, body := e.do("POST", "/api/v1/ratings", e.kiosk, b, nil); status < 400 || status >= 500 {
			t.Fatalf("forged rating %s: %d %s", b, status, body)
		}
	}
	// Same answer whether the dossier exists or not: a wrong token for an
	// existing dossier and a right token for a missing one.
	missing := strings.TrimSuffix(code, "1") + "9"
	s1, b1 := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"dossier_code":%q,"token":"aaaaaaaaaaaaaaaa","level":1}`, code), nil)
	s2, b2 := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"dossier_code":%q,"token":%q,"level":1}`, missing, e.srv.RatingToken("dossier", missing)), nil)
	if s1 != s2 || b1 != b2 {
		t.Fatalf("existing vs missing dossier answered differently: %d %s / %d %s", s1, b1, s2, b2)
	}
	const ghost = "aaaaaaaaaaaaaaaaaaaa"
	s3, b3 := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":"aaaaaaaaaaaaaaaa","level":1}`, tk.ID), nil)
	s4, b4 := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":1}`, ghost, e.srv.RatingToken("ticket", ghost)), nil)
	if s3 != s4 || b3 != b4 || s1 != s3 || b1 != b3 {
		t.Fatalf("existing vs missing ticket answered differently: %d %s / %d %s", s3, b3, s4, b4)
	}
	// The real citizen is not blocked by the forged attempts.
	if status, body := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":1}`, tk.ID, tk.RatingToken), nil); status != 201 {
		t.Fatalf("citizen's ticket rating: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"dossier_code":%q,"token":%q,"level":1}`, code, strings.ToUpper(token)), nil); status != 201 {
		t.Fatalf("citizen's dossier rating: %d %s", status, body)
	}
	var n int
	if err := e.db.Read().QueryRow(`SELECT count(*) FROM ratings`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d ratings stored, want 2 (%v)", n, err)
	}
}

// Boards, counter PCs and officers cannot rate; a device enrolled as a
// rating pad can.
func TestRatingRoles(t *testing.T) {
	e := newDossierEnv(t, time.Now())
	off := e.login("canbo1", "q1")
	pad := e.device("pad-q1", centre.RoleRatingPad)
	var ids []centre.Issued
	for range 2 {
		tk := e.issue("hotich")
		e.callNext(off, "q1")
		ids = append(ids, tk)
	}
	body := func(tk centre.Issued) string {
		return fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":1}`, tk.ID, tk.RatingToken)
	}
	for name, tok := range map[string]string{"display": e.display, "counter": e.counter, "officer": off} {
		if status, resp := e.do("POST", "/api/v1/ratings", tok, body(ids[0]), nil); status != http.StatusForbidden {
			t.Fatalf("%s rated: %d %s", name, status, resp)
		}
		if status, resp := e.do("POST", "/api/v1/ratings/subject", tok, body(ids[0]), nil); status != http.StatusForbidden {
			t.Fatalf("%s asked a subject: %d %s", name, status, resp)
		}
	}
	if status, resp := e.do("GET", "/api/v1/ratings/scale", pad, "", nil); status != 200 {
		t.Fatalf("pad reading the scale: %d %s", status, resp)
	}
	if status, resp := e.do("POST", "/api/v1/ratings", pad, body(ids[1]), nil); status != 201 {
		t.Fatalf("rating pad: %d %s", status, resp)
	}
	if status, resp := e.do("POST", "/api/v1/ratings", e.kiosk, body(ids[0]), nil); status != 201 {
		t.Fatalf("kiosk: %d %s", status, resp)
	}
}

// The kiosk asks what a QR rates before the question: the number and the
// counter; a rated subject is refused there already.
func TestRatingSubject(t *testing.T) {
	e := newDossierEnv(t, time.Now())
	e.addOfficer("canbo3", "officer")
	off := e.login("canbo3", "q3")
	tk := e.issue("chungthuc")
	e.callNext(off, "q3")
	e.do("POST", "/api/v1/tickets/"+tk.ID+"/finish", off, "", nil)
	req := fmt.Sprintf(`{"ticket_id":%q,"token":%q}`, tk.ID, tk.RatingToken)
	var s centre.RatingSubject
	if status, body := e.do("POST", "/api/v1/ratings/subject", e.kiosk, req, &s); status != 200 ||
		s.Kind != "ticket" || s.Number != tk.Number || s.CounterNumber != 3 || s.CounterName != "Quầy 3" {
		t.Fatalf("subject: %d %s", status, body)
	}
	if status, _ := e.do("POST", "/api/v1/ratings/subject", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":"aaaaaaaaaaaaaaaa"}`, tk.ID), nil); status != 404 {
		t.Fatalf("subject with a wrong token: %d", status)
	}
	if status, body := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":1}`, tk.ID, tk.RatingToken), nil); status != 201 {
		t.Fatalf("rate: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/ratings/subject", e.kiosk, req, nil); status != 409 || errorCode(t, body) != "conflict" {
		t.Fatalf("subject already rated: %d %s", status, body)
	}
	// A waiting ticket is not ratable yet.
	w := e.issue("chungthuc")
	if status, body := e.do("POST", "/api/v1/ratings/subject", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q}`, w.ID, w.RatingToken), nil); status != 409 || errorCode(t, body) != "invalid_state" {
		t.Fatalf("waiting ticket: %d %s", status, body)
	}
}

// fromAddr is a client whose connections leave from the loopback address ip.
func fromAddr(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}, Timeout: 60 * time.Second}
}

func (e *env) postFrom(c *http.Client, path, token, body string) int {
	e.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "POST", e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// /ratings is rate limited per device (whatever address it comes from) and
// per client address (whatever device token it shows); the limits are per
// minute, so a test can count on them within its run.
func TestRatingRateLimits(t *testing.T) {
	e := newEnv(t, nil)
	if err := centre.MountDossiers(e.srv, e.db, e.cfg, centre.DossierOptions{RatingsPerMinute: 10}); err != nil {
		t.Fatal(err)
	}
	a2, a3, a4 := fromAddr("127.0.0.2"), fromAddr("127.0.0.3"), fromAddr("127.0.0.4")
	body := `{"ticket_id":"abcdefghijklmnopqrst","token":"aaaaaaaaaaaaaaaa","level":1}`
	// One device from two addresses: limited after 10 in all.
	limited := 0
	for i := range 30 {
		c := a2
		if i%2 == 1 {
			c = a3
		}
		if e.postFrom(c, "/api/v1/ratings", e.kiosk, body) == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 20 {
		t.Fatalf("one device over two addresses: %d of 30 limited, want 20", limited)
	}
	// Many devices from one new address: limited after 10 in all.
	toks := e.devices("kiosk-x", "kiosk", 30)
	limited = 0
	for _, tok := range toks {
		if e.postFrom(a4, "/api/v1/ratings", tok, body) == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 20 {
		t.Fatalf("30 devices from one address: %d limited, want 20", limited)
	}
}
