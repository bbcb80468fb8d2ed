package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/portal"
	portalclient "github.com/motcua/motcua/portal/client"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// The parts `motcua run` starts beside the centre server, in order.
func init() {
	runParts = append(runParts,
		part{"portal + sync agent", runPortalAndSync},
		part{"simulated printers and scanners", runSimulators},
		part{"desktop apps", runApps},
	)
}

const (
	demoKioskPIN   = "2468"
	demoPortalUser = "trungtam-demo"
)

// runPortalAndSync starts a local portal (its own SQLite file) and the sync
// agent draining the centre's outbox to it, both in this process.
func runPortalAndSync(ctx context.Context, env *runEnv) error {
	cfg := env.Config
	st, err := portalstore.Open(ctx, filepath.Join(env.Data, "portal.db"))
	if err != nil {
		return err
	}
	// One demo credential, kept across runs.
	credPath := filepath.Join(env.Data, "portal-credential.json")
	if err := store.PrivateFile(credPath); err != nil { // older versions may have left it open
		return err
	}
	var cred struct{ Username, Password string }
	if b, err := os.ReadFile(credPath); err == nil {
		json.Unmarshal(b, &cred)
	}
	if cred.Password == "" {
		cred.Username, cred.Password = demoPortalUser, centre.NewToken()
		hash, err := portal.HashPassword(cred.Password)
		if err != nil {
			return err
		}
		if err := st.AddCentre(ctx, portal.Centre{Username: cred.Username, Hash: hash, Agencies: []string{cfg.AgencyCode}}); err != nil {
			return err
		}
		b, _ := json.Marshal(cred)
		if err := os.WriteFile(credPath, b, 0o600); err != nil {
			return err
		}
	}
	ps, err := portal.New(ctx, st, portal.Options{Logger: env.Log})
	if err != nil {
		return err
	}
	if _, err := portal.EnsureHierarchy(ctx, st, portal.DemoHierarchy); err != nil { // the demo province, for /thong-ke/tong-hop
		return err
	}
	ln, err := net.Listen("tcp", env.PortalAddr)
	if err != nil {
		return fmt.Errorf("portal address %s: %w", env.PortalAddr, err)
	}
	hs := &http.Server{Handler: ps, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	go func() {
		<-ctx.Done()
		hs.Close()
		st.Close()
	}()
	pc := portalclient.New("http://"+env.PortalAddr, cred.Username, cred.Password)
	pc.MaDonVi = cfg.AgencyCode
	agent := syncagent.New(env.DB, syncagent.PortalClient{C: pc}, syncagent.Options{Logger: env.Log})
	go agent.Run(ctx)
	go every(ctx, 6*time.Hour, func() { syncagent.PullSchedule(ctx, env.DB, syncagent.PortalClient{C: pc}) })
	go every(ctx, 2*time.Second, func() { // online submissions in, officers' decisions out
		syncagent.PullInbox(ctx, env.DB, syncagent.PortalClient{C: pc}, cfg.AgencyCode)
		syncagent.PushInboxDecisions(ctx, env.DB, syncagent.PortalClient{C: pc})
	})
	go every(ctx, time.Hour, func() {
		now := time.Now().In(queue.Loc)
		syncagent.QueueMonthlyStats(ctx, env.DB, cfg.AgencyCode, cfg.AgencyName, now.Year(), now.Month(), now)
	})
	env.AddLine("Portal lookup      http://%s/tra-cuu   (sync agent running; receipts print %s)", env.PortalAddr, env.LookupURL)
	env.AddLine("Online submission  http://%s/nop-truc-tuyen?don_vi=%s   (procedures: motcua portal catalogue import --db %s)", env.PortalAddr, cfg.AgencyCode, filepath.Join(env.Data, "portal.db"))
	env.AddLine("Province rollup    http://%s/thong-ke/tong-hop   (hierarchy: motcua portal don-vi import --db %s FILE.json)", env.PortalAddr, filepath.Join(env.Data, "portal.db"))
	return nil
}

// runSimulators starts a virtual printer and scanner for the kiosk and for
// counter 1; receipts land as PNG files under DATA/receipts. Without Linux
// ptys (Windows) the printers are LAN printers on loopback ports and there
// are no virtual scanners.
func runSimulators(ctx context.Context, env *runEnv) error {
	dev := filepath.Join(env.Data, "dev")
	// Printed receipts carry applicants' names: private folders.
	for _, d := range []string{dev, filepath.Join(env.Data, "receipts")} {
		if err := store.PrivateDir(d); err != nil {
			return err
		}
	}
	if runtime.GOOS != "linux" {
		for _, name := range []string{"kiosk", "counter"} {
			p, err := sim.NewPrinter(sim.PrinterConfig{Listen: "127.0.0.1:0", OutDir: filepath.Join(env.Data, "receipts", name), Log: env.Log})
			if err != nil {
				return err
			}
			context.AfterFunc(ctx, func() { p.Close() })
			env.mu.Lock()
			env.Devices[name+"-printer"] = p.Path()
			env.mu.Unlock()
		}
		env.AddLine("Printed receipts   %s (LAN printer simulators %s, %s)", filepath.Join(env.Data, "receipts"), env.Devices["kiosk-printer"], env.Devices["counter-printer"])
		return nil
	}
	for _, name := range []string{"kiosk", "counter"} {
		p, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(dev, name+"-printer"), OutDir: filepath.Join(env.Data, "receipts", name), Log: env.Log})
		if err != nil {
			return err
		}
		s, err := sim.NewScanner(filepath.Join(dev, name+"-scanner"), "\r\n", env.Log)
		if err != nil {
			p.Close()
			return err
		}
		// A local socket to "scan" from the shell: echo TEXT | socat - UNIX-CONNECT:DATA/dev/kiosk-scanner.sock
		sock := filepath.Join(dev, name+"-scanner.sock")
		os.Remove(sock)
		if l, err := net.Listen("unix", sock); err == nil {
			go s.Serve(ctx, l)
		}
		go func() {
			<-ctx.Done()
			p.Close()
			s.Close()
		}()
		env.mu.Lock()
		env.Devices[name+"-printer"], env.Devices[name+"-scanner"] = p.Path(), s.Path()
		env.mu.Unlock()
	}
	env.AddLine("Printed receipts   %s", filepath.Join(env.Data, "receipts"))
	env.AddLine("Scan at the kiosk  echo '<text>' | socat - UNIX-CONNECT:%s", filepath.Join(dev, "kiosk-scanner.sock"))
	env.AddLine("Scan at counter 1  echo '<text>' | socat - UNIX-CONNECT:%s", filepath.Join(dev, "counter-scanner.sock"))
	return nil
}

