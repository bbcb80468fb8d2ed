package webhook

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/feed"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Config is the [webhooks] section of the centre's TOML file.
type Config struct {
	// MaxAttempts before a delivery is given up ("dead"; the subject's later
	// deliveries then go on) — default 15; RetryMin/RetryMax bound the
	// backoff (default "5s", "1h"); Timeout bounds one POST (default "10s").
	MaxAttempts int    `toml:"max_attempts"`
	RetryMin    string `toml:"retry_min"`
	RetryMax    string `toml:"retry_max"`
	Timeout     string `toml:"timeout"`
	// KeepDays is how long the delivery log is kept (default 30).
	KeepDays int `toml:"keep_days"`
	// AllowNetworks are the non-public networks (CIDR, or single
	// addresses) webhooks may post to, e.g. ["192.168.1.20"] for an
	// integration on the hall LAN; loopback, the LAN and link-local
	// addresses are refused otherwise (guard.go).
	AllowNetworks []string `toml:"allow_networks"`

	retryMin, retryMax, timeout time.Duration
	allow                       []netip.Prefix
}

// Defaults fills the zero fields and checks the rest.
func (c Config) Defaults() (Config, error) {
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 15
	}
	if c.KeepDays == 0 {
		c.KeepDays = 30
	}
	for _, d := range []struct {
		s   *string
		def string
		out *time.Duration
	}{{&c.RetryMin, "5s", &c.retryMin}, {&c.RetryMax, "1h", &c.retryMax}, {&c.Timeout, "10s", &c.timeout}} {
		if *d.s == "" {
			*d.s = d.def
		}
		v, err := time.ParseDuration(*d.s)
		if err != nil || v <= 0 {
			return c, fmt.Errorf("webhooks: %q is not a positive duration", *d.s)
		}
		*d.out = v
	}
	allow, err := parseNetworks(c.AllowNetworks)
	if err != nil {
		return c, err
	}
	c.allow = allow
	if c.retryMax < c.retryMin || c.timeout > time.Minute || c.MaxAttempts < 1 || c.KeepDays < 1 {
		return c, errors.New("webhooks: retry_max ≥ retry_min, timeout ≤ 1m, max_attempts and keep_days ≥ 1")
	}
	return c, nil
}

// LoadConfig reads [webhooks] from the centre's TOML file ("" = defaults).
func LoadConfig(path string) (Config, error) {
	var c Config
	if path != "" {
		if err := queue.LoadSection(path, "webhooks", &c); err != nil {
			return c, err
		}
	}
	return c.Defaults()
}

// Service produces deliveries from the event logs and posts them.
type Service struct {
	cfg    Config
	db     *store.DB
	log    *slog.Logger
	centre func() string
	poll   time.Duration
	client *http.Client
	wake   chan struct{}

	cur     *feed.Cursors // positions in events and dossier_events (webhook_cursor)
	senders *feed.Senders // keyed hook|subject: one post per subject at a time, in order
}

// Options are what a Service needs besides its config.
type Options struct {
	Logger    *slog.Logger
	Centre    func() string
	PollEvery time.Duration // default 1 s
	Parallel  int           // posts at once, default 4
}

// New makes the service; Run starts it.
func New(db *store.DB, cfg Config, o Options) (*Service, error) {
	cfg, err := cfg.Defaults()
	if err != nil {
		return nil, err
	}
	s := &Service{cfg: cfg, db: db, log: o.Logger, centre: o.Centre, poll: o.PollEvery, wake: make(chan struct{}, 1), cur: feed.NewCursors(db, "webhook_cursor")}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.centre == nil {
		s.centre = func() string { return "" }
	}
	if s.poll <= 0 {
		s.poll = time.Second
	}
	if o.Parallel <= 0 {
		o.Parallel = 4
	}
	s.senders = feed.NewSenders(o.Parallel)
	s.client = guardedClient(cfg.timeout, cfg.allow)
	db.OnCommit((&feed.WakeSoon{D: feed.AfterCommits, Wake: s.Wake}).Commit)
	return s, nil
}

