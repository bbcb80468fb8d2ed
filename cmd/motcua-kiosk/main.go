// Command motcua-kiosk is the citizen kiosk: take a number, look up a
// dossier, rate the service. It is the only kiosk code that imports the
// Fyne app driver; everything else lives in kiosk and kiosk/ui.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/internal/credential"
	"github.com/motcua/motcua/internal/procmem"
	"github.com/motcua/motcua/internal/uicheck"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/ui"
)

type config struct {
	server, token, publicURL string
	tokenFile                string
	warnings                 []string // for the log once it exists (never the secret)
	printer, profile         string
	printerBaud              int
	scanner                  string
	scannerBaud              int
	fullscreen, portrait     bool
	idle                     time.Duration
	adminPIN                 string
	centreName               string
	tour                     string
	lang                     string // starting language (speech.go)
	mute                     bool   // no read-aloud
	load                     int
	headless                 bool
}

// kioskToken is the device token: from a file or the environment, the old
// --token flag still works (warned: ps shows it).
var kioskToken = credential.Secret{Flag: "token", FileFlag: "token-file", Env: []string{"MOTCUA_TOKEN"}}

func parse(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("motcua-kiosk", flag.ContinueOnError)
	fs.StringVar(&c.server, "server", "http://127.0.0.1:8080", "centre server URL")
	fs.StringVar(&c.token, "token", "", "kiosk device token; visible in ps: use --token-file or $MOTCUA_TOKEN")
	fs.StringVar(&c.tokenFile, "token-file", "", "file holding the kiosk device token (chmod 600)")
	fs.StringVar(&c.publicURL, "public-url", "", "centre server URL as citizens' phones reach it, for the ticket QR (default: the server's own setting, motcua serve --public-url; else --server)")
	fs.StringVar(&c.printer, "printer", "", "receipt printer: serial device (/dev/serial/by-id/usb-…, COM3, serial:COM3?baud=9600), tcp://192.168.1.50:9100, usblp:/dev/usb/lp0 or winspool:NAME; empty = no printer")
	fs.StringVar(&c.profile, "printer-profile", "generic-80", "printer model: "+strings.Join(escpos.ProfileNames(), ", "))
	fs.IntVar(&c.printerBaud, "printer-baud", 115200, "printer baud rate")
	fs.StringVar(&c.scanner, "scanner", "", "QR/barcode scanner serial device; empty = keyboard-wedge scanner only")
	fs.IntVar(&c.scannerBaud, "scanner-baud", 9600, "scanner baud rate")
	fs.BoolVar(&c.fullscreen, "fullscreen", false, "fullscreen (kiosk mode)")
	fs.BoolVar(&c.portrait, "portrait", false, "portrait screen (1080×1920)")
	fs.DurationVar(&c.idle, "idle", 60*time.Second, "return to the home screen after this long without a touch")
	fs.StringVar(&c.adminPIN, "admin-pin", "", "PIN that unlocks exit (default $MOTCUA_ADMIN_PIN; empty = the kiosk cannot be closed)")
	fs.StringVar(&c.centreName, "centre-name", "", "name printed on tickets (default: from the server)")
	fs.StringVar(&c.tour, "tour", "", "walk every screen and save screenshots into this folder, then exit (docs)")
	fs.StringVar(&c.lang, "lang", "vi", "the kiosk's default language: vi or en (at start, after Home and the idle timeout; with --tour: the tour's language)")
	fs.BoolVar(&c.mute, "mute", false, "no read-aloud (the large-type button otherwise also reads each screen aloud in Vietnamese)")
	fs.IntVar(&c.load, "load", 0, "issue this many tickets, log heap and RSS at every quarter, then exit (benchmark)")
	fs.BoolVar(&c.headless, "headless", false, "with --load: drive the presenter and printer without a window (no Fyne, no display)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	tok, _, warns, err := kioskToken.Require(c.token, c.tokenFile)
	if err != nil {
		return c, fmt.Errorf("a kiosk device token is needed: %w", err)
	}
	c.token, c.warnings = tok, warns
	if c.adminPIN == "" {
		c.adminPIN = os.Getenv("MOTCUA_ADMIN_PIN")
	}
	if _, err := printer.ParseAddress(c.printer); c.printer != "" && err != nil {
		return c, err
	}
	if c.headless && c.load <= 0 {
		return c, errors.New("--headless needs --load N")
	}
	return c, nil
}

func main() {
	uicheck.Claim() // Fyne's loop runs on this goroutine: views check they are drawn here
	c, err := parse(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "motcua-kiosk:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	for _, w := range c.warnings {
		log.Warn(w)
	}
	if c.publicURL == "" {
		c.publicURL = resolvePublicURL(c, log)
	}
	if c.headless {
		err = runHeadless(c, log)
	} else {
		err = run(c, log)
	}
	if err != nil {
		log.Error("kiosk stopped", "err", err)
		os.Exit(1)
	}
}

func run(c config, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cl, err := client.New(c.server, c.token)
	if err != nil {
		return err
	}
	profile, err := escpos.LookupProfile(c.profile)
	if err != nil {
		return err
	}

	a := app.NewWithID("vn.motcua.kiosk")
	w := a.NewWindow("Một cửa — Kiosk")
	u := ui.New(w, ui.Options{Portrait: c.portrait})

	// The printer worker starts before the app runs; its state changes are
	// queued and handed to the presenter once the UI is up.
	states := make(chan error, 16)
	var prn *printer.Printer
	opts := kiosk.Options{
		API: kiosk.NewAPI(cl), Profile: profile, PublicURL: c.publicURL,
		Dispatch: fyne.Do, Render: withSpeech(ctx, u.Render, c.mute, log), Idle: c.idle, AdminPIN: c.adminPIN,
		Quit: a.Quit, Log: log, Lang: kiosk.Lang(c.lang),
	}
	if c.printer != "" {
		prn = printer.Open(ctx, printer.Config{
			Address: c.printer, Port: serialport.Config{Baud: c.printerBaud},
			Profile: profile, FailFast: true, Log: log,
			OnState: func(s printer.State) {
				select {
				case states <- s.Err:
				default: // the presenter learns the outcome of the next job anyway
				}
			},
		})
		defer prn.Close()
		opts.Printer = prn
	}
	p := kiosk.New(opts)
	u.Bind(p)
	if c.centreName != "" {
		p.SetCentreName(c.centreName)
	} else if snap, err := cl.Snapshot(ctx); err == nil {
		p.SetCentreName(snap.CentreName)
	}

	var sc *scanner.Scanner
	if c.scanner != "" {
		sc = scanner.Open(ctx, scanner.Config{Port: serialport.Config{Path: c.scanner, Baud: c.scannerBaud}, Log: log})
		defer sc.Close()
	}

	if c.portrait {
		w.Resize(fyne.NewSize(1080, 1920))
	} else {
		w.Resize(fyne.NewSize(1920, 1080))
	}
	w.SetFullScreen(c.fullscreen)

	a.Lifecycle().SetOnStarted(func() {
		p.Start(ctx)
		go func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			var scans <-chan scanner.Scan
			if sc != nil {
				scans = sc.Scans()
			}
			for {
				select {
				case <-ctx.Done():
					fyne.Do(a.Quit)
					return
				case now := <-t.C:
					fyne.Do(func() { p.Tick(now) })
				case err := <-states:
					fyne.Do(func() { p.PrinterState(err) })
				case s, ok := <-scans:
					if !ok {
						scans = nil
						continue
					}
					fyne.Do(func() { p.Scan(s) })
				}
			}
		}()
		switch {
		case c.tour != "":
			go tour(ctx, w, p, c, log)
		case c.load > 0:
			go func() {
				load(ctx, p, c.load, func(f func()) { fyne.DoAndWait(f) }, log)
				fyne.DoAndWait(func() { fyne.CurrentApp().Quit() })
			}()
		}
	})
	log.Info("kiosk starting", "server", c.server, "printer", c.printer, "profile", profile.Name, "scanner", c.scanner,
		"fullscreen", c.fullscreen, "portrait", c.portrait, "idle", c.idle)
	w.ShowAndRun()
	p.Wait()
	return nil
}

