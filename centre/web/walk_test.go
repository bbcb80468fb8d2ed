package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/web"
	"github.com/motcua/motcua/display/displaytest"
	"github.com/motcua/motcua/internal/browsertest"
)

// TestBrowserClosedCounterTile: the walk of 5/12/2026 found a counter
// closed by its officer's logout (Ctrl-C of `make run`) still "Đang gọi"
// on the web board beside the number it had called; its tile says "Đóng".
func TestBrowserClosedCounterTile(t *testing.T) {
	browsertest.Path(t)
	ctx := context.Background()
	env := displaytest.Start(t, func(s *centre.Server) { web.Register(s) })
	env.Issue(ctx, "hotich")
	n := env.CallNext(ctx, "q3")
	bctx := browsertest.Start(t, 1920, 1080)
	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL()+"/board?sound=0&token="+env.Display)); err != nil {
		t.Fatal(err)
	}
	tile := `Array.from(document.querySelectorAll('#counters .counter')).find(function (e) { return e.querySelector('.name').textContent === 'Quầy 3'; })`
	waitJS(t, bctx, n+" at q3", `(function () { var e = `+tile+`; return !!e && e.querySelector('.num').textContent === '`+n+`' && e.querySelector('.st').textContent === 'Đang gọi'; })()`)
	if err := env.Srv.Engine().Close(ctx, centre.Actor{Officer: "canbo-q3", Role: "officer", Counter: "q3"}, "q3"); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "q3 closed", `(function () { var e = `+tile+`; return !!e && e.querySelector('.st').textContent === 'Đóng'; })()`)
}

// TestBrowserAwayAndClosedTiles: after Ctrl-C of `make run` counter 1's
// tile said "Đóng" beside the number it had called, in the called colour.
// On the web board a closed counter's tile shows "—" and a paused/away
// counter's number is dimmed under "Quầy tạm vắng"; the big call is the
// open counter's.
func TestBrowserAwayAndClosedTiles(t *testing.T) {
	browsertest.Path(t)
	ctx := context.Background()
	env := displaytest.Start(t, func(s *centre.Server) { web.Register(s) })
	for range 3 {
		env.Issue(ctx, "hotich")
	}
	n1, n2, n3 := env.CallNext(ctx, "q1"), env.CallNext(ctx, "q2"), env.CallNext(ctx, "q3")
	bctx := browsertest.Start(t, 1920, 1080)
	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL()+"/board?sound=0&token="+env.Display)); err != nil {
		t.Fatal(err)
	}
	tile := func(name string) string {
		return `Array.from(document.querySelectorAll('#counters .counter')).find(function (e) { return e.querySelector('.name').textContent === '` + name + `'; })`
	}
	// is: the tile shows num (dimmed or not) over status.
	is := func(name, num string, dim bool, status string) string {
		d := "false"
		if dim {
			d = "true"
		}
		return `(function () { var e = ` + tile(name) + `; if (!e) return false; var n = e.querySelector('.num');
			return n.textContent === '` + num + `' && n.classList.contains('dim') === ` + d + ` && e.querySelector('.st').textContent === '` + status + `'; })()`
	}
	waitJS(t, bctx, "three calls", is("Quầy 1", n1, false, "Đang gọi")+" && "+is("Quầy 2", n2, false, "Đang gọi")+" && "+is("Quầy 3", n3, false, "Đang gọi"))
	eng := env.Srv.Engine()
	if err := eng.Pause(ctx, centre.Actor{Officer: "canbo-q2", Role: "officer", Counter: "q2"}, "q2", centre.AwayReason); err != nil {
		t.Fatal(err)
	}
	if err := eng.Close(ctx, centre.Actor{Officer: "canbo-q3", Role: "officer", Counter: "q3"}, "q3"); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "q2 away dimmed, q3 closed —", is("Quầy 2", n2, true, "Quầy tạm vắng")+" && "+is("Quầy 3", "—", false, "Đóng")+
		" && "+is("Quầy 1", n1, false, "Đang gọi"))
	// The big call is never the away or closed counter's (queued calls
	// included), whatever time passes.
	waitJS(t, bctx, "the big call is q1's", `document.getElementById('fnum').textContent === '`+n1+`'`)
	if col, err := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(`+tile("Quầy 2")+`.querySelector('.num')).color`)); err != nil || col != "rgb(107, 122, 153)" {
		t.Errorf("away number colour %q (%v), want the dim rgb(107, 122, 153)", col, err)
	}
	if png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot()); err == nil {
		artifact(t, "board-web-away-closed.png", png)
	}
	if err := eng.Resume(ctx, centre.Actor{Officer: "canbo-q2", Role: "officer", Counter: "q2"}, "q2"); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "q2 back", is("Quầy 2", n2, false, "Đang gọi"))
}

// TestBrowserNoLateCallOfAwayCounter: a call still queued for the big
// display (the previous one has its 5 s) at a counter that then goes away
// is not shown or announced late: the counter calls nobody now.
func TestBrowserNoLateCallOfAwayCounter(t *testing.T) {
	browsertest.Path(t)
	ctx := context.Background()
	env := displaytest.Start(t, func(s *centre.Server) { web.Register(s) })
	bctx := browsertest.Start(t, 1920, 1080)
	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL()+"/board?sound=0&token="+env.Display)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "the board", `window.__board.snapshots > 0`)
	env.Issue(ctx, "hotich")
	env.Issue(ctx, "hotich")
	n1 := env.CallNext(ctx, "q1")
	waitJS(t, bctx, n1+" featured", `document.getElementById('fnum').textContent === '`+n1+`'`)
	n2 := env.CallNext(ctx, "q2") // queued behind n1's 5 s
	if err := env.Srv.Engine().Pause(ctx, centre.Actor{Officer: "canbo-q2", Role: "officer", Counter: "q2"}, "q2", centre.AwayReason); err != nil {
		t.Fatal(err)
	}
	tile := `Array.from(document.querySelectorAll('#counters .counter')).find(function (e) { return e.querySelector('.name').textContent === 'Quầy 2'; })`
	waitJS(t, bctx, "q2 away", `(function () { var e = `+tile+`; return !!e && e.querySelector('.st').textContent === 'Quầy tạm vắng'; })()`)
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.__sawLate = false; setInterval(function () {
		if (document.getElementById('fnum').textContent === '`+n2+`') window.__sawLate = true; }, 20); true`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(7 * time.Second) // past n1's 5 s on screen, when a queued n2 would have replaced it
	saw, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.__sawLate`))
	if err != nil || saw {
		t.Errorf("the away counter's queued call %s was shown (%v)", n2, err)
	}
	if got, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById('fnum').textContent`)); got != n1 {
		t.Errorf("big call %q, want %s (the open counter's)", got, n1)
	}
}
