package store

import (
	"context"

	"github.com/motcua/motcua/portal"
)

// EachQA calls fn for up to limit stored questions and answers (any
// order), one row at a time: the caller keeps what it needs, so memory
// does not grow with the table.
func (d *db) EachQA(ctx context.Context, limit int, fn func(portal.QA) error) error {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT agency, id, doc FROM qas LIMIT ?`), limit)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var q portal.QA
		var doc string
		if err := rows.Scan(&q.Agency, &q.ID, &doc); err != nil {
			return err
		}
		q.Doc = []byte(doc)
		if err := fn(q); err != nil {
			return err
		}
	}
	return rows.Err()
}