// appCmd is one desktop app as `motcua run` starts it.
type appCmd struct {
	bin  string
	args []string
	env  []string
}

// appCommands lists the desktop apps with their flags. Device tokens and
// the kiosk PIN go in the child's environment, which only this user and
// root can read (/proc/PID/environ), never on its command line, which
// every local user sees in ps (issue 13).
func appCommands(env *runEnv) []appCmd {
	lang := "LANG=vi_VN.UTF-8" // Fyne parses LANG; "C" makes it log an error
	return withUI(env, []appCmd{
		{"motcua-display", []string{"--server", env.BaseURL}, []string{lang, "MOTCUA_DISPLAY_TOKEN=" + env.Tokens.Display}},
		{"motcua-kiosk", []string{"--server", env.BaseURL, "--public-url", env.PublicURL,
			"--printer", env.Devices["kiosk-printer"], "--scanner", env.Devices["kiosk-scanner"]},
			[]string{lang, "MOTCUA_TOKEN=" + env.Tokens.Kiosk, "MOTCUA_ADMIN_PIN=" + demoKioskPIN}},
		{"motcua-counter", []string{"--server", env.BaseURL, "--counter", "q1", "--counter-name", counterName(env.Config, "q1"),
			"--printer", env.Devices["counter-printer"], "--scanner", env.Devices["counter-scanner"]}, []string{lang}},
	})
}

// runApps starts the three desktop apps when there is a display and their
// binaries sit beside this one (make build puts them in ./bin).
func runApps(ctx context.Context, env *runEnv) error {
	if !env.Display {
		return nil
	}
	var missing []string
	for _, a := range appCommands(env) {
		path := filepath.Join(env.Bin, a.bin)
		if runtime.GOOS == "windows" {
			path += ".exe"
		}
		if _, err := os.Stat(path); err != nil {
			missing = append(missing, a.bin)
			continue
		}
		if err := env.Spawn(ctx, path, a.args, a.env...); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("not built: %v (run make build)", missing)
	}
	env.AddLine("Desktop apps       board, kiosk and counter windows (logs in %s); kiosk admin PIN %s", filepath.Join(env.Data, "logs"), demoKioskPIN)
	return nil
}

// counterName is a counter's name in the centre's configuration.
func counterName(cfg *queue.Config, id string) string {
	if cfg == nil {
		return id
	}
	if k, ok := cfg.Counter(id); ok && k.Name != "" {
		return k.Name
	}
	return id
}
