package uicheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// The apps' packages: presenters (their goroutines), Fyne views, mains.
var appDirs = []string{
	"kiosk", "kiosk/ui", "counter", "counter/ui", "display", "display/ui",
	"cmd/motcua-kiosk", "cmd/motcua-counter", "cmd/motcua-display",
}

// dispatchers run their function argument on the UI goroutine (or under
// the presenter's lock standing in for it).
var dispatchers = map[string]bool{"Do": true, "DoAndWait": true, "Dispatch": true, "in": true, "do": true, "step": true}

// offUIWork are presenter helpers whose function argument runs on a
// background goroutine (its returned func is applied on the UI one).
var offUIWork = map[string]bool{"call": true, "async": true, "queueDo": true, "AfterFunc": true}

// offUICallbacks are fields of config literals that hardware workers and
// the WebSocket client call from their own goroutines.
var offUICallbacks = map[string]bool{"OnState": true, "OnConnected": true, "Snapshot": true, "Event": true, "State": true, "Received": true}

// touches are calls that change widgets or presenter state: never off the
// UI goroutine.
var touches = map[string]bool{
	"render": true, "Render": true, "Refresh": true, "SetText": true, "SetChecked": true, "SetSelected": true,
	"SetOptions": true, "Show": true, "Hide": true, "Enable": true, "Disable": true, "SetContent": true,
	"Resize": true, "Move": true, "SelectIndex": true, "ScrollNotice": true, "Focus": true, "Unfocus": true,
	"SetFullScreen": true, "setText": true, "setLabel": true, "setEntry": true, "setChecked": true, "show": true, "enable": true,
	// presenter entry points the apps call from device and network goroutines
	"Scanned": true, "Scan": true, "PrinterState": true, "ScannerState": true, "Tick": true, "Start": true,
}

type finding struct {
	pos  token.Position
	call string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s", f.pos.Filename, f.pos.Line, f.call) }

func calleeName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return calleeName(f.X)
	}
	return ""
}

// offUI walks code that runs off the UI goroutine and reports touches.
// Function literals handed to a dispatcher, or returned (the apply func of
// a background job), run on the UI goroutine and are skipped.
func offUI(fset *token.FileSet, body ast.Node, out *[]finding) {
	returned := map[*ast.FuncLit]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ReturnStmt:
			for _, r := range x.Results {
				if fl, ok := r.(*ast.FuncLit); ok {
					returned[fl] = true
				}
			}
		case *ast.FuncLit:
			if returned[x] {
				return false
			}
		case *ast.CallExpr:
			name := calleeName(x.Fun)
			if dispatchers[name] {
				return false // its argument runs on the UI goroutine
			}
			if touches[name] && !isPkg(x.Fun, "time") {
				*out = append(*out, finding{fset.Position(x.Pos()), name})
			}
		case *ast.KeyValueExpr:
			// RunOptions.Render / Dispatch: the framework calls them on the
			// UI goroutine.
			if k, ok := x.Key.(*ast.Ident); ok && (k.Name == "Render" || k.Name == "Dispatch") {
				return false
			}
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if s := exprString(l); strings.HasPrefix(s, "p.v.") || strings.HasPrefix(s, "v.") && strings.Contains(s, ".Text") {
					*out = append(*out, finding{fset.Position(l.Pos()), "assignment to " + s})
				}
			}
		}
		return true
	})
}

func isPkg(e ast.Expr, pkg string) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := s.X.(*ast.Ident)
	return ok && id.Name == pkg
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.IndexExpr:
		return exprString(x.X) + "[]"
	case *ast.StarExpr:
		return exprString(x.X)
	}
	return "?"
}

