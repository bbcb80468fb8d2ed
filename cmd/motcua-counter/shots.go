//go:build shots

// Screenshot driver for docs/img (build tag "shots", never in the product):
// it runs a centre server, the virtual printer and scanner in-process,
// drives the real window through the presenter and the F-keys, and grabs
// the X screen with ImageMagick's import after each step.
//
//	Xvfb :97 -screen 0 1920x1080x24 &
//	DISPLAY=:97 LANG=C.UTF-8 go run -tags shots ./cmd/motcua-counter --shots docs/img
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/ui"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/internal/uicheck"
)

func init() {
	for i, a := range os.Args {
		if a == "--shots" && i+1 < len(os.Args) {
			if err := shots(os.Args[i+1], shotsLang(os.Args)); err != nil {
				fmt.Fprintln(os.Stderr, "shots:", err)
				os.Exit(1)
			}
			os.Exit(0)
		}
	}
	_ = flag.CommandLine
}

func shots(out string, lang counter.Lang) error {
	uicheck.Claim() // init runs on main's goroutine, where Fyne's loop will run
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	tmp, err := os.MkdirTemp("", "counter-shots")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// The centre as the tests start it (centretest.Run): this program
	// never opens the store itself.
	env, err := centretest.Run(tmp, centretest.Options{
		Server:   centre.Options{Logger: quiet, LookupURL: "https://dichvucong.hanoi.gov.vn/tra-cuu"},
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Nguyễn Thị Hoa", Role: "officer"}},
		Devices:  []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}},
		Mount:    shotsInbox,
	})
	if err != nil {
		return err
	}
	defer env.Close()
	shotsInboxItems(ctx, env)
	base, kiosk := env.URL, env.Token("dev-kiosk")
	kc, _ := client.New(base, kiosk)
	for i, s := range []string{"hotich", "hotich", "chungthuc", "hotich", "datdai", "hotich", "chungthuc"} {
		pri := ""
		if i == 0 {
			pri = "caotuoi" // the first citizen called is elderly: the panel says so
		}
		if _, err := kc.Issue(ctx, centre.IssueRequest{Service: s, Priority: pri}); err != nil {
			return err
		}
	}

	sp, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(tmp, "printer0"), OutDir: filepath.Join(tmp, "paper"), Log: quiet})
	if err != nil {
		return err
	}
	defer sp.Close()
	ss, err := sim.NewScanner(filepath.Join(tmp, "scanner0"), "", quiet)
	if err != nil {
		return err
	}
	defer ss.Close()

	a := app.NewWithID("vn.motcua.counter.shots")
	a.Settings().SetTheme(ui.Theme())
	w := a.NewWindow("Một cửa – Quầy q1")
	view := ui.New(ui.Options{Window: w, Server: base, Lang: lang})
	cl, _ := client.New(base, "")
	pr := printer.Open(ctx, printer.Config{Port: serialport.Config{Path: sp.Path(), Baud: 115200}, FailFast: true, PollInterval: 300 * time.Millisecond, Log: quiet})
	defer pr.Close()
	p := counter.New(ctx, counter.Options{API: counter.NewAPI(cl), Lang: lang, Counter: "q1", CounterName: "Quầy 1", Printer: pr, Profile: escpos.Default,
		Dispatch: fyne.Do, Render: view.Render, Log: quiet})
	view.Bind(p)
	scannerOn := make(chan bool, 16)
	sc := scanner.Open(ctx, scanner.Config{Port: serialport.Config{Path: ss.Path(), Baud: 115200}, Log: quiet,
		OnConnected: func(on bool) {
			select {
			case scannerOn <- on:
			default:
			}
		}})
	defer sc.Close()
	// As in the app: device news is forwarded only while Fyne's loop runs.
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			t := time.NewTicker(300 * time.Millisecond)
			defer t.Stop()
			scans := sc.Scans()
			for {
				select {
				case <-ctx.Done():
					return
				case on := <-scannerOn:
					fyne.Do(func() { p.ScannerState(on) })
				case s, ok := <-scans:
					if !ok {
						return
					}
					fyne.Do(func() { p.Scanned(s) })
				case <-t.C:
					st := pr.State()
					fyne.Do(func() { p.PrinterState(st) })
				}
			}
		}()
	})
	w.SetContent(view.Content())
	w.Resize(fyne.NewSize(1920, 1080))
	w.SetFullScreen(true)

	go func() {
		err := script(ctx, out, w, p, view, ss, sp, kc)
		if err != nil {
			fmt.Fprintln(os.Stderr, "shots:", err)
		}
		fyne.Do(a.Quit)
	}()
	p.Start()
	w.ShowAndRun()
	cancel()
	return nil
}

