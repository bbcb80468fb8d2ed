// Package browsertest starts headless Chromium for the tests of the web
// pages (board, phone page, console, booking, questions): one way to find
// the browser, skip without it, and start it with this machine's flags.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path is the Chromium (or Chrome) binary; without one the test is skipped
// with a message that names the Debian package.
func Path(t testing.TB) string {
	t.Helper()
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	t.Skip("no chromium or chrome binary on PATH (Debian: apt-get install chromium; make deps-test): skipping the browser test")
	return ""
}

// Start runs headless Chromium with a w×h window and viewport and returns
// its context; the browser ends with the test. The flags keep it off the
// network (this machine reaches no host but its own) and let it run as root.
func Start(t testing.TB, w, h int, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
	)
	opts = append(opts, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Do runs the actions within a generous 30 s; on failure the test fails
// with what, the error and the start of the page's text.
func Do(t testing.TB, ctx context.Context, what string, acts ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, acts...); err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1200) : ''`))
		t.Fatalf("%s: %v\npage: %s", what, err, state)
	}
}

// Value runs a and returns its value within a generous 30 s, failing the
// test otherwise.
func Value[T any](t testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Until is an action that polls expr every 50 ms until it is true (within
// the context's deadline, e.g. Do's). An evaluation that fails, as it does
// while a form reloads the page, is tried again; on timeout the error names
// expr and the last evaluation error.
func Until(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			c, cancel := context.WithTimeout(ctx, 2*time.Second)
			ok, err := chromedp.Evaluate[bool](expr)(c, t)
			cancel()
			if err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w (last error %v)", expr, ctx.Err(), err)
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// Shot writes the screenshot png as name in the folder named by the
// environment variable env (docs/img when the documentation's pictures are
// refreshed, e.g. CONSOLE_SCREENSHOTS=docs/img) or in a temporary folder,
// and logs where.
func Shot(t testing.TB, env, name string, png []byte) {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// Text returns the visible text (innerText) of the first element matching
// the CSS selector sel, read in one script: a page that rebuilds a table
// between chromedp's node lookup and its read cannot make it fail. It waits
// (a generous 30 s) for the element to exist.
func Text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	js := `(() => { const e = document.querySelector(` + strconv.Quote(sel) + `); return e ? [e.innerText] : [] })()`
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var last error
	for {
		got, err := chromedp.Run(c, chromedp.Evaluate[[]string](js))
		if err == nil && len(got) == 1 {
			return got[0]
		}
		last = err
		select {
		case <-c.Done():
			t.Fatalf("no element %s: %v (last error %v)", sel, c.Err(), last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
