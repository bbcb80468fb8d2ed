package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/motcua/motcua/portal"
	portalstore "github.com/motcua/motcua/portal/store"
)

// openReadReplica is `motcua portal serve --read-db`: the public reads on a
// streaming PostgreSQL replica of --db (docs/PORTAL.md, "Growing past one
// machine"), its lag measured every second until ctx ends. It returns nil
// without a --read-db; the caller closes it.
func openReadReplica(ctx context.Context, primaryDSN string, primary portal.Store, dsn string, maxLag time.Duration, log *slog.Logger) (*portal.Replica, error) {
	if dsn == "" {
		return nil, nil
	}
	if !strings.HasPrefix(primaryDSN, "postgres://") && !strings.HasPrefix(primaryDSN, "postgresql://") {
		return nil, portalstore.ErrReplicaNeedsPostgres
	}
	if maxLag <= 0 {
		return nil, fmt.Errorf("--read-max-lag must be positive")
	}
	st, probe, err := portalstore.OpenReadReplica(ctx, primary, dsn)
	if err != nil {
		return nil, err
	}
	rep := portal.NewReplica(st, probe, portal.ReplicaOptions{MaxLag: maxLag, Logger: log})
	go rep.Run(ctx)
	log.Info("portal read replica", "db", redactDSN(dsn), "max_lag", maxLag)
	return rep, nil
}
