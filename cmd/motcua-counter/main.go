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
	flag.Parse()
	if *counterID == "" {
		return fmt.Errorf("--counter is required (e.g. --counter q1)")
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
	view := ui.New(ui.Options{Window: w, Server: *server})

	var pr *printer.Printer
	// The printer worker reports states from its own goroutine, possibly
	// before the presenter exists: they queue here until it does.
	states := make(chan printer.State, 16)
	opts := counter.Options{API: counter.NewAPI(cl), Counter: *counterID, CounterName: *counterName, Profile: profile, Log: log,
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
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case s := <-states:
				fyne.Do(func() { p.PrinterState(s) })
			}
		}
	}()
	if *scannerPath != "" {
		sc := scanner.Open(ctx, scanner.Config{Port: serialport.Config{Path: *scannerPath, Baud: *scannerBaud}, Log: log,
			OnConnected: func(on bool) { fyne.Do(func() { p.ScannerState(on) }) }})
		defer sc.Close()
		go func() {
			for s := range sc.Scans() {
				fyne.Do(func() { p.Scanned(s) })
			}
		}()
	}
	w.SetContent(view.Content())
	w.Resize(fyne.NewSize(1600, 900))
	w.SetFullScreen(*fullscreen)
	p.Start()
	w.ShowAndRun()
	return nil
}
