package store

import "context"

// InboxOfKind lists the items of a kind in a state, newest first (liên
// thông: the hand-over refusals a receiving centre shows its supervisors).
func (db *DB) InboxOfKind(ctx context.Context, kind, status string, limit int) ([]InboxItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+inboxCols+` FROM inbox WHERE kind = ? AND status = ? ORDER BY id DESC LIMIT ?`, kind, status, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InboxItem
	for rows.Next() {
		it, err := scanInbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
