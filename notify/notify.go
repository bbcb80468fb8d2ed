package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/internal/feed"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Options are what a Service needs besides its config.
type Options struct {
	Logger *slog.Logger
	// Now is the clock (the engine's); default time.Now.
	Now func() time.Time
	// Centre is the centre's name at the head of every text.
	Centre func() string
	// PollEvery is how often the logs and the outbox are looked at besides
	// the wake-ups of commits (default 1 s).
	PollEvery time.Duration
	// Phone and Email replace the notifiers the config chooses (tests).
	Phone, Email Notifier
	// Parallel sends at most (default 4).
	Parallel int
}

// Service produces messages into the outbox and delivers them.
type Service struct {
	cfg          Config
	db           *store.DB
	log          *slog.Logger
	now          func() time.Time
	centre       func() string
	phone, email Notifier
	poll         time.Duration
	wake         chan struct{}

	cur     *feed.Cursors // positions in events and dossier_events (notify_cursor)
	senders *feed.Senders // one send per message at a time, Parallel at once
	codes   *sealer       // seals phone codes in the outbox (phonecode.go)
}

// New builds the notifiers the config names.
func New(db *store.DB, cfg Config, o Options) (*Service, error) {
	if cfg.retryMin == 0 {
		var err error
		if cfg, err = cfg.Defaults(); err != nil {
			return nil, err
		}
	}
	s := &Service{cfg: cfg, db: db, log: o.Logger, now: o.Now, centre: o.Centre, phone: o.Phone, email: o.Email,
		poll: o.PollEvery, wake: make(chan struct{}, 1), cur: feed.NewCursors(db, "notify_cursor"), codes: newSealer()}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
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
	var err error
	if s.phone == nil {
		switch cfg.Phone {
		case "sms":
			s.phone, err = NewSMSGateway(cfg.SMS)
		case "zalo":
			s.phone, err = NewZalo(cfg.Zalo)
		case "sim":
			s.phone = &SimPhone{Path: cfg.SimFile}
		default:
			s.phone = LogSink{Log: s.log}
		}
		if err != nil {
			return nil, err
		}
	}
	if s.email == nil {
		if cfg.Email == "smtp" {
			if s.email, err = NewSMTP(cfg.SMTP); err != nil {
				return nil, err
			}
		} else {
			s.email = LogSink{Log: s.log}
		}
	}
	booking.OnBooked(db, s.booked)
	booking.OnTicketPhone(db, s.ticketPhone)
	// the log reaches no phone: it never carries a code (verify_phone = auto is then off)
	if err := booking.OnPhoneCode(db, s.phone.Name() != "log", s.phoneCode); err != nil {
		return nil, err
	}
	db.OnCommit((&feed.WakeSoon{D: feed.AfterCommits, Wake: s.Wake}).Commit)
	return s, nil
}

// Wake asks the loops to look now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run produces and delivers until ctx ends, then waits for sends in flight.
func (s *Service) Run(ctx context.Context) {
	feed.Loop{Name: "notify", Log: s.log, Poll: s.poll, Wake: s.wake, Cursors: s.cur, InFlight: s.senders,
		Produce:  func(ctx context.Context) error { _, err := s.Produce(ctx); return err },
		Dispatch: s.Dispatch, Purge: s.Purge}.Run(ctx)
}

// --- producing ---------------------------------------------------------

type outRow struct {
	id, kind, channel, contact, subject string
	params                              map[string]string
	next, expires                       time.Time
}

