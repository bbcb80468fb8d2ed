package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The console page of bookings and remote numbers (/console/dat-lich) and
// the bookings' section of the console report: after the console (this
// file sorts after console.go) and the bookings (booking.go).
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		booking.MountConsole(srv)
		return nil
	})
}
