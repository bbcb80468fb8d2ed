package portal

// The read replica (issue 20, docs/PORTAL.md "Growing past one machine"):
// the public, read-only and expensive routes — the citizen's lookup, the
// statistics, the rollups, the published answers — read from a streaming
// PostgreSQL replica, so that their scans never slow the ingest of the
// province's agents. Everything else stays on the primary: every write,
// the centres' read-back of what they just sent (/api/v1/ho-so), the
// inbox and liên thông, logins and sessions, the catalogue.
//
// A replica is behind by its replication lag. It is measured every second
// (Run): the primary's flushed WAL position is sampled with the time it was
// read, and the replica's replayed position is compared with the samples —
// if the replica has replayed past the sample taken at time t, it holds
// everything the primary had committed at t, so its data is at most
// now − t old. That is an upper bound that needs neither a heartbeat write
// nor synchronised clocks, and an idle primary reads as lag 0.
//
// Public reads go to the replica only while it answers, is still a standby
// and its lag is within MaxLag; otherwise to the primary, with one log line
// per change of state. And a lookup the replica answers "not found" is
// asked again of the primary: a dossier received seconds ago, not yet
// replayed, is never answered "not found" to its citizen. The price is one
// more primary-key probe on the primary per missing code (rate-limited per
// address like every lookup).

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ReplicaProbe reads the positions the replication lag is measured from
// (portal/store implements it on PostgreSQL).
type ReplicaProbe interface {
	// PrimaryWAL is the primary's flushed WAL position and its clock.
	PrimaryWAL(ctx context.Context) (lsn uint64, now time.Time, err error)
	// ReplicaWAL is the replica's replayed WAL position, whether it is
	// still a standby (in recovery), and the commit time of the last
	// transaction it replayed (zero when none since it started).
	ReplicaWAL(ctx context.Context) (lsn uint64, standby bool, lastCommit time.Time, err error)
}

// ReplicaOptions tune a Replica.
type ReplicaOptions struct {
	// MaxLag is the most replication lag public reads accept (default 30 s).
	MaxLag time.Duration
	// Interval is how often the lag is measured (default 1 s).
	Interval time.Duration
	// Timeout bounds one measurement and one lookup on the replica
	// (default 5 s); past it the read is answered by the primary.
	Timeout time.Duration
	Logger  *slog.Logger
	// Now is the clock (tests).
	Now func() time.Time
}

// Replica states.
const (
	ReplicaUnknown    = "unknown"     // not measured yet
	ReplicaInUse      = "in_use"      // public reads on the replica
	ReplicaLagging    = "lagging"     // lag over MaxLag: public reads on the primary
	ReplicaDown       = "down"        // does not answer: public reads on the primary
	ReplicaNotStandby = "not_standby" // promoted, or not a standby: public reads on the primary
)

// ReplicaStatus is the replica as last measured.
type ReplicaStatus struct {
	State      string    `json:"state"`
	InUse      bool      `json:"in_use"`
	Lag        float64   `json:"lag_seconds"` // upper bound; -1 when unknown
	LagBytes   uint64    `json:"lag_bytes"`
	MaxLag     float64   `json:"max_lag_seconds"`
	Measured   time.Time `json:"measured"`
	Error      string    `json:"error,omitempty"`
	PrimaryErr string    `json:"primary_error,omitempty"`
}

type walSample struct {
	at  time.Time
	lsn uint64
}

// Replica routes the public reads between a read replica and the primary.
type Replica struct {
	st    Store
	probe ReplicaProbe
	o     ReplicaOptions
	log   *slog.Logger

	mu      sync.Mutex
	status  ReplicaStatus
	history []walSample // primary positions, oldest first
	// down is closed when the replica is found down or not a standby: the
	// reads still waiting on it give up and ask the primary. A new one is
	// made when it is in use again.
	down       chan struct{}
	downClosed bool

	reads                           *prometheus.CounterVec
	lag, lagBytes, inUse, replicaUp prometheus.Gauge
}

