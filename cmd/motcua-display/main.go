// Command motcua-display is the fullscreen hall board: it follows the
// centre server over WebSocket and never exits on a network error.
//
//	motcua-display --server http://10.0.0.2:8080 --token-file /etc/motcua/display.token --fullscreen
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/centre/web"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/display/ui"
	"github.com/motcua/motcua/internal/credential"
	"github.com/motcua/motcua/internal/uicheck"
	"github.com/motcua/motcua/queue"
)

func main() {
	uicheck.Claim() // Fyne's loop runs on this goroutine: views check they are drawn here
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "motcua-display:", err)
		os.Exit(1)
	}
}

func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// displayToken: from a file or the environment; the old --token flag still
// works (warned: ps shows it).
var displayToken = credential.Secret{Flag: "token", FileFlag: "token-file", Env: []string{"MOTCUA_DISPLAY_TOKEN", "MOTCUA_TOKEN"}}

func run() error {
	server := flag.String("server", "http://127.0.0.1:8080", "centre server URL")
	token := flag.String("token", "", "display device token; visible in ps: use --token-file or $MOTCUA_DISPLAY_TOKEN")
	tokenFile := flag.String("token-file", "", "file holding the display token (chmod 600)")
	counters := flag.String("counters", "", "show only these counters, e.g. q1,q2")
	services := flag.String("services", "", "show only these services, e.g. hotich,chungthuc")
	portrait := flag.Bool("portrait", false, "portrait screen layout")
	fullscreen := flag.Bool("fullscreen", false, "fullscreen, no window decorations")
	width := flag.Int("width", 1920, "window width when not fullscreen")
	height := flag.Int("height", 1080, "window height when not fullscreen")
	mute := flag.Bool("mute", false, "no sound at all")
	lang := flag.String("lang", "vi", "the board's words: vi or en (the voice says each call in Vietnamese first; with en, in English after it unless --voice-en=false)")
	voice := flag.Bool("voice", true, "read each call aloud after the chime (Vietnamese clips, as the web board)")
	voiceEN := flag.Bool("voice-en", true, "with --lang en, follow each Vietnamese call with the English one (\"Number A025, please go to counter 3\")")
	fps := flag.Int("ticker-fps", 0, "scroll the notice at this many frames per second (each repaints the whole window); 0: a long notice is shown a page at a time")
	notePage := flag.Duration("notice-page", 8*time.Second, "time each page of a long notice stays (--ticker-fps 0)")
	latency := flag.String("latency-log", "", "append one line per call: server time, receipt, rendered (benchmarks)")
	mode := flag.String("mode", "board", "board (hall screen) or ratingpad (the citizen's rating screen at a counter; token of a ratingpad device)")
	padCounter := flag.String("counter", "", "ratingpad: the counter id this pad faces (checked against the pad's enrolment)")
	flag.Parse()
	if *mode != "board" && *mode != "ratingpad" {
		return fmt.Errorf("--mode must be board or ratingpad")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	tok, _, warns, err := displayToken.Require(*token, *tokenFile)
	if err != nil {
		return fmt.Errorf("a display token is needed: %w (make one with: motcua admin device add --role display --name tv1)", err)
	}
	for _, w := range warns {
		log.Warn(w)
	}
	*token = tok
	c, err := client.New(*server, *token)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *mode == "ratingpad" {
		return runPad(ctx, c, padOptions{counter: *padCounter, en: *lang == "en", fullscreen: *fullscreen, width: *width, height: *height, log: log})
	}

	a := app.NewWithID("vn.motcua.display")
	var w fyne.Window
	if drv, ok := a.Driver().(desktop.Driver); ok && *fullscreen {
		w = drv.CreateSplashWindow() // borderless
	} else {
		w = a.NewWindow("Bảng gọi số")
	}
	v := ui.New(*portrait)
	v.SetEnglish(*lang == "en")
	v.SetScrollingNotice(*fps > 0)
	w.SetContent(v.Object())
	w.SetPadded(false)
	if *fullscreen {
		w.SetFullScreen(true)
	} else {
		w.Resize(fyne.NewSize(float32(*width), float32(*height)))
	}

	chime := display.NewChime(ctx, *mute, log)
	p := display.New(display.Options{
		Filter:   display.Filter{Counters: list(*counters), Services: list(*services)},
		Announce: display.Announcer(chime, web.Files(), *voice, *lang == "en" && *voiceEN, log),
	})
	var lat *latencyLog
	if *latency != "" {
		if lat, err = openLatency(*latency); err != nil {
			return err
		}
		defer lat.Close()
	}
	// Started with the loop: before it, fyne.Do would draw from this goroutine.
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			err := display.Run(ctx, c, p, display.RunOptions{
				Dispatch: fyne.Do,
				Render: func(b display.Board) {
					v.Render(b, time.Now())
					lat.rendered(b)
				},
				Received: lat.received,
				Log:      log,
			})
			if err != nil {
				log.Error("board stopped", "err", err)
			}
			fyne.Do(a.Quit)
		}()
		// The notice scrolls at a constant speed. Each step repaints the whole
		// window, so the rate is bounded (a Pi or a software-GL box paints a
		// 1080p frame in tens of ms) and a step is skipped while one is queued.
		if *fps <= 0 && *notePage > 0 {
			// A page flip redraws once; a notice that fits is never redrawn.
			go func() {
				t := time.NewTicker(*notePage)
				defer t.Stop()
				for {
					select {
					case <-ctx.Done():
						return
					case <-t.C:
						fyne.Do(v.NextNoticePage)
					}
				}
			}()
		}
		if *fps > 0 {
			go func() {
				var queued atomic.Bool
				t := time.NewTicker(time.Second / time.Duration(*fps))
				defer t.Stop()
				last := time.Now()
				for {
					select {
					case <-ctx.Done():
						return
					case now := <-t.C:
						if queued.Swap(true) {
							continue
						}
						step := float32(now.Sub(last).Seconds()) * 120 // units per second
						last = now
						fyne.Do(func() { queued.Store(false); v.ScrollNotice(step) })
					}
				}
			}()
		}
	})
	w.ShowAndRun()
	return nil
}

// latencyLog records, per call, the server's event time, the moment the
// board received it and the moment the render with it returned.
type latencyLog struct {
	f    *os.File
	recv map[int64]time.Time
	at   map[int64]time.Time
	mu   chan struct{}
}

func openLatency(path string) (*latencyLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &latencyLog{f: f, recv: map[int64]time.Time{}, at: map[int64]time.Time{}, mu: make(chan struct{}, 1)}, nil
}

func (l *latencyLog) Close() { l.f.Close() }

func (l *latencyLog) received(e queue.Event, now time.Time) {
	if l == nil || !e.IsCall() {
		return
	}
	l.mu <- struct{}{}
	l.recv[e.Seq], l.at[e.Seq] = now, e.At
	<-l.mu
}

func (l *latencyLog) rendered(b display.Board) {
	if l == nil {
		return
	}
	now := time.Now()
	l.mu <- struct{}{}
	defer func() { <-l.mu }()
	// A call counts as rendered when it is in the recent list on screen.
	for _, c := range b.Recent {
		r, ok := l.recv[c.Seq]
		if !ok {
			continue
		}
		fmt.Fprintf(l.f, "%d %s %d %d\n", c.Seq, c.Number, r.Sub(l.at[c.Seq]).Microseconds(), now.Sub(l.at[c.Seq]).Microseconds())
		delete(l.recv, c.Seq)
		delete(l.at, c.Seq)
	}
}
