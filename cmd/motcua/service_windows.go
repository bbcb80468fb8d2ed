//go:build windows

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/svc"
	"golang.org/x/sys/windows/svc/eventlog"
	"golang.org/x/sys/windows/svc/mgr"
)

// The centre server as a Windows service: `motcua service install` once
// (as Administrator), then Windows starts it at boot and restarts it if it
// dies. It runs under its own virtual account (NT SERVICE\motcua-centre);
// its data folder under ProgramData is readable by that account, SYSTEM
// and Administrators only.

const serviceName = "motcua-centre"

func init() {
	register("service", "Windows service for the centre server: service install|uninstall|start|stop|run", runService)
}

func runService(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errors.New("usage: motcua service install [--addr 0.0.0.0:8080] [--data DIR] [--config FILE] | uninstall | start | stop | run")
	}
	switch args[0] {
	case "install":
		return serviceInstall(args[1:])
	case "uninstall":
		return serviceUninstall()
	case "start", "stop":
		return serviceControl(args[0])
	case "run":
		return serviceRun(ctx, args[1:])
	}
	return fmt.Errorf("service: unknown action %q (install, uninstall, start, stop, run)", args[0])
}

// defaultDataDir is %ProgramData%\motcua (C:\ProgramData\motcua).
func defaultDataDir() string {
	if p, err := windows.KnownFolderPath(windows.FOLDERID_ProgramData, 0); err == nil {
		return filepath.Join(p, "motcua")
	}
	return `C:\ProgramData\motcua`
}

