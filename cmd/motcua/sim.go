package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
)

func init() {
	register("sim", "virtual devices: sim printer|scanner|render (ESC/POS printer → PNG, barcode scanner)", runSim)
}

func runSim(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: motcua sim printer|scanner|render [flags]")
	}
	switch args[0] {
	case "printer":
		return simPrinter(ctx, args[1:])
	case "scanner":
		return simScanner(ctx, args[1:])
	case "render":
		return simRender(args[1:])
	}
	return fmt.Errorf("sim: unknown device %q (printer, scanner, render)", args[0])
}

func simPrinter(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sim printer", flag.ContinueOnError)
	link := fs.String("link", "data/dev/printer0", "stable device path (symlink to the pty) to point the apps at (Linux)")
	lan := fs.String("listen", "", "be a LAN printer instead of a serial one: tcp:127.0.0.1:9100 (raw ESC/POS and DLE EOT status on that port)")
	profile := fs.String("profile", "generic-80", "printer model to emulate: "+strings.Join(escpos.ProfileNames(), ", "))
	out := fs.String("out", "data/sim/receipts", "directory for receipt PNGs")
	control := fs.String("control", "", "socket for control lines (a unix socket path, or tcp:127.0.0.1:PORT): "+printerControls+"; stdin takes the same lines")
	demo := fs.Bool("demo", false, "print a sample ticket and receipt to the output directory at start")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := escpos.LookupProfile(*profile)
	if err != nil {
		return err
	}
	cfg := sim.PrinterConfig{Link: *link, Profile: p, OutDir: *out}
	if *lan != "" {
		a, ok := strings.CutPrefix(*lan, "tcp:")
		if !ok {
			return fmt.Errorf("sim printer: --listen %q: want tcp:HOST:PORT", *lan)
		}
		cfg.Link, cfg.Listen = "", strings.TrimPrefix(a, "//")
	}
	pr, err := sim.NewPrinter(cfg)
	if err != nil {
		return err
	}
	defer pr.Close()
	where := pr.Path()
	if *lan == "" {
		where, _ = filepath.Abs(*link)
	}
	fmt.Println(where)
	slog.Info("sim printer ready", "device", where, "profile", p.Name, "out", *out)
	if *demo {
		for i, d := range []*escpos.Doc{escpos.SampleTicket(p), escpos.SampleReceipt(p)} {
			pages, probs := sim.RenderProfile(p, d.Bytes())
			for _, pb := range probs {
				slog.Warn("sim printer: demo problem", "problem", pb.String())
			}
			for _, img := range pages {
				path := filepath.Join(*out, fmt.Sprintf("demo-%d.png", i+1))
				if err := writePNGFile(path, img); err != nil {
					return err
				}
				slog.Info("sim printer: demo", "file", path, "bytes", len(d.Bytes()))
			}
		}
	}
	if *control != "" {
		addr := *control
		if !strings.HasPrefix(addr, "tcp:") {
			addr = "unix:" + addr
		}
		l, err := listen(addr)
		if err != nil {
			return err
		}
		go serveLines(ctx, l, func(line string) error { return printerControl(pr, line) })
	}
	go func() {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			if l := strings.TrimSpace(in.Text()); l != "" {
				if err := printerControl(pr, l); err != nil {
					slog.Error("sim printer", "err", err)
				}
			}
		}
	}()
	<-ctx.Done()
	if n := len(pr.Problems()); n > 0 {
		slog.Warn("sim printer: problems seen", "count", n)
		for _, pb := range pr.Problems() {
			slog.Warn("sim printer: problem", "problem", pb.String())
		}
	}
	return nil
}

// printerControls are the lines printerControl understands.
const printerControls = "paper-out, cover-open, offline, near-end, online, silent, unplug (LAN: power off), replug (power on), restart (off for 2 s)"

