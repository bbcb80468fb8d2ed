package store

import (
	"database/sql"
	"io/fs"
	"os"
	"path"
	"sort"
)

// Migrations lists the names of the migrations this build carries, in the
// order Open applies them.
func Migrations() []string {
	names, _ := fs.Glob(migrationsFS, "migrations/*.sql")
	sort.Strings(names)
	for i, n := range names {
		names[i] = path.Base(n)
	}
	return names
}

// AppliedMigrations reads, without changing anything, the names of the
// migrations recorded in the database file at p: none for a missing file
// or a database that has none yet. cmd/motcua compares it before and after
// Open to log an upgrade, and with Migrations to see a database that a
// newer release has upgraded.
func AppliedMigrations(p string) ([]string, error) {
	if _, err := os.Stat(p); os.IsNotExist(err) {
		return nil, nil
	}
	c, err := sql.Open("sqlite", dsn(p, true))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var n int
	if err := c.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rows, err := c.Query(`SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
