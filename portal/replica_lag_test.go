package portal

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"
)

// scriptProbe answers what the test sets.
type scriptProbe struct {
	plsn       uint64
	pnow       time.Time
	perr       error
	rlsn       uint64
	standby    bool
	lastCommit time.Time
	rerr       error
}

func (p *scriptProbe) PrimaryWAL(context.Context) (uint64, time.Time, error) {
	return p.plsn, p.pnow, p.perr
}

func (p *scriptProbe) ReplicaWAL(context.Context) (uint64, bool, time.Time, error) {
	return p.rlsn, p.standby, p.lastCommit, p.rerr
}

// TestReplicaLagArithmetic: the lag is an upper bound from the primary's
// WAL samples; an idle primary reads 0; a replica behind since before the
// first sample is judged by the age of its last replayed commit.
func TestReplicaLagArithmetic(t *testing.T) {
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tick := func(d time.Duration) { now = now.Add(d) }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()

	// Caught up, then the primary idles for an hour: lag stays 0.
	p := &scriptProbe{plsn: 1000, pnow: now, rlsn: 1000, standby: true, lastCommit: now.Add(-time.Hour)}
	r := NewReplica(nil, p, ReplicaOptions{MaxLag: 30 * time.Second, Logger: log, Now: clock})
	if st := r.Measure(ctx); st.State != ReplicaInUse || st.Lag != 0 || st.LagBytes != 0 {
		t.Fatalf("idle: %+v", st)
	}
	for i := 0; i < 3600; i++ {
		tick(time.Second)
		r.Measure(ctx)
	}
	if st := r.Status(); st.State != ReplicaInUse || st.Lag != 0 {
		t.Fatalf("after an idle hour: %+v", st)
	}
	if n := len(r.history); n > 61 {
		t.Fatalf("history not bounded: %d samples", n)
	}

	// Writes at 1000 → 2000 → 3000 a second apart, the replica stuck at 1000:
	// it holds what the primary had at the last sample ≤ 1000.
	t0 := now
	tick(time.Second)
	p.plsn = 2000
	r.Measure(ctx)
	tick(time.Second)
	p.plsn = 3000
	st := r.Measure(ctx)
	if st.State != ReplicaInUse || st.Lag != now.Sub(t0).Seconds() || st.LagBytes != 2000 {
		t.Fatalf("behind: %+v (want lag %v)", st, now.Sub(t0))
	}
	// The replica replays 2000: its data is as of the sample of 2000.
	p.rlsn = 2000
	tick(time.Second)
	st = r.Measure(ctx)
	if st.Lag != 2 || st.LagBytes != 1000 {
		t.Fatalf("replayed 2000: %+v", st)
	}
	// Stuck past the bound: lagging.
	for i := 0; i < 40; i++ {
		tick(time.Second)
		r.Measure(ctx)
	}
	if st := r.Status(); st.State != ReplicaLagging || st.InUse || st.Lag <= 30 {
		t.Fatalf("stuck: %+v", st)
	}
	// Caught up again.
	p.rlsn = 3000
	tick(time.Second)
	if st := r.Measure(ctx); st.State != ReplicaInUse || st.Lag != 0 {
		t.Fatalf("caught up: %+v", st)
	}

	// A fresh router on a replica behind since before its first sample:
	// the age of its last replayed commit on the primary's clock.
	p2 := &scriptProbe{plsn: 5000, pnow: now, rlsn: 4000, standby: true, lastCommit: now.Add(-10 * time.Minute)}
	r2 := NewReplica(nil, p2, ReplicaOptions{Logger: log, Now: clock})
	if st := r2.Measure(ctx); st.State != ReplicaLagging || st.Lag != 600 {
		t.Fatalf("behind from the start: %+v", st)
	}
	// Nothing replayed since it started: unknown, not used.
	p2.lastCommit = time.Time{}
	tick(time.Second)
	if st := r2.Measure(ctx); st.State != ReplicaLagging || st.Lag != -1 {
		t.Fatalf("unknown lag: %+v", st)
	}

	// Down, and not a standby.
	p.rerr = errors.New("connection refused")
	if st := r.Measure(ctx); st.State != ReplicaDown || st.InUse {
		t.Fatalf("down: %+v", st)
	}
	p.rerr, p.standby = nil, false
	if st := r.Measure(ctx); st.State != ReplicaNotStandby || st.InUse {
		t.Fatalf("promoted: %+v", st)
	}
	// The primary unreachable: the replica, caught up with the last sample, stays in use.
	p.standby, p.perr = true, errors.New("primary gone")
	tick(time.Second)
	if st := r.Measure(ctx); st.State != ReplicaInUse || st.PrimaryErr == "" {
		t.Fatalf("primary down: %+v", st)
	}
}