// scan finds every place in src that runs off the UI goroutine: go
// statements, background work of call/async/queueDo/AfterFunc, device and
// WebSocket callbacks.
func scan(fset *token.FileSet, f *ast.File) []finding {
	var out []finding
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GoStmt:
			if fl, ok := x.Call.Fun.(*ast.FuncLit); ok {
				offUI(fset, fl.Body, &out)
			} else if !dispatchers[calleeName(x.Call.Fun)] {
				if touches[calleeName(x.Call.Fun)] {
					out = append(out, finding{fset.Position(x.Pos()), "go " + calleeName(x.Call.Fun)})
				}
				for _, a := range x.Call.Args {
					offUI(fset, a, &out)
				}
			}
		case *ast.CallExpr:
			if offUIWork[calleeName(x.Fun)] {
				for _, a := range x.Args {
					if fl, ok := a.(*ast.FuncLit); ok {
						offUI(fset, fl.Body, &out)
					}
				}
			}
		case *ast.KeyValueExpr:
			if k, ok := x.Key.(*ast.Ident); ok && offUICallbacks[k.Name] {
				if fl, ok := x.Value.(*ast.FuncLit); ok {
					offUI(fset, fl.Body, &out)
				}
			}
		}
		return true
	})
	return out
}

func root(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TestNoFyneCallsOffTheUIGoroutine reads the three apps' sources and fails
// on any goroutine, background job or device/network callback that
// touches a widget, renders, or calls into a presenter without going
// through fyne.Do or the presenter's Dispatch.
func TestNoFyneCallsOffTheUIGoroutine(t *testing.T) {
	base := root(t)
	var all []finding
	files := 0
	for _, d := range appDirs {
		paths, _ := filepath.Glob(filepath.Join(base, d, "*.go"))
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			files++
			for _, x := range scan(fset, f) {
				x.pos.Filename, _ = filepath.Rel(base, x.pos.Filename)
				all = append(all, x)
			}
		}
	}
	if files < 20 {
		t.Fatalf("only %d source files found under %s", files, base)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].String() < all[j].String() })
	for _, f := range all {
		t.Errorf("off the UI goroutine without fyne.Do/Dispatch: %s", f)
	}
}

// TestCheckerCatchesOffUICalls: the checker finds the bugs it is for.
func TestCheckerCatchesOffUICalls(t *testing.T) {
	src := `package x
func bad(p *P, v *V, t *T) {
	go func() { v.Render(p.View()) }()                       // 3
	go func() { fyne.Do(func() { v.Render(p.View()) }) }()   // ok
	p.call("x", "", func(ctx context.Context) (func(), error) {
		p.render()                                           // 6
		return func() { p.render() }, nil                    // ok: applied on the UI goroutine
	})
	printer.Open(ctx, printer.Config{OnState: func(s State) { p.PrinterState(s) }}) // 9
	time.AfterFunc(time.Second, func() { t.Refresh() })      // 10
	go func() { for s := range ch { p.Scanned(s) } }()       // 11
	go func() { p.v.Info = "x" }()                           // 12
	p.o.Dispatch(func() { p.render() })                      // ok
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, x := range scan(fset, f) {
		lines = append(lines, x.pos.Line)
	}
	want := []int{3, 6, 9, 10, 11, 12}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("found at lines %v, want %v", lines, want)
	}
}

// TestGuard: off the claimed goroutine, Guard says no.
func TestGuard(t *testing.T) {
	Claim()
	defer Release()
	if !Guard("test") {
		t.Fatal("the claiming goroutine is refused")
	}
	done := make(chan bool)
	go func() { done <- Guard("test") }()
	if <-done {
		t.Error("another goroutine is allowed")
	}
}

// TestRedoBeforeTheLoopRuns: with no Fyne loop running, fyne.Do runs its
// function inline; a guarded render redone from another goroutine must be
// dropped, not recurse for ever (the counter spun a core at start-up and
// at exit this way).
func TestRedoBeforeTheLoopRuns(t *testing.T) {
	test.NewTempApp(t) // the test driver runs fyne.Do inline, like a stopped loop
	Claim()
	defer Release()
	renders := 0
	var render func()
	render = func() {
		if !Guard("test view") {
			Redo(render)
			return
		}
		renders++
	}
	done := make(chan struct{})
	go func() { defer close(done); render() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Redo recursed")
	}
	if renders != 0 {
		t.Errorf("%d renders off the UI goroutine", renders)
	}
	render() // on the UI goroutine: drawn
	if renders != 1 {
		t.Errorf("renders on the UI goroutine: %d", renders)
	}
}