func script(ctx context.Context, out string, w fyne.Window, p *counter.Presenter, view *ui.View, ss *sim.Scanner, sp *sim.Printer, kc *client.Client) error {
	do := func(f func()) { fyne.DoAndWait(f); time.Sleep(700 * time.Millisecond) }
	snap := func(name string) error {
		time.Sleep(800 * time.Millisecond)
		if view.Lang() == counter.EN {
			name = "en-" + name
		}
		path := filepath.Join(out, "counter-"+name+".png")
		if b, err := exec.Command("import", "-window", "root", path).CombinedOutput(); err != nil {
			return fmt.Errorf("import %s: %v: %s", path, err, b)
		}
		fmt.Println("wrote", path)
		return nil
	}
	time.Sleep(1500 * time.Millisecond)
	do(func() { p.Login("canbo1", "sai-mat-khau") })
	if err := snap("login"); err != nil {
		return err
	}
	do(func() { p.Login("canbo1", "matkhau123") })
	time.Sleep(time.Second)
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	if err := snap("called"); err != nil {
		return err
	}
	ss.Scan(sim.Samples["cccd"])
	time.Sleep(700 * time.Millisecond)
	do(func() { p.SearchProcedures("xac nhan tinh trang hon nhan") })
	do(func() { p.ChooseProcedure(0) })
	do(func() {
		p.ReceiveAll()
		p.SetFeePaid(0, true)
		p.SetField(counter.FieldPhone, "0912 345 678")
		p.SetReturnPlace(dossier.PlacePost)
	})
	if err := snap("receive"); err != nil {
		return err
	}
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF9}) })
	if _, err := sp.WaitPages(ctx, 1); err != nil {
		return err
	}
	if err := snap("saved"); err != nil {
		return err
	}
	pages := sp.Pages()
	if b, err := os.ReadFile(pages[0].Path); err == nil {
		os.WriteFile(filepath.Join(out, "receipt.png"), b, 0o644)
		fmt.Println("wrote", filepath.Join(out, "receipt.png"))
	}
	var early bool
	fyne.DoAndWait(func() { early = shownLabel(w, transferPanel(view.Lang())) })
	if early {
		return fmt.Errorf("F4 transfer panel on screen before F4")
	}
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF4}) })
	// The panel, once it is laid out on the screen (not a fixed sleep).
	if err := waitShown(w, transferPanel(view.Lang()), 20*time.Second); err != nil {
		return fmt.Errorf("F4 transfer panel: %w", err)
	}
	if err := snap("transfer"); err != nil {
		return err
	}
	var still bool
	fyne.DoAndWait(func() { still = shownLabel(w, transferPanel(view.Lang())) })
	if !still {
		return fmt.Errorf("F4 transfer panel gone while the screenshot was taken")
	}
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyEscape}); view.Key(&fyne.KeyEvent{Name: fyne.KeyF5}) })
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF8}) })
	time.Sleep(500 * time.Millisecond)
	var code string
	fyne.DoAndWait(func() { code = p.View().Saved.Dossier.Code })
	do(func() { p.Open(code) })
	do(func() {
		p.DoAction(counter.ActRequestSupplement, counter.ActionInput{Missing: "Bản sao giấy khai sinh\nẢnh 4x6 chụp trong 6 tháng", Reason: "Hồ sơ còn thiếu thành phần theo quy định"})
	})
	if _, err := sp.WaitPages(ctx, 2); err != nil {
		return err
	}
	if err := snap("dossiers"); err != nil {
		return err
	}
	if b, err := os.ReadFile(sp.Pages()[1].Path); err == nil {
		os.WriteFile(filepath.Join(out, "supplement-slip.png"), b, 0o644)
	}
	sp.SetStatus(escpos.Status{PaperOut: true})
	time.Sleep(time.Second)
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF7}); view.Key(&fyne.KeyEvent{Name: fyne.KeyF10}) })
	time.Sleep(time.Second)
	if err := snap("printer-error"); err != nil {
		return err
	}
	if err := inboxShot(p, do, snap); err != nil {
		return err
	}
	if err := parkShot(p, view, do, snap); err != nil { // shots_park.go
		return err
	}
	do(func() { p.SetTab(counter.TabReceive); p.Pause(counter.PauseReasons[0]) })
	return snap("paused")
}