func printerControl(pr *sim.Printer, line string) error {
	switch line {
	case "paper-out":
		pr.SetStatus(escpos.Status{PaperOut: true})
	case "cover-open":
		pr.SetStatus(escpos.Status{CoverOpen: true})
	case "offline":
		pr.SetStatus(escpos.Status{})
	case "near-end":
		pr.SetStatus(escpos.Status{Online: true, PaperNearEnd: true})
	case "online":
		pr.SetStatus(escpos.Status{Online: true})
		pr.SetSilent(false)
	case "silent":
		pr.SetSilent(true)
	case "unplug":
		pr.Unplug()
	case "replug":
		return pr.Replug()
	case "restart":
		pr.Restart(2 * time.Second)
	default:
		return fmt.Errorf("unknown control %q (%s)", line, printerControls)
	}
	slog.Info("sim printer: control", "action", line)
	return nil
}

func simScanner(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("sim scanner", flag.ContinueOnError)
	link := fs.String("link", "data/dev/scanner0", "stable device path (symlink to the pty)")
	suffix := fs.String("suffix", "crlf", "suffix after each code: crlf, cr, lf, none")
	listenAddr := fs.String("listen", "", "scan each line received on unix:/path or tcp:127.0.0.1:port (also: unplug, replug)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	suf, ok := map[string]string{"crlf": "\r\n", "cr": "\r", "lf": "\n", "none": "none"}[*suffix]
	if !ok {
		return fmt.Errorf("sim scanner: unknown suffix %q", *suffix)
	}
	sc, err := sim.NewScanner(*link, suf, nil)
	if err != nil {
		return err
	}
	defer sc.Close()
	abs, _ := filepath.Abs(*link)
	fmt.Println(abs)
	names := make([]string, 0, len(sim.Samples))
	for n := range sim.Samples {
		names = append(names, n)
	}
	sort.Strings(names)
	slog.Info("sim scanner ready", "device", abs, "samples", strings.Join(names, ","),
		"usage", "type a code or a sample name on stdin, one per line")
	if *listenAddr != "" {
		l, err := listen(*listenAddr)
		if err != nil {
			return err
		}
		go func() {
			if err := sc.Serve(ctx, l); err != nil {
				slog.Error("sim scanner: serve", "err", err)
			}
		}()
	}
	// positional arguments are scanned in order (after the first client
	// opens, data waits in the pty buffer)
	for _, a := range fs.Args() {
		if err := sc.Scan(a); err != nil {
			return err
		}
	}
	lines := make(chan string)
	go func() {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			lines <- in.Text()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case l := <-lines:
			var err error
			switch l = strings.TrimSpace(l); l {
			case "":
				continue
			case "unplug":
				sc.Unplug()
			case "replug":
				err = sc.Replug()
			default:
				err = sc.Scan(l)
			}
			if err != nil {
				slog.Error("sim scanner", "err", err)
			}
		}
	}
}

func simRender(args []string) error {
	fs := flag.NewFlagSet("sim render", flag.ContinueOnError)
	profile := fs.String("profile", "generic-80", "printer model")
	out := fs.String("out", ".", "output directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: motcua sim render [-profile p] [-out dir] job.bin")
	}
	p, err := escpos.LookupProfile(*profile)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	pages, probs := sim.RenderProfile(p, data)
	for i, img := range pages {
		path := filepath.Join(*out, fmt.Sprintf("page-%03d.png", i+1))
		if err := writePNGFile(path, img); err != nil {
			return err
		}
		fmt.Println(path)
	}
	for _, pb := range probs {
		fmt.Fprintln(os.Stderr, "problem:", pb)
	}
	if len(probs) > 0 {
		return fmt.Errorf("%d problems", len(probs))
	}
	return nil
}

func writePNGFile(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func listen(addr string) (net.Listener, error) {
	network, a, ok := strings.Cut(addr, ":")
	if !ok || (network != "unix" && network != "tcp") {
		return nil, fmt.Errorf("listen address %q: want unix:/path or tcp:127.0.0.1:port", addr)
	}
	if network == "unix" {
		_ = os.Remove(a)
	}
	return net.Listen(network, a)
}

func serveLines(ctx context.Context, l net.Listener, handle func(string) error) {
	context.AfterFunc(ctx, func() { l.Close() })
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			in := bufio.NewScanner(c)
			for in.Scan() {
				reply := "ok\n"
				if err := handle(strings.TrimSpace(in.Text())); err != nil {
					reply = "error: " + err.Error() + "\n"
				}
				if _, err := c.Write([]byte(reply)); err != nil {
					return
				}
			}
		}()
	}
}
