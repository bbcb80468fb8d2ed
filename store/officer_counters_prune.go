package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// Stale counter ids in officers' assignments (docs/CONSOLE.md, "A counter
// removed from the configuration"). A counter's id is its identity: when a
// counter leaves the configuration, its id is taken out of every officer's
// assignment at once (the console's save) or at the next start (a file
// edit), so a counter created later with the same id starts with no one
// assigned. What was taken out is remembered per officer, for the console
// to show, until an admin next sets that officer's counters.

// RemovedCountersKey is the settings key holding, per officer, the counter
// ids taken out of their assignment because the counter left the configuration.
const RemovedCountersKey = "officer_counters_removed"

// RemovedCounters is what was taken out of one officer's assignment.
type RemovedCounters struct {
	Counters []string  `json:"counters"`
	At       time.Time `json:"at"`
}

// PrunedAssignment is one officer whose assignment lost counters.
type PrunedAssignment struct {
	Username string
	Role     string
	Removed  []string // ids no longer in the configuration
	Left     []string // the counters still assigned (empty: none)
}

// PruneOfficerCounters takes every counter id not in valid out of the
// officers' assignments (officers never assigned stay so), ends officers'
// sessions at those counters, and adds what was taken out to the
// RemovedCountersKey record. It returns the officers changed, by username.
func (t *Tx) PruneOfficerCounters(valid []string, now time.Time) ([]PrunedAssignment, error) {
	rows, err := t.Query(`SELECT username, role, counters FROM officers WHERE counters IS NOT NULL ORDER BY username`)
	if err != nil {
		return nil, err
	}
	var out []PrunedAssignment
	for rows.Next() {
		var o Officer
		var col sql.NullString
		if err := rows.Scan(&o.Username, &o.Role, &col); err != nil {
			rows.Close()
			return nil, err
		}
		if err := o.setCounters(col); err != nil {
			rows.Close()
			return nil, err
		}
		p := PrunedAssignment{Username: o.Username, Role: o.Role, Left: []string{}}
		for _, id := range o.Counters {
			if slices.Contains(valid, id) {
				p.Left = append(p.Left, id)
			} else {
				p.Removed = append(p.Removed, id)
			}
		}
		if len(p.Removed) > 0 {
			out = append(out, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	rec, err := t.removedCounters()
	if err != nil {
		return nil, err
	}
	for _, p := range out {
		if err := t.SetOfficerCounters(p.Username, p.Left); err != nil {
			return nil, err
		}
		// Any session at a removed counter ends too (SetOfficerCounters
		// ends only officers'; a supervisor signed in at a counter that no
		// longer exists has nothing to do there either).
		for _, id := range p.Removed {
			if _, err := t.Exec(`DELETE FROM sessions WHERE username=? AND counter=?`, p.Username, id); err != nil {
				return nil, err
			}
		}
		r := rec[p.Username]
		r.Counters = normCounters(append(r.Counters, p.Removed...))
		r.At = now
		rec[p.Username] = r
	}
	return out, t.putRemovedCounters(rec)
}

// ClearRemovedCounters forgets what was taken out of an officer's
// assignment: an admin has set their counters since.
func (t *Tx) ClearRemovedCounters(username string) error {
	rec, err := t.removedCounters()
	if err != nil {
		return err
	}
	if _, ok := rec[username]; !ok {
		return nil
	}
	delete(rec, username)
	return t.putRemovedCounters(rec)
}

func (t *Tx) removedCounters() (map[string]RemovedCounters, error) {
	var v string
	err := t.QueryRow(`SELECT value FROM settings WHERE key=?`, RemovedCountersKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return map[string]RemovedCounters{}, nil
	}
	if err != nil {
		return nil, err
	}
	return decodeRemoved(v), nil
}

func (t *Tx) putRemovedCounters(rec map[string]RemovedCounters) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return t.PutSetting(RemovedCountersKey, string(b))
}

// decodeRemoved reads the record; an unreadable one is empty (it only
// informs the console).
func decodeRemoved(v string) map[string]RemovedCounters {
	rec := map[string]RemovedCounters{}
	if v != "" && json.Unmarshal([]byte(v), &rec) != nil {
		return map[string]RemovedCounters{}
	}
	return rec
}

// RemovedOfficerCounters is the RemovedCountersKey record: per officer,
// the counter ids taken out of their assignment and when.
func (db *DB) RemovedOfficerCounters(ctx context.Context) (map[string]RemovedCounters, error) {
	v, err := db.Setting(ctx, RemovedCountersKey)
	if err != nil {
		return nil, err
	}
	return decodeRemoved(v), nil
}
