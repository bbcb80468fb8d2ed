package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/motcua/motcua/centre"
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
		return centre.MountDossiers(srv, db, cfg, centre.DossierOptions{Calendar: cal})
	})
}