// resolvePublicURL asks the server for the address phones reach it at
// (motcua serve --public-url, by default its LAN address); --server is the
// fallback when the server cannot be asked.
func resolvePublicURL(c config, log *slog.Logger) string {
	cl, err := client.New(c.server, c.token)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var st centre.Settings
		if st, err = cl.Settings(ctx); err == nil && st.PublicURL != "" {
			return st.PublicURL
		}
	}
	log.Warn("kiosk: no public URL from the server; ticket QR codes use --server", "server", c.server, "err", err)
	return c.server
}

// tour visits each screen and saves the window as PNG (docs/img).
func tour(ctx context.Context, w fyne.Window, p *kiosk.Presenter, c config, log *slog.Logger) {
	orient := "landscape"
	if c.portrait {
		orient = "portrait"
	}
	shot := func(name string) {
		time.Sleep(1200 * time.Millisecond) // let the GL driver draw the new frame
		if c.lang == "en" {
			name = "en-" + name
		}
		path := filepath.Join(c.tour, "kiosk-"+name+"-"+orient+".png")
		// What the X server shows (ImageMagick), as a citizen sees it; the
		// canvas capture is the fallback without ImageMagick.
		if err := exec.CommandContext(ctx, "import", "-window", "root", path).Run(); err == nil {
			log.Info("tour: saved", "file", path)
			return
		}
		fyne.DoAndWait(func() {
			img := w.Canvas().Capture()
			f, err := os.Create(path)
			if err != nil {
				log.Error("tour", "err", err)
				return
			}
			defer f.Close()
			png.Encode(f, img)
		})
		log.Info("tour: saved", "file", path)
	}
	step := func(f func()) {
		fyne.DoAndWait(f)
		time.Sleep(200 * time.Millisecond)
		p.Wait()
	}
	// home goes back to the home screen in the tour's language (the
	// kiosk's default, Options.Lang).
	home := p.Home
	time.Sleep(time.Second)
	p.Wait()
	shot("home")
	step(p.ToggleLarge) // large type, high contrast
	shot("large-home")
	step(p.TakeNumber)
	step(func() { p.ChooseSector("tuphap") })
	shot("large-services")
	step(p.ToggleLarge)
	step(home)
	step(p.TakeNumber)
	shot("sectors")
	step(func() { p.ChooseSector("tuphap") })
	shot("services")
	step(func() { p.ChooseService("hotich") })
	shot("priority")
	step(func() { p.ChoosePriority("") })
	shot("ticket")
	step(home)
	if c.lang != "en" {
		step(p.ToggleLang)
		shot("home-en")
	}
	step(home)
	step(p.Lookup)
	for _, k := range "000.00.06.H26-2" {
		step(func() { p.Key(string(k)) })
	}
	shot("lookup")
	step(home)
	step(p.CheckIn) // "I have an appointment": the booking code on the same keyboard
	for _, k := range "B2FR-GA6B" {
		step(func() { p.Key(string(k)) })
	}
	shot("checkin")
	step(home)
	step(func() { p.Scan(scanner.Classify(os.Getenv("KIOSK_TOUR_DOSSIER"))) })
	shot("dossier")
	step(home)
	step(p.Rate)
	shot("rate")
	// KIOSK_TOUR_TICKET is the QR of a ticket served and finished (its
	// tracking URL with the rating token, ?r=…).
	step(func() { p.Scan(scanner.Classify(os.Getenv("KIOSK_TOUR_TICKET"))) })
	shot("rate-level")
	step(func() { p.ChooseLevel(3) })
	step(func() { p.ToggleReason(p.View().Reasons[0].ID) })
	step(p.EditComment)
	for _, k := range []any{"c", "h", "ơ", kiosk.ToneHuyen, " ", "đ", "ơ", "i", kiosk.ToneNang, " ", "q", "u", "a", kiosk.ToneSac, " ", "l", "â", "u"} {
		step(func() {
			if t, ok := k.(kiosk.Tone); ok {
				p.CommentTone(t)
			} else {
				p.CommentKey(k.(string))
			}
		})
	}
	shot("rate-comment")
	step(p.CommentDone)
	shot("rate-reason")
	step(p.SendRating)
	shot("rate-thanks")
	step(home)
	step(p.Admin)
	shot("admin")
	fyne.DoAndWait(func() { fyne.CurrentApp().Quit() })
}

