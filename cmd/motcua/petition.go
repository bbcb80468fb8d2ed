package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/petition"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Questions and petitions (issue 19): their own package, mounted here.
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		h := petition.Mount(srv, petition.New(db, cfg), petition.Options{})
		h.MountConsolePage(srv) // after the console (console.go sorts first)
		return nil
	})
}
