package store

import (
	"context"

	"github.com/motcua/motcua/portal"
)

// QAs returns up to limit stored questions and answers (any order); the
// portal filters and sorts the public ones.
func (d *db) QAs(ctx context.Context, limit int) ([]portal.QA, error) {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT agency, id, doc FROM qas LIMIT ?`), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []portal.QA
	for rows.Next() {
		var q portal.QA
		var doc string
		if err := rows.Scan(&q.Agency, &q.ID, &doc); err != nil {
			return nil, err
		}
		q.Doc = []byte(doc)
		out = append(out, q)
	}
	return out, rows.Err()
}