// load issues n tickets through the presenter as fast as the server and
// printer allow; do runs a step on the UI goroutine. It prints the Go heap
// in use and the process RSS (both after a GC) at 0 and every quarter.
func load(ctx context.Context, p *kiosk.Presenter, n int, do func(func()), log *slog.Logger) {
	time.Sleep(time.Second)
	p.Wait()
	services := []struct{ sector, service string }{{"tuphap", "hotich"}, {"tuphap", "chungthuc"}, {"datdai", "datdai"}, {"xaydung", "xaydung"}}
	start := time.Now()
	issued, printed := 0, 0
	report := func(i int) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		log.Info("load", "tickets", i, "heap_kib", ms.HeapInuse>>10, "rss_kib", rssKiB(), "elapsed", time.Since(start).Round(time.Millisecond))
		fmt.Printf("tickets=%d issued=%d printed=%d heap_inuse_kib=%d rss_kib=%d goroutines=%d elapsed=%s\n",
			i, issued, printed, ms.HeapInuse>>10, rssKiB(), runtime.NumGoroutine(), time.Since(start).Round(time.Millisecond))
	}
	report(0)
	for i := 1; i <= n && ctx.Err() == nil; i++ {
		s := services[i%len(services)]
		for _, f := range []func(){p.Home, p.TakeNumber, func() { p.ChooseSector(s.sector) }, func() { p.ChooseService(s.service) }, func() { p.ChoosePriority("") }} {
			do(f)
			p.Wait()
		}
		// A refusal (the daily cap) leaves the citizen on the priority
		// screen: count what really went through.
		do(func() {
			if v := p.View(); v.Screen == kiosk.ScreenTicket && v.Ticket != nil {
				issued++
				if v.TicketPrinted {
					printed++
				}
			}
		})
		if i%max(1, n/4) == 0 || i == n {
			report(i)
		}
	}
}

