package store

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/motcua/motcua/portal"
)

// OpenPostgres opens the portal database at url (postgres://...) and creates
// the schema. Dossiers, steps and ratings are hash-partitioned by agency.
func OpenPostgres(ctx context.Context, url string) (portal.Store, error) {
	p, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	p.SetMaxOpenConns(16)
	// One advisory lock so two portals starting together do not race the DDL.
	conn, err := p.Conn(ctx)
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(120120)`); err != nil {
		p.Close()
		return nil, fmt.Errorf("postgres lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(120120)`)
	for _, s := range schema(true) {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			p.Close()
			return nil, fmt.Errorf("schema: %w", err)
		}
	}
	d := &db{w: p, r: p, pg: true}
	d.closer = p.Close
	// Still under the lock: a second portal starting waits for the projection.
	if _, err := d.backfillTraCuu(ctx); err != nil {
		p.Close()
		return nil, err
	}
	return d, nil
}