func (s *Service) insert(tx *store.Tx, r outRow) error {
	p, err := json.Marshal(r.params)
	if err != nil {
		return err
	}
	now := s.now().UnixMilli()
	_, err = tx.Exec(`INSERT OR IGNORE INTO notify_outbox (id, kind, channel, contact, contact_mask, subject, params, status,
		next_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
		r.id, r.kind, r.channel, r.contact, MaskContact(r.contact), r.subject, string(p), r.next.UnixMilli(), r.expires.UnixMilli(), now)
	return err
}

func when(t time.Time) (hm, date string) {
	t = t.In(queue.Loc)
	return t.Format("15:04"), t.Format("02/01/2006")
}

// reminderDue is when the reminder of an appointment at start goes: the day
// before at reminder_at.
func (s *Service) reminderDue(start time.Time) time.Time {
	d := start.In(queue.Loc).AddDate(0, 0, -1)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, queue.Loc).Add(time.Duration(s.cfg.reminderMin) * time.Minute)
}

// booked runs inside the booking's write transaction.
func (s *Service) booked(tx *store.Tx, b booking.Booked) error {
	hm, date := when(b.Start)
	p := map[string]string{"centre": s.centre(), "service": b.ServiceName, "time": hm, "date": date, "code": b.Code, "link": b.Link}
	now := s.now()
	subject := "booking:" + b.CodeHash
	short := b.CodeHash[:20]
	if err := s.insert(tx, outRow{id: "booked:" + short, kind: KindBooked, channel: "phone", contact: b.Phone, subject: subject,
		params: p, next: now, expires: b.Start}); err != nil {
		return err
	}
	if s.cfg.reminderMin >= 0 {
		if due := s.reminderDue(b.Start); due.After(now) {
			if err := s.insert(tx, outRow{id: "reminder:" + short, kind: KindReminder, channel: "phone", contact: b.Phone,
				subject: subject, params: p, next: due, expires: b.Start}); err != nil {
				return err
			}
		}
	}
	_, err := tx.Exec(`INSERT OR REPLACE INTO notify_watch (subject, channel, contact, contact_mask, ticket, day) VALUES (?, 'phone', ?, ?, '', ?)`,
		subject, b.Phone, MaskContact(b.Phone), queue.Day(b.Start))
	return err
}

// ticketPhone runs inside the transaction that issues a remote number.
func (s *Service) ticketPhone(tx *store.Tx, t booking.TicketPhone) error {
	_, err := tx.Exec(`INSERT OR REPLACE INTO notify_watch (subject, channel, contact, contact_mask, ticket, day) VALUES (?, 'phone', ?, ?, ?, ?)`,
		"ticket:"+t.TicketID, t.Phone, MaskContact(t.Phone), t.TicketID, t.Day)
	return err
}

// Watch asks for the messages of a ticket (N places away, called) to go to
// a phone, inside the transaction that issues the ticket.
func (s *Service) Watch(tx *store.Tx, ticketID, phone string) error {
	return s.ticketPhone(tx, booking.TicketPhone{TicketID: ticketID, Phone: phone, Day: queue.Day(s.now())})
}

const (
	curEvents   = feed.Events
	curDossiers = feed.Dossiers
)

type watch struct {
	subject, channel, contact, ticket, day string
	awaySent                               bool
}

type dossierEvent struct {
	id     int64
	code   string
	status int
}

const batch = 500

// Produce reads the event logs after the cursors and writes the messages
// they call for, advancing the cursors in the same transaction (a crash
// between the two repeats nothing and loses nothing). It reports how many
// log entries it consumed.
func (s *Service) Produce(ctx context.Context) (int, error) {
	ce, err := s.cur.Get(ctx, curEvents)
	if err != nil {
		return 0, err
	}
	cd, err := s.cur.Get(ctx, curDossiers)
	if err != nil {
		return 0, err
	}
	// How far the events go, before the watches are read (a watch made
	// after that read only cares for calls after it): with no phone
	// watching, the cursor moves past the events without decoding one.
	last, nEv, err := s.db.EventsAfter(ctx, ce, batch)
	if err != nil {
		return 0, err
	}
	devs, err := s.dossierEvents(ctx, cd)
	if err != nil {
		return 0, err
	}
	if nEv == 0 && len(devs) == 0 {
		return 0, nil
	}
	now := s.now()
	today := queue.Day(now)
	watches, err := s.watches(ctx, today)
	if err != nil {
		return 0, err
	}
	var evs []queue.Event
	if len(watches) > 0 && nEv > 0 {
		if evs, err = s.db.EventsSince(ctx, ce, nEv); err != nil {
			return 0, err
		}
	}
	var rows []outRow
	linked := map[string]string{} // subject → ticket
	away := map[string]bool{}     // subject → away handled
	byTicket := map[string]*watch{}
	for i := range watches {
		w := &watches[i]
		if w.ticket == "" && strings.HasPrefix(w.subject, "booking:") && w.day == today {
			rec, err := booking.StateOf(ctx, s.db, strings.TrimPrefix(w.subject, "booking:"))
			if err == nil && rec.TicketID != "" {
				w.ticket = rec.TicketID
				linked[w.subject] = w.ticket
			}
		}
		if w.ticket != "" {
			byTicket[w.ticket] = w
		}
	}
	endOfDay := time.Date(now.In(queue.Loc).Year(), now.In(queue.Loc).Month(), now.In(queue.Loc).Day()+1, 0, 0, 0, 0, queue.Loc)
	touched := map[string]bool{}
	for _, e := range evs {
		if strings.HasPrefix(e.Kind, "ticket.") {
			touched[e.Service] = true
		}
		w := byTicket[e.TicketID]
		if w == nil || e.Kind != queue.EvCalled {
			continue
		}
		counter := e.CounterName
		if counter == "" {
			counter = "quầy số " + strconv.Itoa(e.CounterNumber)
		}
		rows = append(rows, outRow{id: "called:" + e.TicketID, kind: KindCalled, channel: w.channel, contact: w.contact,
			subject: "ticket:" + e.TicketID, params: map[string]string{"centre": s.centre(), "number": e.Number, "counter": counter,
				"counter_number": strconv.Itoa(e.CounterNumber), "service": e.ServiceName}, next: now, expires: endOfDay})
	}
	if s.cfg.Away > 0 {
		for _, w := range byTicket {
			if w.awaySent {
				continue
			}
			t, err := s.db.Ticket(ctx, w.ticket)
			if err != nil {
				continue // not committed yet, or gone: looked at again later
			}
			if _, fresh := linked[w.subject]; !fresh && !touched[t.Service] {
				continue
			}
			// Only a ticket in its service's line has places to count: an
			// appointment or a redirected one is called ahead of that line.
			if t.Status != queue.Waiting || t.AppointmentAt != nil || t.TargetCounter != "" {
				away[w.subject] = true
				continue
			}
			ahead, err := s.db.AheadOf(ctx, t)
			if err != nil {
				return 0, err
			}
			if ahead > s.cfg.Away {
				continue
			}
			away[w.subject] = true
			sv := t.Service
			if x, ok := queueService(s, t.Service); ok {
				sv = x
			}
			rows = append(rows, outRow{id: "away:" + t.ID, kind: KindAway, channel: w.channel, contact: w.contact,
				subject: "ticket:" + t.ID, params: map[string]string{"centre": s.centre(), "number": t.Number,
					"ahead": strconv.Itoa(ahead), "service": sv}, next: now, expires: endOfDay})
		}
	}
	for _, d := range devs {
		if d.status != resolved {
			continue
		}
		r, err := s.resultRows(ctx, d.code, now)
		if err != nil {
			return 0, err
		}
		rows = append(rows, r...)
	}
	newE, newD := last, cd
	if len(devs) > 0 {
		newD = devs[len(devs)-1].id
	}
	// A batch that produced nothing moves the cursors in memory only; they
	// are written with the next batch that does, or within 5 s.
	if s.cur.Skip(len(rows) > 0 || len(linked) > 0 || len(away) > 0, nEv >= batch || len(devs) >= batch, newE, newD) {
		return nEv + len(devs), nil
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		for _, r := range rows {
			if err := s.insert(tx, r); err != nil {
				return err
			}
		}
		for subj, t := range linked {
			if _, err := tx.Exec(`UPDATE notify_watch SET ticket = ? WHERE subject = ?`, t, subj); err != nil {
				return err
			}
		}
		for subj := range away {
			if _, err := tx.Exec(`UPDATE notify_watch SET away_sent = 1 WHERE subject = ?`, subj); err != nil {
				return err
			}
		}
		return s.cur.Save(tx, newE, newD)
	})
	if err != nil {
		return 0, err
	}
	s.cur.Saved(newE, newD)
	if len(rows) > 0 {
		s.Wake()
	}
	return nEv + len(devs), nil
}

// resolved is dossier.StatusResolved (Đã xử lý xong: the result waits for
// the citizen).
const resolved = 9

// serviceName is set by Mount (the engine's config).
var serviceNames sync.Map // *Service → func(id string) (string, bool)

func queueService(s *Service, id string) (string, bool) {
	if f, ok := serviceNames.Load(s); ok {
		return f.(func(string) (string, bool))(id)
	}
	return "", false
}

func (s *Service) watches(ctx context.Context, today string) ([]watch, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT subject, channel, contact, ticket, day, away_sent FROM notify_watch WHERE day >= ?`, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []watch
	for rows.Next() {
		var w watch
		if err := rows.Scan(&w.subject, &w.channel, &w.contact, &w.ticket, &w.day, &w.awaySent); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

func (s *Service) dossierEvents(ctx context.Context, after int64) ([]dossierEvent, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, code, status FROM dossier_events WHERE id > ? ORDER BY id LIMIT ?`, after, batch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossierEvent
	for rows.Next() {
		var d dossierEvent
		if err := rows.Scan(&d.id, &d.code, &d.status); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// resultRows are the "result ready" messages of a dossier, to the phone and
// the e-mail the applicant gave at reception.
func (s *Service) resultRows(ctx context.Context, code string, now time.Time) ([]outRow, error) {
	row, err := s.db.Dossier(ctx, code)
	if err != nil {
		return nil, nil // gone: nothing to tell
	}
	var doc struct {
		Dossier struct {
			Applicant struct {
				Phone string `json:"phone"`
				Email string `json:"email"`
			} `json:"applicant"`
			Procedure struct {
				Name string `json:"name"`
			} `json:"procedure"`
		} `json:"dossier"`
	}
	if err := json.Unmarshal(row.Doc, &doc); err != nil {
		return nil, nil
	}
	proc := doc.Dossier.Procedure.Name
	if r := []rune(proc); len(r) > 60 {
		proc = string(r[:60]) + "…"
	}
	p := map[string]string{"centre": s.centre(), "code": code, "procedure": proc}
	var out []outRow
	if ph, ok := booking.NormPhone(doc.Dossier.Applicant.Phone); ok {
		out = append(out, outRow{id: "result:" + code + ":phone", kind: KindResult, channel: "phone", contact: ph,
			subject: "dossier:" + code, params: p, next: now, expires: now.AddDate(0, 0, 30)})
	}
	if em := strings.TrimSpace(doc.Dossier.Applicant.Email); strings.Contains(em, "@") && len(em) <= 254 {
		out = append(out, outRow{id: "result:" + code + ":email", kind: KindResult, channel: "email", contact: em,
			subject: "dossier:" + code, params: p, next: now, expires: now.AddDate(0, 0, 30)})
	}
	return out, nil
}

// --- delivering --------------------------------------------------------

type pending struct {
	id, kind, channel, contact, subject string
	params                              map[string]string
	attempts                            int
}

// Dispatch starts the sends that are due (at most Parallel at once) and
// returns; each is claimed (attempt counted, next try set) before it goes,
// so a crash mid-send retries it later rather than losing it.
func (s *Service) Dispatch(ctx context.Context) {
	now := s.now()
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, kind, channel, contact, subject, params, attempts FROM notify_outbox
		WHERE status = 'pending' AND next_at <= ? ORDER BY next_at LIMIT 32`, now.UnixMilli())
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("notify: reading the outbox failed", "err", err)
		}
		return
	}
	var due []pending
	for rows.Next() {
		var p pending
		var params string
		if err := rows.Scan(&p.id, &p.kind, &p.channel, &p.contact, &p.subject, &params, &p.attempts); err != nil {
			break
		}
		json.Unmarshal([]byte(params), &p.params)
		due = append(due, p)
	}
	rows.Close()
	for _, p := range due {
		if s.senders.Busy(p.id) {
			continue
		}
		if p.kind == KindReminder {
			if ok := s.checkReminder(ctx, &p, now); !ok {
				continue
			}
		}
		if !s.senders.Slot() {
			return // all senders busy: the rest waits for the next round (producing goes on)
		}
		backoff := feed.Backoff(p.attempts+1, s.cfg.retryMin, s.cfg.retryMax)
		claimed, err := feed.Claim(ctx, s.db, `UPDATE notify_outbox SET attempts = attempts + 1, next_at = ? WHERE id = ? AND status = 'pending' AND attempts = ?`,
			now.Add(backoff).UnixMilli(), p.id, p.attempts)
		if err != nil || !claimed {
			s.senders.Release()
			continue
		}
		p.attempts++
		s.senders.Go(p.id, func() { s.send(ctx, p) }, s.Wake)
	}
}

