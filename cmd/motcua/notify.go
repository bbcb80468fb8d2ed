package main

import (
	"context"
	"log/slog"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/notify"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/webhook"
)

// Notifications to citizens and webhooks (issue 17): their own packages,
// mounted here after the console (console.go sorts first) and the booking
// part (whose hook the notifier registers).
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		nc, err := notify.LoadConfig(cfg.Source)
		if err != nil {
			return err
		}
		if demoSMSFile != "" && cfg.Source == "" { // motcua run on a demo centre (run_sms.go)
			nc.Phone, nc.SimFile = "sim", demoSMSFile
		}
		n, err := notify.Mount(ctx, srv, db, nc, log)
		if err != nil {
			return err
		}
		n.MountConsolePage(srv)
		wc, err := webhook.LoadConfig(cfg.Source)
		if err != nil {
			return err
		}
		w, err := webhook.Mount(ctx, srv, db, wc, log)
		if err != nil {
			return err
		}
		w.MountConsolePage(srv)
		return nil
	})
}
