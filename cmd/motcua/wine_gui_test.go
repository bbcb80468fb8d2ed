//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/internal/winetest"
)

// The Windows build of the hall board (motcua-display.exe, cgo with
// mingw-w64, as `make dist` builds it) runs under Wine on Xvfb against a
// real centre server, follows a live call, and its screen, read back by
// OCR (tesseract with its Vietnamese model), shows the call in Vietnamese:
// "MỜI SỐ", the number and "Quầy 1" with their diacritics — a letter the
// bundled fonts lacked would be a box, and the words would not read back.
// Skipped, saying why, where wine64, mingw-w64, Xvfb, ImageMagick or
// tesseract-ocr-vie is missing (`make deps-test` installs them).
//
// The cross-compile is seconds with a warm Go build cache (the bare CC
// string, see winetest.MinGW); a cold cache compiles go-gl's C code for
// Windows once, 8–28 minutes on two cores.
func TestWineBoardShowsCall(t *testing.T) {
	if testing.Short() {
		t.Skip("Windows board under Wine skipped in -short mode")
	}
	w := winetest.Get(t, filepath.Dir(motcuaBin))
	for _, tool := range []string{"Xvfb", "import", "tesseract"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("Windows board under Wine skipped: %s not installed (Debian: xvfb, imagemagick, tesseract-ocr tesseract-ocr-vie; make deps-test)", tool)
		}
	}
	if langs, _ := exec.Command("tesseract", "--list-langs").CombinedOutput(); !strings.Contains(string(langs), "\nvie") {
		t.Skip("Windows board under Wine skipped: tesseract has no Vietnamese model (Debian: tesseract-ocr-vie; make deps-test)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Minute)
	defer cancel()
	exe := filepath.Join(filepath.Dir(motcuaBin), "motcua-display.exe")
	if err := winetest.BuildGUIExe(ctx, filepath.Join("..", "motcua-display"), exe); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	db := filepath.Join(dir, "centre.db")
	run(t, nil, "admin", "officer", "add", "--db", db, "--username", "canbo1", "--password", "matkhau123", "--name", "Nguyễn Thị Hoa")
	kioskTok := lastLine(run(t, nil, "admin", "device", "add", "--db", db, "--role", "kiosk", "--name", "kiosk-1"))
	boardTok := lastLine(run(t, nil, "admin", "device", "add", "--db", db, "--role", "display", "--name", "man-hinh-sanh"))
	tokFile := filepath.Join(dir, "display.token")
	if err := os.WriteFile(tokFile, []byte(boardTok+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	start(t, dir, nil, "serve", "--db", db, "--addr", addr)
	base := "http://" + addr
	eventually(t, "the centre serves /healthz", func() (bool, error) {
		resp, err := http.Get(base + "/healthz")
		if err != nil {
			return false, err
		}
		resp.Body.Close()
		return resp.StatusCode == 200, nil
	})

	disp := startXvfb(t, "1280x720x24")
	// Wine sometimes fails GLFW's first window on a freshly restarted
	// wineserver ("Failed to create helper window: Resource data not
	// found"); the board is started again, at most twice, when it exits
	// before showing the call. A board that keeps running but never shows
	// it still fails below.
	logPath := filepath.Join(dir, "board.log")
	startBoard := func(attempt int) (*exec.Cmd, chan error) {
		board := w.Command(ctx, exe, "--server", base, "--token-file", winetest.Path(tokFile),
			"--fullscreen", "--mute", "--ticker-fps", "0")
		board.Env = append(w.Env(), "DISPLAY="+disp)
		boardLog, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(boardLog, "--- start %d ---\n", attempt)
		board.Stdout, board.Stderr = boardLog, boardLog
		if err := board.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- board.Wait(); boardLog.Close() }()
		return board, done
	}
	attempts := 1
	board, boardDone := startBoard(attempts)
	t.Cleanup(func() {
		board.Process.Kill()
		<-boardDone
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("--- motcua-display.exe log ---\n%s", b)
		}
	})

	kc, _ := client.New(base, kioskTok)
	iss, err := kc.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	oc, _ := client.New(base, "")
	if _, err := oc.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := oc.CallNext(ctx, "q1", ""); err != nil || !ok {
		t.Fatalf("call next: %v %v", ok, err)
	}

	// Wine and a software-GL window start slowly on a loaded machine: a
	// generous liveness guard, polled, never a latency assertion.
	shot := filepath.Join(dir, "board.png")
	want := []string{"MỜI SỐ", iss.Number, "Quầy 1", "Số vừa gọi"}
	var text string
	deadline := time.Now().Add(4 * time.Minute)
	for {
		text = ocr(t, disp, shot)
		missing := ""
		for _, s := range want {
			if !strings.Contains(text, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the board under Wine does not show %q; OCR of %s:\n%s", missing, shot, text)
		}
		select {
		case err := <-boardDone:
			if attempts == 3 {
				boardDone <- err // for the cleanup
				t.Fatalf("motcua-display.exe exited %d times before showing the call: %v", attempts, err)
			}
			t.Logf("motcua-display.exe exited before showing the call (%v); starting it again", err)
			attempts++
			board, boardDone = startBoard(attempts)
		default:
		}
		time.Sleep(2 * time.Second)
	}
	if out := os.Getenv("MOTCUA_SHOTS_DIR"); out != "" {
		b, _ := os.ReadFile(shot)
		os.WriteFile(filepath.Join(out, "windows-board-wine.png"), b, 0o644)
	}
	t.Logf("board under Wine, OCR:\n%s", text)
}

// startXvfb starts a virtual X screen on a free display number and returns
// it (":N"); it is stopped at cleanup.
func startXvfb(t *testing.T, screen string) string {
	t.Helper()
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", screen, "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{wr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wr.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Fatal("Xvfb gave no display number")
		}
		return ":" + n
	case <-time.After(60 * time.Second):
		t.Fatal("Xvfb did not start")
	}
	return ""
}

// ocr grabs the X screen disp into png and reads it back with tesseract's
// Vietnamese model.
func ocr(t *testing.T, disp, png string) string {
	t.Helper()
	if out, err := exec.Command("import", "-display", disp, "-window", "root", png).CombinedOutput(); err != nil {
		return fmt.Sprintf("(import: %v %s)", err, out)
	}
	out, err := exec.Command("tesseract", png, "-", "-l", "vie").Output()
	if err != nil {
		return fmt.Sprintf("(tesseract: %v)", err)
	}
	return string(out)
}
