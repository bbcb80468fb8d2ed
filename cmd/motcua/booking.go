package main

import (
	"context"
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

// The banner line of `motcua run` for the booking page (none when booking is off).
func init() {
	runParts = append(runParts, part{"online booking", func(ctx context.Context, env *runEnv) error {
		if bc, err := booking.LoadConfig(env.Config.Source, env.Config); err == nil && bc.Enabled {
			env.AddLine("Online booking     %s/dat-lich", env.PublicURL)
			if !bc.Remote.Disabled {
				env.AddLine("Remote numbers     %s/lay-so", env.PublicURL)
			}
		}
		return nil
	}})
}
