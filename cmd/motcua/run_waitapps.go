package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/queue"
)

// The first `make run` on a fresh machine (issue 20): the Fyne apps' cgo
// build (GLFW, the GL bindings) takes minutes, the pure-Go server does not.
// make run builds the server, starts the apps' build in the background and
// runs `motcua run --wait-apps FILE`: the centre, the portal, the simulated
// devices and the web pages (board, console, phone page, rating pad) answer
// at once, and the parts below start when the build writes its exit status
// to FILE ("0": built).

// appParts are the parts of `motcua run` that start a desktop app.
var appParts = map[string]bool{"desktop apps": true, "rating pad": true}

// startWhenBuilt waits for the build's status file, then starts parts and
// prints the banner again (the build's progress lines have pushed it up).
func startWhenBuilt(ctx context.Context, cfg *queue.Config, env *runEnv, parts []part) {
	status, ok := waitStatusFile(ctx, env.WaitApps, 500*time.Millisecond)
	if !ok {
		return // stopping
	}
	if status != "0" {
		if _, err := strconv.Atoi(status); err != nil {
			status = strconv.Quote(status) // whatever the file holds, never raw to the terminal
		}
		env.Log.Error("the desktop apps did not build; the centre and its web pages keep running", "status", status)
		fmt.Printf("\nmotcua: the desktop apps did not build (exit status %s; the messages are above); the centre and its web pages keep running\n", status)
		return
	}
	env.mu.Lock()
	for i, l := range env.Lines { // the banner's line about the build
		if strings.HasPrefix(l, "Desktop apps ") {
			env.Lines = append(env.Lines[:i], env.Lines[i+1:]...)
			break
		}
	}
	env.mu.Unlock()
	for _, p := range parts {
		if ctx.Err() != nil {
			return
		}
		if err := p.start(ctx, env); err != nil {
			env.Log.Error("part failed to start; the rest of the centre keeps running", "part", p.name, "err", err)
			env.AddLine("! %s did not start: %v", p.name, err)
		}
	}
	fmt.Println("\nmotcua: the desktop apps are built and open now.")
	printBanner(cfg, env)
}

// waitStatusFile polls path until it holds a line and returns it; false if
// ctx ends first.
func waitStatusFile(ctx context.Context, path string, every time.Duration) (string, bool) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if st, ok := readStatusFile(path); ok {
			return st, true
		}
		select {
		case <-ctx.Done():
			return "", false
		case <-t.C:
		}
	}
}

// maxStatusBytes bounds what is read of the status file: an exit status is
// a few digits; a file that is not one (a FIFO, /dev/zero, a large file
// under that name) is neither read whole nor printed raw (session 6 review).
const maxStatusBytes = 32

// readStatusFile reads the first line of path, at most maxStatusBytes
// bytes; false while it holds nothing (or cannot be opened).
func readStatusFile(path string) (string, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", false
	}
	if !fi.Mode().IsRegular() { // a FIFO would block the open, /dev/zero never end
		return "not a regular file", true
	}
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, maxStatusBytes))
	line, _, _ := strings.Cut(string(b), "\n")
	if line = strings.TrimSpace(line); line != "" {
		return line, true
	}
	return "", false
}
