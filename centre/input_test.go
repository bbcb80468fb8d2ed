package centre_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/queue"
)

// Bad requests get a 4xx with the JSON error body and write nothing.
func TestBadInput(t *testing.T) {
	e := newEnv(t, nil)
	officer := e.login("canbo1", "q1")
	tk := e.issue("hotich")
	ctx := context.Background()
	seq0, err := e.db.MaxSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	big := `{"service":"hotich","priority":"` + strings.Repeat("x", 70<<10) + `"}`
	tests := []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"malformed JSON", "POST", "/api/v1/tickets", e.kiosk, `{"service":`, 400, "invalid"},
		{"not an object", "POST", "/api/v1/tickets", e.kiosk, `"hotich"`, 400, "invalid"},
		{"wrong type", "POST", "/api/v1/tickets", e.kiosk, `{"service":42}`, 400, "invalid"},
		{"trailing data", "POST", "/api/v1/tickets", e.kiosk, `{"service":"hotich"} {"service":"hotich"}`, 400, "invalid"},
		{"empty body", "POST", "/api/v1/tickets", e.kiosk, ``, 400, "invalid"},
		{"unknown service", "POST", "/api/v1/tickets", e.kiosk, `{"service":"khongco"}`, 400, "invalid"},
		{"missing service", "POST", "/api/v1/tickets", e.kiosk, `{}`, 400, "invalid"},
		{"unknown priority", "POST", "/api/v1/tickets", e.kiosk, `{"service":"hotich","priority":"vip"}`, 400, "invalid"},
		{"bad appointment time", "POST", "/api/v1/tickets", e.kiosk, `{"service":"hotich","appointment_at":"mai"}`, 400, "invalid"},
		{"oversized issue", "POST", "/api/v1/tickets", e.kiosk, big, 413, "payload_too_large"},
		{"oversized login", "POST", "/api/v1/login", "", `{"username":"` + strings.Repeat("a", 65<<10) + `"}`, 413, "payload_too_large"},
		{"oversized act", "POST", "/api/v1/tickets/" + tk.ID + "/transfer", officer, `{"service":"` + strings.Repeat("a", 65<<10) + `"}`, 413, "payload_too_large"},
		{"malformed login", "POST", "/api/v1/login", "", `{username:1}`, 400, "invalid"},
		{"login without password", "POST", "/api/v1/login", "", `{"username":"canbo1"}`, 401, "unauthorized"},
		{"malformed act", "POST", "/api/v1/tickets/" + tk.ID + "/transfer", officer, `[`, 400, "invalid"},
		{"transfer to unknown service", "POST", "/api/v1/tickets/" + tk.ID + "/transfer", officer, `{"service":"khongco"}`, 400, "invalid"},
		{"redirect to unknown counter", "POST", "/api/v1/tickets/" + tk.ID + "/redirect", officer, `{"counter":"q99"}`, 400, "invalid"},
		{"unknown op", "POST", "/api/v1/tickets/" + tk.ID + "/explode", officer, ``, 404, "not_found"},
		{"unknown ticket", "POST", "/api/v1/tickets/khongco/cancel", officer, ``, 404, "not_found"},
		{"illegal transition", "POST", "/api/v1/tickets/" + tk.ID + "/start", officer, ``, 409, "invalid_state"},
		{"unknown counter", "POST", "/api/v1/counters/q99/call-next", officer, ``, 404, "not_found"},
		{"call-next for a service the counter lacks", "POST", "/api/v1/counters/q1/call-next", officer, `{"service":"datdai"}`, 400, "invalid"},
		{"pause without reason", "POST", "/api/v1/counters/q1/pause", officer, `{"reason":"  "}`, 400, "invalid"},
		{"pause reason too long", "POST", "/api/v1/counters/q1/pause", officer, `{"reason":"` + strings.Repeat("a", 201) + `"}`, 400, "invalid"},
		{"bad stats date", "GET", "/api/v1/stats?date=03/03/2025", officer, ``, 400, "invalid"},
		{"wrong method on tickets", "DELETE", "/api/v1/tickets", e.kiosk, ``, 405, "method_not_allowed"},
		{"wrong method on call-next", "GET", "/api/v1/counters/q1/call-next", officer, ``, 405, "method_not_allowed"},
		{"wrong method on login", "GET", "/api/v1/login", "", ``, 405, "method_not_allowed"},
		{"unknown path", "GET", "/api/v1/khongco", "", ``, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := e.do(tt.method, tt.path, tt.token, tt.body, nil)
			if status != tt.status {
				t.Fatalf("%d %s, want %d", status, body, tt.status)
			}
			if code := errorCode(t, body); code != tt.code {
				t.Errorf("code %s, want %s", code, tt.code)
			}
		})
	}
	// Nothing was written: no event, no ticket, no number used.
	if seq, _ := e.db.MaxSeq(ctx); seq != seq0 {
		t.Errorf("bad requests wrote %d events", seq-seq0)
	}
	all, err := e.db.TicketsOfDay(ctx, tk.Day)
	if err != nil || len(all) != 1 {
		t.Errorf("%d tickets after bad requests (%v)", len(all), err)
	}
	if next := e.issue("hotich"); next.Seq != 2 {
		t.Errorf("next ticket has seq %d: a refused request used a number", next.Seq)
	}
}

