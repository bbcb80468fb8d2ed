package ratingpad_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
)

// TestBrowserConsoleEnrolsPadAtCounter: on the console's devices page an
// admin enrolling a rating pad chooses the counter it faces (the select
// appears for that role only and is required); the pad is bound in the same
// transaction as its enrolment, audited with the counter, and its token
// follows that counter at once. A counter that does not exist, or a counter
// for another role, is refused and nothing is enrolled; without the CSRF
// header, or as a supervisor, the enrolment is refused.
func TestBrowserConsoleEnrolsPadAtCounter(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	browsertest.Do(t, ctx, "log in and open the devices page",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-admin")),
		browsertest.Until(`!!(window.__console && window.__console.ready && document.querySelector('#counters tbody tr'))`),
		chromedp.Click(chromedp.ID("tab-admin")),
		chromedp.Click(chromedp.CSS(`button[data-sub="dev"]`)),
		chromedp.WaitVisible(chromedp.ID("device-form")),
	)
	shown := func() bool {
		return browsertest.Value(t, ctx, chromedp.Evaluate[bool](`(() => { const r = document.getElementById('device-counter').getBoundingClientRect(); return r.width > 0 && r.height > 0; })()`))
	}
	if shown() {
		t.Fatal("the counter select is shown for a kiosk")
	}
	browsertest.Do(t, ctx, "rating pad chosen",
		chromedp.SendKeys(chromedp.CSS(`#device-form input[data-field="name"]`), "Máy đánh giá quầy 2"),
		chromedp.SetValue(chromedp.CSS(`#device-form select[data-field="role"]`), "ratingpad"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#device-form select[data-field="role"]').dispatchEvent(new Event('change'))`),
	)
	if !shown() || !browsertest.Value(t, ctx, chromedp.Evaluate[bool](`document.getElementById('device-counter').required`)) {
		t.Fatal("no required counter select for a rating pad")
	}
	// Forged requests from the page's own session: a counter that does not
	// exist, a counter for a kiosk, no CSRF header.
	for _, c := range []struct{ body, csrf string }{
		{`{"name":"x","role":"ratingpad","counter":"q99"}`, "me.csrf"},
		{`{"name":"x","role":"kiosk","counter":"q1"}`, "me.csrf"},
		{`{"name":"x","role":"ratingpad","counter":"q1"}`, "'nope'"},
	} {
		st := browsertest.Value(t, ctx, chromedp.Evaluate[int](`(async () => {
			const me = await (await fetch('/console/api/me')).json();
			const r = await fetch('/console/api/devices', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': `+c.csrf+`}, body: '`+c.body+`'});
			return r.status; })()`, chromedp.EvalAwaitPromise))
		if st < 400 {
			t.Fatalf("%s (csrf %s) accepted: %d", c.body, c.csrf, st)
		}
	}
	var n int
	if err := e.db.Read().QueryRow(`SELECT COUNT(*) FROM devices WHERE name='x'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused enrolments left %d devices (%v)", n, err)
	}
	browsertest.Do(t, ctx, "choose q2", chromedp.SetValue(chromedp.ID("device-counter"), "q2"))
	browsertest.Shot(t, "PAD_SCREENSHOTS", "console-enrol-pad-counter.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "enrol at q2",
		chromedp.Click(chromedp.CSS(`#device-form button[type="submit"]`)),
		// The answer is shown in the form, then the list is read again and
		// the form drawn anew with the answer moved into it: wait for the
		// list to name the new pad, or the bound line read below may be the
		// node that is being moved ("No node with given id found").
		browsertest.Until(`!!document.querySelector('#token-once code.token') && !!document.getElementById('device-bound') && (document.getElementById('devices-admin') || {textContent: ''}).textContent.includes('Máy đánh giá quầy 2')`),
	)
	if b := browsertest.Value(t, ctx, chromedp.Text(chromedp.ID("device-bound"))); !strings.Contains(b, "Quầy 2") {
		t.Errorf("bound line %q", b)
	}
	browsertest.Shot(t, "PAD_SCREENSHOTS", "console-enrol-pad-bound.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	tok := browsertest.Value(t, ctx, chromedp.Text(chromedp.CSS(`#token-once code.token`)))
	if st := e.state(tok); st.Counter.ID != "q2" {
		t.Fatalf("the new pad follows %+v, want q2", st.Counter)
	}
	var detail string
	if err := e.db.Read().QueryRow(`SELECT detail FROM console_audit WHERE action='device.enrol' AND actor='quantri' ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil || !strings.Contains(detail, `"counter":"q2"`) {
		t.Fatalf("audit detail %q (%v)", detail, err)
	}
	// A supervisor cannot enrol at all.
	sup := browsertest.Start(t, 1366, 768)
	browsertest.Do(t, sup, "supervisor",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
	)
	if st := browsertest.Value(t, sup, chromedp.Evaluate[int](`(async () => {
		const me = await (await fetch('/console/api/me')).json();
		const r = await fetch('/console/api/devices', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf}, body: '{"name":"y","role":"ratingpad","counter":"q1"}'});
		return r.status; })()`, chromedp.EvalAwaitPromise)); st != 403 {
		t.Fatalf("supervisor enrolment: %d", st)
	}
}
