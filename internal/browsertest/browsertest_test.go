package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestStartIsolates: two tests' windows in the shared browser see neither
// each other's cookies nor storage, and each has its own size.
func TestStartIsolates(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>t</title><p>t</p>")
	}))
	defer srv.Close()
	var first string
	t.Run("first", func(t *testing.T) {
		ctx := Start(t, 390, 844)
		Do(t, ctx, "store", chromedp.Navigate(srv.URL),
			chromedp.Evaluate[chromedp.Void](`document.cookie = 'k=1; max-age=3600'; localStorage.setItem('k', '1'); indexedDB.open('k')`))
		// The window is 844 high and as wide as Chromium allows (500 at
		// least in Chromium 156), as with --window-size=390,844.
		if got := Value(t, ctx, chromedp.Evaluate[[]int](`[outerHeight, innerWidth, innerHeight]`)); fmt.Sprint(got) != "[844 390 844]" {
			t.Errorf("outer height, inner width and height %v, want 844 390 844", got)
		}
		first = fmt.Sprint(chromedp.FromContext(ctx).Browser.Process().Pid)
	})
	t.Run("second", func(t *testing.T) {
		ctx := Start(t, 1280, 720)
		Do(t, ctx, "open", chromedp.Navigate(srv.URL))
		if got := Value(t, ctx, chromedp.Evaluate[[]string](`[document.cookie, String(localStorage.getItem('k'))]`)); fmt.Sprint(got) != "[ null]" {
			t.Errorf("cookie and storage %q, want none from the first test", got)
		}
		if got := Value(t, ctx, chromedp.Evaluate[[]int](`[outerWidth, innerWidth, innerHeight]`)); fmt.Sprint(got) != "[1280 1280 720]" {
			t.Errorf("size %v, want 1280×720", got)
		}
		if pid := fmt.Sprint(chromedp.FromContext(ctx).Browser.Process().Pid); pid != first {
			t.Errorf("second test's browser %s, the first's %s: not shared", pid, first)
		}
	})
	t.Run("parallel", func(t *testing.T) {
		for i := range 3 {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				ctx := Start(t, 800, 600)
				Do(t, ctx, "open", chromedp.Navigate(srv.URL+fmt.Sprintf("/?%d", i)),
					chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`localStorage.setItem('p', '%d')`, i)))
				if got := Value(t, ctx, chromedp.Evaluate[string](`localStorage.getItem('p') + ' ' + localStorage.length`)); got != fmt.Sprintf("%d 1", i) {
					t.Errorf("storage %q, want only this test's", got)
				}
			})
		}
	})
}

// TestStartAfterCrash: a shared browser that died is replaced at the next
// Start.
func TestStartAfterCrash(t *testing.T) {
	ctx := Start(t, 800, 600)
	p := chromedp.FromContext(ctx).Browser.Process()
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	<-chromedp.FromContext(ctx).Browser.LostConnection
	ctx2 := Start(t, 800, 600)
	if got := Value(t, ctx2, chromedp.Evaluate[int](`1 + 1`)); got != 2 {
		t.Fatalf("1 + 1 = %d", got)
	}
	if p2 := chromedp.FromContext(ctx2).Browser.Process(); p2.Pid == p.Pid {
		t.Fatal("the dead browser was not replaced")
	}
}
