package ratingpad_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// The web pad on a 1024×600 tablet in headless Chromium: the token given
// once in the address, the officer and number while serving, the rating
// after finish, a low rating with a reason, thanks; English switch.
func TestBrowserWebPad(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1024, 600)
	browsertest.Do(t, ctx, "open the pad without a token",
		chromedp.Navigate(e.ts.URL+"/pad"),
		browsertest.Until(`!document.getElementById('enrol').hidden`),
	)
	browsertest.Do(t, ctx, "enrol with the token in the address",
		chromedp.Navigate(e.ts.URL+"/pad#token="+url.QueryEscape(e.pad1)),
		browsertest.Until(`document.getElementById('counter').textContent === 'Quầy 1'`),
		browsertest.Until(`location.hash === ''`), // the token leaves the address bar
	)
	browsertest.Do(t, ctx, "the pad's heartbeat (the console's last seen)", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for {
			var seen int64
			if err := e.db.Read().QueryRow(`SELECT last_seen FROM devices WHERE id='pad1'`).Scan(&seen); err == nil && seen > 0 {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}))
	tk := e.serve("canbo1", "q1", false)
	browsertest.Do(t, ctx, "serving",
		browsertest.Until(`document.getElementById('ticketNumber').textContent === '`+tk.Number+`'`),
		browsertest.Until(`document.getElementById('officerName').textContent === 'Nguyễn Văn An'`),
	)
	// Touch targets: the language switch is at least 48 px high.
	if h := browsertest.Value(t, ctx, chromedp.Evaluate[float64](`document.getElementById('lang').getBoundingClientRect().height`)); h < 48 {
		t.Errorf("language button %v px high", h)
	}
	browsertest.Shot(t, "PAD_SCREENSHOTS", "ratingpad-web-serving.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))

	oc := e.client("")
	oc.Login(context.Background(), "canbo1", password, "q1")
	if _, err := oc.Act(context.Background(), tk.ID, "finish", "", "q1"); err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "rating after finish",
		browsertest.Until(`!document.getElementById('rate').hidden && document.querySelectorAll('#levels button').length === 3`),
	)
	if h := browsertest.Value(t, ctx, chromedp.Evaluate[float64](`document.querySelector('#levels button').getBoundingClientRect().height`)); h < 100 {
		t.Errorf("rating buttons %v px high", h)
	}
	browsertest.Shot(t, "PAD_SCREENSHOTS", "ratingpad-web-rate.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	// "Quý khách" on every line, as the kiosk (no "ông/bà" beside it).
	if q := browsertest.Value(t, ctx, chromedp.Evaluate[string](`document.getElementById('question').textContent`)); !strings.HasPrefix(q, "Quý khách đánh giá") {
		t.Errorf("question %q", q)
	}
	noOngBa := func(screen string) {
		t.Helper()
		if txt := browsertest.Value(t, ctx, chromedp.Evaluate[string](`document.body.innerText`)); strings.Contains(strings.ToLower(txt), "ông/bà") {
			t.Errorf("%s screen addresses the citizen as ông/bà: %q", screen, txt)
		}
	}
	noOngBa("rate")
	browsertest.Do(t, ctx, "English",
		chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.querySelector('#levels button').textContent === 'Very satisfied'`),
		browsertest.Until(`document.getElementById('question').textContent === `+strconv.Quote(dossier.RatingQuestionEN)),
	)
	browsertest.Shot(t, "PAD_SCREENSHOTS", "ratingpad-web-rate-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "a low rating asks for its reason",
		chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.querySelector('#levels button').textContent === 'Rất hài lòng'`),
		chromedp.Click(chromedp.CSS(`#levels button[data-level="3"]`)),
		browsertest.Until(`!document.getElementById('reasonsBox').hidden`),
		chromedp.Click(chromedp.CSS(`#reasons button:nth-child(1)`)),
	)
	browsertest.Shot(t, "PAD_SCREENSHOTS", "ratingpad-web-reasons.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "send",
		chromedp.Click(chromedp.ID("send")),
		browsertest.Until(`!document.getElementById('thanks').hidden`),
	)
	if txt := browsertest.Value(t, ctx, chromedp.Evaluate[string](`document.getElementById('thanks').innerText`)); !strings.Contains(txt, "Cảm ơn Quý khách đã đánh giá!") {
		t.Errorf("thanks %q", txt)
	}
	noOngBa("thanks")
	browsertest.Shot(t, "PAD_SCREENSHOTS", "ratingpad-web-thanks.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	var officer, doc string
	if err := e.db.Read().QueryRow(`SELECT officer, doc FROM ratings WHERE subject=?`, "ticket:"+tk.ID).Scan(&officer, &doc); err != nil {
		t.Fatal(err)
	}
	if officer != "canbo1" || doc != `{"comment":"","level":3,"reasons":["Thời gian chờ đợi lâu"]}` {
		t.Fatalf("stored %s %s", officer, doc)
	}
	if st := e.state(e.pad1); st.Mode != padwire.ModeIdle {
		t.Fatalf("state after the web rating: %+v", st)
	}
	// A wrong token: the page says so in Vietnamese and asks for a token.
	browsertest.Do(t, ctx, "wrong token",
		chromedp.Navigate(e.ts.URL+"/pad#token=sai"),
		browsertest.Until(`!document.getElementById('enrol').hidden && !document.getElementById('error').hidden`),
	)
}

