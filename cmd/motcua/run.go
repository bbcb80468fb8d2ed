package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func init() {
	register("run", "run the whole demo centre on this machine (make run)", runAll)
}

// Demo credentials created by `motcua run` on first start.
const (
	demoOfficer    = "canbo1"
	demoSupervisor = "giamsat"
	demoPassword   = "matkhau123"
)

// demoTokens are the enrolled demo devices, kept in DATA/devices.json so a
// second `make run` continues with the same tokens.
type demoTokens struct {
	Kiosk   string `json:"kiosk"`
	Display string `json:"display"`
	// no counter device: the counter app works with its officer's session
	// (a counter device nobody uses would stay "not connected" in the
	// console for ever)
}

// part is something `motcua run` starts beside the server (simulators,
// portal, sync agent, apps). Files that add parts append to runParts.
type part struct {
	name  string
	start func(ctx context.Context, env *runEnv) error
}

// runEnv is what parts get to know about the running centre.
type runEnv struct {
	Data    string
	Config  *queue.Config
	DB      *store.DB
	BaseURL string
	// PublicURL is the server as phones reach it (QR codes, printed links).
	PublicURL  string
	PortalAddr string
	LookupURL  string
	DBPath     string
	Tokens     demoTokens
	Log        *slog.Logger
	Display    bool // an X display is available for the Fyne apps
	Bin        string
	mu         sync.Mutex
	Devices    map[string]string // name → device path (printers, scanners)
	Lines      []string          // extra lines for the banner
	children   []*exec.Cmd
	exited     []chan struct{} // closed when the child of the same index has exited

	// Lang (vi, en) is passed to the desktop apps; FullscreenApps opens the
	// board and the kiosk fullscreen (run_ui.go).
	Lang           string
	FullscreenApps bool
	// WaitApps is the status file of the desktop apps' background build
	// (`make run`); empty: the apps are already built.
	WaitApps string
}

// AddLine adds a line to the start-up banner.
func (e *runEnv) AddLine(format string, args ...any) {
	e.mu.Lock()
	e.Lines = append(e.Lines, fmt.Sprintf(format, args...))
	e.mu.Unlock()
}

