package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/web"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The hall board for browsers at /board.
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		web.Register(srv)
		return nil
	})
}
