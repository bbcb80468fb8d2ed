package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		// A configuration saved from the console wins over the file: it is
		// what the administrators last decided.
		found, err := console.LoadStoredConfig(ctx, db, srv.Engine())
		if err != nil {
			return err
		}
		if found {
			log.Info("using the configuration saved from the console", "centre", srv.Engine().Config().CentreName)
		}
		_, err = console.Mount(srv, db, console.Options{})
		return err
	})
}
