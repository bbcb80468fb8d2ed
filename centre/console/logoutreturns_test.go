package console_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/internal/browsertest"
)

// TestConsoleNamesNumberReturnedAtLogout: canbo1 signs out through the API
// with a number still called at Quầy 1 and no choice made. The supervisor's
// monitor shows Quầy 1 closed with nothing at it and an alert naming the
// number, the officer and that it went back to the head of its queue (both
// languages). Once another counter calls it, the alert goes.
func TestConsoleNamesNumberReturnedAtLogout(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := e.issue("hotich")
	e.issue("hotich")
	cl := e.ts.Login(ctx, "canbo1", "q1")
	if tk, ok, err := cl.CallNext(ctx, "q1", ""); err != nil || !ok || tk.ID != first.ID {
		t.Fatalf("call next: %+v %v %v", tk, ok, err)
	}
	sup := e.login("giamsat")
	var m console.Monitor
	sup.get("/console/api/monitor", &m)
	if alertKinds(m)["logout_return"] {
		t.Fatalf("alert before any sign-out: %+v", m.Alerts)
	}
	if err := cl.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	m = console.Monitor{} // decoding into the old one would keep its omitted fields
	if st, body := sup.get("/console/api/monitor", &m); st != 200 {
		t.Fatalf("monitor: %d %s", st, body)
	}
	if q1 := findCounter(t, m, "q1"); q1.Status != "closed" || q1.Current != nil {
		t.Fatalf("q1 after sign-out: %+v (current %+v)", q1, q1.Current)
	}
	var got *console.Alert
	for i, a := range m.Alerts {
		if a.Kind == "logout_return" {
			got = &m.Alerts[i]
		}
	}
	if got == nil || got.Target != first.ID {
		t.Fatalf("no alert for %s: %+v", first.Number, m.Alerts)
	}
	for _, want := range []string{"Quầy 1", "Nguyễn Văn An", "số " + first.Number, "trả lại đầu hàng chờ"} {
		if !strings.Contains(got.Message, want) {
			t.Errorf("alert %q does not say %q", got.Message, want)
		}
	}
	for _, want := range []string{"Counter 1", "Nguyễn Văn An", "number " + first.Number, "head of its queue"} {
		if !strings.Contains(got.MessageEN, want) {
			t.Errorf("alert %q does not say %q", got.MessageEN, want)
		}
	}
	q2 := e.ts.Login(ctx, "canbo2", "q2")
	if tk, ok, err := q2.CallNext(ctx, "q2", ""); err != nil || !ok || tk.ID != first.ID {
		t.Fatalf("q2 called %+v %v %v, want the returned number", tk, ok, err)
	}
	m = console.Monitor{}
	sup.get("/console/api/monitor", &m)
	if alertKinds(m)["logout_return"] {
		t.Fatalf("alert stays after the number was called again: %+v", m.Alerts)
	}
}

// TestBrowserConsoleLogoutAlert: the supervisor's monitor, open in
// Chromium, shows the alert live when an officer signs out with a number
// at the counter, and Quầy 1 with nothing at it (screenshot
// console-logout-return.png in CONSOLE_SCREENSHOTS).
func TestBrowserConsoleLogoutAlert(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	bg, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := e.issue("hotich")
	cl := e.ts.Login(bg, "canbo1", "q1")
	if _, ok, err := cl.CallNext(bg, "q1", ""); err != nil || !ok {
		t.Fatalf("call next: %v %v", ok, err)
	}
	run(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
	)
	run(t, ctx, "monitor ready",
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		poll(`!!(window.__console && window.__console.ready && document.getElementById('conn').classList.contains('on'))`),
		poll(`(document.querySelector('#counter-q1 .ticket')||{}).textContent === '`+first.Number+`'`),
	)
	if err := cl.Logout(bg); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "alert shown", poll(`document.getElementById('alerts').textContent.includes('số `+first.Number+` còn ở quầy')`),
		poll(`!document.querySelector('#counter-q1 .ticket')`))
	writeShot(t, shotDir(t), "console-logout-return.png", value(t, ctx, chromedp.CaptureScreenshot()))
}
