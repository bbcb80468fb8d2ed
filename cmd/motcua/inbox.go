package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The inbox of inbound items (online submissions) pulled by the sync agent;
// mounted after the dossier part (accepting receives a dossier).
func init() {
	mounts = append(mounts, func(ctx context.Context, srv *centre.Server, db *store.DB, cfg *queue.Config, log *slog.Logger) error {
		in, err := inbox.Mount(srv, db, inbox.Options{Logger: log})
		if err != nil {
			return err
		}
		in.MountConsolePage(srv)            // after the console (console.go sorts first)
		in.LogFieldWarning(ctx, log)        // sectors without linh_vuc: officers would see no online submissions
		go in.RunProgress(ctx, time.Second) // liên thông: states of forwarded dossiers pulled by the agent
		return nil
	})
}
