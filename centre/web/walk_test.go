package web_test

import (
	"context"
	"testing"

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