func TestMethodNotAllowedHeader(t *testing.T) {
	e := newEnv(t, nil)
	req, _ := http.NewRequest("PUT", e.ts.URL+"/api/v1/tickets", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("%d Allow=%q Content-Type=%q", resp.StatusCode, resp.Header.Get("Allow"), resp.Header.Get("Content-Type"))
	}
}

// A whole ticket life through the API, checking the waiting counts and the
// event log at each step.
func TestTicketLifecycle(t *testing.T) {
	e := newEnv(t, nil)
	officer := e.login("canbo1", "q3")
	a := e.issue("hotich")
	b := e.issue("hotich")
	if a.Number != "A001" || b.Number != "A002" || b.Ahead != 1 || b.Position != 2 || len(b.Counters) == 0 {
		t.Fatalf("issued %+v / %+v", a, b)
	}
	act := func(id string, op queue.Op, body string, want int) {
		t.Helper()
		if status, resp := e.do("POST", "/api/v1/tickets/"+id+"/"+string(op), officer, body, nil); status != want {
			t.Fatalf("%s: %d %s", op, status, resp)
		}
	}
	v, ok := e.callNext(officer, "q3")
	if !ok || v.ID != a.ID || v.CounterNumber != 3 {
		t.Fatalf("call-next: %+v", v)
	}
	act(a.ID, queue.OpRecall, "", 200)
	act(a.ID, queue.OpStart, "", 200)
	act(a.ID, queue.OpTransfer, `{"service":"chungthuc"}`, 200)
	// Transferred with its original arrival: ahead of a chungthuc ticket issued later.
	c := e.issue("chungthuc")
	var view struct {
		Status string `json:"status"`
		Ahead  int    `json:"ahead"`
	}
	e.do("GET", "/api/v1/tickets/"+c.ID, e.kiosk, "", &view)
	if view.Ahead != 1 {
		t.Errorf("ticket issued after the transfer has %d ahead, want 1", view.Ahead)
	}
	v, _ = e.callNext(officer, "q3") // q3 weights chungthuc 3, hotich 1
	if v.ID != a.ID {
		t.Errorf("after transfer q1 called %s, want %s", v.Number, a.Number)
	}
	act(a.ID, queue.OpNoShow, "", 200)
	act(a.ID, queue.OpReactivate, "", 200)
	act(a.ID, queue.OpCancel, "", 200)
	act(a.ID, queue.OpCancel, "", 409)

	var q []struct {
		Service string `json:"service"`
		Waiting int    `json:"waiting"`
	}
	e.do("GET", "/api/v1/queue", e.kiosk, "", &q)
	got := map[string]int{}
	for _, s := range q {
		got[s.Service] = s.Waiting
	}
	if got["hotich"] != 1 || got["chungthuc"] != 1 {
		t.Errorf("waiting %v, want hotich 1 (b), chungthuc 1 (c)", got)
	}
	evs, err := e.db.TicketEvents(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range evs {
		kinds = append(kinds, strings.TrimPrefix(ev.Kind, "ticket."))
	}
	want := "issued called recalled started transferred called no_show reactivated cancelled"
	if strings.Join(kinds, " ") != want {
		t.Errorf("history %q, want %q", strings.Join(kinds, " "), want)
	}
	var st queue.Stats
	if s, body := e.do("GET", "/api/v1/stats", officer, "", &st); s != 200 || st.Total.Issued != 3 || st.Total.NoShows != 1 {
		t.Errorf("stats %d %s", s, body)
	}
	// Pause refuses calls until resumed.
	if s, _ := e.do("POST", "/api/v1/counters/q3/pause", officer, `{"reason":"Nghỉ giải lao"}`, nil); s != 204 {
		t.Fatal("pause")
	}
	status, body := e.do("POST", "/api/v1/counters/q3/call-next", officer, "", nil)
	if status != 409 || errorCode(t, body) != "counter_paused" {
		t.Errorf("call while paused: %d %s", status, body)
	}
	if s, _ := e.do("POST", "/api/v1/counters/q3/resume", officer, "", nil); s != 204 {
		t.Fatal("resume")
	}
	if _, ok := e.callNext(officer, "q3"); !ok {
		t.Error("nothing to call after resume")
	}
}