// checkReminder follows the booking: a cancelled or used one has no
// reminder, a moved one's reminder waits for the day before its new slot.
func (s *Service) checkReminder(ctx context.Context, p *pending, now time.Time) bool {
	rec, err := booking.StateOf(ctx, s.db, strings.TrimPrefix(p.subject, "booking:"))
	final := func(status, why string) {
		s.finish(ctx, p.id, status, why)
	}
	switch {
	case errors.Is(err, booking.ErrNoBooking):
		final("skipped", "booking gone")
		return false
	case err != nil:
		return false
	case rec.Status != booking.StatusBooked:
		final("skipped", "booking "+rec.Status)
		return false
	case !rec.Start.After(now):
		final("skipped", "slot started")
		return false
	}
	if due := s.reminderDue(rec.Start); due.After(now) {
		hm, date := when(rec.Start)
		p.params["time"], p.params["date"] = hm, date
		b, _ := json.Marshal(p.params)
		s.db.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(`UPDATE notify_outbox SET next_at = ?, expires_at = ?, params = ? WHERE id = ? AND status = 'pending'`,
				due.UnixMilli(), rec.Start.UnixMilli(), string(b), p.id)
			return err
		})
		return false
	}
	if queue.Day(rec.Start) != queue.Day(now.AddDate(0, 0, 1)) {
		final("skipped", "slot not tomorrow") // moved to today: the confirmation said it all
		return false
	}
	hm, date := when(rec.Start)
	p.params["time"], p.params["date"] = hm, date
	return true
}

