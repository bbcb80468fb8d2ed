package store

// statsIndexes serve the monthly statistics' "resolved in the month"
// query from the index alone: at 10 million dossiers the plain
// (done_month, agency) index left PostgreSQL reading ~90,000 heap pages
// for one month (4–9 s on the shared box; docs/BENCHMARKS.md "Portal at
// province scale"). The new index carries the columns the query reads, so
// it is an index-only scan where the visibility map is set (every month
// but the current ones, once autovacuum has passed). It replaces
// dossiers_done; on a large existing database the first start after the
// upgrade builds it (about a minute per 10 million dossiers on 2 cores).
func statsIndexes(pg bool) []string {
	idx := `CREATE INDEX IF NOT EXISTS dossiers_done_cover ON dossiers (done_month, agency) INCLUDE (status, ngay_hen_tra, ngay_xong)`
	if !pg { // SQLite has no INCLUDE: the same columns as key columns
		idx = `CREATE INDEX IF NOT EXISTS dossiers_done_cover ON dossiers (done_month, agency, status, ngay_hen_tra, ngay_xong)`
	}
	return []string{idx, `DROP INDEX IF EXISTS dossiers_done`}
}
