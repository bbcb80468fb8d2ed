// Package printer runs one receipt printer: a worker goroutine owns the
// connection (serial port, LAN socket, USB printer device or Windows
// spooler queue, see Address), takes jobs from a queue, checks the
// printer's status before each job and reconnects after an unplug or a
// printer reboot. A job is either printed or reported failed with a typed
// reason; it is never dropped silently.
package printer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/serialport"
)

// Reasons a job did not print. Check with errors.Is; Message gives the
// Vietnamese text for the screen.
var (
	ErrPaperOut  = errors.New("printer: paper out")
	ErrCoverOpen = errors.New("printer: cover open")
	ErrOffline   = errors.New("printer: offline")
	ErrUnplugged = errors.New("printer: not connected")
	ErrTimeout   = errors.New("printer: no status answer")
	ErrClosed    = errors.New("printer: closed")
	// ErrStatusUnknown: the connection cannot carry the printer's status
	// (Windows spooler, a USB printer that does not report it). Jobs print;
	// paper out goes unnoticed. errors.Is(err, ErrTimeout) holds too: the
	// state is unknown, as with a printer that does not answer.
	ErrStatusUnknown = fmt.Errorf("printer: status unknown on this connection: %w", ErrTimeout)
)

// Message is the Vietnamese text for the citizen or officer.
func Message(err error) string {
	switch {
	case err == nil:
		return "Máy in sẵn sàng"
	case errors.Is(err, ErrPaperOut):
		return "Máy in hết giấy. Vui lòng báo cán bộ thay giấy."
	case errors.Is(err, ErrCoverOpen):
		return "Máy in đang mở nắp."
	case errors.Is(err, ErrOffline):
		return "Máy in không sẵn sàng."
	case errors.Is(err, ErrUnplugged):
		return "Chưa kết nối được máy in."
	case errors.Is(err, ErrStatusUnknown):
		return "Không rõ trạng thái máy in (kết nối này không báo hết giấy)."
	case errors.Is(err, ErrTimeout):
		return "Máy in không phản hồi."
	case errors.Is(err, ErrClosed):
		return "Máy in đã tắt."
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "Hết thời gian chờ máy in."
	}
	return "Lỗi máy in."
}

// JobError is returned by Print when the caller's context ended before the
// job printed: Reason is the last thing that kept it from printing. Both
// errors.Is(err, ErrPaperOut) and errors.Is(err, context.DeadlineExceeded)
// hold for a ticket that timed out waiting for paper.
type JobError struct {
	Reason error
	Err    error
}

func (e *JobError) Error() string {
	if e.Reason == nil {
		return fmt.Sprintf("printer: job not printed: %v", e.Err)
	}
	return fmt.Sprintf("printer: job not printed: %v (%v)", e.Reason, e.Err)
}

func (e *JobError) Unwrap() []error {
	if e.Reason == nil {
		return []error{e.Err}
	}
	return []error{e.Reason, e.Err}
}

// Config configures a printer worker.
type Config struct {
	// Address selects the printer and its transport (see Address):
	// "/dev/ttyUSB0", "serial:COM3?baud=115200", "tcp://192.168.1.50:9100",
	// "usblp:/dev/usb/lp0", "winspool:POS-80". Empty: the serial port Port.
	Address string
	// Port is the serial port when Address is empty; its Baud is also the
	// default for a serial Address without ?baud=.
	Port    serialport.Config
	Profile escpos.Profile // for the callers' layouts; the worker sends bytes as given
	// StatusTimeout bounds the wait for each DLE EOT answer (default 500 ms).
	StatusTimeout time.Duration
	// BlockOnUnknown: refuse to print when the printer does not answer the
	// status request (ErrTimeout). Default: print anyway, report unknown.
	BlockOnUnknown bool
	// FailFast: return the first failure instead of keeping the job queued
	// until the printer recovers or the caller's context ends.
	FailFast bool
	// RetryInterval between attempts to reopen or to re-check (default 1 s).
	RetryInterval time.Duration
	// PollInterval: status poll while idle, so State stays current and an
	// unplug is noticed before the next ticket (default 5 s, <0 disables).
	PollInterval time.Duration
	// ChunkSize: bytes per write; no flow control, so raster goes in pieces
	// (default 1024). ChunkDelay pauses between chunks for slow buffers.
	ChunkSize  int
	ChunkDelay time.Duration
	// DialTimeout bounds a TCP connect (default 3 s); WriteTimeout each
	// write to a TCP or usblp printer that stops taking data (default
	// 15 s); ConfirmTimeout the wait for a LAN printer to answer the status
	// request that follows a job (default 10 s).
	DialTimeout, WriteTimeout, ConfirmTimeout time.Duration
	// OnState is called from the worker goroutine on every state change.
	OnState func(State)
	Log     *slog.Logger
}