// runHeadless is --load without a window: the presenter, the printer
// worker and the API client, with every presenter call serialised by a
// mutex as the UI goroutine would. It measures the kiosk's own memory,
// apart from the GL driver's.
func runHeadless(c config, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cl, err := client.New(c.server, c.token)
	if err != nil {
		return err
	}
	profile, err := escpos.LookupProfile(c.profile)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	do := func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	renders := 0
	opts := kiosk.Options{API: kiosk.NewAPI(cl), Profile: profile, PublicURL: c.publicURL, Dispatch: do,
		Render: func(kiosk.View) { renders++ }, Log: log}
	var p *kiosk.Presenter
	if c.printer != "" {
		prn := printer.Open(ctx, printer.Config{Address: c.printer, Port: serialport.Config{Baud: c.printerBaud}, Profile: profile, FailFast: true, Log: log,
			OnState: func(s printer.State) {
				go do(func() {
					if p != nil {
						p.PrinterState(s.Err)
					}
				})
			}})
		defer prn.Close()
		opts.Printer = prn
	}
	do(func() { p = kiosk.New(opts) })
	if snap, err := cl.Snapshot(ctx); err == nil {
		p.SetCentreName(snap.CentreName)
	}
	do(func() { p.Start(ctx) })
	load(ctx, p, c.load, do, log)
	p.Wait()
	log.Info("headless load done", "renders", renders)
	return nil
}

// rssKiB is the kiosk's resident memory (Linux: VmRSS; Windows: the
// working set), 0 where it cannot be read.
func rssKiB() int {
	rss, _ := procmem.ReadRSS(os.Getpid())
	return int(rss)
}