func serviceInstall(args []string) error {
	fs := flag.NewFlagSet("service install", flag.ContinueOnError)
	addr := fs.String("addr", "0.0.0.0:8080", "address the centre server listens on (the LAN)")
	data := fs.String("data", defaultDataDir(), "data folder: centre.db, logs, config")
	cfgPath := fs.String("config", "", "centre config (TOML) to copy into the data folder; empty = keep the one there, or the demo centre")
	startType := fs.String("start", "auto", "auto: Windows starts it at boot; manual: only `motcua service start`")
	account := fs.String("account", `NT SERVICE\`+serviceName, "account the service runs as (the default virtual account needs no password)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st := uint32(mgr.StartAutomatic)
	switch *startType {
	case "auto":
	case "manual":
		st = mgr.StartManual
	default:
		return fmt.Errorf("service install: --start %q: auto or manual", *startType)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(*data, "logs"), 0o750); err != nil {
		return err
	}
	cfg := filepath.Join(*data, "centre.toml")
	if *cfgPath != "" {
		b, err := os.ReadFile(*cfgPath)
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg, b, 0o640); err != nil {
			return err
		}
	}
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("service manager (run as Administrator): %w", err)
	}
	defer m.Disconnect()
	if s, err := m.OpenService(serviceName); err == nil {
		s.Close()
		return fmt.Errorf("service %s is already installed (motcua service uninstall first)", serviceName)
	}
	runArgs := []string{"service", "run", "--data", *data, "--addr", *addr}
	s, err := m.CreateService(serviceName, exe, mgr.Config{
		DisplayName:      "Một cửa – máy chủ trung tâm (motcua)",
		Description:      "Centre server of motcua: queue, counters, boards, dossiers (HTTP on " + *addr + ").",
		StartType:        st,
		ServiceStartName: *account,
	}, runArgs...)
	if err != nil {
		return fmt.Errorf("create service: %w", err)
	}
	defer s.Close()
	// restart after a crash: 5 s, 30 s, then every minute
	_ = s.SetRecoveryActions([]mgr.RecoveryAction{
		{Type: mgr.ServiceRestart, Delay: 5 * time.Second},
		{Type: mgr.ServiceRestart, Delay: 30 * time.Second},
		{Type: mgr.ServiceRestart, Delay: time.Minute},
	}, 24*60*60)
	if err := restrictDir(*data, *account); err != nil {
		s.Delete()
		return fmt.Errorf("data folder permissions: %w", err)
	}
	// the service's warnings and errors also go to the Windows event log
	// (Event Viewer → Windows Logs → Application, source motcua-centre)
	eventlog.Remove(serviceName)
	if err := eventlog.InstallAsEventCreate(serviceName, eventlog.Error|eventlog.Warning|eventlog.Info); err != nil {
		s.Delete()
		return fmt.Errorf("event log source: %w", err)
	}
	fmt.Printf("service %s installed: data %s, listening on %s, runs as %s\n", serviceName, *data, *addr, *account)
	fmt.Printf("add officers and devices with: motcua admin officer add --db %s …\n", filepath.Join(*data, "centre.db"))
	fmt.Println("start it with: motcua service start (or reboot)")
	return nil
}

// restrictDir gives the folder (and what it holds) to SYSTEM, the
// Administrators and the service account only; inherited rights (Users
// can read ProgramData) are cut.
func restrictDir(dir, account string) error {
	sddl := "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
	if !strings.EqualFold(account, "LocalSystem") { // SYSTEM is in already
		sid, _, _, err := windows.LookupSID("", account)
		if err != nil {
			return fmt.Errorf("look up %s: %w", account, err)
		}
		sddl += "(A;OICI;FA;;;" + sid.String() + ")"
	}
	sd, err := windows.SecurityDescriptorFromString(sddl)
	if err != nil {
		return err
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return err
	}
	return windows.SetNamedSecurityInfo(dir, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil)
}

func serviceUninstall() error {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("service manager (run as Administrator): %w", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if err != nil {
		return fmt.Errorf("service %s is not installed", serviceName)
	}
	defer s.Close()
	if st, err := s.Query(); err == nil && st.State != svc.Stopped {
		s.Control(svc.Stop)
		for i := 0; i < 30; i++ {
			if st, err := s.Query(); err != nil || st.State == svc.Stopped {
				break
			}
			time.Sleep(time.Second)
		}
	}
	if err := s.Delete(); err != nil {
		return err
	}
	eventlog.Remove(serviceName)
	fmt.Printf("service %s removed (the data folder stays)\n", serviceName)
	return nil
}

func serviceControl(action string) error {
	m, err := mgr.Connect()
	if err != nil {
		return fmt.Errorf("service manager (run as Administrator): %w", err)
	}
	defer m.Disconnect()
	s, err := m.OpenService(serviceName)
	if err != nil {
		return fmt.Errorf("service %s is not installed", serviceName)
	}
	defer s.Close()
	if action == "start" {
		if err := s.Start(); err != nil && !errors.Is(err, windows.ERROR_SERVICE_ALREADY_RUNNING) {
			return err
		}
		return nil
	}
	_, err = s.Control(svc.Stop)
	return err
}

// serviceRun is what the service manager starts. Outside it (from a
// console) it runs the server in the foreground, logging to the console.
func serviceRun(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("service run", flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(), "data folder")
	addr := fs.String("addr", "0.0.0.0:8080", "listen address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	serveArgs := []string{"--db", filepath.Join(*data, "centre.db"), "--addr", *addr}
	if _, err := os.Stat(filepath.Join(*data, "centre.toml")); err == nil {
		serveArgs = append(serveArgs, "--config", filepath.Join(*data, "centre.toml"))
	}
	logf, err := openRotating(filepath.Join(*data, "logs", "centre.log"), 10<<20, 5)
	if err != nil {
		return err
	}
	defer logf.Close()
	logOut = logf
	var elog *eventlog.Log
	if l, err := eventlog.Open(serviceName); err == nil {
		elog = l
		defer elog.Close()
		logOut = levelTee{w: logf, sink: elog}
		_ = elog.Info(eventIDInfo, "motcua-centre starting: data "+*data+", listening on "+*addr+", log "+filepath.Join(*data, "logs", "centre.log"))
	}
	// a crash of a service would otherwise leave no trace at all
	if crash, err := os.OpenFile(filepath.Join(*data, "logs", "crash.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640); err == nil {
		debug.SetCrashOutput(crash, debug.CrashOptions{})
		crash.Close()
	}
	// svc.IsWindowsService is not used: it looks at the parent process,
	// which Wine's service manager does not match. Outside a service
	// manager, Run fails at once and the server runs in the console.
	// A service's standard output goes nowhere; an inherited handle (Wine
	// passes the service manager's on) could break and end the process at
	// the first banner line.
	stdout := os.Stdout
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		os.Stdout = null
		defer null.Close()
	}
	err = svc.Run(serviceName, &centreService{args: serveArgs, log: logOut})
	if errors.Is(err, windows.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
		logOut, os.Stdout = os.Stderr, stdout
		return runServe(ctx, serveArgs)
	}
	return err
}

type centreService struct {
	args []string
	log  io.Writer
}

// Execute runs the server until the service manager says stop (or the
// machine shuts down); the server then drains and closes the database.
func (s *centreService) Execute(_ []string, req <-chan svc.ChangeRequest, status chan<- svc.Status) (bool, uint32) {
	status <- svc.Status{State: svc.StartPending}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, s.args) }()
	status <- svc.Status{State: svc.Running, Accepts: svc.AcceptStop | svc.AcceptShutdown}
	for {
		select {
		case err := <-done:
			if err != nil {
				fmt.Fprintf(s.log, "level=ERROR msg=\"centre server stopped\" err=%q\n", err.Error())
				return true, 1 // non-zero: the recovery actions restart it
			}
			return false, 0
		case r := <-req:
			switch r.Cmd {
			case svc.Interrogate:
				status <- r.CurrentStatus
			case svc.Stop, svc.Shutdown:
				status <- svc.Status{State: svc.StopPending, WaitHint: 20000}
				cancel()
				select {
				case err := <-done:
					if err != nil && !strings.Contains(err.Error(), "closed") {
						fmt.Fprintf(s.log, "level=WARN msg=\"centre server stop\" err=%q\n", err.Error())
					}
				case <-time.After(20 * time.Second):
				}
				return false, 0
			}
		}
	}
}