// State is what the worker knows about the printer.
type State struct {
	Connected bool          // the port is open
	Known     bool          // the printer answered the last status request
	Status    escpos.Status // valid when Known
	// Err is why a job would not print now (ErrPaperOut, ErrUnplugged...),
	// or ErrTimeout when the state is unknown; nil when ready.
	Err     error
	Pending int // jobs queued or being printed
}

// Ready reports whether a job would print now with a known good state.
func (s State) Ready() bool { return s.Connected && s.Known && s.Err == nil }

func (s State) String() string {
	switch {
	case !s.Connected:
		return "disconnected"
	case !s.Known:
		return "unknown"
	}
	return s.Status.String()
}

// job states: a job is abandoned (by Print, when its context ends) only
// while queued; once the worker starts writing, Print waits for the result,
// so a printed ticket is never reported as failed and vice versa.
const (
	jobQueued int32 = iota
	jobWriting
	jobAbandoned
)

type job struct {
	ctx   context.Context
	data  []byte
	state atomic.Int32
	done  chan error // buffered 1
	mu    sync.Mutex
	last  error
}

func (j *job) reason() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.last
}

func (j *job) setReason(err error) {
	j.mu.Lock()
	j.last = err
	j.mu.Unlock()
}

// Printer is a running printer worker.
type Printer struct {
	cfg    Config
	jobs   chan *job
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	state   State
	pending atomic.Int32

	tr    transport // nil when the address is bad: trErr says why
	trErr error
	link  link // owned by the worker goroutine
}

// Open starts the worker. It does not fail: an absent printer is a state
// (ErrUnplugged) and the worker keeps trying to open it.
func Open(ctx context.Context, cfg Config) *Printer {
	if cfg.StatusTimeout <= 0 {
		cfg.StatusTimeout = 500 * time.Millisecond
	}
	if cfg.RetryInterval <= 0 {
		cfg.RetryInterval = time.Second
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 5 * time.Second
	}
	if cfg.ChunkSize <= 0 {
		cfg.ChunkSize = 1024
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = 3 * time.Second
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 15 * time.Second
	}
	if cfg.ConfirmTimeout <= 0 {
		cfg.ConfirmTimeout = 10 * time.Second
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &Printer{cfg: cfg, jobs: make(chan *job, 256), cancel: cancel, done: make(chan struct{}),
		state: State{Err: ErrUnplugged}}
	p.tr, p.trErr = newTransport(cfg)
	if p.trErr != nil {
		cfg.Log.Error("printer: bad address", "address", cfg.Address, "err", p.trErr)
	}
	go p.run(ctx)
	return p
}

// State returns the current state.
func (p *Printer) State() State {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.state
	s.Pending = int(p.pending.Load())
	return s
}

// Print queues job and waits until it is printed (nil), it failed for good
// (FailFast: the typed reason), or ctx ended (*JobError with the reason).
func (p *Printer) Print(ctx context.Context, data []byte) error {
	j := &job{ctx: ctx, data: data, done: make(chan error, 1)}
	select {
	case <-p.done:
		return ErrClosed
	default:
	}
	p.pending.Add(1)
	select {
	case p.jobs <- j:
	case <-ctx.Done():
		p.pending.Add(-1)
		return &JobError{Reason: p.State().Err, Err: ctx.Err()}
	case <-p.done:
		p.pending.Add(-1)
		return ErrClosed
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		if j.state.CompareAndSwap(jobQueued, jobAbandoned) {
			reason := j.reason()
			if reason == nil { // not tried yet: the printer's current trouble
				reason = p.State().Err
			}
			return &JobError{Reason: reason, Err: ctx.Err()}
		}
		return <-j.done // being written right now: wait for the outcome
	}
}

// Close stops the worker; queued jobs fail with ErrClosed.
func (p *Printer) Close() error {
	p.cancel()
	<-p.done
	return nil
}

func (p *Printer) run(ctx context.Context) {
	defer close(p.done)
	defer func() {
		if p.link != nil {
			p.link.Close()
		}
		for {
			select {
			case j := <-p.jobs:
				p.finish(j, ErrClosed)
			default:
				return
			}
		}
	}()
	var poll <-chan time.Time
	if p.cfg.PollInterval > 0 {
		t := time.NewTicker(p.cfg.PollInterval)
		defer t.Stop()
		poll = t.C
	}
	p.check() // learn the state at start
	p.release()
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-p.jobs:
			p.handle(ctx, j)
		case <-poll:
			p.check()
			p.release()
		}
	}
}

// finish delivers a job's outcome unless Print already gave up on it.
func (p *Printer) finish(j *job, err error) {
	p.pending.Add(-1)
	s := j.state.Load()
	if s == jobWriting || j.state.CompareAndSwap(jobQueued, jobAbandoned) {
		j.done <- err
	}
}

