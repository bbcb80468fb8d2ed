// Package uicheck catches Fyne widget updates made off the UI goroutine.
//
// Fyne (2.6+) only repaints what changed on its own goroutine; a Refresh
// from elsewhere logs "Error in Fyne call thread" and the window may stop
// repainting until a resize. The apps' views call Guard at the top of
// Render: on the wrong goroutine it reports where from (once per call
// site) and hands the render to fyne.Do instead, so the screen stays live.
// The static half is this package's test: it reads the apps' sources and
// fails on a goroutine or background callback that touches the view or
// the presenter without fyne.Do / Dispatch.
package uicheck

import (
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
)

var (
	owner    atomic.Uint64 // goroutine id of the UI goroutine; 0: not claimed (tests)
	reported sync.Map      // caller pc → struct{}
	redoing  sync.Map      // goroutine id → struct{} while Redo runs there
)

// Claim marks the calling goroutine as the UI goroutine. The mains call
// it first thing: Fyne's desktop driver runs its loop on main's goroutine.
func Claim() { owner.Store(goroutineID()) }

// Release forgets the claim (tests).
func Release() { owner.Store(0) }

// OnUI reports whether the caller runs on the claimed UI goroutine (true
// when nothing was claimed: the Fyne test driver has no UI goroutine).
func OnUI() bool {
	id := owner.Load()
	return id == 0 || id == goroutineID()
}

// Redo runs f (the caller's render) through fyne.Do after Guard said no.
// Before Fyne's loop runs (or after it stopped) fyne.Do runs f inline on
// this same goroutine: f's Guard says no again, and that nested render is
// dropped instead of recursing for ever. Dropping is safe: every render
// draws the whole view, and the UI goroutine renders when the app starts.
func Redo(f func()) {
	gid := goroutineID()
	if _, inline := redoing.LoadOrStore(gid, struct{}{}); inline {
		return
	}
	defer redoing.Delete(gid)
	fyne.Do(f)
}

// Guard returns true when the caller may touch widgets. Otherwise it logs
// the offending call site once with its stack and returns false; the
// caller then re-runs itself through Redo.
func Guard(what string) bool {
	if OnUI() {
		return true
	}
	pc, file, line, _ := runtime.Caller(2)
	if _, seen := reported.LoadOrStore(pc, struct{}{}); !seen {
		slog.Error("Fyne call off the UI goroutine (needs fyne.Do): redirected", "what", what, "from", file, "line", line,
			"stack", string(debug.Stack()))
	}
	return false
}

func goroutineID() (id uint64) {
	var buf [32]byte
	n := runtime.Stack(buf[:], false)
	// "goroutine 123 [running]:..."
	for i := len("goroutine "); i < n && buf[i] != ' '; i++ {
		id = id*10 + uint64(buf[i]-'0')
	}
	return id
}