// Spawn starts a child process that is stopped with the run.
func (e *runEnv) Spawn(ctx context.Context, name string, args []string, extraEnv ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), extraEnv...)
	logPath := filepath.Join(e.Data, "logs", filepath.Base(name)+".log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, store.PrivateFileMode)
	if err != nil {
		return err
	}
	if err := store.PrivateFile(logPath); err != nil {
		logf.Close()
		return err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	prepareChild(cmd)
	cmd.Cancel = func() error { return interruptChild(cmd.Process) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	e.mu.Lock()
	e.children = append(e.children, cmd)
	e.exited = append(e.exited, done)
	e.mu.Unlock()
	go func() { cmd.Wait(); logf.Close(); close(done) }()
	return nil
}

var runParts []part

func runAll(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	data := fs.String("data", "data", "folder for every database, log and simulated device")
	addr := fs.String("addr", "127.0.0.1:8080", "centre server address")
	cfgPath := fs.String("config", "", "centre config (TOML); empty = demo centre")
	grace := counterGraceFlag(fs)
	pub, lookup := publicURLFlags(fs)
	portalAddr := fs.String("portal-addr", "127.0.0.1:8090", "address of the local demo portal (its lookup page /tra-cuu)")
	demo := fs.String("demo", "", "built-in demo centre when there is no --config: ward (default) or province")
	lang := fs.String("lang", "vi", "language of the desktop apps' windows: vi or en (each app keeps its own switch)")
	fullApps := fs.Bool("fullscreen-apps", false, "open the board and the kiosk fullscreen (where they belong; Fyne cannot place windows, so on one screen they cover the rest)")
	waitApps := fs.String("wait-apps", "", "status file of a background build of the desktop apps (make run): the server starts at once, the apps when the file says 0")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, d := range []string{*data, filepath.Join(*data, "logs")} {
		if err := store.PrivateDir(d); err != nil {
			return err
		}
	}
	log := newLogger()
	cfg, err := queue.LoadCentre(*cfgPath, *demo)
	if err != nil {
		return err
	}
	dbPath := filepath.Join(*data, "centre.db")
	public := publicURL(*pub, *addr)
	if *lookup == "" {
		*lookup = derivePublicURL(*portalAddr, lanAddrs()) + "/tra-cuu"
	}
	useDemoSMS(*data, *cfgPath) // run_sms.go
	srv, db, err := openCentre(ctx, cfg, dbPath, log, centreOpts{grace: *grace, publicURL: public, lookupURL: *lookup})
	if err != nil {
		return err
	}
	defer db.Close()
	tokens, err := ensureDemo(ctx, db, *data, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("centre server address %s: %w", *addr, err)
	}
	ln.Close()
	self, _ := os.Executable()
	env := &runEnv{Data: *data, Config: cfg, DB: db, BaseURL: derivePublicURL(*addr, nil), PublicURL: public, PortalAddr: *portalAddr, LookupURL: *lookup,
		DBPath: dbPath, Tokens: tokens, Log: log,
		Display: os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" || runtime.GOOS == "windows", Bin: filepath.Dir(self), Devices: map[string]string{},
		Lang: *lang, FullscreenApps: *fullApps, WaitApps: *waitApps}
	errc := make(chan error, 1)
	// The server outlives ctx until the apps have quit: the counter logs out
	// on its way (its counter then shows closed, not a ghost call).
	srvCtx, stopSrv := context.WithCancel(context.Background())
	defer stopSrv()
	go func() { errc <- srv.ListenAndServe(srvCtx, *addr, nil) }()
	var later []part // the desktop apps while their first build runs (run_waitapps.go)
	for _, p := range runParts {
		if env.WaitApps != "" && env.Display && appParts[p.name] {
			later = append(later, p)
			continue
		}
		if err := p.start(ctx, env); err != nil {
			log.Error("part failed to start; the rest of the centre keeps running", "part", p.name, "err", err)
			env.AddLine("! %s did not start: %v", p.name, err)
		}
	}
	if len(later) > 0 {
		env.AddLine("Desktop apps       being compiled (the first build takes minutes); they open when built, the web pages work now")
	}
	printBanner(cfg, env)
	if len(later) > 0 {
		go startWhenBuilt(ctx, cfg, env, later)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		fmt.Println("\nmotcua: stopping…")
		env.mu.Lock()
		kids, exited := env.children, env.exited
		env.mu.Unlock()
		for _, c := range kids {
			if c.Process != nil {
				interruptChild(c.Process)
			}
		}
		// Wait for the apps while the server still answers; one that hangs
		// is killed, never left running on its own.
		deadline := time.After(8 * time.Second)
		for i, done := range exited {
			select {
			case <-done:
			case <-deadline:
				if kids[i].Process != nil {
					kids[i].Process.Kill()
				}
			}
		}
		stopSrv()
		return <-errc
	}
}

func printBanner(cfg *queue.Config, env *runEnv) {
	fmt.Printf(`
==============================================================
 motcua — %s
--------------------------------------------------------------
 Centre server      %s   (phones and QR codes: %s)
 Console            %s/console   (supervisor %s / %s)
 Web board (TV)     %s/board?token=%s
 Phone page         %s/t/<ticket id>   (the QR on each ticket)
 Officer login      %s / %s at counter q1
 Kiosk token        %s
 Data folder        %s
`, cfg.CentreName, env.BaseURL, env.PublicURL, env.BaseURL, demoSupervisor, demoPassword, env.BaseURL, env.Tokens.Display,
		env.PublicURL, demoOfficer, demoPassword, env.Tokens.Kiosk, env.Data)
	for _, l := range env.Lines {
		fmt.Println(" " + l)
	}
	if !env.Display {
		fmt.Println(" No display found: the desktop apps are not started; the web pages work.")
	}
	fmt.Println("==============================================================\n Ctrl-C stops everything.")
}

// ensureDemo creates the demo officers and devices once.
func ensureDemo(ctx context.Context, db *store.DB, data string, cfg *queue.Config) (demoTokens, error) {
	var t demoTokens
	path := filepath.Join(data, "devices.json")
	if err := store.PrivateFile(path); err != nil { // written 0644 by older versions
		return t, err
	}
	if b, err := os.ReadFile(path); err == nil {
		if json.Unmarshal(b, &t) == nil && t.Kiosk != "" {
			return t, nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return t, err
	}
	hash, err := centre.HashPassword(demoPassword)
	if err != nil {
		return t, err
	}
	t = demoTokens{Kiosk: centre.NewToken(), Display: centre.NewToken()}
	err = db.Write(ctx, func(tx *store.Tx) error {
		for _, o := range []store.Officer{
			{Username: demoOfficer, FullName: "Nguyễn Thị Hoa", PasswordHash: hash, Role: "officer"},
			{Username: "canbo2", FullName: "Trần Văn Bình", PasswordHash: hash, Role: "officer"},
			{Username: demoSupervisor, FullName: "Lê Minh Tuấn", PasswordHash: hash, Role: "supervisor"},
			{Username: "quantri", FullName: "Phạm Quang Huy", PasswordHash: hash, Role: "admin"},
		} {
			if err := tx.PutOfficer(o); err != nil {
				return err
			}
			if o.Role == "officer" { // demo: every counter (docs/SECURITY.md, officer → counters)
				if err := tx.SetOfficerCounters(o.Username, counterIDs(cfg)); err != nil {
					return err
				}
			}
		}
		suffix := fmt.Sprint(time.Now().UnixNano())
		for _, d := range []struct{ name, role, tok string }{
			{"kiosk-sanh-1", "kiosk", t.Kiosk}, {"tv-sanh-1", "display", t.Display},
		} {
			if err := tx.PutDevice(store.Device{ID: d.name + "-" + suffix[len(suffix)-6:], Name: d.name, Role: d.role}, store.HashToken(d.tok)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return t, err
	}
	b, _ := json.MarshalIndent(t, "", "  ")
	return t, os.WriteFile(path, b, 0o600)
}