func (p *Printer) handle(ctx context.Context, j *job) {
	for attempt := 1; ; attempt++ {
		if j.state.Load() == jobAbandoned {
			p.pending.Add(-1)
			return
		}
		if err := j.ctx.Err(); err != nil {
			// As Print says it: a job given up before its first try names the
			// printer's current trouble (cover open...), not only "canceled".
			// (Print and this line race to finish a cancelled job; whichever
			// wins, the caller reads the same reason.)
			reason := j.reason()
			if reason == nil {
				reason = p.State().Err
			}
			p.finish(j, &JobError{Reason: reason, Err: err})
			return
		}
		err := p.try(j)
		p.release()
		if err == nil {
			p.cfg.Log.Info("printer: job printed", "bytes", len(j.data), "attempt", attempt)
			p.finish(j, nil)
			return
		}
		if errors.Is(err, errAbandoned) {
			p.pending.Add(-1)
			return
		}
		j.setReason(err)
		p.cfg.Log.Warn("printer: job waiting", "reason", err, "attempt", attempt)
		if p.cfg.FailFast {
			p.finish(j, err)
			return
		}
		select {
		case <-ctx.Done():
			p.finish(j, ErrClosed)
			return
		case <-j.ctx.Done():
		case <-time.After(p.cfg.RetryInterval):
		}
	}
}

var errAbandoned = errors.New("printer: job abandoned by caller")

// try makes one attempt: open, check status, write.
func (p *Printer) try(j *job) error {
	st, err := p.check()
	if err != nil && !(errors.Is(err, ErrTimeout) && !p.cfg.BlockOnUnknown) {
		return err
	}
	if !st.Known && !errors.Is(err, ErrStatusUnknown) {
		p.cfg.Log.Warn("printer: status unknown, printing anyway")
	}
	if !j.state.CompareAndSwap(jobQueued, jobWriting) {
		return errAbandoned
	}
	if err := p.write(j.data); err != nil {
		j.state.Store(jobQueued) // not printed: abandonable again
		p.drop(err)
		if errors.Is(err, errWriteTimeout) {
			return fmt.Errorf("%w: %v", ErrTimeout, err)
		}
		return fmt.Errorf("%w: %v", ErrUnplugged, err)
	}
	return nil
}

func (p *Printer) write(b []byte) error {
	for len(b) > 0 {
		n := min(len(b), p.cfg.ChunkSize)
		if err := p.link.Write(b[:n]); err != nil {
			return err
		}
		b = b[n:]
		if len(b) > 0 && p.cfg.ChunkDelay > 0 {
			time.Sleep(p.cfg.ChunkDelay)
		}
	}
	// "printed" means delivered, not just queued in an OS buffer
	return p.link.EndJob()
}

// release closes a per-job link (LAN printer, spooler) after a job or a
// status poll. The state stays as last seen.
func (p *Printer) release() {
	if p.link != nil && p.tr.perJob() {
		p.link.Close()
		p.link = nil
	}
}

// check opens the port if needed, polls the status and publishes the
// state. The error is the reason a job would not print (ErrTimeout when
// the printer did not answer).
func (p *Printer) check() (State, error) {
	if p.trErr != nil {
		p.publish(State{Err: ErrUnplugged})
		return p.State(), fmt.Errorf("%w: %v", ErrUnplugged, p.trErr)
	}
	if p.link == nil {
		l, err := p.tr.open()
		if err != nil {
			p.publish(State{Err: ErrUnplugged})
			return p.State(), fmt.Errorf("%w: %v", ErrUnplugged, err)
		}
		p.link = l
		if !p.tr.perJob() {
			p.cfg.Log.Info("printer: port open", "port", l.Name())
		}
	}
	status, err := p.link.Status(p.cfg.StatusTimeout)
	if err != nil {
		if gone(err) {
			p.drop(err)
			return p.State(), fmt.Errorf("%w: %v", ErrUnplugged, err)
		}
		if errors.Is(err, errNoStatus) {
			p.publish(State{Connected: true, Err: ErrStatusUnknown})
			return p.State(), fmt.Errorf("%w: %v", ErrStatusUnknown, err)
		}
		p.publish(State{Connected: true, Err: ErrTimeout})
		return p.State(), fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	reason := error(nil)
	switch {
	case status.PaperOut:
		reason = ErrPaperOut
	case status.CoverOpen:
		reason = ErrCoverOpen
	case !status.Online || status.Error:
		reason = ErrOffline
	}
	p.publish(State{Connected: true, Known: true, Status: status, Err: reason})
	return p.State(), reason
}

func (p *Printer) drop(err error) {
	if p.link != nil {
		p.link.Close()
		p.link = nil
		p.cfg.Log.Warn("printer: connection lost", "err", err)
	}
	p.publish(State{Err: ErrUnplugged})
}

func (p *Printer) publish(s State) {
	p.mu.Lock()
	old := p.state
	p.state = s
	p.mu.Unlock()
	if old.Connected != s.Connected || old.Known != s.Known || old.Status != s.Status || !errors.Is(s.Err, old.Err) || !errors.Is(old.Err, s.Err) {
		s.Pending = int(p.pending.Load())
		p.cfg.Log.Info("printer: state", "state", s.String(), "err", s.Err)
		if p.cfg.OnState != nil {
			p.cfg.OnState(s)
		}
	}
}
