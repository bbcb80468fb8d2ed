package store

import (
	"context"
	"database/sql"
)

// maxReadStmts bounds the statements prepared on the read pool.
const maxReadStmts = 64

// readStmt returns query prepared on the read pool (database/sql prepares
// it again on each pooled connection as needed), or nil past maxReadStmts.
// For reads on a hot path: the "anything to call?" check before every
// call-next spent most of its 0.35 ms parsing its SQL (issue 20).
func (db *DB) readStmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := db.rstmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	db.rstmtMu.Lock()
	defer db.rstmtMu.Unlock()
	if st, ok := db.rstmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	if db.nrstmts >= maxReadStmts {
		return nil
	}
	st, err := db.r.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	db.rstmts.Store(query, st)
	db.nrstmts++
	return st
}

// readRow runs a one-row query on the read pool, prepared.
func (db *DB) readRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := db.readStmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.r.QueryRowContext(ctx, query, args...)
}