// Wake asks the loop to look now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run produces and delivers until ctx ends (a full batch is followed by
// the next at once).
func (s *Service) Run(ctx context.Context) {
	produce := func(ctx context.Context) error {
		for {
			n, err := s.Produce(ctx)
			if err != nil || n < batch {
				return err
			}
		}
	}
	feed.Loop{Name: "webhook", Log: s.log, Poll: s.poll, Wake: s.wake, Cursors: s.cur, InFlight: s.senders,
		Produce: produce, Dispatch: s.Dispatch, Purge: s.Purge}.Run(ctx)
}

const (
	curEvents   = feed.Events
	curDossiers = feed.Dossiers
	batch       = 500
)

// Payload is the JSON body of every delivery.
type Payload struct {
	ID         string    `json:"id"`
	Event      string    `json:"event"`
	Subject    string    `json:"subject"`
	OccurredAt time.Time `json:"occurred_at"`
	Centre     string    `json:"centre"`
	Data       any       `json:"data"`
}

// TicketData is the data of ticket.*, counter.* and notice events: the
// queue event without the officer's username.
type TicketData struct {
	Seq           int64  `json:"seq"`
	TicketID      string `json:"ticket_id,omitempty"`
	Number        string `json:"number,omitempty"`
	Service       string `json:"service,omitempty"`
	ServiceName   string `json:"service_name,omitempty"`
	Priority      string `json:"priority,omitempty"`
	Counter       string `json:"counter,omitempty"`
	CounterNumber int    `json:"counter_number,omitempty"`
	CounterName   string `json:"counter_name,omitempty"`
	Reason        string `json:"reason,omitempty"`
	Recalls       int    `json:"recalls,omitempty"`
	Text          string `json:"text,omitempty"`
}

// DossierData is the data of dossier.status: no personal data.
type DossierData struct {
	Code          string `json:"code"`
	Status        int    `json:"status"`
	StatusLabel   string `json:"status_label"`
	StatusLabelEN string `json:"status_label_en"`
	Action        string `json:"action"`
}

type delivery struct {
	id, hook, event, subject string
	payload                  []byte
}

func subjectOf(e queue.Event) string {
	switch {
	case e.TicketID != "":
		return "ticket:" + e.TicketID
	case e.Counter != "":
		return "counter:" + e.Counter
	}
	return "centre"
}

