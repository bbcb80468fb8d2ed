package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/store"
)

// The counter rating pad (issue 19): its own package, mounted here (after
// the console: its report page joins the console's navigation).
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		ratingpad.Mount(srv, db, ratingpad.Options{})
		ratingpad.MountConsolePage(srv, db)
		return nil
	})
}