func (s *Service) send(ctx context.Context, p pending) {
	n := s.phone
	if p.channel == "email" {
		n = s.email
	}
	if p.kind == KindCode {
		if err := s.openCode(&p); err != nil {
			s.finish(ctx, p.id, "failed", err.Error())
			s.log.Warn("notification given up", "id", p.id, "kind", p.kind, "err", err)
			return
		}
	}
	subject, text := Render(p.kind, p.params)
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := n.Send(sctx, Message{ID: p.id, Kind: p.kind, Channel: p.channel, To: p.contact, Subject: subject, Text: text, Params: p.params})
	cancel()
	if ctx.Err() != nil {
		return // shutting down: the claim's next try stands
	}
	var perm Permanent
	switch {
	case err == nil:
		s.finish(ctx, p.id, "sent", "")
		s.log.Info("notification sent", "id", p.id, "kind", p.kind, "via", n.Name(), "attempt", p.attempts)
	case errors.As(err, &perm) || p.attempts >= s.cfg.MaxAttempts:
		s.finish(ctx, p.id, "failed", err.Error())
		s.log.Warn("notification given up", "id", p.id, "kind", p.kind, "via", n.Name(), "attempts", p.attempts, "err", err)
	default:
		msg := errText(err)
		s.db.Write(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(`UPDATE notify_outbox SET last_error = ? WHERE id = ? AND status = 'pending'`, msg, p.id)
			return err
		})
		s.log.Info("notification will be retried", "id", p.id, "kind", p.kind, "via", n.Name(), "attempt", p.attempts, "err", msg)
	}
}

