package ratingpad_test

// Attacks on the rating pad (session 5 review, docs/SECURITY.md): one
// rating per visit under a flood of concurrent answers from two pads and
// the kiosk, hostile bodies, authentication before the body, the
// long-poll's bound per pad.

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/ratingpad/padwire"
)

func rawPost(t *testing.T, url, token, body string) int {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// Two pads at the same counter and the kiosk's QR answer the same visit at
// once, 45 requests: one rating is stored, one packet queued, one 201.
func TestAttackOneRatingPerVisit(t *testing.T) {
	e := newEnv(t)
	if err := ratingpad.Bind(e.ts.Ctx, e.db, e.ts.Cfg, "pad3", "q1"); err != nil {
		t.Fatal(err)
	}
	tk := e.serve("canbo1", "q1", true)
	if st := e.state(e.pad1); st.Mode != padwire.ModeRate || st.Ticket == nil || st.Ticket.ID != tk.ID {
		t.Fatalf("pad: %+v", st)
	}
	pad := fmt.Sprintf(`{"ticket_id":%q,"level":1}`, tk.ID)
	kiosk := fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":1}`, tk.ID, e.srv.RatingToken("ticket", tk.ID))
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	for i := range 45 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var who string
			var c int
			switch i % 3 {
			case 0:
				who, c = "pad1", rawPost(t, e.ts.URL+"/api/v1/pad/rate", e.pad1, pad)
			case 1:
				who, c = "pad3", rawPost(t, e.ts.URL+"/api/v1/pad/rate", e.padUnbound, pad)
			default:
				who, c = "kiosk", rawPost(t, e.ts.URL+"/api/v1/ratings", e.kiosk, kiosk)
			}
			mu.Lock()
			codes[fmt.Sprint(who, " ", c)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	created := 0
	for k, n := range codes {
		switch {
		case strings.HasSuffix(k, " 201"):
			created += n
		case strings.HasSuffix(k, " 409"), strings.HasSuffix(k, " 429"), strings.HasSuffix(k, " 404"):
		default:
			t.Errorf("unexpected answer %s (%v)", k, codes)
		}
	}
	var rows, packets int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM ratings WHERE subject = ?`, "ticket:"+tk.ID).Scan(&rows)
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM outbox WHERE service = 'DongBoDanhGia' AND key = ?`, "ticket:"+tk.ID).Scan(&packets)
	if created != 1 || rows != 1 || packets != 1 {
		t.Fatalf("%d answers 201, %d ratings, %d packets (%v)", created, rows, packets, codes)
	}
}

// Hostile rating bodies: nothing stored, the visit still rateable once.
func TestAttackPadBodies(t *testing.T) {
	e := newEnv(t)
	tk := e.serve("canbo1", "q1", true)
	for name, body := range map[string]string{
		"huge comment": fmt.Sprintf(`{"ticket_id":%q,"level":1,"comment":%q}`, tk.ID, strings.Repeat("a", 70<<10)),
		"long comment": fmt.Sprintf(`{"ticket_id":%q,"level":1,"comment":%q}`, tk.ID, strings.Repeat("ă", 5000)),
		"many reasons": fmt.Sprintf(`{"ticket_id":%q,"level":3,"reasons":[%s"x"]}`, tk.ID, strings.Repeat(`"Thời gian chờ đợi lâu",`, 11)),
		"odd reason":   fmt.Sprintf(`{"ticket_id":%q,"level":3,"reasons":["<script>alert(1)</script>"]}`, tk.ID),
		"control":      fmt.Sprintf(`{"ticket_id":%q,"level":1,"comment":"a\u0000b\u001b[31m"}`, tk.ID),
		"deep":         `{"ticket_id":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`,
		"level":        fmt.Sprintf(`{"ticket_id":%q,"level":-2147483648}`, tk.ID),
		"long id":      fmt.Sprintf(`{"ticket_id":%q,"level":1}`, strings.Repeat(tk.ID, 50)),
		"trailing":     fmt.Sprintf(`{"ticket_id":%q,"level":1} {}`, tk.ID),
	} {
		if c := rawPost(t, e.ts.URL+"/api/v1/pad/rate", e.pad1, body); c != 400 && c != 413 && c != 404 {
			t.Errorf("%s: %d", name, c)
		}
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM ratings`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d ratings stored from hostile bodies", n)
	}
	if c := rawPost(t, e.ts.URL+"/api/v1/pad/rate", e.pad1, fmt.Sprintf(`{"ticket_id":%q,"level":1}`, tk.ID)); c != 201 {
		t.Fatalf("the real rating: %d", c)
	}
	// Without a pad token, or with another role's, a 100 MB body announced
	// is refused before a byte of it is read.
	for _, tok := range []string{"", "forged", e.kiosk} {
		hdr := map[string]string{}
		if tok != "" {
			hdr["Authorization"] = "Bearer " + tok
		}
		if st := centretest.HeadersOnly(t, e.ts.URL, "POST", "/api/v1/pad/rate", hdr, 100<<20); st != 401 && st != 403 {
			t.Fatalf("token %q: %d", tok, st)
		}
	}
	// An unbound pad is refused before its body is read too.
	if st := centretest.HeadersOnly(t, e.ts.URL, "POST", "/api/v1/pad/rate", map[string]string{"Authorization": "Bearer " + e.padUnbound}, 100<<20); st != 403 {
		t.Fatalf("unbound pad: %d", st)
	}
}

// A long-poll asking for a day's wait is cut to MaxWait (the request
// returns without any change at the counter; a missing bound would hold a
// goroutine and a connection for 27 hours); other hostile values are
// answered at once.
func TestAttackPadLongPollBounded(t *testing.T) {
	e := newEnv(t)
	v := e.state(e.pad1).Version
	hc := &http.Client{Timeout: 5 * ratingpad.MaxWait}
	for _, q := range []string{"wait=100000&since=" + v, "wait=-5&since=" + v, "wait=99999999999999999999&since=" + v,
		"wait=1e9&since=" + v, "wait=8&since=" + strings.Repeat("a", 10000)} {
		req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/pad/state?"+q, nil)
		req.Header.Set("Authorization", "Bearer "+e.pad1)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("%.40s: %v", q, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%.40s: %d", q, resp.StatusCode)
		}
	}
}
