// Package ratingpad is the rating pad at the counter (issue 19): a small
// screen facing the citizen, enrolled as a `ratingpad` device and bound to
// one counter, that shows the officer and the ticket while serving and the
// rating question right after "finish". The rating is bound to that ticket
// and to the officer who finished it, once; the citizen stays anonymous.
//
// It extends the centre through centre.Server.Handle: the pad API, the web
// pad for a cheap tablet (/pad) and the per-officer rating report of the
// console (/console/danh-gia-can-bo).
package ratingpad

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad/padwire"
	"github.com/motcua/motcua/store"
)

// Options of the pad service; zero values take the defaults.
type Options struct {
	// Scale is the rating scale (default dossier.Scale3(), the kiosk's).
	Scale *dossier.RatingScale
	// Window is how long after "finish" the pad offers the rating
	// (default 3 minutes), unless the next citizen's service starts.
	Window time.Duration
	// PerMinute ratings and state reads are limited per device: ratings
	// to PerMinute (default 20), state reads to 10×.
	PerMinute int
	Now       func() time.Time
}

// Service serves the pad API.
type Service struct {
	srv    *centre.Server
	db     *store.DB
	log    *slog.Logger
	scale  dossier.RatingScale
	window time.Duration
	now    func() time.Time
	rates  *limiter
	byAddr *ratelimit.Pair // per network, then per address
	reads  *limiter
	seen   seen    // when each pad last read its state (present.go)
	wait   waiters // pads waiting for their counter to change (longpoll.go)
}

// Source of a rating made on a pad (ratings.source).
const SourcePad = "pad"

