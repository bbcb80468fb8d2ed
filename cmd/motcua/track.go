package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/track"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The phone tracking page behind the QR code on every ticket.
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		track.Mount(srv.Handle, cfg.CentreName)
		return nil
	})
}
