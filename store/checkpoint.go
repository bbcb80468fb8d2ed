package store

import (
	"context"
	"sync/atomic"

	sqlite "modernc.org/sqlite"
)

// Checkpoints off the commit path (issue 20).
//
// SQLite's automatic checkpoint runs inside COMMIT, on the connection that
// commits, once the WAL holds 1,000 pages: it syncs the WAL, copies the
// pages into the database file and syncs that too (and the commit after it
// syncs the restarted WAL's header). `strace` showed it: one call in ~70
// paid 3–4 fsyncs and the page copy before its boards were told and its
// officer answered. The write connection now has wal_autocheckpoint=0; the
// writer goroutine counts the pages each commit wrote and runs the same
// PASSIVE checkpoint itself *after* the batch is published and answered,
// between batches, when nothing is queued (or, under a load that never
// leaves it idle, past ckptHard pages: the WAL stays bounded).
//
// Why not a checkpointer goroutine on a connection of its own: a passive
// checkpoint beside back-to-back commits never catches up with the last
// frame, so the WAL never restarts and grows without bound (the first
// version of TestCheckpointOffCommitPathKeepsWALBounded: 36 MB of WAL after
// 32 MB of commits). Between batches the writer is alone with the WAL, and
// its next transaction restarts it.
//
// Durability is unchanged: a commit is durable once its WAL frames are
// synced (synchronous=FULL), checkpoint or not; the checkpoint only bounds
// the WAL.

const (
	// ckptPages: WAL pages after which the idle writer checkpoints
	// (SQLite's own wal_autocheckpoint default).
	ckptPages = 1000
	// ckptHard: WAL pages after which the writer checkpoints even with
	// writes queued.
	ckptHard = 4 * ckptPages
)

// checkpoints counts the writer's checkpoints, for tests and metrics.
type checkpoints struct {
	pages  int // written since the last checkpoint; writer goroutine only
	runs   int64
	frames int64 // WAL frames the last checkpoint found
	fails  int64
	// written: pages every commit wrote to the WAL so far (benchmarks).
	written atomic.Int64
}

// commitPages returns the pages the commit just made wrote to the WAL (the
// write connection's SQLITE_DBSTATUS_CACHE_WRITE, reset on read; at least 1
// a commit, should the count be unavailable) and adds them to PagesWritten.
// Called by the writer goroutine after the batch is published, before it is
// answered: an answered write's pages are counted.
func (db *DB) commitPages() int {
	n := 1
	if c, err := db.w.Conn(context.Background()); err == nil {
		c.Raw(func(dc any) error {
			if s, ok := dc.(sqlite.DBStatus); ok {
				if cur, _, err := s.Status(sqlite.DBStatusCacheWrite, true); err == nil && cur > n {
					n = cur
				}
			}
			return nil
		})
		c.Close()
	}
	db.ckpt.written.Add(int64(n))
	return n
}

// committed is called by the writer goroutine after each batch is
// published and answered, with the pages its commit wrote; it checkpoints
// when due.
func (db *DB) committed(n int) {
	ck := &db.ckpt
	ck.pages += n
	if ck.pages < ckptPages || (len(db.reqs) > 0 && ck.pages < ckptHard) {
		return
	}
	db.checkpoint()
}

// checkpoint runs a PASSIVE checkpoint on the write connection (writer
// goroutine only; Open and Close too, before and after it runs).
func (db *DB) checkpoint() {
	ck := &db.ckpt
	var busy, log, moved int64
	db.ckptMu.Lock()
	defer db.ckptMu.Unlock()
	if err := db.w.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &moved); err != nil {
		ck.fails++
		return
	}
	ck.pages = 0
	ck.runs++
	ck.frames = log
}

// CheckpointStats reports the writer's checkpoints so far, the WAL frames
// the last one found, and how many failed.
func (db *DB) CheckpointStats() (runs, frames, fails int64) {
	db.ckptMu.Lock()
	defer db.ckptMu.Unlock()
	return db.ckpt.runs, db.ckpt.frames, db.ckpt.fails
}

// PagesWritten is how many pages the commits so far wrote to the WAL: a
// commit's cost on disk (BenchmarkCallNext reports it per call).
func (db *DB) PagesWritten() int64 { return db.ckpt.written.Load() }
