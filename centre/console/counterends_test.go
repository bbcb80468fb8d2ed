package console_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
)

// returnAlert is the monitor's alert for the returned number id ("" none).
func returnAlert(t *testing.T, sup *client, kind, id string) *console.Alert {
	t.Helper()
	var m console.Monitor
	if st, body := sup.get("/console/api/monitor", &m); st != 200 {
		t.Fatalf("monitor: %d %s", st, body)
	}
	for i, a := range m.Alerts {
		if a.Kind == kind && a.Target == id {
			return &m.Alerts[i]
		}
	}
	return nil
}

func mustSay(t *testing.T, a *console.Alert, vi, en []string) {
	t.Helper()
	for _, w := range vi {
		if !strings.Contains(a.Message, w) {
			t.Errorf("alert %q does not say %q", a.Message, w)
		}
	}
	for _, w := range en {
		if !strings.Contains(a.MessageEN, w) {
			t.Errorf("alert %q does not say %q", a.MessageEN, w)
		}
	}
}

// TestConsoleCloseReturnsNumber: canbo1 at Quầy 1 parks one number (the
// citizen went for a document) and calls the next; the supervisor closes
// Quầy 1 from the console. The called number goes back to the head of its
// queue (the next counter calls it before the numbers behind it), Quầy 1 is
// closed with nothing at it, and the monitor names the number and why. The
// parked number stays parked (the citizen is away), named in its own alert
// while its counter is closed, until the supervisor moves it to Quầy 2.
func TestConsoleCloseReturnsNumber(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	parked, called, third := e.issue("hotich"), e.issue("hotich"), e.issue("hotich")
	cl := e.ts.Login(ctx, "canbo1", "q1")
	if tk, ok, err := cl.CallNext(ctx, "q1", ""); err != nil || !ok || tk.ID != parked.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	if _, err := cl.Act(ctx, parked.ID, queue.OpPark, "", ""); err != nil {
		t.Fatal(err)
	}
	if tk, ok, err := cl.CallNext(ctx, "q1", ""); err != nil || !ok || tk.ID != called.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	sup := e.login("giamsat")
	if a := returnAlert(t, sup, "parked_closed", parked.ID); a != nil {
		t.Fatalf("parked alert while its counter is open: %+v", a)
	}
	if st, body := sup.post("/console/api/counters/q1/close", nil, nil); st != 204 {
		t.Fatalf("close: %d %s", st, body)
	}
	if s := counterStatus(e, "q1"); s != "closed" {
		t.Fatalf("q1 %s, want closed", s)
	}
	if s := ticketStatus(e, called.ID); s != queue.Waiting {
		t.Fatalf("the called number is %s, want waiting", s)
	}
	if s := ticketStatus(e, parked.ID); s != queue.Parked {
		t.Fatalf("the parked number is %s, want still parked", s)
	}
	a := returnAlert(t, sup, "logout_return", called.ID)
	if a == nil {
		t.Fatal("no alert for the returned number")
	}
	mustSay(t, a, []string{"Quầy 1", "đóng từ bảng điều khiển", "số " + called.Number, "trả lại đầu hàng chờ"},
		[]string{"Counter 1", "closed from the console", "number " + called.Number, "head of its queue"})
	p := returnAlert(t, sup, "parked_closed", parked.ID)
	if p == nil {
		t.Fatal("no alert for the parked number at a closed counter")
	}
	mustSay(t, p, []string{"Số " + parked.Number, "tạm giữ tại Quầy 1", "Chuyển đến quầy"}, []string{"Number " + parked.Number, "on hold at Counter 1", "Send to counter"})

	q2 := e.ts.Login(ctx, "canbo2", "q2")
	if tk, ok, err := q2.CallNext(ctx, "q2", ""); err != nil || !ok || tk.ID != called.ID {
		t.Fatalf("q2 called %+v %v %v, want the returned %s before %s", tk, ok, err, called.Number, third.Number)
	}
	if a := returnAlert(t, sup, "logout_return", called.ID); a != nil {
		t.Fatalf("alert stays once called again: %+v", a)
	}
	if st, body := sup.post("/console/api/tickets/"+parked.ID+"/redirect", map[string]string{"counter": "q2"}, nil); st != 200 {
		t.Fatalf("redirect the parked number: %d %s", st, body)
	}
	if a := returnAlert(t, sup, "parked_closed", parked.ID); a != nil {
		t.Fatalf("parked alert stays after the move: %+v", a)
	}
}

// TestConsoleMoveReturnsNumber: the supervisor moves canbo1 from Quầy 1 to
// Quầy 2 while a number is called at Quầy 1: it goes back to the head of
// its queue (it does not stay called at the closed Quầy 1), named in the
// monitor.
func TestConsoleMoveReturnsNumber(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := e.issue("hotich")
	cl := e.ts.Login(ctx, "canbo1", "q1")
	if _, ok, err := cl.CallNext(ctx, "q1", ""); err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	sup := e.login("giamsat")
	if st, body := sup.post("/console/api/officers/canbo1/move", map[string]string{"counter": "q2"}, nil); st != 204 {
		t.Fatalf("move: %d %s", st, body)
	}
	if s := ticketStatus(e, first.ID); s != queue.Waiting || ticketCounter(e, first.ID) != "" {
		t.Fatalf("number %s at %q after the move, want waiting", s, ticketCounter(e, first.ID))
	}
	if s := counterStatus(e, "q1"); s != "closed" {
		t.Fatalf("q1 %s", s)
	}
	a := returnAlert(t, sup, "logout_return", first.ID)
	if a == nil {
		t.Fatal("no alert")
	}
	mustSay(t, a, []string{"Quầy 1", "Nguyễn Văn An", "chuyển sang quầy khác", "số " + first.Number},
		[]string{"Counter 1", "Nguyễn Văn An", "moved to another counter", "number " + first.Number})
}

