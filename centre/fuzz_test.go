package centre_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// serve runs one request through the real handler (no network: fuzzing
// needs speed, the handler and database are the real ones).
func (e *env) serve(method, path, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	e.srv.ServeHTTP(w, req)
	return w
}

// checkRefusal asserts a refused request has the JSON error body, a status
// from allowed, and wrote no event.
func checkRefusal(t *testing.T, e *env, w *httptest.ResponseRecorder, seqBefore int64, allowed ...int) {
	t.Helper()
	ok := false
	for _, s := range allowed {
		ok = ok || w.Code == s
	}
	if !ok {
		t.Fatalf("status %d %s", w.Code, w.Body)
	}
	errorCode(t, w.Body.String())
	if seq, _ := e.db.MaxSeq(context.Background()); seq != seqBefore {
		t.Fatalf("refused request (%d) wrote %d events", w.Code, seq-seqBefore)
	}
}

var numberRe = regexp.MustCompile(`^[A-Z]{1,2}[0-9]{3}$`)

func FuzzIssueBody(f *testing.F) {
	for _, s := range []string{
		`{"service":"hotich"}`,
		`{"service":"chungthuc","priority":"caotuoi"}`,
		`{"service":"datdai","appointment_at":"2025-03-03T09:00:00+07:00"}`,
		`{"service":"hotich","priority":"vip"}`,
		`{"service":""}`, `{}`, `[]`, `null`, ``, `{"service":"hotich"}x`, `{"service":"\u0000"}`,
		`{"service":"hotich","service":"datdai"}`, `{"Service":"HOTICH"}`, `{"service":["hotich"]}`,
	} {
		f.Add(s)
	}
	e := newEnv(f, nil)
	f.Fuzz(func(t *testing.T, body string) {
		seq, _ := e.db.MaxSeq(context.Background())
		w := e.serve("POST", "/api/v1/tickets", e.kiosk, body)
		if w.Code != http.StatusCreated {
			checkRefusal(t, e, w, seq, 400, 403, 409, 413) // 403: a kiosk's appointment
			return
		}
		var tk centre.Issued
		if err := json.Unmarshal(w.Body.Bytes(), &tk); err != nil {
			t.Fatalf("201 with body %q: %v", w.Body, err)
		}
		stored, err := e.db.Ticket(context.Background(), tk.ID)
		if err != nil || stored.Number != tk.Number || stored.Status != queue.Waiting || !numberRe.MatchString(tk.Number) {
			t.Fatalf("issued %+v, stored %+v (%v)", tk, stored, err)
		}
		if _, ok := e.cfg.Service(tk.Service); !ok {
			t.Fatalf("ticket for unknown service %q", tk.Service)
		}
	})
}

func FuzzLoginBody(f *testing.F) {
	for _, s := range []string{
		`{"username":"canbo1","password":"matkhau123","counter":"q1"}`,
		`{"username":"giamsat","password":"matkhau123"}`,
		`{"username":"canbo1","password":"sai"}`,
		`{"username":"canbo1","password":"matkhau123","counter":"q99"}`,
		`{"username":"","password":""}`, `{}`, `{"username":1}`, `nul`, `{"username":"canbo1","password":"matkhau123"} []`,
	} {
		f.Add(s)
	}
	e := newEnv(f, nil)
	f.Fuzz(func(t *testing.T, body string) {
		w := e.serve("POST", "/api/v1/login", "", body)
		switch w.Code {
		case 200:
			var out struct {
				Token string `json:"token"`
				Role  string `json:"role"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || out.Token == "" || out.Role == "" {
				t.Fatalf("200 with %q", w.Body)
			}
		case 400, 401, 413, 429:
			errorCode(t, w.Body.String())
		default:
			t.Fatalf("status %d %s", w.Code, w.Body)
		}
	})
}

func FuzzActBody(f *testing.F) {
	ops := []string{"recall", "start", "finish", "no-show", "cancel", "transfer", "redirect", "park", "resume", "reactivate"}
	for i, s := range []string{
		``, `{}`, `{"service":"chungthuc"}`, `{"counter":"q2"}`, `{"service":"khongco"}`, `{"counter":""}`,
		`{"service":"hotich","counter":"q3"}`, `[1,2]`, `{"service":`, `{"counter":"q2"}{}`,
	} {
		f.Add(uint8(i), s)
	}
	e := newEnv(f, nil)
	sup := e.login("giamsat", "")
	tk := e.issue("hotich")
	f.Fuzz(func(t *testing.T, opIdx uint8, body string) {
		op := ops[int(opIdx)%len(ops)]
		seq, _ := e.db.MaxSeq(context.Background())
		w := e.serve("POST", "/api/v1/tickets/"+tk.ID+"/"+op, sup, body)
		if w.Code != 200 {
			checkRefusal(t, e, w, seq, 400, 404, 409, 413)
			return
		}
		var v centre.TicketView
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || v.ID != tk.ID || v.StatusLabel == "" {
			t.Fatalf("200 with %q (%v)", w.Body, err)
		}
		stored, err := e.db.Ticket(context.Background(), tk.ID)
		if err != nil || stored.Status != v.Status || stored.Service != v.Service {
			t.Fatalf("answered %s/%s, stored %s/%s (%v)", v.Status, v.Service, stored.Status, stored.Service, err)
		}
		// The waiting table must match the tickets after every operation.
		var n int
		e.db.Read().QueryRow(`SELECT count(*) FROM tickets WHERE status='waiting' AND target_counter='' AND service=?`, stored.Service).Scan(&n)
		var counted int
		e.db.Read().QueryRow(`SELECT coalesce((SELECT n FROM waiting WHERE service=?), 0)`, stored.Service).Scan(&counted)
		if n != counted {
			t.Fatalf("after %s: %d waiting tickets, waiting table says %d", op, n, counted)
		}
	})
}
