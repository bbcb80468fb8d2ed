// Command motcua-counter is the officer's counter app: queue panel, dossier
// receipt with CCCD scan and receipt printing, dossier list. See
// docs/COUNTER.md. This main only wires things; the app is in package
// counter (presenter) and counter/ui (Fyne widgets).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/ui"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/internal/uicheck"
	"github.com/motcua/motcua/queue"
)

func main() {
	uicheck.Claim() // Fyne's loop runs on this goroutine: views check they are drawn here
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "motcua-counter:", err)
		os.Exit(1)
	}
}

func run() error {
	server := flag.String("server", "http://127.0.0.1:8080", "centre server URL")
	counterID := flag.String("counter", "", "counter id this PC stands at, e.g. q1 (required)")
	printerPath := flag.String("printer", "", "receipt printer: serial device (/dev/serial/by-id/..., COM3, serial:COM3?baud=9600), tcp://192.168.1.50:9100, usblp:/dev/usb/lp0 or winspool:NAME; empty = no printer")
	counterName := flag.String("counter-name", "", "the counter's name for the login screen, e.g. \"Quầy 1\" (default: the id until logged in)")
	printerBaud := flag.Int("printer-baud", 115200, "printer baud rate")
	profileName := flag.String("printer-profile", "generic-80", fmt.Sprintf("printer profile %v", escpos.ProfileNames()))
	scannerPath := flag.String("scanner", "", "serial QR scanner device; empty = keyboard-wedge scanner typing into the scan field")
	scannerBaud := flag.Int("scanner-baud", 9600, "scanner baud rate")
	fullscreen := flag.Bool("fullscreen", false, "start fullscreen")
	lang := flag.String("lang", "vi", "language of the window: vi or en (switchable on the login screen and the header; server messages and printed receipts stay Vietnamese)")
	flag.Parse()
	if *counterID == "" {
		return fmt.Errorf("--counter is required (e.g. --counter q1)")
	}
	if *lang != "vi" && *lang != "en" {
		return fmt.Errorf("--lang must be vi or en, not %q", *lang)
	}
	if _, err := printer.ParseAddress(*printerPath); *printerPath != "" && err != nil {
		return err
	}
	profile, err := escpos.LookupProfile(*profileName)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cl, err := client.New(*server, "")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	a := app.NewWithID("vn.motcua.counter")
	a.Settings().SetTheme(ui.Theme())
	title := *counterName
	if title == "" {
		title = *counterID
	}
	w := a.NewWindow("Một cửa – " + title)
	view := ui.New(ui.Options{Window: w, Server: *server, Lang: counter.ParseLang(*lang)})

	var pr *printer.Printer
	// The printer worker reports states from its own goroutine, possibly
	// before the presenter exists: they queue here until it does.
	states := make(chan printer.State, 16)
	opts := counter.Options{API: counter.NewAPI(cl), Lang: counter.ParseLang(*lang), Counter: *counterID, CounterName: *counterName, Profile: profile, Log: log,
		Dispatch: fyne.Do, Render: view.Render}
	if *printerPath != "" {
		pr = printer.Open(ctx, printer.Config{Address: *printerPath, Port: serialport.Config{Baud: *printerBaud}, Profile: profile,
			FailFast: true, Log: log,
			OnState: func(s printer.State) {
				select {
				case states <- s:
				default: // a newer state follows; the status line is not a log
				}
			}})
		defer pr.Close()
		opts.Printer = pr
	}
	p := counter.New(ctx, opts)
	view.Bind(p)
	// Closing the window with a number at the counter asks what becomes of
	// it first (docs/COUNTER.md, "Signing out with a number at the counter").
	view.InterceptClose(a.Quit)
	// Device news waits in channels until Fyne's loop runs: before it,
	// fyne.Do runs its function at once on the calling goroutine, and the
	// scanner's first "connected" drew the window from the scanner's
	// goroutine while main was building it (the "Error in Fyne call
	// thread" of issue 18).
	scannerOn := make(chan bool, 16)
	var scans <-chan scanner.Scan
	if *scannerPath != "" {
		sc := scanner.Open(ctx, scanner.Config{Port: serialport.Config{Path: *scannerPath, Baud: *scannerBaud}, Log: log,
			OnConnected: func(on bool) {
				select {
				case scannerOn <- on:
				default:
				}
			}})
		defer sc.Close()
		scans = sc.Scans()
	}
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case s := <-states:
					fyne.Do(func() { p.PrinterState(s) })
				case on := <-scannerOn:
					fyne.Do(func() { p.ScannerState(on) })
				case s, ok := <-scans:
					if !ok {
						scans = nil
						continue
					}
					fyne.Do(func() { p.Scanned(s) })
				}
			}
		}()
	})
	w.SetContent(view.Content())
	w.Resize(fyne.NewSize(1600, 900))
	w.SetFullScreen(*fullscreen)
	// Ctrl-C or SIGTERM (make run stopping, a shutdown) quits like closing
	// the window: the app logs out, so the counter is closed on the boards
	// instead of staying open with a number "being called".
	sig, stopSig := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stopSig()
	go func() {
		<-sig.Done()
		if ctx.Err() == nil {
			fyne.Do(a.Quit)
		}
	}()
	p.Start()
	w.ShowAndRun()
	cancel() // the device forwarders stop before the workers are closed
	lctx, lcancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer lcancel()
	if cl.Token() != "" { // logged in: close the counter on the server
		if err := cl.Logout(lctx); err != nil && !client.IsCode(err, queue.CodeUnauth) {
			log.Warn("counter: logout on quit", "err", err)
		}
	}
	return nil
}
