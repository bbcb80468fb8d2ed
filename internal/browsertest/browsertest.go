// Package browsertest starts headless Chromium for the tests of the web
// pages (board, phone page, console, booking, questions): one way to find
// the browser, skip without it, and start it with this machine's flags.
// A test binary shares one Chromium (Start); each test gets its own browser
// context in it, as isolated as a browser of its own.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
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

// Start opens a w×h window with a w×h viewport in a new browser context
// (an incognito-like profile of its own: cookies, storage, service workers,
// caches and permissions are not shared with other tests) of the test
// binary's one headless Chromium, and returns its context; the window and
// its browser context end with the test. The Chromium starts at the first
// Start and ends with the test binary (see shared). Tests may call Start in
// parallel.
//
// The shared Chromium plays sound without a user gesture and gives precise
// performance.memory figures (see sharedFlags); a test that needs other
// browser-wide flags uses StartOwn.
func Start(t testing.TB, w, h int) context.Context {
	t.Helper()
	path := Path(t)
	var err error
	// Twice: a shared browser that has just crashed is replaced once.
	for range 2 {
		var bctx context.Context
		if bctx, err = shared.browser(path); err != nil {
			break
		}
		ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
		if err = chromedp.Do(ctx, window(w, h), chromedp.EmulateViewport(int64(w), int64(h))); err == nil {
			t.Cleanup(cancel)
			return ctx
		}
		cancel()
		if bctx.Err() == nil {
			break
		}
	}
	t.Fatalf("open a %d×%d window in the shared chromium: %v", w, h, err)
	return nil
}

// StartOwn runs a headless Chromium of the test's own with a w×h window
// and viewport and the extra flags, and returns its context; the browser
// ends with the test. It is for a test that needs browser-wide flags other
// than the shared browser's (e.g. another language, or no autoplay); it
// costs a browser start (about a CPU second on the CI runner).
func StartOwn(t testing.TB, w, h int, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(baseOptions(Path(t), t.TempDir()), chromedp.WindowSize(w, h))
	opts = append(opts, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// baseOptions are the flags of every browser: they keep it off the network
// (this machine reaches no host but its own) and let it run as root.
func baseOptions(path, dataDir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(dataDir),
	)
}

// sharedFlags are the browser-wide flags of the shared browser, harmless to
// every test that uses it: the board's sound test needs autoplay (every
// other board test turns sound off with sound=0), the board's memory tests
// read performance.memory.
var sharedFlags = []chromedp.ExecAllocatorOption{
	chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
	chromedp.Flag("enable-precise-memory-info", true),
}

// window sizes the window of the context's tab to w×h, as --window-size
// does for a browser of its own (the viewport is emulated besides).
func window(w, h int) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		win, err := chromedp.Call(ctx, browser.GetWindowForTarget, browser.GetWindowForTargetParams{})
		if err != nil {
			return fmt.Errorf("get the window: %w", err)
		}
		_, err = chromedp.CallBrowser(ctx, browser.SetWindowBounds, browser.SetWindowBoundsParams{
			WindowID: win.WindowID, Bounds: &browser.Bounds{Width: int64(w), Height: int64(h), WindowState: browser.WindowStateNormal}})
		if err != nil {
			return fmt.Errorf("size the window: %w", err)
		}
		return nil
	})
}

// shared is the test binary's one Chromium. It is never stopped by the
// tests: a test binary has no hook at its end without a TestMain, and a
// reference count would stop and restart it between tests. The kernel
// kills it when the test binary ends (chromedp starts it with
// Pdeathsig=SIGKILL), its child processes follow it, and the next test
// binary's first Start removes the user data folders that dead test
// binaries left (dataDirPrefix).
var shared sharedBrowser

type sharedBrowser struct {
	mu     sync.Mutex
	ctx    context.Context // the browser's first chromedp context; nil before the first Start
	cancel func()
	dir    string
}

// dataDirPrefix starts the name of the shared browser's user data folder in
// os.TempDir(), followed by the test binary's process id and a dash.
const dataDirPrefix = "motcua-browsertest-"

// browser returns the shared browser's context, starting the browser if
// there is none yet or if the last one ended (crashed).
func (s *sharedBrowser) browser(path string) (context.Context, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx != nil && s.ctx.Err() == nil {
		return s.ctx, nil
	}
	if s.ctx != nil {
		s.cancel()
		os.RemoveAll(s.dir)
		s.ctx, s.cancel, s.dir = nil, nil, ""
	} else {
		removeDeadDataDirs()
	}
	dir, err := os.MkdirTemp("", dataDirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	opts := append(baseOptions(path, dir), sharedFlags...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	cancel := func() { cancelB(); cancelA() }
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	s.ctx, s.cancel, s.dir = ctx, cancel, dir
	return ctx, nil
}

// removeDeadDataDirs removes the shared browsers' user data folders of test
// binaries that have ended.
func removeDeadDataDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dataDirPrefix+"*-*"))
	for _, d := range dirs {
		pid, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(d), dataDirPrefix), "-")
		n, err := strconv.Atoi(pid)
		if !ok || err != nil || n <= 0 || n == os.Getpid() {
			continue
		}
		if !alive(n) {
			os.RemoveAll(d)
		}
	}
}

// alive reports whether the process pid runs (as far as signal 0 tells).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
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
