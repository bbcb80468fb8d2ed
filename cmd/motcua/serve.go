package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func init() {
	register("serve", "run the centre server (HTTP API, WebSocket, web pages)", runServe)
}

// logOut is where newLogger writes: stderr, or the log file of the
// Windows service.
var logOut io.Writer = os.Stderr

func newLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	dbPath := fs.String("db", "data/centre.db", "centre database file (created if missing)")
	cfgPath := fs.String("config", "", "centre config (TOML); empty = built-in demo centre")
	grace := counterGraceFlag(fs)
	pub, lookup := publicURLFlags(fs)
	demo := fs.String("demo", "", "built-in demo centre when there is no --config: ward (default) or province")
	if err := fs.Parse(args); err != nil {
		return err
	}
	public := publicURL(*pub, *addr)
	log := newLogger()
	cfg, err := queue.LoadCentre(*cfgPath, *demo)
	if err != nil {
		return err
	}
	srv, db, err := openCentre(ctx, cfg, *dbPath, log, centreOpts{grace: *grace, publicURL: public, lookupURL: *lookup})
	if err != nil {
		return err
	}
	defer db.Close()
	return srv.ListenAndServe(ctx, *addr, func(a net.Addr) {
		if *pub == "" { // the real port (--addr :0), the LAN address for 0.0.0.0
			public = publicURL("", a.String())
			srv.SetSettings(centre.Settings{PublicURL: public, LookupURL: *lookup})
		}
		log.Info("centre server listening", "url", "http://"+a.String(), "public_url", public, "db", *dbPath, "centre", cfg.CentreName)
		fmt.Printf("motcua: centre server on http://%s\n", a) // tools read this line
		fmt.Printf("motcua: citizens' phones and QR codes use %s\n", public)
	})
}

// counterGraceFlag is --counter-grace of serve and run.
func counterGraceFlag(fs *flag.FlagSet) *time.Duration {
	return fs.Duration("counter-grace", 20*time.Second,
		"an open counter whose app has had no connection for this long is shown as \"Quầy tạm vắng\" (0: never)")
}

// centreOpts are the server options serve and run take from flags.
type centreOpts struct {
	grace                time.Duration
	publicURL, lookupURL string
}

// openCentre opens the database and builds the server with every part of
// the centre mounted.
func openCentre(ctx context.Context, cfg *queue.Config, dbPath string, log *slog.Logger, o centreOpts) (*centre.Server, *store.DB, error) {
	// The database folder is the service account's alone (issue 13 item 7).
	if err := store.PrivateDir(filepath.Dir(dbPath)); err != nil {
		return nil, nil, err
	}
	before := readSchemaBefore(dbPath)
	db, err := store.Open(dbPath)
	if err != nil {
		return nil, nil, err
	}
	before.logUpgrade(log, dbPath)
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: log, CounterGrace: o.grace,
		PublicURL: o.publicURL, LookupURL: o.lookupURL})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	for _, mount := range mounts {
		if err := mount(ctx, srv, db, cfg, log); err != nil {
			db.Close()
			return nil, nil, err
		}
	}
	return srv, db, nil
}

// mounts are added by other files (dossiers, web pages) in init.
var mounts []func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error