// TestAssignmentChangeReturnsNumber: an admin takes Quầy 1 out of canbo1's
// counters while canbo1 serves a number there (their session there ends):
// the number goes back to the head of its queue and Quầy 1 closes, named in
// the monitor. Changing canbo2's counters while keeping Quầy 2 leaves
// canbo2's number at Quầy 2 as it was.
func TestAssignmentChangeReturnsNumber(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first, second := e.issue("hotich"), e.issue("hotich")
	c1 := e.ts.Login(ctx, "canbo1", "q1")
	if tk, ok, err := c1.CallNext(ctx, "q1", ""); err != nil || !ok || tk.ID != first.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	if _, err := c1.Act(ctx, first.ID, queue.OpStart, "", ""); err != nil {
		t.Fatal(err)
	}
	c2 := e.ts.Login(ctx, "canbo2", "q2")
	if tk, ok, err := c2.CallNext(ctx, "q2", ""); err != nil || !ok || tk.ID != second.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	adm := e.login("quantri")
	if st, body := adm.post("/console/api/officers/canbo2", map[string]any{"full_name": "Trần Thị Bình", "role": "officer", "counters": []string{"q2", "q3"}}, nil); st != 204 {
		t.Fatalf("update canbo2: %d %s", st, body)
	}
	if s := ticketStatus(e, second.ID); s != queue.Called || counterStatus(e, "q2") != "open" {
		t.Fatalf("canbo2 kept Quầy 2, yet their number is %s and q2 %s", s, counterStatus(e, "q2"))
	}
	if st, body := adm.post("/console/api/officers/canbo1", map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q3"}}, nil); st != 204 {
		t.Fatalf("update canbo1: %d %s", st, body)
	}
	if s := ticketStatus(e, first.ID); s != queue.Waiting {
		t.Fatalf("number %s, want waiting", s)
	}
	if s := counterStatus(e, "q1"); s != "closed" {
		t.Fatalf("q1 %s", s)
	}
	sup := e.login("giamsat")
	a := returnAlert(t, sup, "logout_return", first.ID)
	if a == nil {
		t.Fatal("no alert")
	}
	mustSay(t, a, []string{"Quầy 1", "Nguyễn Văn An", "phiên làm việc", "số " + first.Number},
		[]string{"Counter 1", "session there ended", "number " + first.Number})
	// canbo1's session is gone: the old token cannot act any more.
	if _, _, err := c1.CallNext(ctx, "q1", ""); err == nil {
		t.Fatal("canbo1 still acts at Quầy 1")
	}
}

// TestRemovedCounterReturnsNumber: an admin saves a configuration without
// Quầy 3 while a number is called there: it goes back to the head of its
// queue (no number is left at a counter that no longer exists), named in
// the monitor.
func TestRemovedCounterReturnsNumber(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := e.issue("chungthuc")
	cl := e.ts.Login(ctx, "canbo1", "q3")
	if tk, ok, err := cl.CallNext(ctx, "q3", ""); err != nil || !ok || tk.ID != first.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	adm := e.login("quantri")
	var cfg queue.Config
	adm.get("/console/api/config", &cfg)
	var ks []queue.Counter
	for _, k := range cfg.Counters {
		if k.ID != "q3" {
			ks = append(ks, k)
		}
	}
	cfg.Counters = ks
	if st, body := adm.post("/console/api/config", cfg, nil); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	if s := ticketStatus(e, first.ID); s != queue.Waiting || ticketCounter(e, first.ID) != "" {
		t.Fatalf("number %s at %q, want waiting", s, ticketCounter(e, first.ID))
	}
	a := returnAlert(t, adm, "logout_return", first.ID)
	if a == nil {
		t.Fatal("no alert")
	}
	mustSay(t, a, []string{"Quầy 3", "xoá khỏi cấu hình", "số " + first.Number}, []string{"Counter 3", "removed from the configuration"})
}

// TestRemovedWhileStoppedReturnsNumber: Quầy 3 leaves the configuration
// file while the centre is stopped with a number called there (the engine
// restarts without it): at start-up the number goes back to the head of
// its queue, logged and named in the monitor by the counter's id.
func TestRemovedWhileStoppedReturnsNumber(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := e.issue("chungthuc")
	cl := e.ts.Login(ctx, "canbo1", "q3")
	if tk, ok, err := cl.CallNext(ctx, "q3", ""); err != nil || !ok || tk.ID != first.ID {
		t.Fatalf("call: %+v %v %v", tk, ok, err)
	}
	cfg := *e.srv.Engine().Config()
	cfg.Counters = slices.DeleteFunc(slices.Clone(cfg.Counters), func(k queue.Counter) bool { return k.ID == "q3" })
	if err := e.srv.Engine().SetConfig(&cfg); err != nil {
		t.Fatal(err)
	}
	console.ReturnAtStart(e.con, ctx)
	if s := ticketStatus(e, first.ID); s != queue.Waiting || ticketCounter(e, first.ID) != "" {
		t.Fatalf("number %s at %q, want waiting", s, ticketCounter(e, first.ID))
	}
	a := returnAlert(t, e.login("giamsat"), "logout_return", first.ID)
	if a == nil {
		t.Fatal("no alert")
	}
	mustSay(t, a, []string{"Quầy q3", "xoá khỏi cấu hình", "số " + first.Number}, []string{"Counter q3", "removed from the configuration"})
	// Run again: nothing more to do.
	console.ReturnAtStart(e.con, ctx)
	if s := ticketStatus(e, first.ID); s != queue.Waiting {
		t.Fatalf("number %s", s)
	}
}
