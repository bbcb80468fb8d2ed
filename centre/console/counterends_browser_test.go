package console_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// TestBrowserConsoleClosesCounterWithNumbers: the supervisor, in Chromium,
// closes Quầy 1 while canbo1 has one number called there and one parked.
// The close asks first, naming the number at the counter and what becomes
// of it (a refusal changes nothing). The monitor shows Quầy 1 closed with nothing at it and both alerts (the
// number put back at the head of its queue, the parked one at a closed
// counter); the tickets list's "Đang tạm giữ" status lists the parked
// number with "Chuyển đến quầy", which sends it to Quầy 2 (open); its alert goes.
// In English the status and the button read "On hold", "Send to counter".
// Screenshots console-close-returns.png, console-parked-move.png.
func TestBrowserConsoleClosesCounterWithNumbers(t *testing.T) {
	e := newEnv(t)
	ctx := browsertest.Start(t, 1366, 768)
	bg, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	parked, called := e.issue("hotich"), e.issue("hotich")
	cl := e.ts.Login(bg, "canbo1", "q1")
	if _, ok, err := cl.CallNext(bg, "q1", ""); err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	if _, err := cl.Act(bg, parked.ID, queue.OpPark, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := cl.CallNext(bg, "q1", ""); err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	e.ts.Login(bg, "canbo2", "q2") // Quầy 2 works (a number is sent only to an open counter)
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
		poll(`(document.querySelector('#counter-q1 .ticket')||{}).textContent === '`+called.Number+`'`),
	)
	// The supervisor's close button on Quầy 1 (as a click would).
	// The close asks first, naming the number; refused, nothing changes.
	run(t, ctx, "close q1 refused",
		poll(`(() => { window.__asked = []; window.confirm = (m) => { window.__asked.push(m); return false; }; return true; })()`),
		poll(`(() => { const b = document.querySelector('button[data-op=close][data-counter=q1]'); if (b) b.click(); return !!b; })()`),
		poll(`window.__asked.length === 1`))
	if asked := value(t, ctx, chromedp.Evaluate[string](`window.__asked[0]`)); asked != "Số "+called.Number+" đang ở Quầy 1. Đóng quầy sẽ trả số này về đầu hàng chờ để quầy khác gọi. Đóng quầy?" {
		t.Fatalf("asked %q", asked)
	}
	if s := counterStatus(e, "q1"); s != "open" {
		t.Fatalf("q1 %s after a refused close", s)
	}
	run(t, ctx, "close q1",
		poll(`(() => { window.confirm = (m) => { window.__asked.push(m); return true; }; return true; })()`),
		poll(`(() => { const b = document.querySelector('button[data-op=close][data-counter=q1]'); if (b) b.click(); return !!b; })()`),
		poll(`!document.querySelector('#counter-q1 .ticket')`),
		poll(`document.getElementById('alerts').textContent.includes('quầy được đóng từ bảng điều khiển khi số `+called.Number+` còn ở quầy')`),
		poll(`document.getElementById('alerts').textContent.includes('Số `+parked.Number+` đang tạm giữ tại Quầy 1')`),
	)
	if s := ticketStatus(e, called.ID); s != queue.Waiting {
		t.Fatalf("called number %s after the close", s)
	}
	dir := shotDir(t)
	writeShot(t, dir, "console-close-returns.png", value(t, ctx, chromedp.CaptureScreenshot()))
	run(t, ctx, "parked list",
		poll(`(() => { const s = document.getElementById('tk-status'); s.value = 'parked'; s.dispatchEvent(new Event('change')); return true; })()`),
		poll(`Array.from(document.querySelectorAll('#tickets tbody tr td:first-child')).some(td => td.textContent === '`+parked.Number+`')`),
		poll(`Array.from(document.querySelectorAll('#tickets tbody button')).some(b => b.textContent === 'Chuyển đến quầy')`),
		poll(`(() => { const s = document.querySelector('#tickets tbody select'); s.value = 'q2'; return s.value === 'q2'; })()`),
	)
	run(t, ctx, "english", chromedp.Click(chromedp.ID("lang")),
		poll(`Array.from(document.querySelectorAll('#tickets tbody button')).some(b => b.textContent === 'Send to counter')`),
		poll(`document.querySelector('#tk-status option[value=parked]').textContent === 'On hold'`))
	// In English, the two alerts and the on-hold row carry no Vietnamese
	// (the service and counter names have English ones).
	texts := value(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#alerts > *')).map(a => a.textContent).filter(s => s.includes('`+parked.Number+`') || s.includes('`+called.Number+`')).concat(Array.from(document.querySelectorAll('#tickets tbody tr')).map(r => Array.from(r.querySelectorAll('td, option, button')).map(x => x.textContent).join(' | ')))`))
	if len(texts) < 3 {
		t.Fatalf("English texts: %q", texts)
	}
	if left := entext.Leftovers(texts); len(left) > 0 {
		t.Errorf("Vietnamese left in English: %q", left)
	}
	run(t, ctx, "scroll", chromedp.ScrollIntoView("#tickets"))
	writeShot(t, dir, "console-parked-move.png", value(t, ctx, chromedp.CaptureScreenshot()))
	run(t, ctx, "vietnamese again", chromedp.Click(chromedp.ID("lang")),
		poll(`Array.from(document.querySelectorAll('#tickets tbody button')).some(b => b.textContent === 'Chuyển đến quầy')`),
		poll(`(() => { const s = document.querySelector('#tickets tbody select'); s.value = 'q2'; const b = Array.from(document.querySelectorAll('#tickets tbody button')).find(b => b.textContent === 'Chuyển đến quầy'); b.click(); return true; })()`),
	)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		tk, err := e.db.Ticket(bg, parked.ID)
		if err == nil && tk.Status == queue.Waiting && tk.TargetCounter == "q2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the parked number after the move: %+v %v", tk, err)
		}
	}
	run(t, ctx, "alert gone", poll(`!document.getElementById('alerts').textContent.includes('Số `+parked.Number+` đang tạm giữ')`))
}
