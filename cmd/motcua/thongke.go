package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/thongke"
)

// DongBoThongKeHoSo for any period on request (issue 19).
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		thongke.Mount(srv, db, cfg, nil)
		return nil
	})
}
