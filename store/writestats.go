package store

import (
	"slices"
	"sync"
	"time"
)

// writeTimes keeps how long the last batches took, from BEGIN to the end of
// COMMIT (waiting for the database's write lock, the SQL, the WAL write and
// its sync): what a call or a ticket waits for before anyone hears of it.
// The console warns a supervisor when they are slow (a failing disk, or
// another program holding the database).
type writeTimes struct {
	mu   sync.Mutex
	at   [16]time.Time
	took [16]time.Duration
	next int
}

func (w *writeTimes) note(at time.Time, took time.Duration) {
	w.mu.Lock()
	w.at[w.next], w.took[w.next] = at, took
	w.next = (w.next + 1) % len(w.at)
	w.mu.Unlock()
}

// RecentWrites reports the median time of the last (up to 16) batches
// committed after since, and how many there were: a few recent writes, so
// that a disk going bad shows within a handful of operations and an old
// slow spell is forgotten.
func (db *DB) RecentWrites(since time.Time) (median time.Duration, n int) {
	w := &db.writes
	var ds []time.Duration
	w.mu.Lock()
	for i := range w.at {
		if !w.at[i].IsZero() && w.at[i].After(since) {
			ds = append(ds, w.took[i])
		}
	}
	w.mu.Unlock()
	if len(ds) == 0 {
		return 0, 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2], len(ds)
}
