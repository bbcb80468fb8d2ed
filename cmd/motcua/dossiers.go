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
	"github.com/motcua/motcua/syncagent"
)

func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		base := dossier.DefaultSchedule()
		if cfg.HolidaySchedule != "" {
			s, err := dossier.LoadScheduleFile(cfg.HolidaySchedule)
			if err != nil {
				return fmt.Errorf("holiday_schedule: %w", err)
			}
			base = dossier.MergeSchedules(base, s)
		}
		cal := dossier.NewCalendar(base, dossier.DefaultRules())
		// Layers, each replacing whole years of the one before, re-read without a restart:
		// embedded/file ← the schedule the provincial portal publishes (pulled by the sync
		// agent) ← the console's upload (a local override).
		stored := func(ctx context.Context) (*dossier.Schedule, error) {
			fromPortal, err := syncagent.PortalSchedule(ctx, db)
			if err != nil {
				return nil, err
			}
			local, err := console.StoredSchedule(ctx, db)
			if err != nil {
				return nil, err
			}
			return dossier.MergeSchedules(base, fromPortal, local), nil
		}
		return centre.MountDossiers(srv, db, srv.Engine().Config(), centre.DossierOptions{Calendar: cal, Schedule: stored})
	})
}