// Produce turns the log entries after the cursors into deliveries for the
// endpoints subscribed, advancing the cursors in the same transaction. It
// reports the number of entries read.
func (s *Service) Produce(ctx context.Context) (int, error) {
	ce, err := s.cur.Get(ctx, curEvents)
	if err != nil {
		return 0, err
	}
	cd, err := s.cur.Get(ctx, curDossiers)
	if err != nil {
		return 0, err
	}
	// How far the events go, before the hooks are listed (as the events
	// were read before them before): with no hook, the cursor moves past
	// them without decoding one.
	last, nEv, err := s.db.EventsAfter(ctx, ce, batch)
	if err != nil {
		return 0, err
	}
	type dev struct {
		id         int64
		code, kind string
		at         int64
		status     int
	}
	var devs []dev
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, code, kind, at, status FROM dossier_events WHERE id > ? ORDER BY id LIMIT ?`, cd, batch)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var d dev
		if err := rows.Scan(&d.id, &d.code, &d.kind, &d.at, &d.status); err != nil {
			rows.Close()
			return 0, err
		}
		devs = append(devs, d)
	}
	rows.Close()
	if nEv == 0 && len(devs) == 0 {
		return 0, nil
	}
	hooks, err := List(ctx, s.db)
	if err != nil {
		return 0, err
	}
	var evs []queue.Event
	if len(hooks) > 0 && nEv > 0 {
		if evs, err = s.db.EventsSince(ctx, ce, nEv); err != nil {
			return 0, err
		}
	}
	centre := s.centre()
	var out []delivery
	add := func(h Hook, id, event, subject string, at time.Time, data any) error {
		p := Payload{ID: id, Event: event, Subject: subject, OccurredAt: at, Centre: centre, Data: data}
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		out = append(out, delivery{id: id, hook: h.ID, event: event, subject: subject, payload: b})
		return nil
	}
	for _, h := range hooks {
		for _, e := range evs {
			if !h.Wants(e.Kind) {
				continue
			}
			d := TicketData{Seq: e.Seq, TicketID: e.TicketID, Number: e.Number, Service: e.Service, ServiceName: e.ServiceName,
				Priority: e.Priority, Counter: e.Counter, CounterNumber: e.CounterNumber, CounterName: e.CounterName,
				Reason: e.Reason, Recalls: e.Recalls, Text: e.Text}
			if err := add(h, h.ID+"-e"+strconv.FormatInt(e.Seq, 10), e.Kind, subjectOf(e), e.At, d); err != nil {
				return 0, err
			}
		}
		if !h.Wants(EventDossierStatus) {
			continue
		}
		for _, d := range devs {
			st := dossier.Status(d.status)
			data := DossierData{Code: d.code, Status: d.status, StatusLabel: st.Label(), StatusLabelEN: st.English(), Action: d.kind}
			if err := add(h, h.ID+"-d"+strconv.FormatInt(d.id, 10), EventDossierStatus, "dossier:"+d.code, time.UnixMilli(d.at).In(queue.Loc), data); err != nil {
				return 0, err
			}
		}
	}
	now := time.Now().UnixMilli()
	newE, newD := last, cd
	if len(devs) > 0 {
		newD = devs[len(devs)-1].id
	}
	// A batch that produced nothing moves the cursors in memory only; they
	// are written with the next batch that does, or within 5 s.
	if s.cur.Skip(len(out) > 0, nEv >= batch || len(devs) >= batch, newE, newD) {
		return max(nEv, len(devs)), nil
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		for _, d := range out {
			if _, err := tx.Exec(`INSERT OR IGNORE INTO webhook_deliveries (id, hook, event, subject, payload, status, next_at, created_at)
				VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`, d.id, d.hook, d.event, d.subject, string(d.payload), now, now); err != nil {
				return err
			}
		}
		return s.cur.Save(tx, newE, newD)
	})
	if err != nil {
		return 0, err
	}
	s.cur.Saved(newE, newD)
	return max(nEv, len(devs)), nil
}

type due struct {
	n                                int64
	id, hook, event, subject, secret string
	url                              string
	payload                          []byte
	attempts                         int
}

// Dispatch posts the deliveries that are due and first of their subject
// (an earlier pending delivery of the same ticket or dossier to the same
// endpoint holds the later ones back). Each is claimed before it goes.
func (s *Service) Dispatch(ctx context.Context) {
	hooks, err := List(ctx, s.db)
	if err != nil || len(hooks) == 0 {
		return
	}
	byID := map[string]Hook{}
	for _, h := range hooks {
		byID[h.ID] = h
	}
	now := time.Now()
	rows, err := s.db.Read().QueryContext(ctx, `SELECT d.n, d.id, d.hook, d.event, d.subject, d.payload, d.attempts FROM webhook_deliveries d
		WHERE d.status = 'pending' AND d.next_at <= ? AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
			WHERE e.hook = d.hook AND e.subject = d.subject AND e.status = 'pending' AND e.n < d.n)
		ORDER BY d.n LIMIT 64`, now.UnixMilli())
	if err != nil {
		return
	}
	var list []due
	for rows.Next() {
		var d due
		var p string
		if err := rows.Scan(&d.n, &d.id, &d.hook, &d.event, &d.subject, &p, &d.attempts); err != nil {
			break
		}
		d.payload = []byte(p)
		list = append(list, d)
	}
	rows.Close()
	for _, d := range list {
		h, ok := byID[d.hook]
		if !ok {
			continue
		}
		d.url, d.secret = h.URL, h.Secret
		key := d.hook + "|" + d.subject
		if s.senders.Busy(key) {
			continue
		}
		if !s.senders.Slot() {
			return // all senders busy: the rest waits for the next round (producing goes on)
		}
		claimed, err := feed.Claim(ctx, s.db, `UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ? WHERE n = ? AND status = 'pending' AND attempts = ?`,
			now.Add(feed.Backoff(d.attempts+1, s.cfg.retryMin, s.cfg.retryMax)).UnixMilli(), d.n, d.attempts)
		if err != nil || !claimed {
			s.senders.Release()
			continue
		}
		d.attempts++
		s.senders.Go(key, func() { s.post(ctx, d) }, s.Wake)
	}
}

func (s *Service) post(ctx context.Context, d due) {
	ts := time.Now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(d.payload))
	status := 0
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "motcua-webhook/1")
		req.Header.Set(HeaderDelivery, d.id)
		req.Header.Set(HeaderEvent, d.event)
		req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
		req.Header.Set(HeaderSignature, Sign(d.secret, ts, d.payload))
		var resp *http.Response
		resp, err = s.client.Do(req)
		if err == nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
			resp.Body.Close()
			status = resp.StatusCode
			if status/100 != 2 {
				err = fmt.Errorf("answered %d", status)
			}
		} else {
			err = errors.New(stripURL(err))
		}
	}
	if ctx.Err() != nil {
		return // shutting down: the claim's next try stands
	}
	now := time.Now().UnixMilli()
	switch {
	case err == nil:
		s.settle(ctx, `UPDATE webhook_deliveries SET status = 'delivered', last_status = ?, last_error = '', done_at = ? WHERE n = ?`, status, now, d.n)
		s.log.Info("webhook delivered", "delivery", d.id, "event", d.event, "attempt", d.attempts)
	case d.attempts >= s.cfg.MaxAttempts:
		s.settle(ctx, `UPDATE webhook_deliveries SET status = 'dead', last_status = ?, last_error = ?, done_at = ? WHERE n = ?`, status, err.Error(), now, d.n)
		s.log.Warn("webhook delivery given up", "delivery", d.id, "event", d.event, "attempts", d.attempts, "err", err)
	default:
		s.settle(ctx, `UPDATE webhook_deliveries SET last_status = ?, last_error = ? WHERE n = ?`, status, err.Error(), d.n)
		s.log.Info("webhook delivery will be retried", "delivery", d.id, "attempt", d.attempts, "err", err)
	}
}

// stripURL keeps the endpoint's URL (its query may hold a key) out of the
// stored error.
func stripURL(err error) string {
	var ue interface {
		Unwrap() error
		Timeout() bool
	}
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "timeout"
		}
		return ue.Unwrap().Error()
	}
	return "request failed"
}

func (s *Service) settle(ctx context.Context, q string, args ...any) {
	err := s.db.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		_, err := tx.Exec(q, args...)
		return err
	})
	if err != nil {
		s.log.Error("webhook: recording a delivery failed", "err", err)
	}
}

// Purge deletes settled deliveries older than keep_days.
func (s *Service) Purge(ctx context.Context) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`DELETE FROM webhook_deliveries WHERE status != 'pending' AND created_at < ?`,
			time.Now().AddDate(0, 0, -s.cfg.KeepDays).UnixMilli())
		return err
	})
}

// Delivery is one row of the delivery log.
type Delivery struct {
	ID, Hook, Event, Subject, Status, LastError string
	Attempts, LastStatus                        int
	NextAt, CreatedAt                           time.Time
	DoneAt                                      *time.Time
}

// Deliveries lists the newest deliveries (hook "" for all).
func Deliveries(ctx context.Context, db *store.DB, hook string, limit int) ([]Delivery, error) {
	q := `SELECT id, hook, event, subject, status, last_error, attempts, last_status, next_at, created_at, done_at FROM webhook_deliveries`
	var args []any
	if hook != "" {
		q += ` WHERE hook = ?`
		args = append(args, hook)
	}
	q += ` ORDER BY n DESC LIMIT ?`
	args = append(args, limit)
	rows, err := db.Read().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var next, created int64
		var done sql.NullInt64
		if err := rows.Scan(&d.ID, &d.Hook, &d.Event, &d.Subject, &d.Status, &d.LastError, &d.Attempts, &d.LastStatus, &next, &created, &done); err != nil {
			return nil, err
		}
		d.NextAt, d.CreatedAt = time.UnixMilli(next).In(queue.Loc), time.UnixMilli(created).In(queue.Loc)
		if done.Valid {
			t := time.UnixMilli(done.Int64).In(queue.Loc)
			d.DoneAt = &t
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