// Mount adds the routes to srv:
//
//	GET  /api/v1/pad/state   ratingpad device: what to show now
//	POST /api/v1/pad/rate    ratingpad device: rate the ticket just finished
//	GET  /api/v1/pad/present officer: does my counter have a working pad (present.go)
//	GET  /pad, /pad/pad.js   the web pad (public files; the token is kept by the tablet)
func Mount(srv *centre.Server, db *store.DB, o Options) *Service {
	if o.Scale == nil {
		s := dossier.Scale3()
		o.Scale = &s
	}
	if o.Window <= 0 {
		o.Window = 3 * time.Minute
	}
	if o.PerMinute <= 0 {
		o.PerMinute = 20
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{srv: srv, db: db, log: srv.Logger(), scale: *o.Scale, window: o.Window, now: o.Now,
		rates: newLimiter(o.PerMinute, time.Minute), byAddr: ratelimit.NewPair(o.PerMinute, time.Minute, ratelimit.DefaultKeys), reads: newLimiter(10*o.PerMinute, time.Minute)}
	pad := []string{centre.RoleRatingPad}
	db.OnCommit(s.wait.onCommit)
	srv.Handle("GET /api/v1/pad/state", srv.Need(pad, s.state))
	srv.Handle("POST /api/v1/pad/rate", srv.Need(pad, s.rate))
	srv.Handle("GET /api/v1/pad/present", srv.NeedOfficer(s.present))
	mountPage(srv)
	return s
}

// Bind binds the rating pad device to a counter (enrolment). The counter
// must exist in cfg and the device must be a ratingpad.
func Bind(ctx context.Context, db *store.DB, cfg *queue.Config, deviceID, counter string) error {
	if _, ok := cfg.Counter(counter); !ok {
		return queue.Errf(queue.CodeNotFound, "Không tìm thấy quầy %q", "counter %q not found", counter)
	}
	var role string
	if err := db.Read().QueryRowContext(ctx, `SELECT role FROM devices WHERE id=?`, deviceID).Scan(&role); err != nil {
		if store.IsNoRows(err) {
			return queue.Errf(queue.CodeNotFound, "Không tìm thấy thiết bị", "device %q not found", deviceID)
		}
		return err
	}
	if role != centre.RoleRatingPad {
		return queue.Errf(queue.CodeInvalid, "Chỉ gắn được máy đánh giá với quầy", "device %q is a %s, not a ratingpad", deviceID, role)
	}
	return db.Write(ctx, func(tx *store.Tx) error { return BindTx(tx, deviceID, counter) })
}

// BindTx binds a pad inside the transaction that enrols it. The counter is
// checked against the configuration when the pad calls: a pad bound to a
// counter that does not exist (any more) is refused as unbound.
func BindTx(tx *store.Tx, deviceID, counter string) error {
	if counter == "" || len(counter) > 64 {
		return queue.Errf(queue.CodeInvalid, "Mã quầy không hợp lệ", "bad counter id")
	}
	_, err := tx.Exec(`INSERT INTO ratingpad_counters (device, counter) VALUES (?, ?)
		ON CONFLICT (device) DO UPDATE SET counter=excluded.counter`, deviceID, counter)
	return err
}

// BoundCounter is the counter a pad device is bound to ("" when none).
func BoundCounter(ctx context.Context, db *store.DB, deviceID string) (string, error) {
	var c string
	err := db.Read().QueryRowContext(ctx, `SELECT counter FROM ratingpad_counters WHERE device=?`, deviceID).Scan(&c)
	if store.IsNoRows(err) {
		return "", nil
	}
	return c, err
}

var (
	errUnbound = queue.Errf(queue.CodeForbidden,
		"Máy đánh giá này chưa được gắn với quầy nào. Xin liên hệ quản trị viên.",
		"this rating pad is not bound to a counter (motcua admin device add --role ratingpad --counter ID)")
	errNothingToRate = queue.Errf(queue.CodeNotFound,
		"Không có lượt phục vụ nào đang chờ đánh giá tại quầy này.",
		"no ticket to rate at this counter")
	errAlreadyRated = queue.Errf(queue.CodeConflict, "Quý khách đã đánh giá lượt phục vụ này. Xin cảm ơn!", "already rated")
	errTooMany      = queue.Errf(queue.CodeRateLimited, "Thiết bị này gửi quá nhiều yêu cầu. Xin vui lòng thử lại sau ít phút.", "too many requests from this pad")
)

func (s *Service) counterOf(r *http.Request) (queue.Counter, error) {
	p := centre.PrincipalOf(r)
	id, err := BoundCounter(r.Context(), s.db, p.DeviceID)
	if err != nil {
		return queue.Counter{}, err
	}
	c, ok := s.srv.Engine().Config().Counter(id)
	if id == "" || !ok {
		return queue.Counter{}, errUnbound
	}
	return c, nil
}

// Scale is the scale as the pad shows it.
func (s *Service) Scale() padwire.Scale {
	out := padwire.Scale{Question: padwire.Question, Reasons: append([]string(nil), dossier.RatingReasons...)}
	for _, l := range s.scale.Levels {
		out.Levels = append(out.Levels, padwire.Level{Value: l.Value, Label: l.Label, Low: l.Low})
	}
	return out
}

func (s *Service) state(w http.ResponseWriter, r *http.Request) {
	p := centre.PrincipalOf(r)
	if !s.reads.allow(p.DeviceID) {
		centre.WriteError(w, r, s.log, errTooMany)
		return
	}
	c, err := s.counterOf(r)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	s.seen.mark(p.DeviceID, s.now())
	// Watch before reading, so that a change between the read and the
	// wait is not missed.
	changed := s.wait.watch(c.ID)
	st, err := s.State(r.Context(), c)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	st.Version = version(st)
	if d := waitFor(r); d > 0 && r.URL.Query().Get("since") == st.Version && s.wait.acquire(p.DeviceID) {
		t := time.NewTimer(d)
		select {
		case <-changed:
		case <-t.C:
		case <-r.Context().Done():
		}
		t.Stop()
		s.wait.release(p.DeviceID)
		if r.Context().Err() != nil {
			return
		}
		if st, err = s.State(r.Context(), c); err != nil {
			centre.WriteError(w, r, s.log, err)
			return
		}
		st.Version = version(st)
	}
	w.Header().Set("Cache-Control", "no-store")
	centre.WriteJSON(w, http.StatusOK, st)
}

// State is what the pad of counter c shows now.
func (s *Service) State(ctx context.Context, c queue.Counter) (padwire.State, error) {
	st := padwire.State{Counter: padwire.Counter{ID: c.ID, Number: c.Number, Name: c.Name, NameEN: c.NameEN}, Mode: padwire.ModeIdle,
		Scale: s.Scale(), RateSeconds: int(s.window / time.Second)}
	rd := s.db.Read()
	var status, reason, officer string
	err := rd.QueryRowContext(ctx, `SELECT status, reason, officer FROM counter_state WHERE id=?`, c.ID).Scan(&status, &reason, &officer)
	if err != nil && !store.IsNoRows(err) {
		return st, err
	}
	st.Open = status != "" && status != "closed"
	if status == "paused" {
		st.Paused = reason
		if st.Paused == "" {
			st.Paused = "Tạm dừng"
		}
	}
	if st.Open {
		st.Officer = s.fullName(ctx, officer)
	}
	// The ticket at the counter now, if any.
	var activeID, activeStatus string
	err = rd.QueryRowContext(ctx, `SELECT id, status FROM tickets WHERE counter=? AND status IN ('called', 'serving')
		ORDER BY called_at DESC LIMIT 1`, c.ID).Scan(&activeID, &activeStatus)
	if err != nil && !store.IsNoRows(err) {
		return st, err
	}
	// The rating is offered until it is given, the window passes, or the
	// next citizen's service starts.
	if activeStatus != string(queue.Serving) {
		t, ok, err := s.toRate(ctx, readSrc{ctx, s.db}, c.ID)
		if err != nil {
			return st, err
		}
		if ok {
			rated, err := s.db.Rated(ctx, "ticket:"+t.ID)
			if err != nil {
				return st, err
			}
			if !rated {
				st.Mode, st.Officer, st.Ticket = padwire.ModeRate, s.fullName(ctx, t.Officer), s.ticketInfo(t)
				return st, nil
			}
		}
	}
	if activeID != "" {
		t, err := s.db.Ticket(ctx, activeID)
		if err != nil {
			return st, err
		}
		st.Mode, st.Ticket = padwire.ModeServing, s.ticketInfo(t)
		if t.Officer != "" {
			st.Officer = s.fullName(ctx, t.Officer)
		}
	}
	return st, nil
}

func (s *Service) ticketInfo(t queue.Ticket) *padwire.Ticket {
	out := &padwire.Ticket{ID: t.ID, Number: t.Number}
	if sv, ok := s.srv.Engine().Config().Service(t.Service); ok {
		out.ServiceName, out.ServiceNameEN = sv.Name, sv.NameEN
	}
	return out
}

func (s *Service) fullName(ctx context.Context, username string) string {
	if username == "" {
		return ""
	}
	o, err := s.db.Officer(ctx, username)
	if err != nil || o.FullName == "" {
		return username
	}
	return o.FullName
}

// src reads inside a write transaction or from the read pool.
type src interface {
	queryRow(q string, args ...any) interface{ Scan(...any) error }
	ticket(id string) (queue.Ticket, error)
}

type readSrc struct {
	ctx context.Context
	db  *store.DB
}

func (r readSrc) queryRow(q string, args ...any) interface{ Scan(...any) error } {
	return r.db.Read().QueryRowContext(r.ctx, q, args...)
}
func (r readSrc) ticket(id string) (queue.Ticket, error) { return r.db.Ticket(r.ctx, id) }

type txSrc struct{ tx *store.Tx }

func (t txSrc) queryRow(q string, args ...any) interface{ Scan(...any) error } {
	return t.tx.QueryRow(q, args...)
}
func (t txSrc) ticket(id string) (queue.Ticket, error) { return t.tx.Ticket(id) }

// toRate is the ticket the pad of counter may rate: the last one finished
// there, within the window.
func (s *Service) toRate(ctx context.Context, sr src, counter string) (queue.Ticket, bool, error) {
	var id string
	err := sr.queryRow(`SELECT id FROM tickets WHERE counter=? AND status='done' AND finished_at IS NOT NULL
		ORDER BY finished_at DESC LIMIT 1`, counter).Scan(&id)
	if store.IsNoRows(err) {
		return queue.Ticket{}, false, nil
	} else if err != nil {
		return queue.Ticket{}, false, err
	}
	t, err := sr.ticket(id)
	if err != nil {
		return t, false, err
	}
	if t.FinishedAt == nil || s.now().Sub(*t.FinishedAt) > s.window || t.StartedAt == nil {
		return t, false, nil
	}
	// The next citizen's service has started: the rating is closed.
	var n int
	if err := sr.queryRow(`SELECT count(*) FROM tickets WHERE counter=? AND status='serving'`, counter).Scan(&n); err != nil {
		return t, false, err
	}
	return t, n == 0, nil
}

func (s *Service) rate(w http.ResponseWriter, r *http.Request) {
	p := centre.PrincipalOf(r)
	if !s.rates.allow(p.DeviceID) || !centre.AllowClient(s.byAddr, r) {
		s.log.Warn("rating pad rate limit", "device", p.DeviceID, "remote", r.RemoteAddr)
		centre.WriteError(w, r, s.log, errTooMany)
		return
	}
	c, err := s.counterOf(r)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	var req padwire.RateRequest
	if err := centre.DecodeJSON(r, &req); err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	res, err := s.Rate(r.Context(), c, req)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	s.log.Info("pad rating stored", "rating", res.ID, "device", p.DeviceID, "counter", c.ID, "level", req.Level)
	s.wait.changed(c.ID) // a second pad at the counter leaves the question at once
	centre.WriteJSON(w, http.StatusCreated, res)
}

// Rate stores the rating of the ticket just finished at counter c: only
// that ticket, only once (the kiosk's QR rating of the same ticket is the
// same row), with the officer who finished it, and queues its
// DongBoDanhGia for the portal in the same transaction.
func (s *Service) Rate(ctx context.Context, c queue.Counter, req padwire.RateRequest) (padwire.RateResult, error) {
	if len(req.Reasons) > 10 {
		return padwire.RateResult{}, queue.Errf(queue.CodeInvalid, "Quá nhiều lý do", "too many reasons")
	}
	req.Comment = textrule.FormBlock(req.Comment) // the shared rule (internal/textrule); a control is refused by Validate
	if err := s.scale.Validate(dossier.Rating{Level: req.Level, Reasons: req.Reasons, Text: req.Comment}); err != nil {
		var re *dossier.RatingError
		if errors.As(err, &re) {
			return padwire.RateResult{}, queue.Errf(queue.CodeInvalid, "%s", re.Msg, re.VI)
		}
		return padwire.RateResult{}, err
	}
	if len(req.TicketID) > 64 {
		return padwire.RateResult{}, errNothingToRate
	}
	cfg := s.srv.Engine().Config()
	now := s.now().In(dossier.Loc)
	id := newID()
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		t, ok, err := s.toRate(ctx, txSrc{tx}, c.ID)
		if err != nil {
			return err
		}
		// Only the ticket the pad offers: another id (an older ticket, a
		// ticket of another counter, one that does not exist) is the same
		// refusal, so a pad learns nothing about other tickets.
		if !ok || t.ID != req.TicketID {
			return errNothingToRate
		}
		why := append([]string{}, req.Reasons...)
		if cm := strings.TrimSpace(req.Comment); cm != "" {
			why = append(why, cm)
		}
		doc, err := json.Marshal(map[string]any{"level": req.Level, "reasons": req.Reasons, "comment": req.Comment})
		if err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO ratings (id, subject, at, counter, service, level, doc, officer, source)
			VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (subject) DO NOTHING`,
			id, "ticket:"+t.ID, now.UnixMilli(), t.Counter, t.Service, req.Level, string(doc), t.Officer, SourcePad)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errAlreadyRated
		}
		pk := Packet(cfg.AgencyCode, id, req.Level, now, strings.Join(why, "; "))
		b, err := json.Marshal(pk)
		if err != nil {
			return err
		}
		return tx.AppendOutbox(qcvn120.SvcDongBoDanhGia, "ticket:"+t.ID, 1, b)
	})
	if err != nil {
		return padwire.RateResult{}, err
	}
	return padwire.RateResult{ID: id, Message: padwire.Thanks}, nil
}

// Packet is the DongBoDanhGia of a counter (ticket) rating. A visit
// without a dossier has no MaHoSo: the field stays empty rather than
// carrying an invented code (docs/PORTAL.md), and nothing in it names the
// citizen, the ticket or the officer.
func Packet(agency, id string, level int, at time.Time, why string) qcvn120.DongBoDanhGia {
	return qcvn120.DongBoDanhGia{MaDanhGia: qcvn120.Str(id), MaDonVi: agency, MaCauHoi: "THAIDO",
		MucDanhGia: qcvn120.Int(level), ThoiGianDanhGia: qcvn120.At(at), LyDo: truncRunes(why, 1000)}
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func newID() string {
	b := make([]byte, 13)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:20]
}

// limiter allows n events per key per window: the centre's shared
// limiter (internal/ratelimit, bounded in keys; a flood of fresh keys
// evicts only keys within their limit, never one at it).
type limiter struct{ l *ratelimit.Limiter }

func newLimiter(n int, window time.Duration) *limiter {
	return &limiter{ratelimit.New(n, window, ratelimit.DefaultKeys)}
}

func (l *limiter) allow(key string) bool { return l.l.Allow(key) }