// The console's per-officer report page, reached from the console's
// navigation, in Vietnamese and English.
func TestBrowserOfficerReport(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		officer, counter, pad string
		level                 int
		reasons               []string
	}{{"canbo1", "q1", e.pad1, 1, nil}, {"canbo1", "q1", e.pad1, 2, nil}, {"canbo1", "q1", e.pad1, 3, []string{"Thời gian chờ đợi lâu"}},
		{"canbo2", "q2", e.pad2, 1, nil}, {"canbo2", "q2", e.pad2, 1, nil}} {
		tk := e.serve(c.officer, c.counter, true)
		if code, body := e.do("POST", "/api/v1/pad/rate", c.pad, padwire.RateRequest{TicketID: tk.ID, Level: c.level, Reasons: c.reasons}, nil); code != 201 {
			t.Fatalf("rate: %d %s", code, body)
		}
	}
	ctx := browsertest.Start(t, 1366, 768)
	browsertest.Do(t, ctx, "log in",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-monitor")),
		browsertest.Until(`!!document.querySelector('#pages a[href="/console/danh-gia-can-bo"]')`),
		chromedp.Click(chromedp.CSS(`#pages a[href="/console/danh-gia-can-bo"]`)),
		browsertest.Until(`!!document.getElementById('officers') && document.querySelectorAll('#officers tbody tr').length === 2`),
	)
	row := browsertest.Value(t, ctx, chromedp.Evaluate[string](`document.querySelector('#officers tbody tr').innerText`))
	for _, want := range []string{"Nguyễn Văn An (canbo1)", "3", "66.67", "Thời gian chờ đợi lâu: 1"} {
		if !strings.Contains(row, want) {
			t.Fatalf("row %q lacks %q", row, want)
		}
	}
	browsertest.Shot(t, "PAD_SCREENSHOTS", "console-officer-ratings.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
	browsertest.Do(t, ctx, "English",
		chromedp.Click(chromedp.ID("lang")),
		browsertest.Until(`document.querySelector('#officers thead th').textContent === 'Officer'`),
	)
	browsertest.Shot(t, "PAD_SCREENSHOTS", "console-officer-ratings-en.png", browsertest.Value(t, ctx, chromedp.CaptureScreenshot()))
}

// An admin binds a pad enrolled without a counter (the console's devices
// page enrols so) on /console/may-danh-gia; the pad then follows that
// counter. A supervisor sees the pads but cannot bind, even by a forged
// request.
func TestBrowserConsoleBindsPad(t *testing.T) {
	e := newEnv(t)
	if code, _ := e.do("GET", "/api/v1/pad/state", e.padUnbound, nil, nil); code != 403 {
		t.Fatalf("unbound pad: %d", code)
	}
	login := func(ctx context.Context, user string) {
		browsertest.Do(t, ctx, "log in as "+user,
			chromedp.Navigate(e.ts.URL+"/console"),
			chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), user),
			chromedp.SendKeys(chromedp.ID("password"), password),
			chromedp.Click(chromedp.ID("login-btn")),
			chromedp.WaitVisible(chromedp.ID("tab-monitor")),
			browsertest.Until(`!!document.querySelector('#pages a[href="/console/may-danh-gia"]')`),
			chromedp.Navigate(e.ts.URL+"/console/may-danh-gia"),
			browsertest.Until(`document.querySelectorAll('#pads tbody tr').length === 3`),
		)
	}
	sup := browsertest.Start(t, 1366, 768)
	login(sup, "giamsat")
	if n := browsertest.Value(t, sup, chromedp.Evaluate[int](`document.querySelectorAll('#pads select').length`)); n != 0 {
		t.Fatalf("a supervisor gets %d counter selects", n)
	}
	// A forged POST from the supervisor's session (with its CSRF token) is refused.
	st := browsertest.Value(t, sup, chromedp.Evaluate[int](`(async () => {
		const me = await (await fetch('/console/api/me')).json();
		const r = await fetch('/console/may-danh-gia/pad3/counter', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf}, body: '{"counter":"q3"}'});
		return r.status; })()`, chromedp.EvalAwaitPromise))
	if st != 403 {
		t.Fatalf("supervisor bind: %d", st)
	}
	adm := browsertest.Start(t, 1366, 768)
	login(adm, "quantri")
	browsertest.Do(t, adm, "bind pad3 to q3",
		chromedp.SetValue(chromedp.CSS(`tr[data-id="pad3"] select`), "q3"),
		chromedp.Click(chromedp.CSS(`tr[data-id="pad3"] button.bind`)),
		browsertest.Until(`!document.getElementById('toast').hidden && document.getElementById('toast').className === 'ok'`),
	)
	browsertest.Shot(t, "PAD_SCREENSHOTS", "console-rating-pads.png", browsertest.Value(t, adm, chromedp.CaptureScreenshot()))
	if st := e.state(e.padUnbound); st.Counter.ID != "q3" {
		t.Fatalf("pad after binding: %+v", st)
	}
}