func errText(err error) string {
	m := err.Error()
	if r := []rune(m); len(r) > 200 {
		m = string(r[:200])
	}
	return m
}

// finish settles a message and forgets its contact and fields.
func (s *Service) finish(ctx context.Context, id, status, why string) {
	err := s.db.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE notify_outbox SET status = ?, last_error = ?, contact = '', params = '{}', done_at = ?
			WHERE id = ? AND status = 'pending'`, status, why, s.now().UnixMilli(), id)
		return err
	})
	if err != nil {
		s.log.Error("notify: settling a message failed", "id", id, "err", err)
	}
}

// Purge applies the retention rules (docs/SECURITY.md, Notifications):
// pending messages past their use expire and lose their contact; settled
// rows keep no contact and go after keep_days; watches go after their day.
func (s *Service) Purge(ctx context.Context) error {
	now := s.now()
	return s.db.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(`UPDATE notify_outbox SET status = 'expired', contact = '', params = '{}', done_at = ?
			WHERE status = 'pending' AND expires_at <= ?`, now.UnixMilli(), now.UnixMilli()); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE notify_outbox SET contact = '', params = '{}' WHERE status != 'pending' AND (contact != '' OR params != '{}')`); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM notify_outbox WHERE status != 'pending' AND created_at < ?`,
			now.AddDate(0, 0, -s.cfg.KeepDays).UnixMilli()); err != nil {
			return err
		}
		_, err := tx.Exec(`DELETE FROM notify_watch WHERE day < ?`, queue.Day(now))
		return err
	})
}

// Row is one message as the console shows it (no contact in clear).
type Row struct {
	ID          string
	Kind        string
	Channel     string
	ContactMask string
	Status      string
	Attempts    int
	NextAt      time.Time
	LastError   string
	CreatedAt   time.Time
	DoneAt      *time.Time
}

// List returns the newest messages (status "" for all).
func (s *Service) List(ctx context.Context, status string, limit int) ([]Row, error) {
	q := `SELECT id, kind, channel, contact_mask, status, attempts, next_at, last_error, created_at, done_at FROM notify_outbox`
	var args []any
	if status != "" {
		q += ` WHERE status = ?`
		args = append(args, status)
	}
	q += ` ORDER BY created_at DESC, id LIMIT ?`
	args = append(args, limit)
	rows, err := s.db.Read().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var next, created int64
		var done sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Kind, &r.Channel, &r.ContactMask, &r.Status, &r.Attempts, &next, &r.LastError, &created, &done); err != nil {
			return nil, err
		}
		r.NextAt, r.CreatedAt = time.UnixMilli(next).In(queue.Loc), time.UnixMilli(created).In(queue.Loc)
		if done.Valid {
			t := time.UnixMilli(done.Int64).In(queue.Loc)
			r.DoneAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Counts is the number of messages per status.
func (s *Service) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT status, count(*) FROM notify_outbox GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
