package main

import (
	"log/slog"
	"slices"
	"time"

	"github.com/motcua/motcua/store"
)

// schemaBefore is what openCentre knows of the database before Open
// migrates it, to say in the log what an upgrade did (docs/DEPLOY.md,
// "Upgrades"): an IT officer reads there that the first start applied the
// new migrations, and how long they took.
type schemaBefore struct {
	applied []string
	start   time.Time
	err     error
}

func readSchemaBefore(dbPath string) schemaBefore {
	a, err := store.AppliedMigrations(dbPath)
	return schemaBefore{applied: a, start: time.Now(), err: err}
}

// logUpgrade runs after store.Open: it logs the migrations this start
// applied to an existing database, and warns when the database carries
// migrations this build does not know (a newer release upgraded it: a
// rollback should restore the backup taken before that upgrade).
func (b schemaBefore) logUpgrade(log *slog.Logger, dbPath string) {
	if b.err != nil || len(b.applied) == 0 {
		return // a new database, or unreadable before Open (Open said why)
	}
	known := store.Migrations()
	var newer, applied []string
	for _, n := range b.applied {
		if !slices.Contains(known, n) {
			newer = append(newer, n)
		}
	}
	for _, n := range known {
		if !slices.Contains(b.applied, n) {
			applied = append(applied, n)
		}
	}
	if len(applied) > 0 {
		log.Info("database upgraded", "db", dbPath, "migrations", applied, "took", time.Since(b.start).Round(time.Millisecond))
	}
	if len(newer) > 0 {
		log.Warn("database was upgraded by a newer motcua: this older build runs on it but does not know its newer tables; to roll back an upgrade, restore the backup taken before it (docs/DEPLOY.md, Upgrades)", "db", dbPath, "unknown_migrations", newer)
	}
}