// NewReplica makes the router over a store opened on the replica (reads
// only) and the probe of the pair. Nothing goes to the replica until the
// first measurement (Run) finds it usable.
func NewReplica(replica Store, probe ReplicaProbe, o ReplicaOptions) *Replica {
	if o.MaxLag <= 0 {
		o.MaxLag = 30 * time.Second
	}
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	r := &Replica{st: replica, probe: probe, o: o, log: o.Logger, down: make(chan struct{}),
		status: ReplicaStatus{State: ReplicaUnknown, Lag: -1, MaxLag: o.MaxLag.Seconds()}}
	r.reads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "motcua_portal_public_reads_total",
		Help: "Public reads by kind (dossier, stats, reports, units, stat_dossiers, ratings, answers), the database that answered (replica, primary) and why (replica; primary: unusable, not_found_on_replica, replica_error).",
	}, []string{"read", "db", "reason"})
	r.lag = prometheus.NewGauge(prometheus.GaugeOpts{Name: "motcua_portal_replica_lag_seconds",
		Help: "Upper bound of the read replica's replication lag (-1: unknown)."})
	r.lagBytes = prometheus.NewGauge(prometheus.GaugeOpts{Name: "motcua_portal_replica_lag_bytes",
		Help: "WAL bytes the read replica has not replayed yet."})
	r.inUse = prometheus.NewGauge(prometheus.GaugeOpts{Name: "motcua_portal_replica_in_use",
		Help: "1 while public reads go to the read replica, 0 while they go to the primary."})
	r.replicaUp = prometheus.NewGauge(prometheus.GaugeOpts{Name: "motcua_portal_replica_up",
		Help: "1 while the read replica answers as a standby."})
	r.lag.Set(-1)
	return r
}

func (r *Replica) register(reg *prometheus.Registry) error {
	for _, c := range []prometheus.Collector{r.reads, r.lag, r.lagBytes, r.inUse, r.replicaUp} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// Status returns the last measurement.
func (r *Replica) Status() ReplicaStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status
}

// usable reports whether public reads may go to the replica now, and the
// channel closed if it is found down meanwhile.
func (r *Replica) usable() (bool, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status.State == ReplicaInUse, r.down
}

