package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// MaxOfficerCounters bounds an officer's assignment (a centre has a few
// dozen counters at most).
const MaxOfficerCounters = 200

// MayUseCounter tells whether the officer's assignment lets them sign in
// at counter: any counter while never assigned, else only the assigned ones.
// (Supervisors and admins are not bound by it: the caller decides by role.)
func (o Officer) MayUseCounter(counter string) bool {
	return !o.Assigned || slices.Contains(o.Counters, counter)
}

func (o *Officer) setCounters(col sql.NullString) error {
	o.Assigned, o.Counters = false, nil
	if !col.Valid {
		return nil
	}
	var ids []string
	if err := json.Unmarshal([]byte(col.String), &ids); err != nil {
		return fmt.Errorf("officer %s: counters column: %w", o.Username, err)
	}
	o.Assigned, o.Counters = true, ids
	return nil
}

// countersColumn is the officers.counters value of o: NULL when not
// assigned, else a JSON array of sorted, distinct counter ids.
func (o Officer) countersColumn() (any, error) {
	if !o.Assigned {
		return nil, nil
	}
	ids := normCounters(o.Counters)
	if len(ids) > MaxOfficerCounters {
		return nil, fmt.Errorf("officer %s: %d counters assigned, at most %d", o.Username, len(ids), MaxOfficerCounters)
	}
	b, err := json.Marshal(ids)
	return string(b), err
}

func normCounters(in []string) []string {
	out := make([]string, 0, len(in))
	for _, c := range in {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SetOfficerCounters sets the counters an officer may sign in at (an
// empty list: none). Their live sessions at any other counter end at once
// (the caller forgets cached tokens) when they are an officer; console
// sessions (no counter), and supervisors' and admins' sessions, stay.
func (t *Tx) SetOfficerCounters(username string, counters []string) error {
	o := Officer{Username: username, Assigned: true, Counters: counters}
	col, err := o.countersColumn()
	if err != nil {
		return err
	}
	res, err := t.Exec(`UPDATE officers SET counters=? WHERE username=?`, col, username)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoRows
	}
	_, err = t.Exec(`DELETE FROM sessions WHERE username=? AND counter<>''
		AND counter NOT IN (SELECT value FROM json_each(?))
		AND (SELECT role FROM officers WHERE username=?) = 'officer'`, username, col, username)
	return err
}

// UnassignedOfficers lists up to limit enabled officers (role officer)
// never assigned counters, by username.
func (db *DB) UnassignedOfficers(ctx context.Context, limit int) ([]Officer, error) {
	return collect(func(s scanner) (Officer, error) {
		var o Officer
		err := s.Scan(&o.Username, &o.FullName, &o.Role)
		return o, err
	})(db.r.QueryContext(ctx, `SELECT username, full_name, role FROM officers
		WHERE role='officer' AND disabled=0 AND counters IS NULL ORDER BY username LIMIT ?`, limit))
}
