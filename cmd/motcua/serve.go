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
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := newLogger()
	cfg, err := queue.LoadConfig(*cfgPath)
	if err != nil {
		return err
	}
	srv, db, err := openCentre(ctx, cfg, *dbPath, log)
	if err != nil {
		return err
	}
	defer db.Close()
	return srv.ListenAndServe(ctx, *addr, func(a net.Addr) {
		log.Info("centre server listening", "url", "http://"+a.String(), "db", *dbPath, "centre", cfg.CentreName)
		fmt.Printf("motcua: centre server on http://%s\n", a)
	})
}

// openCentre opens the database and builds the server with every part of
// the centre mounted.
func openCentre(ctx context.Context, cfg *queue.Config, dbPath string, log *slog.Logger) (*centre.Server, *store.DB, error) {
	if dir := filepath.Dir(dbPath); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, nil, err
		}
	}
	db, err := store.Open(dbPath)
	if err != nil {
		return nil, nil, err
	}
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: log})
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