// Run measures the lag every Interval until ctx ends.
func (r *Replica) Run(ctx context.Context) {
	t := time.NewTicker(r.o.Interval)
	defer t.Stop()
	for {
		r.Measure(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// errReplicaAhead: the read database has replayed WAL the primary never
// flushed.
var errReplicaAhead = errors.New("the read database is ahead of the primary: not a standby of it (another system, or a timeline left before a restore); not used")

// Measure takes one measurement and sets the state from it.
func (r *Replica) Measure(ctx context.Context) ReplicaStatus {
	at := r.o.Now()
	pctx, cancel := context.WithTimeout(ctx, r.o.Timeout)
	plsn, pnow, perr := r.probe.PrimaryWAL(pctx)
	cancel()
	rctx, cancel := context.WithTimeout(ctx, r.o.Timeout)
	rlsn, standby, lastCommit, rerr := r.probe.ReplicaWAL(rctx)
	cancel()
	if perr == nil && rerr == nil && standby && rlsn > plsn {
		// A standby of this primary never replays what the primary has not
		// flushed: ahead of the sample, ask the primary again (it may have
		// flushed meanwhile). Still ahead: a standby of another timeline
		// (an old one left from before a restore) whose data is not the
		// primary's — never "caught up" (session 6 review).
		pctx, cancel := context.WithTimeout(ctx, r.o.Timeout)
		again, _, err := r.probe.PrimaryWAL(pctx)
		cancel()
		if err == nil && rlsn > again {
			rerr = errReplicaAhead
		}
	}
	end := r.o.Now()

	r.mu.Lock()
	defer r.mu.Unlock()
	if perr == nil {
		r.history = append(r.history, walSample{at: at, lsn: plsn})
	}
	// Keep twice MaxLag of samples (bounded): a replica further behind than
	// that is over MaxLag whatever its exact lag.
	keep := 0
	for keep < len(r.history)-1 && (end.Sub(r.history[keep].at) > 2*r.o.MaxLag || len(r.history)-keep > 100000) {
		keep++
	}
	r.history = r.history[keep:]

	st := ReplicaStatus{Lag: -1, MaxLag: r.o.MaxLag.Seconds(), Measured: end}
	if perr != nil {
		st.PrimaryErr = perr.Error()
	}
	switch {
	case rerr != nil:
		st.State, st.Error = ReplicaDown, rerr.Error()
	case !standby:
		st.State, st.Error = ReplicaNotStandby, "the read database is not in recovery (promoted, or not a standby)"
	default:
		lag, known := r.lagLocked(rlsn, lastCommit, pnow, end)
		if known {
			st.Lag = lag.Seconds()
		}
		if n := len(r.history); n > 0 && r.history[n-1].lsn > rlsn {
			st.LagBytes = r.history[n-1].lsn - rlsn
		}
		if known && lag <= r.o.MaxLag {
			st.State, st.InUse = ReplicaInUse, true
		} else {
			st.State = ReplicaLagging
		}
	}
	r.setLocked(st, true)
	return st
}

// lagLocked is the upper bound of the replica's lag: the replica has
// replayed up to rlsn, so it holds everything the primary had flushed at
// the newest sample not past rlsn. With no such sample (just started, or
// further behind than the history), the age of the last transaction it
// replayed on the primary's clock, and at least the history's span.
func (r *Replica) lagLocked(rlsn uint64, lastCommit, primaryNow, end time.Time) (time.Duration, bool) {
	for i := len(r.history) - 1; i >= 0; i-- {
		if r.history[i].lsn <= rlsn {
			if i == len(r.history)-1 {
				return 0, true // caught up with the newest sample
			}
			return end.Sub(r.history[i].at), true
		}
	}
	if len(r.history) == 0 || lastCommit.IsZero() || primaryNow.IsZero() {
		return 0, false
	}
	return max(end.Sub(r.history[0].at), primaryNow.Sub(lastCommit)), true
}

// setLocked stores a status, logging a change of state once. release: a
// replica found down by a measurement releases the reads waiting on it.
func (r *Replica) setLocked(st ReplicaStatus, release bool) {
	old := r.status.State
	r.status = st
	r.lag.Set(st.Lag)
	r.lagBytes.Set(float64(st.LagBytes))
	r.inUse.Set(b2f(st.InUse))
	r.replicaUp.Set(b2f(st.State == ReplicaInUse || st.State == ReplicaLagging))
	switch {
	case release && (st.State == ReplicaDown || st.State == ReplicaNotStandby) && !r.downClosed:
		close(r.down)
		r.downClosed = true
	case st.State == ReplicaInUse && r.downClosed:
		r.down, r.downClosed = make(chan struct{}), false
	}
	if old == st.State {
		return
	}
	switch st.State {
	case ReplicaInUse:
		r.log.Info("read replica in use for public reads", "lag_seconds", st.Lag, "max_lag_seconds", st.MaxLag)
	case ReplicaLagging:
		r.log.Warn("read replica lagging: public reads on the primary", "lag_seconds", st.Lag, "lag_bytes", st.LagBytes, "max_lag_seconds", st.MaxLag)
	case ReplicaDown:
		r.log.Warn("read replica down: public reads on the primary", "err", st.Error)
	case ReplicaNotStandby:
		r.log.Error("read replica is not a standby: public reads on the primary", "err", st.Error)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// failed records a read the replica could not answer: public reads go to
// the primary until the next measurement finds it usable again. The reads
// running on it are left alone (the error may be this query's alone, e.g.
// cancelled by a recovery conflict).
func (r *Replica) failed(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.status.State != ReplicaInUse {
		return
	}
	st := r.status
	st.State, st.InUse, st.Error = ReplicaDown, false, err.Error()
	r.setLocked(st, false)
}

// Close closes the replica's store.
func (r *Replica) Close() error { return r.st.Close() }

// publicStore is the store the public routes read: the primary for every
// write and for what the replica cannot serve, the replica for the reads
// below while it is usable.
type publicStore struct {
	Store // the primary
	rep   *Replica
}

// The interfaces the public routes look for.
var (
	_ RollupStore = (*publicStore)(nil)
	_ QAReader    = (*publicStore)(nil)
)

// newPublicStore checks that both stores serve the public routes' reads.
func newPublicStore(primary Store, rep *Replica) (*publicStore, error) {
	for name, st := range map[string]Store{"primary": primary, "replica": rep.st} {
		if _, ok := st.(RollupStore); !ok {
			return nil, fmt.Errorf("read replica: the %s store keeps no hierarchy", name)
		}
		if _, ok := st.(QAReader); !ok {
			return nil, fmt.Errorf("read replica: the %s store reads no answers", name)
		}
	}
	return &publicStore{Store: primary, rep: rep}, nil
}

// attempt is one try of a read: on the replica or the primary; started once
// rows were handed to the caller (the read cannot run again elsewhere);
// callerErr is the caller's own callback's error (not the database's).
type attempt struct {
	ctx       context.Context // the read's context: on the replica, ended if it is found down
	replica   bool
	started   bool
	callerErr error
}

// read runs fn on the replica when it is usable, else (or when the replica
// fails before handing rows on) on the primary. notFoundOnPrimary: an
// ErrNotFound of the replica is asked again of the primary.
func (p *publicStore) read(ctx context.Context, kind string, notFoundOnPrimary bool, fn func(st Store, a *attempt) error) error {
	if ok, down := p.rep.usable(); ok {
		rctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-down:
				cancel()
			case <-rctx.Done():
			}
		}()
		a := &attempt{ctx: rctx, replica: true}
		err := fn(p.rep.st, a)
		cancel()
		switch {
		case err == nil:
			p.rep.reads.WithLabelValues(kind, "replica", "replica").Inc()
			return nil
		case notFoundOnPrimary && errors.Is(err, ErrNotFound):
			// Perhaps received after the replica's last replay: ask the primary.
			p.rep.reads.WithLabelValues(kind, "primary", "not_found_on_replica").Inc()
			return fn(p.Store, &attempt{ctx: ctx})
		case a.callerErr != nil || ctx.Err() != nil:
			return err // not the replica's fault; the client may be gone
		case a.started:
			p.rep.failed(err)
			return err
		default:
			p.rep.failed(err)
			p.rep.reads.WithLabelValues(kind, "primary", "replica_error").Inc()
			return fn(p.Store, &attempt{ctx: ctx})
		}
	}
	p.rep.reads.WithLabelValues(kind, "primary", "unusable").Inc()
	return fn(p.Store, &attempt{ctx: ctx})
}

func (p *publicStore) Dossier(ctx context.Context, maHoSo string) (d Dossier, steps []Step, err error) {
	err = p.read(ctx, "dossier", true, func(st Store, a *attempt) error {
		c := a.ctx
		if a.replica {
			var cancel context.CancelFunc
			c, cancel = context.WithTimeout(a.ctx, p.rep.o.Timeout)
			defer cancel()
		}
		var err error
		d, steps, err = st.Dossier(c, maHoSo)
		return err
	})
	return d, steps, err
}

// Lookup reads the public lookup's projection (LookupStore), or else the
// dossier, as the primary store does.
func (p *publicStore) Lookup(ctx context.Context, maHoSo string) (row LookupRow, err error) {
	err = p.read(ctx, "dossier", true, func(st Store, a *attempt) error {
		c := a.ctx
		if a.replica {
			var cancel context.CancelFunc
			c, cancel = context.WithTimeout(a.ctx, p.rep.o.Timeout)
			defer cancel()
		}
		var err error
		row, err = lookupIn(c, st, maHoSo)
		return err
	})
	return row, err
}

func (p *publicStore) Stats(ctx context.Context, month string) (rows []AgencyMonth, err error) {
	err = p.read(ctx, "stats", false, func(st Store, a *attempt) error {
		var err error
		rows, err = st.Stats(a.ctx, month)
		return err
	})
	return rows, err
}

func (p *publicStore) Reports(ctx context.Context, year, month int) (reps []Report, err error) {
	err = p.read(ctx, "reports", false, func(st Store, a *attempt) error {
		var err error
		reps, err = st.Reports(a.ctx, year, month)
		return err
	})
	return reps, err
}

// PutUnits writes: the primary.
func (p *publicStore) PutUnits(ctx context.Context, units []Unit) error {
	return p.Store.(RollupStore).PutUnits(ctx, units)
}

func (p *publicStore) Units(ctx context.Context) (units []Unit, err error) {
	err = p.read(ctx, "units", false, func(st Store, a *attempt) error {
		var err error
		units, err = st.(RollupStore).Units(a.ctx)
		return err
	})
	return units, err
}

func (p *publicStore) EachStatDossier(ctx context.Context, start, end time.Time, fn func(StatDossier) error) error {
	return p.read(ctx, "stat_dossiers", false, func(st Store, a *attempt) error {
		return st.(RollupStore).EachStatDossier(a.ctx, start, end, func(d StatDossier) error {
			a.started = true // rows handed on cannot be taken back
			if err := fn(d); err != nil {
				a.callerErr = err
				return err
			}
			return nil
		})
	})
}

func (p *publicStore) RatingCounts(ctx context.Context, start, end time.Time) (rs []RatingCount, err error) {
	err = p.read(ctx, "ratings", false, func(st Store, a *attempt) error {
		var err error
		rs, err = st.(RollupStore).RatingCounts(a.ctx, start, end)
		return err
	})
	return rs, err
}

func (p *publicStore) EachQA(ctx context.Context, limit int, fn func(QA) error) error {
	return p.read(ctx, "answers", false, func(st Store, a *attempt) error {
		return st.(QAReader).EachQA(a.ctx, limit, func(q QA) error {
			a.started = true
			if err := fn(q); err != nil {
				a.callerErr = err
				return err
			}
			return nil
		})
	})
}

// useReplica makes the public routes read through rep (Options.ReadReplica).
func (s *Server) useReplica(rep *Replica) error {
	p, err := newPublicStore(s.st, rep)
	if err != nil {
		return err
	}
	s.pub, s.replica = p, rep
	return rep.register(s.o.Registry)
}

// replicaHealth is the replica's line of /healthz: its state and lag, never
// its error (it may name hosts and users). "" without a replica.
func (s *Server) replicaHealth() string {
	if s.replica == nil {
		return ""
	}
	st := s.replica.Status()
	lag := "unknown"
	if st.Lag >= 0 {
		lag = fmt.Sprintf("%.1fs", st.Lag)
	}
	where := "primary"
	if st.InUse {
		where = "replica"
	}
	return fmt.Sprintf("replica: %s lag=%s lag_bytes=%d max_lag=%gs public_reads=%s\n", st.State, lag, st.LagBytes, st.MaxLag, where)
}
