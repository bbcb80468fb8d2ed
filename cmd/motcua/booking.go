package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Online appointments (issue 17): /dat-lich and /api/v1/slots, /api/v1/bookings.
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		bc, err := booking.LoadConfig(cfg.Source, cfg)
		if err != nil {
			return err
		}
		_, err = booking.Mount(ctx, srv, db, bc, log)
		return err
	})
}

// bookingLine is the banner line of `motcua run` for the booking page ("" when booking is off).
func bookingLine(cfg *queue.Config, public string) string {
	if bc, err := booking.LoadConfig(cfg.Source, cfg); err != nil || !bc.Enabled {
		return ""
	}
	return fmt.Sprintf(" Online booking     %s/dat-lich", public)
}
