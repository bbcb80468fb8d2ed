package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		cal := dossier.DefaultCalendar()
		if cfg.HolidaySchedule != "" {
			s, err := dossier.LoadScheduleFile(cfg.HolidaySchedule)
			if err != nil {
				return fmt.Errorf("holiday_schedule: %w", err)
			}
			cal = dossier.NewCalendar(s, dossier.DefaultRules())
		}
		// A schedule uploaded in the console replaces the file's without a restart.
		stored := func(ctx context.Context) (*dossier.Schedule, error) { return console.StoredSchedule(ctx, db) }
		return centre.MountDossiers(srv, db, srv.Engine().Config(), centre.DossierOptions{Calendar: cal, Schedule: stored})
	})
}
